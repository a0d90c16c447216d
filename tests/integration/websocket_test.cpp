// The WebSocket layer over real sockets: the opening handshake, control frames, fragments, and
// bytes a client sends right behind its upgrade request.
#include <catch2/catch.hpp>

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket/stream.hpp>

#include "server/beast.hpp"
#include "server/websocket_frame.hpp"
#include "tests/integration/test_client.hpp"

using namespace samling::test;
namespace srv = samling::server;
namespace ws = samling::server::ws;

namespace {

std::string upgrade_request(std::uint16_t port, const std::string& version, const std::string& key) {
    std::string request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                          "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
    if (!version.empty()) request += "Sec-WebSocket-Version: " + version + "\r\n";
    if (!key.empty()) request += "Sec-WebSocket-Key: " + key + "\r\n";
    return request + "\r\n";
}

/** A masked client text frame (mask key 0x11223344). */
std::string masked_text(std::string_view payload) {
    const char key[4] = {0x11, 0x22, 0x33, 0x44};
    std::string frame;
    frame += static_cast<char>(0x81);
    frame += static_cast<char>(0x80 | payload.size());  // short payloads only
    frame.append(key, 4);
    for (std::size_t i = 0; i < payload.size(); ++i) frame += static_cast<char>(payload[i] ^ key[i % 4]);
    return frame;
}

/** A raw connection that writes `bytes` and reads until the server has sent at least `until`. */
struct raw_exchange {
    srv::net::io_context io;
    srv::beast::tcp_stream stream{io};
    std::string received;

    raw_exchange(std::uint16_t port, const std::string& bytes) {
        stream.expires_after(std::chrono::seconds(10));
        stream.connect(srv::tcp::endpoint(srv::net::ip::make_address("127.0.0.1"), port));
        srv::net::write(stream, srv::net::buffer(bytes));
    }

    /** Reads until `done(received)` holds; false when the server closes first or time runs out. */
    template <class Done>
    bool read_until(Done done) {
        char buffer[4096];
        while (!done(received)) {
            srv::error_code ec;
            const std::size_t n = stream.read_some(srv::net::buffer(buffer), ec);
            if (ec) return false;
            received.append(buffer, n);
        }
        return true;
    }
};

}  // namespace

TEST_CASE("an upgrade needs version 13 and a well-formed key", "[integration][websocket]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    const auto status_line = [&](const std::string& request) {
        raw_exchange exchange(server.port(), request);
        exchange.read_until([](const std::string& r) { return r.find("\r\n\r\n") != std::string::npos; });
        return exchange.received.substr(0, exchange.received.find("\r\n"));
    };
    CHECK(status_line(upgrade_request(server.port(), "8", "dGhlIHNhbXBsZSBub25jZQ==")) == "HTTP/1.1 426 Upgrade Required");
    CHECK(status_line(upgrade_request(server.port(), "13", "")) == "HTTP/1.1 400 Bad Request");
    CHECK(status_line(upgrade_request(server.port(), "13", "dGhlIHNhbXBsZSBub25jZXg=")) == "HTTP/1.1 400 Bad Request");
    raw_exchange good(server.port(), upgrade_request(server.port(), "13", "dGhlIHNhbXBsZSBub25jZQ=="));
    REQUIRE(good.read_until([](const std::string& r) { return r.find("\r\n\r\n") != std::string::npos; }));
    CHECK(good.received.starts_with("HTTP/1.1 101 Switching Protocols\r\n"));
    CHECK(good.received.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n") != std::string::npos);
}

TEST_CASE("frames sent right behind the upgrade request are read", "[integration][websocket]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    raw_exchange exchange(server.port(), upgrade_request(server.port(), "13", "dGhlIHNhbXBsZSBub25jZQ==") +
                                             masked_text(R"({"type":"ping"})"));
    const std::string pong = ws::encode_frame(ws::opcode::text, R"({"type":"pong"})");
    REQUIRE(exchange.read_until([&](const std::string& r) { return r.find(pong) != std::string::npos; }));
}

TEST_CASE("WebSocket pings are answered and fragmented messages joined", "[integration][websocket]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    srv::net::io_context io;
    srv::websocket::stream<srv::beast::tcp_stream> client(io);
    srv::beast::get_lowest_layer(client).expires_after(std::chrono::seconds(10));
    srv::beast::get_lowest_layer(client).connect(srv::tcp::endpoint(srv::net::ip::make_address("127.0.0.1"), server.port()));
    client.handshake("127.0.0.1", "/ws");
    std::string pong_payload;
    client.control_callback([&](srv::websocket::frame_type kind, std::string_view payload) {
        if (kind == srv::websocket::frame_type::pong) pong_payload = std::string(payload);
    });
    client.ping("hallå");
    // A message in fragments of 8 bytes.
    client.auto_fragment(true);
    client.write_buffer_bytes(8);
    client.text(true);
    client.write(srv::net::buffer(std::string(R"({"type":"ping","note":"blåbær 🫐"})")));
    srv::beast::flat_buffer buffer;
    client.read(buffer);
    CHECK(srv::beast::buffers_to_string(buffer.data()) == R"({"type":"pong"})");
    CHECK(pong_payload == "hallå");
}

