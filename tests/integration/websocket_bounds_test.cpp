// WebSocket control frames and silence before the hello, held to the same bounds as commands.
// A raw client floods pings and never reads: pings count against the per-connection rate (then
// 4029), and with the rate out of the way their pongs against the bounded write queue (then
// 4001); either way the server's memory stays flat. SAMLING_PING_FLOOD sets the pings sent
// (default 300000; the server of before grew by about 200 MB for 1000000).
#include <catch2/catch.hpp>

#include <cstdlib>

#include "tests/integration/memory_probe.hpp"
#include "tests/integration/raw_ws.hpp"
#include "tests/integration/test_client.hpp"

using namespace samling::test;
using namespace std::chrono_literals;

namespace {

std::size_t flood_size() {
    const char* text = std::getenv("SAMLING_PING_FLOOD");
    return text ? std::strtoull(text, nullptr, 10) : 300'000;
}

/** Writes `count` pings of the largest control payload (125 bytes) without reading; returns how many went out. */
std::size_t flood_pings(raw_ws& client, std::size_t count) {
    constexpr std::size_t per_write = 1000;
    const std::string one = raw_ws::frame(std::string(125, 'p'), 9);
    std::string batch;
    for (std::size_t i = 0; i < per_write; ++i) batch += one;
    std::size_t sent = 0;
    while (sent < count && client.write(batch)) sent += per_write;
    return sent;
}

/** Reads until the server's close frame and returns its code; 0 when none came. */
int close_code(raw_ws& client) {
    raw_frame frame;
    while (client.next(frame, 10s)) {
        if (frame.opcode == 8) return frame.close_code();
    }
    return 0;
}

}  // namespace

TEST_CASE("a ping flood that never reads is closed with 4029 and costs no memory", "[integration][limits][ping]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    raw_ws flooder(server.port());
    const std::size_t pings = flood_size();
    std::size_t sent = 0;
    const std::size_t grown = peak_growth_bytes([&] { sent = flood_pings(flooder, pings); });
    INFO(sent << " pings written; peak memory grew by " << (grown >> 10) << " KiB");
    CHECK(close_code(flooder) == 4029);
    CHECK(grown < std::size_t{16} << 20);
    CHECK(server.app->counters().rate_limited.load() > 0);
    // Others are unaffected.
    ws_client other(server.port());
    other.send({{"type", "ping"}});
    other.expect("pong");
}

TEST_CASE("pongs to a reader that never reads pass the write queue bound and close it with 4001",
          "[integration][limits][ping]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"), [](auto& c) {
        c.connection.commands_per_second = 1e9;  // the rate is not under test here
        c.connection.command_burst = 1e9;
        c.admission.participant_commands_per_second = 1e9;
        c.admission.participant_command_burst = 1e9;
        // Nor is the closing handshake's timeout: under a sanitizer the server reads the flood for
        // longer than 5 s after queuing its close, and a close with pings still unread resets the
        // connection, losing the close frame the client has yet to read.
        c.connection.ws_close_timeout = 120s;
    });
    raw_ws flooder(server.port(), 4096);
    const std::size_t pings = flood_size();
    std::size_t sent = 0;
    const std::size_t grown = peak_growth_bytes([&] { sent = flood_pings(flooder, pings); });
    INFO(sent << " pings written; peak memory grew by " << (grown >> 10) << " KiB");
    CHECK(close_code(flooder) == 4001);
    CHECK(server.app->counters().slow_consumers_closed.load() == 1);
    CHECK(grown < std::size_t{16} << 20);
}

TEST_CASE("binary frames count against the same rate", "[integration][limits]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"), [](auto& c) {
        c.connection.commands_per_second = 0.5;
        c.connection.command_burst = 3;
        c.connection.flood_strikes = 5;
    });
    raw_ws flooder(server.port());
    std::string frames;
    for (int i = 0; i < 20; ++i) frames += raw_ws::frame("{}", 2);
    REQUIRE(flooder.write(frames));
    CHECK(close_code(flooder) == 4029);
}

TEST_CASE("a connection that never says hello is closed at the handshake timeout", "[integration][limits]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"), [](auto& c) { c.connection.ws_handshake_timeout = 300ms; });
    const auto link = create_workshop(server.port());
    ws_client member(server.port());
    member.join(link, "Tidlig Tove");
    raw_ws quiet(server.port());
    const auto opened = std::chrono::steady_clock::now();
    // It keeps talking, a ping every tenth of a second, so only the missing hello can end it.
    int code = 0;
    while (code == 0 && std::chrono::steady_clock::now() - opened < 5s) {
        if (!quiet.write(raw_ws::frame("", 9))) break;
        if (quiet.read_some(4096, 100ms) < 0) break;
        for (const auto& frame : quiet.frames) {
            if (frame.opcode == 8) code = frame.close_code();
        }
        quiet.frames.clear();
    }
    const auto took = std::chrono::steady_clock::now() - opened;
    INFO("closed after " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms");
    CHECK(code == 1008);
    CHECK(took >= 300ms);
    CHECK(took < 3s);
    // The one that joined in time, older than the timeout by now, stays.
    member.send({{"type", "ping"}});
    member.expect("pong");
}
