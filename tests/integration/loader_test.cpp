// Cold workshops are loaded by the loader, off the I/O threads: joiners who arrive together wait
// on one load, a snapshot that does not decode costs a replay rather than the workshop, and the
// exports of a cold workshop open it the same way.
#include <catch2/catch.hpp>

#include <future>
#include <memory>
#include <vector>

#include "storage/event_store.hpp"
#include "tests/integration/test_client.hpp"

using namespace samling::test;

namespace {

/** A workshop made on a server that is then stopped: cold on the next start. */
struct cold_workshop {
    workshop_link link;
    std::uint64_t seq = 0;
    std::string title;
};

cold_workshop make_cold(const std::string& db, int renames) {
    cold_workshop made;
    running_server server(db);
    made.link = create_workshop(server.port());
    ws_client host(server.port());
    host.host(made.link);
    for (int i = 0; i < renames; ++i) {
        made.title = "Fjordbyens fremtid " + std::to_string(i) + " 🌊";
        made.seq = host.must({{"type", "workshop.rename"}, {"title", made.title}})["seq"].get<std::uint64_t>();
    }
    return made;
}

}  // namespace

TEST_CASE("twenty joiners of a cold workshop arriving together wait on one load, and all are welcomed",
          "[integration][loader]") {
    temp_dir dir;
    const auto made = make_cold(dir.file("samling.db"), 3);
    running_server server(dir.file("samling.db"));
    CHECK(server.app->counters().workshops_loaded.load() == 0);
    std::vector<std::unique_ptr<ws_client>> joiners;
    for (int i = 0; i < 20; ++i) joiners.push_back(std::make_unique<ws_client>(server.port()));
    // Every hello goes out before any welcome is read.
    for (int i = 0; i < 20; ++i) {
        joiners[i]->send({{"type", "hello"}, {"protocol", 1}, {"workshop", made.link.id},
                          {"join_code", made.link.join_code}, {"name", "Åsa " + std::to_string(i)}});
    }
    for (auto& joiner : joiners) {
        const auto welcome = joiner->expect("welcome");
        CHECK(welcome["seq"].get<std::uint64_t>() >= made.seq);
        const auto snapshot = joiner->expect("snapshot");
        CHECK(snapshot["workshop"]["title"] == made.title);
    }
    CHECK(server.app->counters().workshops_loaded.load() == 1);
    // A workshop that does not exist is answered as ever.
    ws_client stranger(server.port());
    stranger.send({{"type", "hello"}, {"protocol", 1}, {"workshop", "no-such-workshop"}, {"join_code", "x"},
                   {"name", "Per"}});
    CHECK(stranger.expect("error")["code"] == "bad_credentials");
    CHECK(server.app->counters().workshops_loaded.load() == 1);
}

TEST_CASE("a workshop whose snapshot does not decode opens by replaying its log", "[integration][loader]") {
    temp_dir dir;
    const auto made = make_cold(dir.file("samling.db"), 4);
    {
        // The latest snapshot is garbage; the log is intact.
        samling::storage::event_store store(samling::storage::store_options{dir.file("samling.db")});
        samling::storage::write_batch batch;
        batch.workshop = made.link.id;
        batch.snapshot = samling::storage::snapshot_record{made.seq, "{\"seq\": \"not a state"};
        std::promise<bool> stored;
        store.submit(std::move(batch), [&](const samling::storage::write_result& r) { stored.set_value(r.ok); });
        REQUIRE(stored.get_future().get());
        auto kept = store.snapshot(made.link.id);
        REQUIRE(kept);
        REQUIRE(kept->seq == made.seq);
    }
    running_server server(dir.file("samling.db"));
    ws_client host(server.port());
    const auto welcome = host.host(made.link);
    CHECK(welcome["seq"] == made.seq);
    const auto snapshot = host.expect("snapshot");
    CHECK(snapshot["workshop"]["title"] == made.title);
    CHECK(snapshot["workshop"]["seq"] == made.seq);
    // It goes on from there: the next change takes the next seq.
    CHECK(host.must({{"type", "workshop.rename"}, {"title", "Videre"}})["seq"] == made.seq + 1);
    // The exports read it too.
    const auto recap = http_call(server.port(), "GET", "/api/workshops/" + made.link.id + "/export.md", {}, {},
                                 made.link.facilitator_key);
    CHECK(recap.status == 200);
    CHECK(recap.body.find("Videre") != std::string::npos);
}

TEST_CASE("the exports and info of a cold workshop open it once; an unknown one is 404", "[integration][loader]") {
    temp_dir dir;
    const auto made = make_cold(dir.file("samling.db"), 2);
    running_server server(dir.file("samling.db"));
    const auto info = http_call(server.port(), "GET", "/api/workshops/" + made.link.id);
    CHECK(info.status == 200);
    CHECK(info.parsed()["title"] == made.title);
    const auto archive = http_call(server.port(), "GET", "/api/workshops/" + made.link.id + "/export.json", {}, {},
                                   made.link.facilitator_key);
    CHECK(archive.status == 200);
    CHECK(archive.body.find(made.title) != std::string::npos);
    CHECK(http_call(server.port(), "GET", "/api/workshops/" + made.link.id + "/export.json", {}, {}, "wrong-key")
              .status == 401);
    CHECK(server.app->counters().workshops_loaded.load() == 1);
    CHECK(http_call(server.port(), "GET", "/api/workshops/abcdefghijklmnop").status == 404);
}
