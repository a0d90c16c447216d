// Opening files: new, current, newer than this build, not a database at all.
#include <catch2/catch.hpp>

#include <fstream>

#include "storage/database.hpp"
#include "tests/storage/store_fixture.hpp"

using namespace samling::test;

namespace {

std::string pragma_text(database& db, const std::string& pragma) {
    statement query = db.prepare("PRAGMA " + pragma);
    REQUIRE(query.step());
    return query.column_text(0);
}

}  // namespace

TEST_CASE("a new file is created at the current schema version, in WAL mode") {
    temp_dir dir;
    const store_options options = dir.options();
    {
        sqlite_store store(options);
        CHECK(store.schema_version() == schema_version_current);
        CHECK(store.integrity_ok());
    }
    database raw(options.path);
    CHECK(pragma_text(raw, "user_version") == std::to_string(schema_version_current));
    CHECK(pragma_text(raw, "journal_mode") == "wal");
    CHECK(pragma_text(raw, "busy_timeout") == "5000");
    for (const char* table : {"workshops", "events", "snapshots", "credentials"}) {
        statement query = raw.prepare("SELECT count(*) FROM sqlite_schema WHERE name = ?1");
        query.bind_text(1, table);
        REQUIRE(query.step());
        CHECK(query.column_int64(0) == 1);
    }
}

TEST_CASE("reopening a current file keeps its version and data") {
    temp_dir dir;
    {
        sqlite_store store(dir.options());
        REQUIRE(submit_and_wait(store, creation_batch("w")).ok);
    }
    sqlite_store store(dir.options());
    CHECK(store.schema_version() == schema_version_current);
    CHECK(store.find_workshop("w").has_value());
}

TEST_CASE("a file from a newer version is refused and left alone") {
    temp_dir dir;
    const store_options options = dir.options();
    { sqlite_store store(options); }
    const int newer = schema_version_current + 1;
    {
        database raw(options.path);
        raw.exec("PRAGMA user_version = " + std::to_string(newer));
    }
    REQUIRE_THROWS_AS(sqlite_store(options), storage_error);
    REQUIRE_THROWS_WITH(sqlite_store(options), Catch::Contains("newer"));
    database raw(options.path);
    CHECK(pragma_text(raw, "user_version") == std::to_string(newer));
}

TEST_CASE("a file that is not a database is refused") {
    temp_dir dir;
    const store_options options = dir.options();
    {
        std::ofstream junk(options.path, std::ios::binary);
        junk << std::string(8192, 'j');
    }
    REQUIRE_THROWS_AS(sqlite_store(options), storage_error);
}

TEST_CASE("a path that cannot be opened is refused") {
    temp_dir dir;
    store_options options = dir.options();
    options.path = (dir.path / "missing-directory" / "samling.db").string();
    REQUIRE_THROWS_AS(sqlite_store(options), storage_error);
}

