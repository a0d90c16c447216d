// Cold workshops are loaded by the loader, off the I/O threads: joiners who arrive together wait
// on one load, a snapshot that does not decode costs a replay rather than the workshop, and the
// exports of a cold workshop open it the same way.
#include <catch2/catch.hpp>

#include <future>
#include <memory>
#include <vector>

#include "core/decide.hpp"
#include "protocol/messages.hpp"
#include "server/event_records.hpp"
#include "storage/sqlite_store.hpp"
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

/** Writes a workshop of `events` renames and no snapshot straight into `db`: loading it replays them all. */
workshop_link write_long_workshop(const std::string& db, std::uint64_t events) {
    using namespace samling;
    workshop_link link{"longlonglonglong", "long-facilitator-key-2345", "long-join-code-2345"};
    core::workshop_state state;
    storage::write_batch batch;
    batch.workshop = link.id;
    core::time_ms clock = 1'790'000'000'000;
    auto must = [&](core::entity_id actor, core::command cmd) {
        ++clock;
        auto decided = core::decide(state, actor, std::move(cmd), clock, actor == 0 ? "" : "op" + std::to_string(clock));
        auto& ev = std::get<core::event>(decided);
        core::apply(state, ev);
        batch.events.push_back(server::record_of(ev));
    };
    must(0, core::workshop_create{"Lang historie", "", "nb", "Åse"});
    while (state.seq < events) must(core::host_id, core::workshop_rename{"Lang historie " + std::to_string(state.seq)});
    batch.create = storage::workshop_record{link.id, state.title, state.language, clock,
                                            storage::sha256_hex(link.facilitator_key),
                                            storage::sha256_hex(link.join_code), "", 0, "", "", link.join_code};
    storage::sqlite_store store(storage::store_options{db});
    std::promise<bool> stored;
    store.submit(std::move(batch), [&](const storage::write_result& r) { stored.set_value(r.ok); });
    REQUIRE(stored.get_future().get());
    return link;
}

}  // namespace

TEST_CASE("with one I/O thread, a live workshop decides and acknowledges while a long cold one loads",
          "[integration][loader]") {
    temp_dir dir;
    const auto cold = write_long_workshop(dir.file("samling.db"), 60'000);
    running_server server(dir.file("samling.db"), [](auto& c) { c.threads = 1; });
    const auto live = create_workshop(server.port());
    ws_client host(server.port());
    host.host(live);
    host.expect("snapshot");

    ws_client late(server.port());
    late.send({{"type", "hello"}, {"protocol", 1}, {"workshop", cold.id}, {"facilitator_key", cold.facilitator_key}});
    // The live room goes on meanwhile: each change is decided (stamped with the server's clock),
    // stored and acknowledged, none waiting for the load.
    std::int64_t last_decided = 0;
    for (int i = 0; i < 5; ++i) {
        const auto op = host.command({{"type", "workshop.rename"}, {"title", "Imens " + std::to_string(i)}});
        for (;;) {
            auto frame = host.receive();
            REQUIRE(frame);
            if ((*frame)["type"] == "events") last_decided = (*frame)["events"].back()["at"].get<std::int64_t>();
            if ((*frame)["type"] == "ack" && (*frame)["op"] == op) break;
        }
    }
    const auto welcome = late.expect("welcome");
    CHECK(welcome["seq"] == 60'000);
    // The cold workshop's welcome was written after the live room's last change was decided.
    CHECK(last_decided < welcome["server_time"].get<std::int64_t>());
    CHECK(late.expect("snapshot")["workshop"]["title"] == "Lang historie 59999");
}

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
        samling::storage::sqlite_store store(samling::storage::store_options{dir.file("samling.db")});
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

TEST_CASE("the exports and info of a cold workshop open it once and an unknown one is 404", "[integration][loader]") {
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
