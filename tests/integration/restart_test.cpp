// Clients attached while the real server is stopped (SIGTERM) and started again on the same
// port: each is told 1001, reconnects by itself (retrying while nothing listens), resumes with
// its token and last seq, resends what it holds unacknowledged with the same op ids, and all end
// with the same seq, the same notes and the same presence as the server, including a participant
// who did not come back and must no longer show as online.
// SAMLING_RESTART_CYCLES sets the number of restarts (default 2; try 30 by hand).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>
#include <set>
#include <thread>

#include "tests/integration/mirror.hpp"
#include "tests/integration/server_process.hpp"
#include "tests/integration/test_client.hpp"

using namespace samling::test;

namespace {

/** A client that keeps its state across connections and resumes like the browser client does. */
struct resuming_client {
    std::uint16_t port = 0;
    json credentials;  ///< {"resume_token": …} or {"facilitator_key": …}
    std::string name;
    std::string tag;  ///< ASCII, for op ids
    std::uint64_t participant = 0;
    mirror view;
    std::unique_ptr<ws_client> ws;
    std::map<std::string, std::string> unacked;  ///< op → text, to send (again) once connected
    std::map<std::string, std::string> acked;
    std::vector<std::string> problems;           ///< seen on the reconnecting thread
    int op_counter = 0;

    /**
     * Connects (retrying with backoff while the server is away), says hello with the seq it
     * holds, and resends everything unacknowledged. Runs on its own thread: no test macros.
     */
    void reconnect() {
        try {
            for (int attempt = 0;; ++attempt) {
                try {
                    ws = std::make_unique<ws_client>(port);
                    break;
                } catch (const std::exception&) {
                    if (attempt > 2000) throw;
                    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(5 + attempt * 5, 50)));  // backoff
                }
            }
            json hello{{"type", "hello"}, {"protocol", 1}, {"workshop", workshop}, {"last_seq", view.seq}};
            hello.update(credentials);
            ws->send(hello);
            for (;;) {
                auto frame = ws->receive();
                if (!frame) throw std::runtime_error("no welcome");
                if (frame->value("type", "") == "error") throw std::runtime_error(frame->dump());
                view.apply(*frame);
                if (frame->value("type", "") == "welcome") break;
            }
            for (const auto& [op, text] : unacked) ws->send({{"type", "note.add"}, {"op", op}, {"group", group}, {"text", text}});
            while (!unacked.empty()) {
                auto frame = ws->receive();
                if (!frame) throw std::runtime_error("no ack for " + unacked.begin()->first);
                view.apply(*frame);
                take_answer(*frame);
            }
        } catch (const std::exception& e) {
            problems.push_back(name + ": " + e.what());
        }
    }

    void take_answer(const json& frame) {
        auto it = unacked.find(frame.value("op", ""));
        if (it == unacked.end()) return;
        if (frame.value("type", "") != "ack") problems.push_back(name + ": refused " + frame.dump());
        acked.insert(*it);
        unacked.erase(it);
    }

    /** Queues a note and sends it now (its ack is read later). */
    std::string write(const std::string& text) {
        const std::string op = tag + "-" + std::to_string(++op_counter);
        unacked[op] = text;
        ws->send({{"type", "note.add"}, {"op", op}, {"group", group}, {"text", text}});
        return op;
    }

    /** Reads frames until `done` holds; fails the test on a silent connection. */
    void read_until(const std::function<bool()>& done) {
        while (!done()) {
            auto frame = ws->receive();
            REQUIRE(frame);
            view.apply(*frame);
            take_answer(*frame);
        }
    }

    /** Reads until the server closes the connection; returns the close code. */
    int read_until_closed() {
        for (;;) {
            auto frame = ws->receive();
            if (!frame) return ws->close_code();
            view.apply(*frame);
            take_answer(*frame);
        }
    }

    std::string workshop;
    std::uint64_t group = 0;
};

}  // namespace