TEST_CASE("a version 1 file gains the wall key, the short code, unique among workshops, and the join code") {
    temp_dir dir;
    const store_options options = dir.options();
    {
        database raw(options.path);
        raw.exec(R"sql(
CREATE TABLE workshops(id TEXT PRIMARY KEY, title TEXT NOT NULL, language TEXT NOT NULL, created_at INTEGER NOT NULL,
    facilitator_key_hash TEXT NOT NULL, join_code_hash TEXT NOT NULL, organiser_key_hash TEXT NOT NULL DEFAULT '',
    last_seq INTEGER NOT NULL DEFAULT 0);
CREATE TABLE events(workshop TEXT NOT NULL REFERENCES workshops(id), seq INTEGER NOT NULL, at INTEGER NOT NULL,
    actor INTEGER NOT NULL, op TEXT, type TEXT NOT NULL, payload TEXT NOT NULL, PRIMARY KEY(workshop, seq)) WITHOUT ROWID;
CREATE UNIQUE INDEX events_op ON events(workshop, actor, op) WHERE op IS NOT NULL;
CREATE TABLE snapshots(workshop TEXT PRIMARY KEY REFERENCES workshops(id), seq INTEGER NOT NULL, state TEXT NOT NULL);
CREATE TABLE credentials(token_hash TEXT PRIMARY KEY, workshop TEXT NOT NULL REFERENCES workshops(id),
    participant INTEGER NOT NULL);
INSERT INTO workshops(id, title, language, created_at, facilitator_key_hash, join_code_hash)
    VALUES ('old', 'Før', 'da', 1, 'f', 'j');
PRAGMA user_version = 1;
)sql");
    }
    sqlite_store store(options);
    CHECK(store.schema_version() == schema_version_current);
    const auto old = store.find_workshop("old");
    REQUIRE(old);
    CHECK(old->wall_key_hash.empty());
    CHECK(old->short_code.empty());
    CHECK(old->join_code.empty());
    CHECK(store.short_codes().empty());

    write_batch with_code = creation_batch("new");
    with_code.create->short_code = "482913";
    with_code.create->wall_key_hash = "w";
    with_code.create->join_code = "q4joincode";
    REQUIRE(submit_and_wait(store, with_code).ok);
    CHECK(store.find_workshop("new")->join_code == "q4joincode");
    write_batch rotated;
    rotated.workshop = "old";
    rotated.join_code = "r5joincode";
    REQUIRE(submit_and_wait(store, rotated).ok);
    CHECK(store.find_workshop("old")->join_code == "r5joincode");
    CHECK(store.find_workshop("new")->join_code == "q4joincode");
    CHECK(store.find_workshop("new")->short_code == "482913");
    CHECK(store.find_workshop("new")->wall_key_hash == "w");
    write_batch taken;
    taken.workshop = "old";
    taken.short_code = "482913";
    CHECK_FALSE(submit_and_wait(store, taken).ok);
    taken.short_code = "111111";
    REQUIRE(submit_and_wait(store, taken).ok);
    const auto codes = store.short_codes();
    CHECK(codes.size() == 2);
    write_batch cleared;
    cleared.workshop = "old";
    cleared.short_code = "";
    REQUIRE(submit_and_wait(store, cleared).ok);
    CHECK(store.short_codes().size() == 1);
}

TEST_CASE("a version 3 file learns when each closed workshop was closed") {
    temp_dir dir;
    const store_options options = dir.options();
    {
        sqlite_store store(options);
        for (const char* id : {"closed", "reopened", "open"}) REQUIRE(submit_and_wait(store, creation_batch(id)).ok);
        auto phases = [&](const std::string& id, std::initializer_list<const char*> sequence) {
            write_batch b;
            b.workshop = id;
            std::uint64_t seq = 2;
            for (const char* phase : sequence) {
                event_record e = make_event(seq, 1, "p" + std::to_string(seq));
                e.type = "workshop.phase_set";
                e.payload = std::string(R"({"type":"workshop.phase_set","phase":")") + phase + "\"}";
                b.events.push_back(e);
                ++seq;
            }
            REQUIRE(submit_and_wait(store, b).ok);
        };
        phases("closed", {"marketplace", "closed"});
        phases("reopened", {"closed", "sharing"});
    }
    {
        // Back to version 3, as a file written before closing was recorded.
        database raw(options.path);
        raw.exec("ALTER TABLE workshops DROP COLUMN closed_at; PRAGMA user_version = 3;");
    }
    sqlite_store store(options);
    CHECK(store.schema_version() == schema_version_current);
    CHECK(store.find_workshop("closed")->closed_at == make_event(3, 1, "").at);
    CHECK(store.find_workshop("reopened")->closed_at == 0);
    CHECK(store.find_workshop("open")->closed_at == 0);
    // A batch records closing and reopening.
    write_batch closing;
    closing.workshop = "open";
    closing.closed_at = 1'800'000'000'000;
    REQUIRE(submit_and_wait(store, closing).ok);
    CHECK(store.find_workshop("open")->closed_at == 1'800'000'000'000);
    write_batch reopening;
    reopening.workshop = "open";
    reopening.closed_at = 0;
    REQUIRE(submit_and_wait(store, reopening).ok);
    CHECK(store.find_workshop("open")->closed_at == 0);
}
