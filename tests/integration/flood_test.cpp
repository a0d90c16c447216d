// One connection sends note.add as fast as the socket takes them, with the default limits: it
// is answered rate_limited, then closed with 4029, while another participant of the same
// workshop keeps writing (every note acknowledged) and everyone else receives every stored
// note, in order. Nothing refused is stored; every acknowledged flood note is.
// SAMLING_FLOOD_ROUNDS sets how many times the flooder comes back and floods (default 2).
#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "tests/integration/mirror.hpp"
#include "tests/integration/raw_ws.hpp"
#include "tests/integration/test_client.hpp"

using namespace samling::test;
using namespace std::chrono_literals;

namespace {

/** What the flooder's reading thread learns. */
struct flood_watch {
    std::mutex mutex;
    std::condition_variable changed;
    bool throttled = false;  ///< a rate_limited error arrived
    bool closed = false;     ///< the connection ended
    int close_code = 0;
    std::set<std::string> acked;
    int rate_limited = 0;
    std::vector<std::string> problems;
};

void read_flood(raw_ws& socket, flood_watch& watch) {
    try {
        for (;;) {
            raw_frame frame;
            if (!socket.next(frame)) break;
            if (frame.opcode == 8) {
                std::lock_guard lock(watch.mutex);
                watch.close_code = frame.close_code();
                break;
            }
            if (frame.opcode != 1) continue;
            const auto message = json::parse(frame.payload);
            const std::string type = message.value("type", "");
            std::lock_guard lock(watch.mutex);
            if (type == "ack") watch.acked.insert(message["op"].get<std::string>());
            if (type == "error" && message["code"] == "rate_limited") {
                ++watch.rate_limited;
                watch.throttled = true;
                watch.changed.notify_all();
            } else if (type == "error") {
                watch.problems.push_back(message.dump());
            }
        }
    } catch (const std::exception& e) {
        std::lock_guard lock(watch.mutex);
        watch.problems.push_back(e.what());
    }
    std::lock_guard lock(watch.mutex);
    watch.closed = true;
    watch.changed.notify_all();
}

}  // namespace

