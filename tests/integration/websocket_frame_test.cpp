// WebSocket framing and the opening handshake on plain bytes: no sockets.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "server/websocket_frame.hpp"
#include "server/websocket_handshake.hpp"

namespace ws = samling::server::ws;

namespace {

/** A client frame: masked with `key`, as browsers send them. */
std::string client_frame(ws::opcode kind, std::string_view payload, bool fin = true, std::string key = "\x37\xfa\x21\x3d") {
    std::string frame;
    frame += static_cast<char>((fin ? 0x80 : 0x00) | static_cast<unsigned>(kind));
    if (payload.size() < 126) {
        frame += static_cast<char>(0x80 | payload.size());
    } else if (payload.size() <= 0xFFFF) {
        frame += static_cast<char>(0x80 | 126);
        frame += static_cast<char>(payload.size() >> 8);
        frame += static_cast<char>(payload.size() & 0xFF);
    } else {
        frame += static_cast<char>(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) frame += static_cast<char>((payload.size() >> shift) & 0xFF);
    }
    frame += key;
    for (std::size_t i = 0; i < payload.size(); ++i) frame += static_cast<char>(payload[i] ^ key[i % 4]);
    return frame;
}

struct received {
    ws::opcode kind;
    std::string payload;
};

/** Feeds `bytes` in pieces of `step` and collects what the reader hands out. */
std::uint16_t feed(ws::frame_reader& reader, std::string bytes, std::vector<received>& out, std::size_t step) {
    std::uint16_t failed = 0;
    for (std::size_t at = 0; at < bytes.size() && failed == 0; at += step) {
        const std::size_t n = std::min(step, bytes.size() - at);
        failed = reader.consume(bytes.data() + at, n, [&](const ws::message& m) {
            out.push_back({m.kind, std::string(m.payload)});
            return true;
        });
    }
    return failed;
}

std::uint16_t first_error(std::string bytes, std::size_t limit = 1000) {
    ws::frame_reader reader(limit);
    std::vector<received> out;
    const std::size_t whole = bytes.size();
    return feed(reader, std::move(bytes), out, whole);
}

}  // namespace

TEST_CASE("server frame headers use the shortest length form", "[websocket]") {
    CHECK(ws::header_size(0) == 2);
    CHECK(ws::header_size(125) == 2);
    CHECK(ws::header_size(126) == 4);
    CHECK(ws::header_size(65535) == 4);
    CHECK(ws::header_size(65536) == 10);
    const auto small = ws::make_header(ws::opcode::text, 5);
    CHECK(small.size == 2);
    CHECK(small.bytes[0] == 0x81);
    CHECK(small.bytes[1] == 5);
    const auto medium = ws::make_header(ws::opcode::text, 300);
    CHECK(medium.size == 4);
    CHECK(medium.bytes[1] == 126);
    CHECK(((medium.bytes[2] << 8) | medium.bytes[3]) == 300);
    const auto large = ws::make_header(ws::opcode::binary, 70000);
    CHECK(large.size == 10);
    CHECK(large.bytes[0] == 0x82);
    CHECK(large.bytes[1] == 127);
    std::uint64_t length = 0;
    for (int i = 2; i < 10; ++i) length = (length << 8) | large.bytes[i];
    CHECK(length == 70000);
    const std::string pong = ws::encode_frame(ws::opcode::pong, "hi");
    CHECK(pong == std::string("\x8a\x02hi", 4));
}

TEST_CASE("a close payload keeps its code and cuts the reason at a character", "[websocket]") {
    const std::string payload = ws::close_payload(4001, "reading too slowly");
    CHECK(static_cast<unsigned char>(payload[0]) == 0x0F);
    CHECK(static_cast<unsigned char>(payload[1]) == 0xA1);
    CHECK(payload.substr(2) == "reading too slowly");
    std::string long_reason;
    for (int i = 0; i < 100; ++i) long_reason += "ø";  // two bytes each
    const std::string cut = ws::close_payload(1001, long_reason);
    CHECK(cut.size() <= ws::max_control_payload);
    CHECK((cut.size() - 2) % 2 == 0);  // no half of an ø
}

TEST_CASE("masked frames are read whole however the bytes arrive", "[websocket]") {
    const std::string text = R"({"type":"note.add","text":"Blåbær og kaffe ☕ 😀"})";
    std::string bytes = client_frame(ws::opcode::text, text) + client_frame(ws::opcode::ping, "p1") +
                        client_frame(ws::opcode::text, std::string(300, 'x')) +
                        client_frame(ws::opcode::text, std::string(70000, 'y'));
    for (const std::size_t step : {std::size_t{1}, std::size_t{3}, std::size_t{1000}, bytes.size()}) {
        ws::frame_reader reader(100000);
        std::vector<received> out;
        REQUIRE(feed(reader, bytes, out, step) == 0);
        REQUIRE(out.size() == 4);
        CHECK(out[0].kind == ws::opcode::text);
        CHECK(out[0].payload == text);
        CHECK(out[1].kind == ws::opcode::ping);
        CHECK(out[1].payload == "p1");
        CHECK(out[2].payload == std::string(300, 'x'));
        CHECK(out[3].payload == std::string(70000, 'y'));
        CHECK(reader.buffered() == 0);
    }
}

