#pragma once
/**
 * One WebSocket connection after its upgrade: reads client frames and hands hellos and commands
 * to the workshop room; writes what the room delivers.
 *
 * Writing is the hot path of a busy workshop (every committed event goes to every participant),
 * so it is done without Beast's per-message machinery: frames are queued as the shared payloads
 * the room encoded once, and whoever delivers (usually the room's strand) writes straight to the
 * socket with one non-blocking sendmsg that gathers every queued frame. Only when the socket is
 * full does the session wait for it to drain, on its own strand. A per-session mutex guards the
 * queue; nothing else is shared between threads. The queue is bounded, and a reader that falls
 * behind it is closed with 4001; pongs go through the same queue. A joiner's catch-up (its
 * snapshot or replayed events) may pass that bound, but counts against bounds of its own per
 * address and in all, and must be taken within a deadline.
 */
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "server/connection_tracker.hpp"
#include "server/frame_queue.hpp"
#include "server/net.hpp"
#include "server/server_context.hpp"
#include "server/subscriber.hpp"
#include "server/websocket_frame.hpp"

namespace samling::server {

class websocket_session : public subscriber, public std::enable_shared_from_this<websocket_session> {
public:
    using clock = std::chrono::steady_clock;

    /** Takes over `socket` once the upgrade has been answered. */
    websocket_session(tcp::socket&& socket, std::unique_ptr<connection_slot> slot, server_context& context);
    ~websocket_session() override;
    /** The workshop the WebSocket URL names; a hello for another is refused. Empty: any. */
    void expect_workshop(std::string id) { url_workshop_ = std::move(id); }

    /** Starts reading (on the connection's strand); `early` holds bytes the client sent right behind its upgrade request. */
    void run(std::string early);

    void deliver(const std::shared_ptr<const std::string>& frame) override;
    void deliver_catch_up(std::shared_ptr<const std::string> head, std::shared_ptr<const std::string> body) override;
    void disconnect(std::uint16_t code, std::string reason) override;
    void joined(std::shared_ptr<workshop_room> room, core::entity_id participant) override;
    void hello_refused() override;

    /**
     * The server's sweep calls this now and then from any thread: a peer silent for half the idle
     * timeout is pinged, one silent for all of it is dropped, a close handshake that takes longer
     * than its limit is cut short, a catch-up not taken in its time is dropped, and a connection
     * that has not joined by the handshake timeout is closed with 1008.
     */
    void check_timeouts(clock::time_point now);

private:
    // Reading, on the strand.
    void do_wait_readable();
    void on_readable(error_code ec);
    bool on_message(const ws::message& message);
    bool on_close_frame(std::string_view payload);
    bool over_rate(ws::opcode kind);
    void handle(std::string_view frame);
    bool take_token();
    void check_hello();
    void reply_error(core::errc code, const std::string& message, const std::string& op = {});
    /** A hello's workshop is open (or could not be): the hello goes on, on this strand. */
    void hello_opened(open_result opened, protocol::hello hello);
    void close_now(std::uint16_t code, std::string_view reason, bool drop_queue);
    void send_ping();
    /** Closes the socket; the last handler then lets the session go. */
    void finish();

    // Writing, with write_mutex_ held.
    void answer_ping(std::string_view payload);
    /** Whether `bytes` more fit the live queue; if not, the connection is closed with 4001. */
    bool admit_locked(std::size_t bytes);
    void enqueue_locked(outgoing_frame frame);
    /** Drops what is queued, except (when `keep_started`) a frame already partly sent. */
    void drop_queue_locked(bool keep_started);
    void catch_up_written_locked(std::size_t bytes);
    void queue_close_locked(std::uint16_t code, std::string_view reason, bool drop_queue);
    void flush_locked();
    void wrote_locked(std::size_t bytes);
    void wait_writable();
    void on_writable(error_code ec, std::size_t bytes);

    tcp::socket socket_;
    const int fd_;  ///< the socket's descriptor, written to from the delivering thread
    std::unique_ptr<connection_slot> slot_;
    server_context& context_;

    // Read side: only touched on the strand.
    ws::frame_reader reader_;
    char peeked_ = 0;  ///< the byte a readiness peek copies out; never looked at
    const clock::time_point opened_;
    std::shared_ptr<workshop_room> room_;
    std::shared_ptr<workshop_room> hello_room_;  ///< where the pending (or refused) hello went
    std::string url_workshop_;
    core::entity_id participant_ = 0;
    bool hello_pending_ = false;
    double tokens_;
    clock::time_point refilled_;
    std::size_t strikes_ = 0;
    std::atomic<clock::rep> last_heard_;  ///< when the client last sent anything
    std::atomic<bool> ping_outstanding_{false};
    std::atomic<bool> greeted_{false};  ///< a hello has succeeded

    // Write side: guarded by write_mutex_.
    std::mutex write_mutex_;
    frame_queue queue_;
    std::size_t written_ = 0;       ///< bytes of queue_.front() (header and payload) already sent
    std::size_t queued_bytes_ = 0;  ///< payload bytes of live frames waiting in queue_
    std::size_t catch_up_bytes_ = 0;   ///< payload bytes of catch-up frames waiting, reserved in slot_
    std::size_t catch_up_frames_ = 0;
    std::atomic<clock::rep> catch_up_since_{0};  ///< when the catch-up waiting was queued; 0: none
    bool waiting_writable_ = false;  ///< a send of the front frame waits for the socket to drain
    bool close_queued_ = false;     ///< our close frame is in the queue: nothing more is accepted
    bool close_sent_ = false;
    bool peer_closed_ = false;      ///< the client's close frame has arrived
    bool finished_ = false;         ///< the socket is closed (or about to be): never write again
    std::atomic<clock::rep> close_started_{0};
};

}  // namespace samling::server
