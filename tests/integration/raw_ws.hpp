#pragma once
/**
 * A WebSocket client on a plain POSIX socket, for what the blocking ws_client cannot do: read a
 * few bytes at a time through a tiny receive buffer, or write from one thread while another reads.
 */
#include <chrono>
#include <cstdint>
#include <deque>
#include <string>

namespace samling::test {

struct raw_frame {
    int opcode = 0;       ///< 1 text, 8 close, 9 ping, 10 pong
    std::string payload;  ///< whole message (continuations joined)
    int close_code() const;  ///< for a close frame: its code, 0 if it has none
};

class raw_ws {
public:
    /** Connects and upgrades; `receive_buffer` > 0 sets SO_RCVBUF before connecting. */
    explicit raw_ws(std::uint16_t port, int receive_buffer = 0);
    ~raw_ws();
    raw_ws(const raw_ws&) = delete;
    raw_ws& operator=(const raw_ws&) = delete;

    /** A masked frame as a client sends it. */
    static std::string frame(const std::string& payload, int opcode = 1);
    /** Writes all of `bytes`; false once the connection is broken. Safe beside a reading thread. */
    bool write(const std::string& bytes);
    /**
     * One read of at most `max` bytes, waiting at most `deadline`; parses what arrived into
     * `frames`. Returns the bytes read: 0 on timeout; -1 when the peer closed or reset.
     */
    long read_some(std::size_t max, std::chrono::milliseconds deadline);
    /** Reads until a frame is parsed (or the connection ends or `deadline` passes). */
    bool next(raw_frame& out, std::chrono::milliseconds deadline = std::chrono::seconds(10));
    /** Ends the connection both ways at once (wakes a thread blocked reading). */
    void shutdown();
    /** Answers a close frame, as a client must. */
    void answer_close(int code);

    std::deque<raw_frame> frames;  ///< parsed and not yet taken
    std::size_t bytes_read = 0;    ///< WebSocket bytes received after the upgrade

private:
    void parse();

    int fd_ = -1;
    std::string pending_;  ///< bytes not yet parsed into a frame
    std::string message_;  ///< payload of a fragmented message so far
    int message_opcode_ = 0;
};

}  // namespace samling::test
