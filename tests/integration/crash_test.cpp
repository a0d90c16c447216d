// kill -9 at random moments while clients write: afterwards every acknowledged note is stored
// exactly once, every unacknowledged one at most once, and the database is intact.
// SAMLING_CRASH_CYCLES sets the number of kill/restart cycles (default 6; try 200 by hand).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "storage/sqlite_store.hpp"
#include "tests/integration/server_process.hpp"
#include "tests/integration/test_client.hpp"

using namespace samling::test;
namespace srv = samling::server;

namespace {

/** What every writer knows about its own operations. */
struct ledger {
    std::mutex mutex;
    std::map<std::string, std::string> acked;    ///< op id → note text
    std::map<std::string, std::string> pending;  ///< sent, no ack seen before the crash
    std::vector<std::string> refused;            ///< answers that should never come
};

/**
 * Writes notes one after another (each waiting for its ack) until the connection dies. Runs on
 * its own thread, so it uses no test macros: the server may die at any moment, the hello too.
 */
void write_until_crash(std::uint16_t port, const workshop_link& link, const std::string& token, std::uint64_t group,
                       const std::string& who, int cycle, ledger& book, bool resend_pending) {
    try {
        ws_client client(port);
        client.send({{"type", "hello"}, {"protocol", 1}, {"workshop", link.id}, {"resume_token", token}, {"last_seq", 0}});
        for (;;) {
            auto frame = client.receive(std::chrono::seconds(10));
            if (!frame) return;  // the server is gone
            if (frame->value("type", "") == "welcome") break;
        }
        std::vector<std::pair<std::string, std::string>> work;
        if (resend_pending) {
            std::lock_guard lock(book.mutex);
            for (const auto& [op, text] : book.pending) {
                if (op.rfind(who + "-", 0) == 0) work.emplace_back(op, text);
            }
        }
        for (int i = 0;; ++i) {
            std::string op, text;
            if (!work.empty()) {
                std::tie(op, text) = work.back();
                work.pop_back();
            } else {
                op = who + "-" + std::to_string(cycle) + "-" + std::to_string(i);
                text = "note " + op;
            }
            {
                std::lock_guard lock(book.mutex);
                book.pending[op] = text;
            }
            const json note{{"type", "note.add"}, {"op", op}, {"group", group}, {"text", text}};
            client.send(note);
            for (;;) {
                auto frame = client.receive(std::chrono::seconds(10));
                if (!frame) return;  // the server is gone
                if (frame->value("type", "") == "ack" && frame->value("op", "") == op) break;
                if (frame->value("type", "") == "error" && frame->value("op", "") == op &&
                    frame->value("code", "") == "rate_limited") {
                    // Faster than one participant may write: dropped, not stored. As the protocol
                    // asks of every client, wait a moment and send the same op again.
                    std::this_thread::sleep_for(std::chrono::milliseconds(100));
                    client.send(note);
                    continue;
                }
                if (frame->value("type", "") == "error" && frame->value("op", "") == op) {
                    std::lock_guard lock(book.mutex);
                    book.refused.push_back(frame->dump());
                    return;
                }
            }
            std::lock_guard lock(book.mutex);
            book.pending.erase(op);
            book.acked[op] = text;
        }
    } catch (const std::exception&) {
        // Connecting or writing failed: the server died meanwhile.
    }
}

}  // namespace

TEST_CASE("kill -9 at random moments loses no acknowledged note and doubles none", "[integration][crash]") {
    const char* cycles_env = std::getenv("SAMLING_CRASH_CYCLES");
    const int cycles = cycles_env ? std::atoi(cycles_env) : 6;
    const auto seed = static_cast<unsigned>(std::random_device{}());
    INFO("seed " << seed << ", " << cycles << " cycles");
    std::mt19937 random(seed);
    temp_dir dir;
    const std::string db = dir.file("samling.db");
    const std::uint16_t port = free_port();
    server_process server(db, port);
    server.start();

    const auto link = create_workshop(port);
    std::uint64_t group = 0;
    std::vector<std::string> tokens;
    {
        ws_client host(port);
        host.host(link);
        host.expect("snapshot");
        group = open_group(host);
        for (const char* name : {"Åse", "Bo", "Çelik"}) {
            ws_client person(port);
            tokens.push_back(person.join(link, name)["resume_token"]);
        }
    }
    ledger book;
    for (int cycle = 0; cycle < cycles; ++cycle) {
        std::vector<std::thread> writers;
        for (std::size_t w = 0; w < tokens.size(); ++w) {
            writers.emplace_back(write_until_crash, port, link, tokens[w], group, "w" + std::to_string(w), cycle,
                                 std::ref(book), cycle % 2 == 1);
        }
        // Fault injection at a random moment, not a wait for an event.
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(50, 400)(random)));
        server.kill_hard();
        for (auto& t : writers) t.join();
        server.start();
    }

    for (const auto& answer : book.refused) FAIL("refused: " << answer);
    // What the log holds now, read through a fresh server.
    auto archive = http_call(port, "GET", "/api/workshops/" + link.id + "/export.json?key=" + link.facilitator_key);
    REQUIRE(archive.status == 200);
    std::map<std::string, int> stored;
    const json saved = archive.parsed();
    for (const auto& note : saved["state"]["notes"]) ++stored[note["text"].get<std::string>()];
    INFO(book.acked.size() << " acknowledged, " << book.pending.size() << " unacknowledged, " << stored.size()
                           << " stored");
    CHECK(book.acked.size() > static_cast<std::size_t>(cycles));
    for (const auto& [op, text] : book.acked) {
        INFO(text);
        CHECK(stored[text] == 1);
    }
    for (const auto& [op, text] : book.pending) {
        INFO(text);
        CHECK(stored[text] <= 1);
    }
    server.stop();
    samling::storage::sqlite_store store(samling::storage::store_options{db});
    CHECK(store.integrity_ok());
}
