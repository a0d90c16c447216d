// A full disk under the real server. The binary runs with tests/integration/full_disk_shim.cpp
// preloaded, which makes writes to the database's folder fail with ENOSPC while a flag file
// exists; removing it gives the space back to the same process, so recovery needs no restart.
// Writers keep several notes in flight when the disk fills, so some commits succeed and some fail
// around the moment it does. Every command must then get exactly one answer (ack or
// storage_failed with the disk-full message), every ack must be in the database, nothing refused
// may appear anywhere, readers and returning participants must be served throughout, and the
// refused notes, sent again with the same op ids, must be stored once the space is back.
// SAMLING_DISK_FULL_CYCLES sets how often the disk fills and frees (default 2; try 50 by hand).
#include <catch2/catch.hpp>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "storage/sqlite_store.hpp"
#include "tests/integration/mirror.hpp"
#include "tests/integration/server_process.hpp"
#include "tests/integration/test_client.hpp"

using namespace samling::test;
namespace fs = std::filesystem;

namespace {

constexpr const char* disk_full_words = "disk is full";

struct writer {
    std::string name;
    std::string token;
    std::uint64_t participant = 0;
    std::unique_ptr<ws_client> client;
    std::map<std::string, std::string> acked;      ///< op → text
    std::map<std::string, std::string> refused;    ///< op → text, refused and not yet stored
    std::map<std::string, std::string> abandoned;  ///< refused and never sent again
    std::vector<std::string> problems;             ///< what the writer's thread saw and should not have
    int next = 0;
};

/** Counts acknowledgements across the writers' threads. */
struct ack_counter {
    std::mutex mutex;
    std::condition_variable changed;
    int acks = 0;
    void add() {
        std::lock_guard lock(mutex);
        ++acks;
        changed.notify_all();
    }
};

bool is_disk_full_error(const json& frame) {
    return frame.value("type", "") == "error" && frame.value("code", "") == "storage_failed" &&
           frame.value("message", "").find(disk_full_words) != std::string::npos;
}

/**
 * On the writer's thread: keeps `window` notes in flight until the first storage_failed, then
 * collects the answers of those still in flight. Uses no test macros (they are not thread-safe).
 */
void write_until_refused(writer& w, std::uint64_t group, int cycle, ack_counter& counter) {
    constexpr std::size_t window = 4;
    constexpr int most = 40;  // a fresh connection's burst is 60 frames: no rate limit here
    std::map<std::string, std::string> in_flight;
    bool refused = false;
    int sent = 0;
    try {
        for (;;) {
            while (!refused && in_flight.size() < window && sent < most) {
                const std::string op = w.name + "-" + std::to_string(cycle) + "-" + std::to_string(w.next++);
                const std::string text = w.name + " skriver notat " + op + " – æøå 🌊";
                w.client->send({{"type", "note.add"}, {"op", op}, {"group", group}, {"text", text}});
                in_flight[op] = text;
                ++sent;
            }
            if (in_flight.empty()) return;
            auto frame = w.client->receive();
            if (!frame) {
                w.problems.push_back("no answer for " + in_flight.begin()->first);
                return;
            }
            auto it = in_flight.find(frame->value("op", ""));
            if (it == in_flight.end()) continue;  // events, presence
            if (frame->value("type", "") == "ack") {
                if (frame->value("duplicate", false)) w.problems.push_back("duplicate ack for a new op " + it->first);
                w.acked.insert(*it);
                counter.add();
            } else if (is_disk_full_error(*frame)) {
                w.refused.insert(*it);
                refused = true;
            } else {
                w.problems.push_back("unexpected answer " + frame->dump());
            }
            in_flight.erase(it);
        }
    } catch (const std::exception& e) {
        w.problems.push_back(std::string("connection failed: ") + e.what());
    }
}

/** Sends `body` with op id `op` and returns the answer to it (ack or error). */
json answer_to(ws_client& client, json body, const std::string& op) {
    body["op"] = op;
    client.send(body);
    for (;;) {
        auto frame = client.receive();
        REQUIRE(frame);
        if (frame->value("op", "") == op) return *frame;
    }
}

/** Reads `client`'s frames into `view` until `done` holds (or fails the test on a silent connection). */
void read_until(ws_client& client, mirror& view, const std::function<bool(const json&)>& done) {
    for (;;) {
        auto frame = client.receive();
        REQUIRE(frame);
        view.apply(*frame);
        if (done(*frame)) return;
    }
}

std::uint64_t server_seq(std::uint16_t port, const std::string& id) {
    auto reply = http_call(port, "GET", "/api/workshops/" + id);
    REQUIRE(reply.status == 200);
    return reply.parsed()["seq"];
}

std::multiset<std::string> texts_of(const std::map<std::uint64_t, std::string>& notes) {
    std::multiset<std::string> out;
    for (const auto& [id, text] : notes) out.insert(text);
    return out;
}

}  // namespace

