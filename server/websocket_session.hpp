#pragma once
/**
 * One WebSocket connection: reads JSON frames, hands hellos and commands to the workshop room,
 * and writes what the room delivers with one write in flight and a bounded queue.
 */
#include <chrono>
#include <deque>
#include <memory>
#include <string>

#include "server/beast.hpp"
#include "server/connection_tracker.hpp"
#include "server/server_context.hpp"
#include "server/subscriber.hpp"

namespace samling::server {

class websocket_session : public subscriber, public std::enable_shared_from_this<websocket_session> {
public:
    websocket_session(beast::tcp_stream&& stream, std::unique_ptr<connection_slot> slot, server_context& context);
    ~websocket_session() override;

    /** Completes the upgrade for `request` and starts reading. */
    void run(http::request<http::string_body> request);

    void deliver(std::shared_ptr<const std::string> frame) override;
    void disconnect(std::uint16_t code, std::string reason) override;
    void joined(std::shared_ptr<workshop_room> room, core::entity_id participant) override;
    void hello_refused() override;

private:
    void on_accept(error_code ec);
    void do_read();
    void on_read(error_code ec, std::size_t bytes);
    void handle(std::string_view frame);
    bool take_token();
    void send(std::shared_ptr<const std::string> frame);
    void coalesce_front();
    void do_write();
    void on_write(error_code ec, std::size_t bytes);
    void close_now(std::uint16_t code, std::string reason, bool drop_queue);
    void start_close();
    void reply_error(core::errc code, const std::string& message, const std::string& op = {});

    websocket::stream<beast::tcp_stream> ws_;
    std::unique_ptr<connection_slot> slot_;
    server_context& context_;
    beast::flat_buffer buffer_;
    std::deque<std::shared_ptr<const std::string>> queue_;
    std::size_t queued_bytes_ = 0;
    bool writing_ = false;
    bool closing_ = false;
    bool close_started_ = false;
    websocket::close_reason close_reason_;
    std::shared_ptr<workshop_room> room_;
    core::entity_id participant_ = 0;
    bool hello_pending_ = false;
    double tokens_;
    std::chrono::steady_clock::time_point refilled_;
    std::size_t strikes_ = 0;
};

}  // namespace samling::server
