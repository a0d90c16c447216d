// One participant reads a few KB a second through a tiny receive buffer while the workshop is
// busy. Once its send queue passes the bound (the default, 4 MiB) it is closed with 4001, and
// nobody else is; everyone else receives every event, in order. Memory: after the close, a
// second busy stretch adds almost nothing to the peak (the server runs in this process, so its
// peak RSS is read from /proc/self; under a sanitizer, the peak of live heap bytes), where a
// queue without a bound would hold all of it. The
// command rate limit is raised (it is not under test here) so that two writers can make a busy
// workshop quickly; the write queue bounds are the defaults.
// SAMLING_SLOW_CONSUMER_MIB sets how much the workshop writes in the measured stretch
// (default 8; try 500 by hand).
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <functional>
#include <map>
#include <thread>

#include "server/limits.hpp"
#include "tests/integration/memory_probe.hpp"
#include "tests/integration/mirror.hpp"
#include "tests/integration/raw_ws.hpp"
#include "tests/integration/server_process.hpp"
#include "tests/integration/test_client.hpp"

using namespace samling::test;
using namespace std::chrono_literals;

namespace {

/** A note of nearly the longest text (2000 characters, about 4.4 KB of UTF-8), new each time. */
std::string long_text(std::size_t n) {
    std::string text = std::to_string(n) + " ";
    const char* pieces[] = {"🌊", "å", "ø", "😀", " ", "Kaj", "🪑"};
    std::size_t chars = text.size();
    for (std::size_t i = 0; chars < 1990; ++i) {
        const std::string piece = pieces[i % 7];
        text += piece;
        for (unsigned char c : piece) chars += (c & 0xC0) != 0x80 ? 1 : 0;
    }
    return text;
}

struct writer_result {
    mirror view;
    std::vector<std::string> added;  ///< short notes it wrote, in the order they were acknowledged
    std::vector<std::string> problems;
};

/**
 * On its own thread: keeps `window` commands in flight, editing its long note over and over
 * and adding a short one every twentieth time, until `budget` bytes have been written in all.
 */
void keep_busy(ws_client& client, std::uint64_t group, std::uint64_t note, const std::string& who,
               std::atomic<std::size_t>& budget, writer_result& out) {
    constexpr std::size_t window = 64;
    std::map<std::string, std::string> in_flight;  // op → short note text, or "" for an edit
    std::size_t n = 0;
    try {
        for (;;) {
            while (in_flight.size() < window && budget.load() > 0) {
                json body;
                std::string short_text;
                if (n % 20 == 19) {
                    short_text = who + " kort notat " + std::to_string(n) + " ✔️";
                    body = {{"type", "note.add"}, {"group", group}, {"text", short_text}};
                } else {
                    body = {{"type", "note.edit"}, {"note", note}, {"text", long_text(n)}};
                }
                ++n;
                const auto size = body.dump().size();
                budget.fetch_sub(std::min(size, budget.load()));
                in_flight[client.command(body)] = short_text;
            }
            if (in_flight.empty()) return;
            auto frame = client.receive();
            if (!frame) {
                out.problems.push_back(who + ": no answer");
                return;
            }
            out.view.apply(*frame);
            auto it = in_flight.find(frame->value("op", ""));
            if (it == in_flight.end()) continue;
            if (frame->value("type", "") != "ack") out.problems.push_back(who + ": " + frame->dump());
            if (!it->second.empty()) out.added.push_back(it->second);
            in_flight.erase(it);
        }
    } catch (const std::exception& e) {
        out.problems.push_back(who + ": " + e.what());
    }
}

}  // namespace