TEST_CASE("a full disk under the real server: clear errors, no false acks, served throughout, recovery in place",
          "[integration][disk]") {
    const char* cycles_env = std::getenv("SAMLING_DISK_FULL_CYCLES");
    const int cycles = cycles_env ? std::atoi(cycles_env) : 2;
    const auto seed = static_cast<unsigned>(std::random_device{}());
    INFO("seed " << seed << ", " << cycles << " cycles");
    std::mt19937 random(seed);

    temp_dir dir;
    const fs::path data = fs::canonical(dir.path) / "data";
    fs::create_directories(data);
    const fs::path flag = dir.path / "disk-is-full";
    const std::string db = (data / "samling.db").string();
    const char* asan = std::getenv("ASAN_OPTIONS");
    server_process server(db, free_port(),
                          {std::string("LD_PRELOAD=") + SAMLING_FULL_DISK_SHIM, "SAMLING_FULL_DISK_DIR=" + data.string(),
                           "SAMLING_FULL_DISK_FLAG=" + flag.string(),
                           // A sanitized build wants its runtime first; the shim comes before it.
                           std::string("ASAN_OPTIONS=") + (asan ? std::string(asan) + ":" : "") +
                               "verify_asan_link_order=0"});
    server.start();
    const auto port = server.port();
    auto fill_disk = [&] { std::ofstream(flag) << "full\n"; };
    auto free_disk = [&] { fs::remove(flag); };

    const auto link = create_workshop(port, "Skolegården 2030 🏫");
    std::uint64_t group = 0;
    {
        ws_client host(port);
        host.host(link);
        host.expect("snapshot");
        group = open_group(host, "Mere grønt, mindre asfalt");
    }

    std::vector<writer> writers(3);
    const char* names[] = {"Åse", "Øystein", "Märta"};
    for (std::size_t i = 0; i < writers.size(); ++i) {
        ws_client joining(port);
        const auto welcome = joining.join(link, names[i]);
        writers[i].name = "w" + std::to_string(i);
        writers[i].token = welcome["resume_token"];
        writers[i].participant = welcome["participant"];
    }
    auto observer_connection = std::make_unique<ws_client>(port);
    ws_client& observer = *observer_connection;
    mirror seen;  // what a participant who only reads sees, all day long
    observer.send({{"type", "hello"}, {"protocol", 1}, {"workshop", link.id}, {"join_code", link.join_code},
                   {"name", "Kalle kigger"}, {"role", "observer"}, {"last_seq", 0}});
    read_until(observer, seen, [](const json& f) { return f.value("type", "") == "snapshot"; });

    for (int cycle = 0; cycle < cycles; ++cycle) {
        INFO("cycle " << cycle);
        // Every writer comes back on a fresh connection (a fresh rate-limit budget).
        for (auto& w : writers) {
            w.client = std::make_unique<ws_client>(port);
            w.client->resume(link, w.token, 0);
            w.client->expect("snapshot");
        }
        // 1. They write; after a few acks the disk fills while notes are in flight.
        ack_counter counter;
        const int fill_after = std::uniform_int_distribution<int>(1, 12)(random);
        std::vector<std::thread> threads;
        for (auto& w : writers) threads.emplace_back(write_until_refused, std::ref(w), group, cycle, std::ref(counter));
        {
            std::unique_lock lock(counter.mutex);
            counter.changed.wait(lock, [&] { return counter.acks >= fill_after; });
        }
        fill_disk();
        for (auto& t : threads) t.join();
        for (auto& w : writers) {
            INFO(w.name);
            CHECK(w.problems.empty());
            for (const auto& p : w.problems) UNSCOPED_INFO(p);
            CHECK_FALSE(w.refused.empty());
        }

        // 2. While the disk is full: the server is up and serves what is stored.
        observer.send({{"type", "ping"}});
        read_until(observer, seen, [](const json& f) { return f.value("type", "") == "pong"; });
        CHECK(http_call(port, "GET", "/healthz").status == 200);
        std::multiset<std::string> stored;
        std::uint64_t last_acked_seq = 0;
        for (const auto& w : writers) {
            for (const auto& [op, text] : w.acked) stored.insert(text);
        }
        {
            // Someone coming back gets a snapshot, holding exactly the acknowledged notes.
            ws_client returning(port);
            returning.resume(link, writers[1].token, 0);
            mirror fresh;
            fresh.apply(returning.expect("snapshot"));
            CHECK(texts_of(fresh.notes) == stored);
            last_acked_seq = fresh.seq;
        }
        // The public summary says the same (it follows commits on its own schedule).
        CHECK(wait_until([&] { return server_seq(port, link.id) == last_acked_seq; }));
        // A refused note sent again is refused again, clearly.
        auto& first = writers[0];
        const auto again = answer_to(*first.client,
                                     {{"type", "note.add"}, {"group", group}, {"text", first.refused.begin()->second}},
                                     first.refused.begin()->first);
        CHECK(is_disk_full_error(again));
        // A newcomer cannot join (that needs a write), and is told why; the connection stays open.
        ws_client newcomer(port);
        newcomer.send({{"type", "hello"}, {"protocol", 1}, {"workshop", link.id}, {"join_code", link.join_code},
                       {"name", "Ny " + std::to_string(cycle)}, {"last_seq", 0}});
        const auto refused_hello = newcomer.expect("error");
        CHECK(refused_hello["code"] == "storage_failed");
        CHECK_THAT(refused_hello["message"].get<std::string>(), Catch::Contains(disk_full_words));
        // Creating a workshop needs a write too: 503 with the same code.
        auto created = http_call(port, "POST", "/api/workshops", R"({"title":"Ikke nu"})");
        CHECK(created.status == 503);
        CHECK(created.parsed()["error"]["code"] == "storage_failed");

        // 3. Space comes back; the same process stores again.
        free_disk();
        newcomer.send({{"type", "hello"}, {"protocol", 1}, {"workshop", link.id}, {"join_code", link.join_code},
                       {"name", "Ny " + std::to_string(cycle)}, {"last_seq", 0}});
        newcomer.expect("welcome");
        newcomer.expect("snapshot");
        CHECK(http_call(port, "POST", "/api/workshops", R"({"title":"Nu går det 🎉"})").status == 201);
        for (std::size_t i = 0; i < writers.size(); ++i) {
            auto& w = writers[i];
            // Writer 0 gives up on its last refused note: it must never appear.
            if (i == 0) {
                auto last = std::prev(w.refused.end());
                w.abandoned.insert(*last);
                w.refused.erase(last);
            }
            for (const auto& [op, text] : w.refused) {
                const auto answer = answer_to(*w.client, {{"type", "note.add"}, {"group", group}, {"text", text}}, op);
                CHECK(answer["type"] == "ack");
                CHECK_FALSE(answer.value("duplicate", false));  // it had not been stored
                w.acked.emplace(op, text);
            }
            w.refused.clear();
            for (int n = 0; n < 2; ++n) {
                const std::string op = w.name + "-" + std::to_string(cycle) + "-after-" + std::to_string(n);
                const std::string text = w.name + " igen efter " + op + " ✅";
                CHECK(answer_to(*w.client, {{"type", "note.add"}, {"group", group}, {"text", text}}, op)["type"] == "ack");
                w.acked.emplace(op, text);
            }
        }
        const auto now = server_view(port, link).seq;
        read_until(observer, seen, [&](const json&) { return seen.seq >= now; });
        for (auto& w : writers) w.client.reset();
    }

    // What everyone acknowledged is what the observer saw, once each, and what the log holds.
    std::multiset<std::string> acked, abandoned;
    for (const auto& w : writers) {
        for (const auto& [op, text] : w.acked) acked.insert(text);
        for (const auto& [op, text] : w.abandoned) abandoned.insert(text);
    }
    CHECK(seen.faults.empty());
    CHECK(std::multiset<std::string>(seen.added.begin(), seen.added.end()) == acked);
    CHECK(texts_of(seen.notes) == acked);
    auto archive = http_call(port, "GET", "/api/workshops/" + link.id + "/export.json?key=" + link.facilitator_key);
    REQUIRE(archive.status == 200);
    std::multiset<std::string> exported;
    const json saved = archive.parsed();
    for (const auto& note : saved["state"]["notes"]) exported.insert(note["text"].get<std::string>());
    CHECK(exported == acked);
    for (const auto& text : abandoned) CHECK(exported.count(text) == 0);

    // And in the file itself, once the server has stopped.
    observer_connection.reset();
    CHECK(server.stop() == 0);
    samling::storage::sqlite_store store(samling::storage::store_options{db});
    CHECK(store.integrity_ok());
    const auto events = store.events_after(link.id, 0);
    for (std::size_t i = 0; i < events.size(); ++i) CHECK(events[i].seq == i + 1);
    std::map<std::pair<std::uint64_t, std::string>, int> ops;
    for (const auto& op : store.op_index(link.id)) ++ops[{op.actor, op.op}];
    for (const auto& w : writers) {
        for (const auto& [op, text] : w.acked) CHECK(ops[{w.participant, op}] == 1);
        for (const auto& [op, text] : w.abandoned) CHECK(ops.count({w.participant, op}) == 0);
    }
}
