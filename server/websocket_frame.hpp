#pragma once
/**
 * WebSocket framing (RFC 6455) for the server side, without I/O: the header of an outgoing
 * (unmasked) frame, control frames, and a reader that takes the bytes of a client connection as
 * they arrive and hands out whole messages. Kept free of Asio and Beast so that it is tested and
 * fuzzed on plain bytes.
 */
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace samling::server::ws {

enum class opcode : std::uint8_t { continuation = 0x0, text = 0x1, binary = 0x2, close = 0x8, ping = 0x9, pong = 0xA };

/** Close codes the reader fails a connection with (RFC 6455, 7.4.1). */
inline constexpr std::uint16_t close_protocol_error = 1002;
inline constexpr std::uint16_t close_too_big = 1009;
/** The largest payload of a control frame (ping, pong, close). */
inline constexpr std::size_t max_control_payload = 125;
/** The longest header of a server frame: 2 bytes, then a 64-bit length. */
inline constexpr std::size_t max_header_bytes = 10;

/** The header of an unmasked, final frame of `kind` carrying `payload_bytes`; `size` is set. */
struct frame_header {
    std::array<unsigned char, max_header_bytes> bytes{};
    std::size_t size = 0;
};
frame_header make_header(opcode kind, std::size_t payload_bytes);
/** Bytes of the header of a frame with `payload_bytes`. */
std::size_t header_size(std::size_t payload_bytes);

/** A whole unmasked frame: header and payload. For control frames and small replies. */
std::string encode_frame(opcode kind, std::string_view payload);
/** A close frame's payload: `code` and a reason, cut to fit a control frame (at a UTF-8 boundary). */
std::string close_payload(std::uint16_t code, std::string_view reason);

/** A whole message (fragments joined) or a control frame, as the reader hands it out. */
struct message {
    opcode kind = opcode::text;
    std::string_view payload;  ///< valid until the next call to consume()
};

/**
 * Reads a client's byte stream. Client frames must be masked and carry no extension bits;
 * control frames must be final and small; continuation frames must continue something. A
 * message longer than the limit fails before its bytes are buffered. Only the bytes of an
 * incomplete frame, and the fragments of an incomplete message, are kept between calls, so a
 * connection that is quiet holds no buffer at all.
 */
class frame_reader {
public:
    /** Called for each whole message; returning false stops reading (the connection closes). */
    using handler = std::function<bool(const message&)>;

    explicit frame_reader(std::uint32_t max_message_bytes) : max_message_bytes_(max_message_bytes) {}

    /**
     * Parses `data` (unmasked in place) and calls `on_message` for each whole message. Returns 0,
     * or the close code to fail the connection with (1002 or 1009); after an error the reader
     * must not be fed again.
     */
    std::uint16_t consume(char* data, std::size_t size, const handler& on_message);

    /** Bytes held between calls (of an incomplete frame or message). */
    std::size_t buffered() const { return held_ ? held_->partial.size() + held_->fragments.size() : 0; }

private:
    /** What is kept between calls; allocated only while something is. */
    struct held_bytes {
        std::string partial;    ///< the start of a frame that has not arrived whole
        std::string fragments;  ///< the payloads of a fragmented message so far
    };

    /** Parses whole frames from `data`; returns the bytes used, sets `error_` on a bad frame. */
    std::size_t parse(char* data, std::size_t size, const handler& on_message, bool& stop);
    held_bytes& held();
    void release_if_empty();

    std::unique_ptr<held_bytes> held_;
    std::uint32_t max_message_bytes_;
    opcode fragmented_ = opcode::continuation;  ///< the kind of a fragmented message; continuation: none
    std::uint16_t error_ = 0;
};

}  // namespace samling::server::ws