TEST_CASE("a slow reader in a busy workshop is closed with 4001 and costs bounded memory",
          "[integration][limits][slow]") {
    // The first half must pass the queue bound (4 MiB) and what the kernel buffers on both
    // sides of the slow socket (a few MiB); the second half is the one measured.
    constexpr std::size_t first_half = std::size_t{16} << 20;
    const char* mib_env = std::getenv("SAMLING_SLOW_CONSUMER_MIB");
    const std::size_t measured = (mib_env ? std::strtoull(mib_env, nullptr, 10) : 8) << 20;
    const std::size_t traffic = first_half + measured;
    temp_dir dir;
    running_server server(dir.file("samling.db"), [](auto& c) {
        c.connection.commands_per_second = 1e6;
        c.connection.command_burst = 1e6;
        c.admission.participant_commands_per_second = 1e9;
        c.admission.participant_command_burst = 1e9;
        // The close waits behind what the kernel holds for the slow reader; however long the
        // busy phases take on a loaded machine, it is still there when the reader hurries.
        c.connection.ws_close_timeout = 10min;
        c.connection.ws_idle_timeout = 10min;
    });
    auto& counters = server.app->counters();
    const auto link = create_workshop(server.port(), "Torvet om lørdagen 🧺");
    std::uint64_t group = 0;
    {
        ws_client host(server.port());
        host.host(link);
        host.expect("snapshot");
        group = open_group(host, "Boder og bænke");
    }

    // Two writers, each with a long note to rewrite; one participant who reads at full speed.
    std::vector<std::unique_ptr<ws_client>> writers;
    std::vector<std::uint64_t> notes;
    std::vector<writer_result> results(2);
    for (const char* name : {"Åsmund", "Märit"}) {
        auto& w = writers.emplace_back(std::make_unique<ws_client>(server.port()));
        w->send({{"type", "hello"}, {"protocol", 1}, {"workshop", link.id}, {"join_code", link.join_code},
                 {"name", name}, {"last_seq", 0}});
        w->expect("welcome");
        results[writers.size() - 1].view.apply(w->expect("snapshot"));
    }
    for (std::size_t i = 0; i < writers.size(); ++i) {
        const auto text = "Lang note " + std::to_string(i);
        notes.push_back(must_into(*writers[i], results[i].view, {{"type", "note.add"}, {"group", group}, {"text", text}})["id"]);
    }
    ws_client reader(server.port());
    mirror reader_view;
    reader.send({{"type", "hello"}, {"protocol", 1}, {"workshop", link.id}, {"join_code", link.join_code},
                 {"name", "Rask Rune"}, {"role", "observer"}, {"last_seq", 0}});
    reader.expect("welcome");
    reader_view.apply(reader.expect("snapshot"));

    // The slow one: a 4 KiB receive buffer, a kilobyte every quarter of a second.
    raw_ws slow(server.port(), 4096);
    if (std::getenv("NO_SLOW") == nullptr) slow.write(raw_ws::frame(json{{"type", "hello"}, {"protocol", 1}, {"workshop", link.id},
                                  {"join_code", link.join_code}, {"name", "Sindige Sigrid 🐌"},
                                  {"last_seq", 0}}.dump()));
    mirror slow_view;
    std::atomic<bool> hurry{false};
    int slow_close = 0;
    std::vector<std::string> slow_problems;
    std::atomic<std::size_t> budget{traffic};
    std::atomic<std::uint64_t> last{0};
    std::thread dawdle, follow;
    std::vector<std::thread> busy;  // the writers' threads of the current phase
    // However the test ends, every thread stops before what it uses goes.
    struct stopper {
        std::function<void()> run;
        ~stopper() { run(); }
    } stop_threads{[&] {
        budget = 0;
        for (auto& t : busy) {
            if (t.joinable()) t.join();
        }
        slow.shutdown();
        if (dawdle.joinable()) dawdle.join();
        if (last == 0) last = ~std::uint64_t{0};
        if (follow.joinable()) follow.join();
    }};

    dawdle = std::thread([&] {
        try {
            for (;;) {
                if (!hurry.load()) {
                    if (slow.read_some(1024, 250ms) < 0) break;
                    std::this_thread::sleep_for(250ms);  // the slow network, not a wait for anything
                } else {
                    if (slow.read_some(64 * 1024, 10s) <= 0) break;
                }
                bool closed = false;
                while (!slow.frames.empty()) {
                    auto frame = std::move(slow.frames.front());
                    slow.frames.pop_front();
                    if (frame.opcode == 8) {
                        slow_close = frame.close_code();
                        closed = true;
                        break;
                    }
                    if (frame.opcode == 1) slow_view.apply(json::parse(frame.payload));
                }
                if (closed) break;
            }
        } catch (const std::exception& e) {
            slow_problems.push_back(e.what());
        }
    });

    follow = std::thread([&] {
        // The reader at full speed, until it holds the last event.
        for (;;) {
            auto frame = reader.receive(10s);
            if (!frame) return;
            reader_view.apply(*frame);
            if (last.load() != 0 && reader_view.seq >= last.load()) return;
        }
    });
    auto busy_phase = [&](const std::string& phase, std::size_t bytes) {
        budget = bytes;
        busy.clear();
        for (std::size_t i = 0; i < writers.size(); ++i) {
            busy.emplace_back(keep_busy, std::ref(*writers[i]), group, notes[i], "w" + std::to_string(i) + phase,
                              std::ref(budget), std::ref(results[i]));
        }
        for (auto& t : busy) t.join();
    };
    // The first half: the slow reader falls behind and is closed.
    busy_phase("a", first_half);
    CHECK(counters.slow_consumers_closed.load() == 1);
    // The second half is measured: with the slow reader's queue bounded, it adds about nothing
    // (an unbounded queue would hold all of it, as it holds nothing else).
    const std::size_t grown = peak_growth_bytes([&] { busy_phase("b", measured); });
    // Every command is acknowledged, so nothing is in flight. One more note marks the end for
    // the reader: its seq is known before it exists, so the reader cannot miss it.
    const std::uint64_t seq = 1 + server_view(server.port(), link).seq;
    last = seq;
    REQUIRE(must_into(*writers[0], results[0].view, {{"type", "note.add"}, {"group", group}, {"text", "Slut for i dag 🌙"}})["seq"] == seq);
    follow.join();
    read_until_seq(*writers[1], results[1].view, seq);

    // Nobody else was closed. The slow reader may now read what is left: the close, 4001.
    INFO("the reader holds seq " << reader_view.seq << " of " << seq);
    CHECK(counters.slow_consumers_closed.load() == 1);
    hurry = true;
    dawdle.join();
    for (const auto& p : slow_problems) FAIL(p);
    CHECK(slow_close == 4001);
    CHECK(slow_view.faults.empty());
    INFO("received by the slow reader: " << slow.bytes_read << " bytes");
    CHECK(slow.bytes_read < traffic / 4);

    INFO("second half: peak memory grew by " << (grown >> 10) << " KiB for " << (measured >> 10) << " KiB of traffic");
    CHECK(grown < measured / 2);

    // Everyone else has every event, in order, and every short note.
    for (auto& r : results) {
        for (const auto& p : r.problems) FAIL(p);
    }
    // What is stored, as the host's snapshot gives it.
    ws_client host(server.port());
    host.host(link);
    const auto saved = host.expect("snapshot");
    std::map<std::uint64_t, std::string> stored;
    std::vector<std::string> stored_added;
    for (const auto& note : saved["workshop"]["notes"]) {
        stored[note["id"]] = note["text"];
        stored_added.push_back(note["text"]);
    }
    REQUIRE(saved["seq"] == seq);
    std::vector<const mirror*> views{&reader_view};
    for (const auto& r : results) views.push_back(&r.view);
    for (const auto* view : views) {
        CHECK(view->faults.empty());
        CHECK(view->seq == seq);
        CHECK(view->notes == stored);
    }
    CHECK(reader_view.added == std::vector<std::string>(stored_added.begin() + 2, stored_added.end()));
    for (auto& r : results) {
        for (const auto& text : r.added) CHECK(std::count(reader_view.added.begin(), reader_view.added.end(), text) == 1);
    }
    // Nobody else was closed, and the server still answers a newcomer.
    ws_client later(server.port());
    later.join(link, "Sen Sofie");
    later.send({{"type", "ping"}});
    later.expect("pong");
}