TEST_CASE("a note.add flood is throttled and closed while the workshop goes on", "[integration][limits][flood]") {
    const char* rounds_env = std::getenv("SAMLING_FLOOD_ROUNDS");
    const int rounds = rounds_env ? std::atoi(rounds_env) : 2;
    INFO(rounds << " rounds");
    temp_dir dir;
    running_server server(dir.file("samling.db"));  // the default limits
    const auto link = create_workshop(server.port(), "Havnebadet 🏊");
    ws_client host(server.port());
    host.host(link);
    host.expect("snapshot");
    const std::uint64_t group = open_group(host, "Åbningstider om vinteren");

    std::string flooder_token;
    {
        ws_client joining(server.port());
        flooder_token = joining.join(link, "Flemming Flod")["resume_token"];
    }
    // Sølvi writes during every round; she comes back on a fresh connection each round (as if
    // her phone reconnected), so that her own rate stays within the limit however many rounds run.
    std::unique_ptr<ws_client> writer;
    mirror writer_view;
    std::string writer_token;
    {
        ws_client joining(server.port());
        writer_token = joining.join(link, "Sølvi")["resume_token"];
    }
    ws_client watcher(server.port());
    mirror watcher_view;
    watcher.send({{"type", "hello"}, {"protocol", 1}, {"workshop", link.id}, {"join_code", link.join_code},
                  {"name", "Vagn ser på"}, {"role", "observer"}, {"last_seq", 0}});
    watcher.expect("welcome");
    watcher_view.apply(watcher.expect("snapshot"));

    std::set<std::string> flood_sent, flood_acked, written;
    int polite = 0;
    auto write_politely = [&](const std::string& when) {
        const std::string text = "Sølvi " + when + " nr. " + std::to_string(++polite) + " – ærlig talt 🙂";
        must_into(*writer, writer_view, {{"type", "note.add"}, {"group", group}, {"text", text}});
        written.insert(text);
    };
    for (int round = 0; round < rounds; ++round) {
        INFO("round " << round);
        raw_ws flooder(server.port());
        flooder.write(raw_ws::frame(json{{"type", "hello"}, {"protocol", 1}, {"workshop", link.id},
                                         {"resume_token", flooder_token}, {"last_seq", 0}}.dump()));
        for (raw_frame frame; ;) {
            REQUIRE(flooder.next(frame));
            if (frame.opcode == 1 && json::parse(frame.payload)["type"] == "welcome") break;
        }
        writer = std::make_unique<ws_client>(server.port());
        writer->send({{"type", "hello"}, {"protocol", 1}, {"workshop", link.id}, {"resume_token", writer_token},
                      {"last_seq", writer_view.seq}});
        for (;;) {
            auto frame = writer->receive();
            REQUIRE(frame);
            writer_view.apply(*frame);
            if (frame->value("type", "") == "welcome") break;
        }
        write_politely("før");

        flood_watch watch;
        std::thread reader(read_flood, std::ref(flooder), std::ref(watch));
        std::atomic<bool> stop{false};
        std::vector<std::string> sent_ops;
        std::thread pump([&] {
            // Batches of 50 frames per write: tens of thousands of commands a second, and at
            // most a million, so that a server that never closes the flooder fails the test.
            for (int n = 0; !stop.load() && n < 1'000'000;) {
                std::string batch;
                for (int i = 0; i < 50; ++i, ++n) {
                    const std::string op = "flood-" + std::to_string(round) + "-" + std::to_string(n);
                    sent_ops.push_back(op);
                    batch += raw_ws::frame(json{{"type", "note.add"}, {"op", op}, {"group", group},
                                                {"text", "Flod " + op + " 🌊"}}.dump());
                }
                if (!flooder.write(batch)) break;
            }
        });
        // However this round ends, the threads stop before the socket goes.
        struct stopper {
            std::function<void()> run;
            ~stopper() { run(); }
        } stop_threads{[&] {
            stop = true;
            if (pump.joinable()) pump.join();
            flooder.shutdown();
            if (reader.joinable()) reader.join();
        }};
        bool throttled = false, closed = false;
        {
            std::unique_lock lock(watch.mutex);
            throttled = watch.changed.wait_for(lock, 30s, [&] { return watch.throttled || watch.closed; });
        }
        // While the flooder is being throttled, the others write and are acknowledged.
        if (throttled) {
            for (int i = 0; i < 3; ++i) write_politely("under");
        }
        {
            std::unique_lock lock(watch.mutex);
            closed = watch.changed.wait_for(lock, 30s, [&] { return watch.closed; });
        }
        stop = true;
        pump.join();
        if (!closed) flooder.shutdown();
        reader.join();
        flooder.answer_close(watch.close_code);
        REQUIRE(throttled);
        REQUIRE(closed);
        for (const auto& p : watch.problems) FAIL(p);
        CHECK(watch.rate_limited > 0);
        CHECK(watch.close_code == 4029);
        write_politely("efter");
        INFO(sent_ops.size() << " sent, " << watch.acked.size() << " acknowledged, " << watch.rate_limited << " rate_limited");
        flood_sent.insert(sent_ops.begin(), sent_ops.end());
        flood_acked.insert(watch.acked.begin(), watch.acked.end());
    }

    // What is stored: every note acknowledged to anyone; flood notes only from those sent.
    auto archive = http_call(server.port(), "GET", "/api/workshops/" + link.id + "/export.json?key=" + link.facilitator_key);
    REQUIRE(archive.status == 200);
    const auto saved = archive.parsed();
    std::set<std::string> stored_texts, stored_flood_ops;
    std::uint64_t seq = saved["state"]["seq"];
    for (const auto& note : saved["state"]["notes"]) stored_texts.insert(note["text"].get<std::string>());
    for (const auto& ev : saved["events"]) {
        const std::string op = ev.value("op", "");
        if (op.rfind("flood-", 0) == 0) stored_flood_ops.insert(op);
    }
    for (const auto& text : written) CHECK(stored_texts.count(text) == 1);
    for (const auto& op : flood_acked) CHECK(stored_flood_ops.count(op) == 1);
    for (const auto& op : stored_flood_ops) CHECK(flood_sent.count(op) == 1);
    // Refused frames are not stored: far fewer flood notes than were sent.
    CHECK(stored_flood_ops.size() < flood_sent.size());
    CHECK(stored_texts.size() == written.size() + stored_flood_ops.size());

    // The other participant and the observer received every stored note, in order, once.
    for (auto* pair : {&writer_view, &watcher_view}) {
        auto& client = pair == &writer_view ? *writer : watcher;
        read_until_seq(client, *pair, seq);
        CHECK(pair->faults.empty());
        CHECK(pair->added.size() == stored_texts.size());
        CHECK(std::set<std::string>(pair->added.begin(), pair->added.end()) == stored_texts);
    }
    CHECK(server.app->counters().rate_limited.load() > 0);
}