TEST_CASE("clients attached through a graceful restart reconnect by themselves and converge",
          "[integration][restart]") {
    const char* cycles_env = std::getenv("SAMLING_RESTART_CYCLES");
    const int cycles = cycles_env ? std::atoi(cycles_env) : 2;
    INFO(cycles << " restarts");
    temp_dir dir;
    server_process server(dir.file("samling.db"), free_port());
    server.start();
    const auto port = server.port();
    const auto link = create_workshop(port, "Biblioteket som mødested 📚");
    std::uint64_t group = 0;
    {
        ws_client setup(port);
        setup.host(link);
        setup.expect("snapshot");
        group = open_group(setup, "Åbent om søndagen");
    }

    std::vector<std::unique_ptr<resuming_client>> clients;
    auto add = [&](const std::string& name, json credentials, std::uint64_t participant) {
        auto c = std::make_unique<resuming_client>();
        c->port = port;
        c->name = name;
        c->tag = "c" + std::to_string(clients.size());
        c->credentials = std::move(credentials);
        c->participant = participant;
        c->workshop = link.id;
        c->group = group;
        clients.push_back(std::move(c));
    };
    add("host", {{"facilitator_key", link.facilitator_key}}, 1);
    for (const char* name : {"Ida", "Ole", "Åsa", "Jörn 🚲"}) {
        ws_client joining(port);
        const auto welcome = joining.join(link, name);
        add(name, {{"resume_token", welcome["resume_token"]}}, welcome["participant"]);
    }
    for (auto& c : clients) c->reconnect();
    for (auto& c : clients) REQUIRE(c->problems.empty());

    std::set<std::uint64_t> away;  // participants who did not come back
    for (int cycle = 0; cycle < cycles; ++cycle) {
        INFO("restart " << cycle);
        std::vector<resuming_client*> attached;
        for (auto& c : clients) {
            if (c->ws) attached.push_back(c.get());
        }
        // Everyone writes; the last note of each is still in flight when the server stops.
        for (auto* c : attached) {
            c->write(c->name + " før genstart " + std::to_string(cycle) + " – æøå");
            c->read_until([&] { return c->unacked.empty(); });
            c->write(c->name + " lige før stop " + std::to_string(cycle) + " 🛑");
        }
        server.terminate();
        for (auto* c : attached) CHECK(c->read_until_closed() == 1001);
        CHECK(server.wait() == 0);  // a clean exit, every close handshake done within the grace time
        // While it is down, one participant walks away for good and the others write on.
        if (attached.size() > 2) {
            resuming_client* leaving = attached.back();
            leaving->ws.reset();
            away.insert(leaving->participant);
            attached.pop_back();
        }
        for (auto* c : attached) {
            c->unacked[c->tag + "-offline-" + std::to_string(cycle)] = c->name + " offline " + std::to_string(cycle) + " ✍️";
        }

        // They start reconnecting before the server is back; it comes up on the same port.
        std::vector<std::thread> threads;
        for (auto* c : attached) threads.emplace_back(&resuming_client::reconnect, c);
        server.start();
        for (auto& t : threads) t.join();
        for (auto* c : attached) {
            for (const auto& p : c->problems) FAIL(p);
            CHECK(c->unacked.empty());
        }

        // An event after every resume marks the end of what the resumes brought.
        resuming_client& host = *attached.front();
        host.write("Efter genstart " + std::to_string(cycle) + " 🔁");
        host.read_until([&] { return host.unacked.empty(); });
        const auto truth = server_view(port, link);
        const auto seq = truth.seq;
        std::set<std::uint64_t> expected_online;
        for (auto* c : attached) expected_online.insert(c->participant);
        auto archive = http_call(port, "GET", "/api/workshops/" + link.id + "/export.json?key=" + link.facilitator_key);
        REQUIRE(archive.status == 200);
        std::map<std::uint64_t, std::string> stored;
        const json saved = archive.parsed();
        for (const auto& note : saved["state"]["notes"]) stored[note["id"]] = note["text"];
        CHECK(truth.notes == stored);
        CHECK(truth.online == expected_online);
        for (auto* c : attached) {
            INFO(c->name);
            c->read_until([&] { return c->view.seq >= seq; });
            CHECK(c->view.faults.empty());
            CHECK(c->view.seq == seq);
            CHECK(c->view.notes == stored);
            CHECK(c->view.online == expected_online);
            for (auto id : away) CHECK(c->view.online.count(id) == 0);
            CHECK(c->view == attached.front()->view);
        }
        // Every acknowledged note is stored once.
        std::multiset<std::string> texts;
        for (const auto& [id, text] : stored) texts.insert(text);
        for (auto& c : clients) {
            for (const auto& [op, text] : c->acked) CHECK(texts.count(text) == 1);
        }
    }
}
