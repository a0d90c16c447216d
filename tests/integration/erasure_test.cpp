// Erasure through the real server: a facilitator deletes a workshop, retention deletes a closed
// one on its day and not before, and a forgotten participant leaves no byte of their name in the
// database file or its write-ahead log.
#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>
#include <iterator>

#include "server/config.hpp"
#include "server/retention.hpp"
#include "server/workshop_room.hpp"
#include "tests/integration/test_client.hpp"

using namespace samling::test;

namespace {

/** How often `needle` occurs in the database file and in its write-ahead log. */
std::size_t in_files(const std::string& db, const std::string& needle) {
    std::size_t count = 0;
    for (const std::string& path : {db, db + "-wal"}) {
        std::ifstream in(path, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        for (auto at = bytes.find(needle); at != std::string::npos; at = bytes.find(needle, at + 1)) ++count;
    }
    return count;
}

/** The value of a counter on /metrics. */
std::uint64_t metric(std::uint16_t port, const std::string& name) {
    const std::string text = http_call(port, "GET", "/metrics").body;
    const auto at = text.find("\n" + name + " ");
    return at == std::string::npos ? 0 : std::stoull(text.substr(at + name.size() + 2));
}

/** A server that lets one participant write fast enough to fill a stored snapshot in a test. */
running_server::tuning fast_writers(const running_server::tuning& more = {}) {
    return [more](samling::server::config& c) {
        c.admission.participant_commands_per_second = 100'000;
        c.admission.participant_command_burst = 100'000;
        c.connection.commands_per_second = 100'000;
        c.connection.command_burst = 100'000;
        if (more) more(c);
    };
}

}  // namespace

TEST_CASE("a facilitator deletes a workshop: everyone is closed out and nothing of it stays in the file", "[integration][erasure]") {
    temp_dir dir;
    const std::string db = dir.file("samling.db");
    running_server server(db);
    const std::string title = "Ødegårds lukkede møde 🔒";
    auto gone = create_workshop(server.port(), title);
    auto stays = create_workshop(server.port(), "Det åbne møde");
    ws_client host(server.port());
    host.host(gone);
    host.expect("snapshot");
    const auto group = open_group(host, "Hemmelig havneplan");
    ws_client ada(server.port());
    ada.join(gone, "Åse Hemmeligsdóttir");
    ada.must({{"type", "group.join"}, {"group", group}});
    ada.must({{"type", "note.add"}, {"group", group}, {"text", "Kajen sælges i stilhed"}});
    CHECK(in_files(db, "Kajen sælges i stilhed") > 0);

    const std::string path = "/api/workshops/" + gone.id;
    CHECK(http_call(server.port(), "DELETE", path).status == 401);
    CHECK(http_call(server.port(), "DELETE", path, {}, {}, gone.join_code).status == 401);
    CHECK(http_call(server.port(), "DELETE", path, {}, {}, stays.facilitator_key).status == 401);
    auto deleted = http_call(server.port(), "DELETE", path, {}, {}, gone.facilitator_key);
    REQUIRE(deleted.status == 200);
    CHECK(deleted.parsed()["deleted"] == true);
    CHECK(ada.wait_close().code == 4010);
    CHECK(host.wait_close().code == 4010);
    // Answered once wiped: none of its text is in the file or the log, and it is gone everywhere.
    for (const std::string& text : {title, std::string("Kajen sælges i stilhed"), std::string("Hemmeligsdóttir"),
                                    std::string("Hemmelig havneplan")}) {
        INFO(text);
        CHECK(in_files(db, text) == 0);
    }
    CHECK(http_call(server.port(), "GET", path).status == 404);
    CHECK(http_call(server.port(), "GET", path + "/export.md", {}, {}, gone.facilitator_key).status == 404);
    ws_client again(server.port());
    again.send({{"type", "hello"}, {"protocol", 1}, {"workshop", gone.id}, {"facilitator_key", gone.facilitator_key}});
    CHECK(again.expect("error")["code"] == "bad_credentials");
    CHECK(metric(server.port(), "samling_workshops_deleted_total") == 1);
    // The other workshop is untouched.
    CHECK(http_call(server.port(), "GET", "/api/workshops/" + stays.id + "/export.md", {}, {}, stays.facilitator_key).status == 200);
}

TEST_CASE("retention deletes a closed workshop once its days are over, and not a day before", "[integration][erasure]") {
    temp_dir dir;
    const std::string db = dir.file("samling.db");
    std::atomic<std::int64_t> ahead{0};  // how far the server's retention clock is ahead of now
    running_server server(db, [&](samling::server::config& c) {
        c.admission.retention_days = 30;
        c.rooms.retention_sweep_interval = std::chrono::milliseconds(20);
        c.rooms.retention_clock = [&] { return samling::server::now_ms() + ahead.load(); };
    });
    auto closed = create_workshop(server.port(), "Lukket i går");
    auto open = create_workshop(server.port(), "Stadig åben");
    {
        ws_client host(server.port());
        const json welcome = host.host(closed);
        CHECK(welcome["retention_days"] == 30);  // the console can say when
        host.expect("snapshot");
        host.must({{"type", "workshop.set_phase"}, {"phase", "closed"}});
    }
    const auto sweeps_after = [&](std::uint64_t count) {
        const auto from = metric(server.port(), "samling_retention_sweeps_total");
        return wait_until([&] { return metric(server.port(), "samling_retention_sweeps_total") >= from + count; });
    };
    const std::int64_t day = samling::server::ms_per_day;
    ahead = 29 * day;
    REQUIRE(sweeps_after(2));
    CHECK(http_call(server.port(), "GET", "/api/workshops/" + closed.id).status == 200);
    ahead = 30 * day + 60'000;
    // Counted once wiped from the file.
    CHECK(wait_until([&] { return metric(server.port(), "samling_workshops_expired_total") == 1; }));
    CHECK(http_call(server.port(), "GET", "/api/workshops/" + closed.id).status == 404);
    CHECK(in_files(db, "Lukket i går") == 0);
    // An open workshop is never due, however late it is.
    ahead = 3650 * day;
    REQUIRE(sweeps_after(2));
    CHECK(http_call(server.port(), "GET", "/api/workshops/" + open.id).status == 200);
}

TEST_CASE("the pure retention rule counts from closing, and 0 days keeps everything", "[erasure]") {
    samling::storage::workshop_record closed, open;
    closed.id = "closed";
    closed.closed_at = 1'000'000;
    open.id = "open";
    const std::int64_t day = samling::server::ms_per_day;
    const std::vector<samling::storage::workshop_record> all{closed, open};
    CHECK(samling::server::due_for_deletion(all, 1'000'000 + 7 * day, 7).empty());
    REQUIRE(samling::server::due_for_deletion(all, 1'000'000 + 7 * day + 1, 7).size() == 1);
    CHECK(samling::server::due_for_deletion(all, 1'000'000 + 7 * day + 1, 7)[0].id == "closed");
    CHECK(samling::server::due_for_deletion(all, 1'000'000 + 10'000 * day, 0).empty());
}

TEST_CASE("a forgotten participant leaves no byte of any name they had, with their notes kept or deleted", "[integration][erasure]") {
    for (const char* content : {"keep", "delete"}) {
        DYNAMIC_SECTION(content) {
            temp_dir dir;
            const std::string db = dir.file("samling.db");
            running_server server(db, fast_writers());
            auto w = create_workshop(server.port());
            ws_client host(server.port());
            host.host(w);
            host.expect("snapshot");
            const auto group = open_group(host);
            ws_client ada(server.port());
            const json welcome = ada.join(w, "Zélie Kaldestrand");
            const std::uint64_t id = welcome["participant"];
            ada.must({{"type", "participant.rename"}, {"name", "Zélie Ørnebjerg-Kaldestrand 🎺"}});
            ada.must({{"type", "group.join"}, {"group", group}});
            // More than a snapshot's worth, so a stored snapshot held her name and her notes.
            for (int i = 0; i < 520; ++i) {
                ada.must({{"type", "note.add"}, {"group", group}, {"text", "Zélies note " + std::to_string(i)}});
            }
            host.must({{"type", "next_step.add"}, {"group", group}, {"text", "Ring til kommunen"},
                       {"owner", "Zélie Ørnebjerg-Kaldestrand 🎺"}});
            CHECK(in_files(db, "Kaldestrand") > 0);
            host.must({{"type", "participant.forget"}, {"participant", id}, {"content", content}});
            // Her connection ends like a removal's; everyone else gets the state of now once
            // the log is rewritten and the file wiped.
            CHECK(ada.wait_close().code == 4003);
            const json fresh = host.expect("snapshot");
            CHECK(in_files(db, "Kaldestrand") == 0);
            CHECK(in_files(db, "Zélie") == (std::string_view(content) == "keep" ? in_files(db, "Zélies note") : 0));
            CHECK((in_files(db, "Zélies note") > 0) == (std::string_view(content) == "keep"));
            for (const auto& p : fresh["workshop"]["participants"]) {
                if (p["id"] == id) {
                    CHECK(p["name"] == "");
                    CHECK(p["forgotten"] == true);
                }
            }
            // Exports made afterwards do not hold her name either.
            auto archive = http_call(server.port(), "GET", "/api/workshops/" + w.id + "/export.json", {}, {}, w.facilitator_key);
            CHECK(archive.body.find("Kaldestrand") == std::string::npos);
        }
    }
}
