// Snapshots of a large workshop to joiners who never read them. Forty hellos at one seq share
// one encoding of the state; the undrained catch-up of one address is bounded, so those past
// the bound are told to come back (1013) right after their welcome; and those let through are
// dropped once the drain deadline passes, giving their place back. A joiner who does read gets
// a snapshot larger than the live queue bound whole, while events go on. The server runs in
// this process: its memory is this process's (see memory_probe.hpp).
#include <catch2/catch.hpp>

#include <algorithm>

#include "tests/integration/memory_probe.hpp"
#include "tests/integration/raw_ws.hpp"
#include "tests/integration/test_client.hpp"

using namespace samling::test;
using namespace std::chrono_literals;

namespace {

constexpr std::size_t address_bound = std::size_t{10} << 20;  ///< catch-up bytes of one address
constexpr int joiners = 40;

/** A note of nearly the longest text (2000 characters, about 4.4 KB of UTF-8). */
std::string long_text(std::size_t n) {
    std::string text = std::to_string(n) + " ";
    const char* pieces[] = {"🌊", "å", "ø", "😀", " ", "Kaj", "🪑"};
    for (std::size_t i = 0, chars = text.size(); chars < 1990; ++i) {
        const std::string piece = pieces[i % 7];
        text += piece;
        for (unsigned char c : piece) chars += (c & 0xC0) != 0x80 ? 1 : 0;
    }
    return text;
}

/** Adds `count` long notes to `group`, with many commands in flight. */
void fill(ws_client& host, std::uint64_t group, std::size_t count) {
    constexpr std::size_t window = 64;
    std::size_t sent = 0, acked = 0;
    while (acked < count) {
        while (sent < count && sent - acked < window) {
            host.command({{"type", "note.add"}, {"group", group}, {"text", long_text(sent++)}});
        }
        auto frame = host.receive();
        REQUIRE(frame);
        REQUIRE(frame->value("type", "") != "error");
        acked += frame->value("type", "") == "ack" ? 1 : 0;
    }
}

std::string host_hello(const workshop_link& link) {
    return raw_ws::frame(json{{"type", "hello"}, {"protocol", 1}, {"workshop", link.id},
                              {"facilitator_key", link.facilitator_key}, {"last_seq", 0}}.dump());
}

/** Reads what the server sent; `welcome` when a welcome came, the close code if a close came, -1 if the connection broke. */
int ending(raw_ws& client, bool& welcome) {
    raw_frame frame;
    while (client.next(frame, 10s)) {
        if (frame.opcode == 1 && json::parse(frame.payload).value("type", "") == "welcome") welcome = true;
        if (frame.opcode == 8) return frame.close_code();
    }
    return -1;
}

}  // namespace

TEST_CASE("joiners who never read a large snapshot share it, are bounded per address and dropped in time",
          "[integration][limits][catch_up]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"), [](auto& c) {
        c.connection.commands_per_second = 1e6;  // to build a large workshop quickly
        c.connection.command_burst = 1e6;
        c.admission.participant_commands_per_second = 1e9;
        c.admission.participant_command_burst = 1e9;
        c.admission.connections_per_participant = 1000;  // forty hellos with the facilitator key
        c.connection.catch_up_bytes_per_address = address_bound;
        c.connection.catch_up_drain_timeout = 3s;
    });
    auto& counters = server.app->counters();
    const auto link = create_workshop(server.port(), "Hele byens plan 🏙️");
    ws_client host(server.port());
    host.host(link);
    host.expect("snapshot");
    const auto group = open_group(host, "Alt om alt");
    fill(host, group, 1000);
    // One joiner reads its snapshot: its size, past the live queue bound (4 MiB).
    std::size_t snapshot_bytes = 0;
    {
        raw_ws reader(server.port());
        REQUIRE(reader.write(host_hello(link)));
        raw_frame frame;
        while (snapshot_bytes == 0 && reader.next(frame, 60s)) {
            INFO("frame " << frame.opcode << " " << frame.payload.substr(0, 200));
            REQUIRE(frame.opcode == 1);
            if (json::parse(frame.payload)["type"] == "snapshot") snapshot_bytes = frame.payload.size();
        }
    }
    REQUIRE(snapshot_bytes > std::size_t{4} << 20);
    const int let_through = static_cast<int>(std::max<std::size_t>(1, address_bound / snapshot_bytes));
    INFO("a snapshot of " << (snapshot_bytes >> 10) << " KiB; " << let_through << " let through");

    // Forty hellos at one seq, never read (a 4 KiB receive buffer), until those let through are dropped.
    std::vector<std::unique_ptr<raw_ws>> idle;
    const auto dropped_before = counters.slow_consumers_closed.load();
    bool dropped = false;
    const std::size_t grown = peak_growth_bytes([&] {
        for (int i = 0; i < joiners; ++i) {
            idle.push_back(std::make_unique<raw_ws>(server.port(), 4096));
            REQUIRE(idle.back()->write(host_hello(link)));
        }
        dropped = wait_until([&] { return counters.slow_consumers_closed.load() - dropped_before >= std::uint64_t(let_through); },
                             20s);
    });
    INFO("peak memory grew by " << (grown >> 10) << " KiB for " << joiners << " joiners");
    CHECK(dropped);
    CHECK(grown < 4 * snapshot_bytes);

    int told_to_retry = 0, cut_off = 0;
    for (auto& client : idle) {
        bool welcome = false;
        const int code = ending(*client, welcome);
        CHECK(welcome);
        told_to_retry += code == 1013 ? 1 : 0;
        cut_off += code == -1 ? 1 : 0;
    }
    CHECK(told_to_retry == joiners - let_through);
    CHECK(cut_off == let_through);

    // Their places are free again: a joiner who reads gets the whole snapshot, while the
    // workshop goes on (a note added while most of the snapshot still waits in the server).
    raw_ws later(server.port(), 4096);
    REQUIRE(later.write(host_hello(link)));
    raw_frame first;
    REQUIRE(later.next(first));
    REQUIRE(json::parse(first.payload)["type"] == "welcome");
    const auto ack = host.must({{"type", "note.add"}, {"group", group}, {"text", "Mens du læste 📖"}});
    bool snapshot = false, event = false;
    raw_frame frame;
    while (!(snapshot && event) && later.next(frame, 60s)) {
        REQUIRE(frame.opcode == 1);
        const auto message = json::parse(frame.payload);
        if (message["type"] == "snapshot") snapshot = message["seq"] == ack["seq"].get<std::uint64_t>() - 1;
        if (message["type"] == "events") event = message["events"].back()["seq"] == ack["seq"];
    }
    CHECK(snapshot);
    CHECK(event);
}