TEST_CASE("a client's close is answered with the same code", "[integration][websocket]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    srv::net::io_context io;
    srv::websocket::stream<srv::beast::tcp_stream> client(io);
    srv::beast::get_lowest_layer(client).expires_after(std::chrono::seconds(10));
    srv::beast::get_lowest_layer(client).connect(srv::tcp::endpoint(srv::net::ip::make_address("127.0.0.1"), server.port()));
    client.handshake("127.0.0.1", "/ws");
    client.close(srv::websocket::close_reason(srv::websocket::close_code::normal, "hej då"));
    // Beast's close waits for the server's close frame and the end of the connection.
    CHECK_FALSE(client.is_open());
    CHECK(wait_until([&] { return server.app->counters().websocket_connections.load() == 0; }));
}

TEST_CASE("metrics count frames sent and the writes they took", "[integration][websocket]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    ws_client a(server.port());
    for (int i = 0; i < 5; ++i) {
        a.send({{"type", "ping"}});
        a.expect("pong");
    }
    const auto metrics = http_call(server.port(), "GET", "/metrics").body;
    CHECK(metrics.find("samling_send_calls_total") != std::string::npos);
    CHECK(server.app->counters().frames_sent.load() >= 5);
    CHECK(server.app->counters().send_calls.load() >= 1);
    CHECK(server.app->counters().send_calls.load() <= server.app->counters().frames_sent.load());
}

TEST_CASE("frames queued behind a full socket leave together, in order", "[integration][websocket]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"), [](auto& c) {
        c.connection.commands_per_second = 1000;
        c.connection.command_burst = 1000;
        c.admission.participant_commands_per_second = 1e9;
        c.admission.participant_command_burst = 1e9;
        c.connection.socket_send_buffer = 4096;  // a full socket after a few frames
    });
    const auto w = create_workshop(server.port());
    ws_client host(server.port());
    host.host(w);
    const auto group = open_group(host);

    // A reader with a tiny receive window that reads nothing until every note is stored.
    srv::net::io_context io;
    srv::websocket::stream<srv::beast::tcp_stream> reader(io);
    auto& lowest = srv::beast::get_lowest_layer(reader);
    lowest.socket().open(srv::tcp::v4());
    lowest.socket().set_option(srv::net::socket_base::receive_buffer_size(2048));
    lowest.expires_after(std::chrono::seconds(20));
    lowest.connect(srv::tcp::endpoint(srv::net::ip::make_address("127.0.0.1"), server.port()));
    reader.handshake("127.0.0.1", "/ws");
    reader.write(srv::net::buffer(json{{"type", "hello"}, {"protocol", 1}, {"workshop", w.id}, {"join_code", w.join_code},
                                       {"name", "Långsam Lærke"}}.dump()));
    srv::beast::flat_buffer buffer;
    for (bool snapshot = false; !snapshot;) {  // joined before the first note
        buffer.consume(buffer.size());
        reader.read(buffer);
        snapshot = json::parse(srv::beast::buffers_to_string(buffer.data()))["type"] == "snapshot";
    }

    const auto frames_before = server.app->counters().frames_sent.load();
    const auto calls_before = server.app->counters().send_calls.load();
    constexpr int notes = 400;
    // One at a time, so that each note is an events frame of its own.
    for (int i = 0; i < notes; ++i) host.must({{"type", "note.add"}, {"group", group}, {"text", "nr " + std::to_string(i) + " 🌊"}});
    // Now read everything: every note, in seq order, none twice.
    std::vector<int> seen;
    while (seen.size() < static_cast<std::size_t>(notes)) {
        buffer.consume(buffer.size());
        reader.read(buffer);
        const auto frame = json::parse(srv::beast::buffers_to_string(buffer.data()));
        if (frame["type"] != "events") continue;
        for (const auto& ev : frame["events"]) {
            if (ev["type"] == "note.added") seen.push_back(std::stoi(ev["text"].get<std::string>().substr(3)));
        }
    }
    for (int i = 0; i < notes; ++i) CHECK(seen[static_cast<std::size_t>(i)] == i);
    // The reader's frames queued while its socket was full and left several to a write.
    const auto frames = server.app->counters().frames_sent.load() - frames_before;
    const auto calls = server.app->counters().send_calls.load() - calls_before;
    CHECK(frames > calls + 10);
}