TEST_CASE("fragments are joined, with control frames between them", "[websocket]") {
    const std::string bytes = client_frame(ws::opcode::text, "Hej ", false) + client_frame(ws::opcode::ping, "") +
                              client_frame(ws::opcode::continuation, "på ", false) +
                              client_frame(ws::opcode::continuation, "dig 🌊");
    ws::frame_reader reader(1000);
    std::vector<received> out;
    REQUIRE(feed(reader, bytes, out, 2) == 0);
    REQUIRE(out.size() == 2);
    CHECK(out[0].kind == ws::opcode::ping);
    CHECK(out[1].kind == ws::opcode::text);
    CHECK(out[1].payload == "Hej på dig 🌊");
}

TEST_CASE("frames that break RFC 6455 fail with 1002", "[websocket]") {
    std::string unmasked = client_frame(ws::opcode::text, "hi");
    unmasked[1] = static_cast<char>(unmasked[1] & 0x7F);
    CHECK(first_error(unmasked) == ws::close_protocol_error);
    std::string reserved = client_frame(ws::opcode::text, "hi");
    reserved[0] = static_cast<char>(reserved[0] | 0x40);  // RSV1: no extension was agreed
    CHECK(first_error(reserved) == ws::close_protocol_error);
    CHECK(first_error(client_frame(static_cast<ws::opcode>(0x3), "hi")) == ws::close_protocol_error);
    CHECK(first_error(client_frame(ws::opcode::ping, "x", false)) == ws::close_protocol_error);
    CHECK(first_error(client_frame(ws::opcode::ping, std::string(126, 'x'))) == ws::close_protocol_error);
    CHECK(first_error(client_frame(ws::opcode::continuation, "x")) == ws::close_protocol_error);
    CHECK(first_error(client_frame(ws::opcode::text, "a", false) + client_frame(ws::opcode::text, "b")) ==
          ws::close_protocol_error);
    // After an error the reader stays failed.
    ws::frame_reader reader(1000);
    std::vector<received> out;
    CHECK(feed(reader, unmasked, out, 100) == ws::close_protocol_error);
    CHECK(feed(reader, client_frame(ws::opcode::text, "ok"), out, 100) == ws::close_protocol_error);
    CHECK(out.empty());
}

TEST_CASE("a message over the limit fails with 1009 before its bytes are kept", "[websocket]") {
    CHECK(first_error(client_frame(ws::opcode::text, std::string(1001, 'x'))) == ws::close_too_big);
    CHECK(first_error(client_frame(ws::opcode::text, std::string(1000, 'x'))) == 0);
    // Fragments count together.
    CHECK(first_error(client_frame(ws::opcode::text, std::string(600, 'x'), false) +
                      client_frame(ws::opcode::continuation, std::string(600, 'x'))) == ws::close_too_big);
    // Only the header of a huge frame arrives: refused at once, nothing buffered.
    std::string header = client_frame(ws::opcode::text, "").substr(0, 2);
    header[1] = static_cast<char>(0x80 | 127);
    header += std::string("\x00\x00\x01\x00\x00\x00\x00\x00", 8);
    header += "abcd";
    ws::frame_reader reader(65536);
    std::vector<received> out;
    CHECK(feed(reader, header, out, header.size()) == ws::close_too_big);
    CHECK(reader.buffered() == 0);
}

TEST_CASE("a handler that stops reading drops the frames behind", "[websocket]") {
    const std::string bytes = client_frame(ws::opcode::close, "") + client_frame(ws::opcode::text, "after");
    ws::frame_reader reader(1000);
    std::vector<received> out;
    std::string copy = bytes;
    CHECK(reader.consume(copy.data(), copy.size(), [&](const ws::message& m) {
        out.push_back({m.kind, std::string(m.payload)});
        return false;
    }) == 0);
    REQUIRE(out.size() == 1);
    CHECK(out[0].kind == ws::opcode::close);
    CHECK(reader.buffered() == 0);
}

TEST_CASE("the handshake answers a key with RFC 6455's accept value", "[websocket]") {
    CHECK(ws::accept_key("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    CHECK_FALSE(ws::accept_key(""));
    CHECK_FALSE(ws::accept_key("dGhlIHNhbXBsZSBub25jZQ"));             // no padding
    CHECK_FALSE(ws::accept_key("dGhlIHNhbXBsZSBub25jZXg="));           // 17 bytes
    CHECK_FALSE(ws::accept_key("dGhlIHNhbXBsZSBub25j*Q=="));           // not base64
    CHECK(ws::base64(ws::sha1("")) == "2jmj7l5rSw0yVb/vlWAYkK/YBwk=");
    CHECK(ws::base64(ws::sha1("abc")) == "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=");
    CHECK(ws::base64(ws::sha1(std::string(1000000, 'a'))) == "NKqXPNTE2qT2Husr260nMWU0AW8=");  // FIPS 180 vector
    CHECK(ws::base64("f") == "Zg==");
    CHECK(ws::base64("fo") == "Zm8=");
    CHECK(ws::base64("foo") == "Zm9v");
}
