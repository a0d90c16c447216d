#include "server/websocket_frame.hpp"

#include <cstring>

namespace samling::server::ws {

namespace {

constexpr std::size_t mask_bytes = 4;

bool is_control(unsigned kind) { return kind >= 0x8; }

bool known_opcode(unsigned kind) {
    return kind == 0x0 || kind == 0x1 || kind == 0x2 || kind == 0x8 || kind == 0x9 || kind == 0xA;
}

void unmask(char* payload, std::size_t size, const unsigned char* key) {
    // Eight bytes at a time: the key repeats every four, so a doubled key covers a word.
    unsigned char doubled[8];
    for (std::size_t i = 0; i < 8; ++i) doubled[i] = key[i % mask_bytes];
    std::uint64_t word_key = 0;
    std::memcpy(&word_key, doubled, 8);
    std::size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, payload + i, 8);
        word ^= word_key;
        std::memcpy(payload + i, &word, 8);
    }
    for (; i < size; ++i) payload[i] = static_cast<char>(payload[i] ^ key[i % mask_bytes]);
}

}  // namespace

std::size_t header_size(std::size_t payload_bytes) {
    if (payload_bytes < 126) return 2;
    if (payload_bytes <= 0xFFFF) return 4;
    return 10;
}

frame_header make_header(opcode kind, std::size_t payload_bytes) {
    frame_header h;
    h.bytes[0] = static_cast<unsigned char>(0x80 | static_cast<unsigned>(kind));
    if (payload_bytes < 126) {
        h.bytes[1] = static_cast<unsigned char>(payload_bytes);
        h.size = 2;
    } else if (payload_bytes <= 0xFFFF) {
        h.bytes[1] = 126;
        h.bytes[2] = static_cast<unsigned char>(payload_bytes >> 8);
        h.bytes[3] = static_cast<unsigned char>(payload_bytes & 0xFF);
        h.size = 4;
    } else {
        h.bytes[1] = 127;
        for (int i = 0; i < 8; ++i) {
            h.bytes[2 + i] = static_cast<unsigned char>((static_cast<std::uint64_t>(payload_bytes) >> (56 - 8 * i)) & 0xFF);
        }
        h.size = 10;
    }
    return h;
}

std::string encode_frame(opcode kind, std::string_view payload) {
    const auto h = make_header(kind, payload.size());
    std::string frame(reinterpret_cast<const char*>(h.bytes.data()), h.size);
    frame += payload;
    return frame;
}

std::string close_payload(std::uint16_t code, std::string_view reason) {
    std::size_t keep = std::min(reason.size(), max_control_payload - 2);
    // Never cut a UTF-8 sequence: step back over continuation bytes.
    while (keep > 0 && keep < reason.size() && (static_cast<unsigned char>(reason[keep]) & 0xC0) == 0x80) --keep;
    std::string payload;
    payload += static_cast<char>(code >> 8);
    payload += static_cast<char>(code & 0xFF);
    payload += reason.substr(0, keep);
    return payload;
}

frame_reader::held_bytes& frame_reader::held() {
    if (!held_) held_ = std::make_unique<held_bytes>();
    return *held_;
}

void frame_reader::release_if_empty() {
    // A quiet connection holds no buffer at all.
    if (held_ && held_->partial.empty() && held_->fragments.empty()) held_.reset();
}

std::uint16_t frame_reader::consume(char* data, std::size_t size, const handler& on_message) {
    if (error_ != 0) return error_;
    bool stop = false;
    if (buffered() == 0 || held_->partial.empty()) {
        const std::size_t used = parse(data, size, on_message, stop);
        if (error_ == 0 && !stop && used < size) held().partial.assign(data + used, size - used);
    } else {
        std::string& partial = held_->partial;
        partial.append(data, size);
        const std::size_t used = parse(partial.data(), partial.size(), on_message, stop);
        partial.erase(0, stop ? partial.size() : used);
    }
    release_if_empty();
    return error_;
}

std::size_t frame_reader::parse(char* data, std::size_t size, const handler& on_message, bool& stop) {
    std::size_t at = 0;
    while (!stop && error_ == 0 && size - at >= 2) {
        const auto* p = reinterpret_cast<const unsigned char*>(data + at);
        const bool fin = (p[0] & 0x80) != 0;
        const unsigned kind = p[0] & 0x0F;
        // No extension is negotiated, so the reserved bits must be clear; clients must mask.
        if ((p[0] & 0x70) != 0 || (p[1] & 0x80) == 0 || !known_opcode(kind)) {
            error_ = close_protocol_error;
            break;
        }
        std::uint64_t length = p[1] & 0x7F;
        const std::size_t length_bytes = length == 126 ? 2 : length == 127 ? 8 : 0;
        const std::size_t header = 2 + length_bytes + mask_bytes;
        if (size - at < header) break;
        if (length_bytes != 0) {
            length = 0;
            for (std::size_t i = 0; i < length_bytes; ++i) length = (length << 8) | p[2 + i];
        }
        if (is_control(kind)) {
            if (!fin || length > max_control_payload) error_ = close_protocol_error;
        } else if ((kind == 0x0) == (fragmented_ == opcode::continuation)) {
            // A continuation with nothing to continue, or a new message inside a fragmented one.
            error_ = close_protocol_error;
        } else if (length > max_message_bytes_ - (held_ ? held_->fragments.size() : 0)) {
            error_ = close_too_big;  // before any of its bytes are buffered
        }
        if (error_ != 0) break;
        if (size - at - header < length) break;
        char* payload = data + at + header;
        const auto bytes = static_cast<std::size_t>(length);
        unmask(payload, bytes, p + header - mask_bytes);
        at += header + bytes;
        const std::string_view view(payload, bytes);
        if (is_control(kind) || (kind != 0x0 && fin)) {
            stop = !on_message(message{static_cast<opcode>(kind), view});
        } else if (kind != 0x0) {
            fragmented_ = static_cast<opcode>(kind);
            held().fragments.assign(view);
        } else {
            std::string& fragments = held().fragments;
            fragments.append(view);
            if (fin) {
                const opcode whole = fragmented_;
                fragmented_ = opcode::continuation;
                stop = !on_message(message{whole, fragments});
                fragments.clear();
                fragments.shrink_to_fit();
            }
        }
    }
    return at;
}

}  // namespace samling::server::ws
