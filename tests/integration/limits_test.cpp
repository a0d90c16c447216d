// Connection limits over real sockets: rate, timeouts and the bounded write queue.
#include <catch2/catch.hpp>

#include "server/beast.hpp"
#include "tests/integration/test_client.hpp"

using namespace samling::test;
namespace srv = samling::server;
using namespace std::chrono_literals;

namespace {

/** Reads from a raw socket until the peer closes it or `deadline` passes; true when closed. */
bool closed_by_peer(srv::tcp::socket& socket, std::chrono::milliseconds deadline) {
    srv::beast::tcp_stream stream(std::move(socket));
    stream.expires_after(deadline);
    char buffer[4096];
    for (;;) {
        srv::error_code ec;
        stream.read_some(srv::net::buffer(buffer), ec);
        if (ec == srv::net::error::eof || ec == srv::net::error::connection_reset) return true;
        if (ec) return false;  // timeout: still open
    }
}

srv::tcp::socket raw_connect(srv::net::io_context& io, std::uint16_t port) {
    srv::tcp::socket socket(io);
    socket.connect(srv::tcp::endpoint(srv::net::ip::make_address("127.0.0.1"), port));
    return socket;
}

}  // namespace

TEST_CASE("a connection over its command rate is refused, then closed", "[integration][limits]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"), [](auto& c) {
        c.connection.commands_per_second = 0.5;
        c.connection.command_burst = 3;
        c.connection.flood_strikes = 5;
    });
    ws_client flooder(server.port());
    for (int i = 0; i < 3; ++i) {
        flooder.send({{"type", "ping"}});
        flooder.expect("pong");
    }
    flooder.send({{"type", "ping"}});
    CHECK(flooder.expect("error")["code"] == "rate_limited");
    for (int i = 0; i < 10; ++i) flooder.send({{"type", "ping"}});
    CHECK(flooder.wait_close().code == 4029);
    // Others are unaffected.
    ws_client other(server.port());
    other.send({{"type", "ping"}});
    other.expect("pong");
}

TEST_CASE("a request sent byte by byte is cut off by the read timeout", "[integration][limits]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"), [](auto& c) { c.connection.http_read_timeout = 300ms; });
    srv::net::io_context io;
    auto slow = raw_connect(io, server.port());
    srv::net::write(slow, srv::net::buffer(std::string("GET /ws HTTP/1.1\r\nHo")));
    // A normal client still gets in meanwhile.
    CHECK(http_call(server.port(), "GET", "/healthz").status == 200);
    CHECK(closed_by_peer(slow, 5s));
}

TEST_CASE("hundreds of slow handshakes are all cut off while a normal client gets in", "[integration][limits]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"), [](auto& c) { c.connection.http_read_timeout = 500ms; });
    constexpr int slow_count = 300;  // below the per-address limit, so only the timeout can end them
    srv::net::io_context io;
    std::vector<srv::tcp::socket> slow;
    for (int i = 0; i < slow_count; ++i) {
        slow.push_back(raw_connect(io, server.port()));
        srv::net::write(slow.back(), srv::net::buffer(std::string("GET /ws HTTP/1.1\r\nHost: 1")));
    }
    // Meanwhile a participant creates, joins and talks as usual.
    const auto link = create_workshop(server.port());
    ws_client normal(server.port());
    normal.join(link, "Åse");
    normal.send({{"type", "ping"}});
    normal.expect("pong");
    int closed = 0;
    for (auto& socket : slow) closed += closed_by_peer(socket, 5s) ? 1 : 0;
    CHECK(closed == slow_count);
    CHECK(wait_until([&] { return server.app->counters().http_connections.load() <= 1; }));
}

TEST_CASE("a WebSocket peer that stops answering pings is closed", "[integration][limits]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"), [](auto& c) { c.connection.ws_idle_timeout = 400ms; });
    srv::net::io_context io;
    auto silent = raw_connect(io, server.port());
    const std::string upgrade =
        "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    srv::net::write(silent, srv::net::buffer(upgrade));
    // It never sends a pong (or anything), so the idle timeout ends it.
    CHECK(closed_by_peer(silent, 5s));
}

TEST_CASE("a reader that falls behind is closed once its queue passes the bound", "[integration][limits]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"), [](auto& c) {
        c.connection.write_queue_bytes = 64 * 1024;
        c.connection.commands_per_second = 1e6;
        c.connection.command_burst = 1e6;
        c.admission.participant_commands_per_second = 1e9;
        c.admission.participant_command_burst = 1e9;
    });
    auto link = create_workshop(server.port());
    ws_client host(server.port());
    host.host(link);
    host.expect("snapshot");
    auto note = host.must({{"type", "note.add"}, {"group", open_group(host)}, {"text", "x"}});

    ws_client slow(server.port());
    slow.join(link, "Slow reader");
    // From here on `slow` reads nothing while the host keeps the workshop busy.
    const std::string text(1900, 'y');
    auto& counters = server.app->counters();
    for (int round = 0; round < 1000 && counters.slow_consumers_closed.load() == 0; ++round) {
        for (int i = 0; i < 10; ++i) host.command({{"type", "note.edit"}, {"note", note["id"]}, {"text", text + std::to_string(i)}});
        for (int acks = 0; acks < 10;) {
            auto frame = host.receive();
            REQUIRE(frame);
            acks += frame->value("type", "") == "ack" ? 1 : 0;
        }
    }
    CHECK(counters.slow_consumers_closed.load() == 1);
    CHECK(slow.wait_close().code == 4001);
    // The busy host was never closed.
    host.send({{"type", "ping"}});
    host.expect("pong");
}
