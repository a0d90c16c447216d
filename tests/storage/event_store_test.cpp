// Round trips through the file and the read API of event_store.
#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <iterator>

#include "storage/wal_checkpointer.hpp"
#include "tests/storage/store_fixture.hpp"

using namespace samling::test;

namespace {

/** A first batch with everything a batch can hold. */
write_batch full_creation_batch() {
    write_batch b = creation_batch("w-alpha", 2000);
    b.create->organiser_key_hash = sha256_hex("organiser");
    b.events.push_back(make_event(2, 7, "op-a", R"({"text":"Fælles 😀"})"));
    b.events.push_back(make_event(3, 8, "op-b", std::string("nul\0inside", 10)));
    b.credentials.push_back({sha256_hex("token-7"), 7});
    b.credentials.push_back({sha256_hex("token-8"), 8});
    b.snapshot = snapshot_record{3, R"({"phase":"collect"})"};
    return b;
}

}  // namespace

TEST_CASE("a workshop survives close and reopen with identical records") {
    temp_dir dir;
    const write_batch written = full_creation_batch();
    workshop_record expected = *written.create;
    expected.last_seq = 3;
    {
        sqlite_store store(dir.options());
        const write_result result = submit_and_wait(store, written);
        REQUIRE(result.ok);
        REQUIRE(result.error.empty());
        REQUIRE(store.find_workshop("w-alpha") == expected);
    }
    sqlite_store reopened(dir.options());
    REQUIRE(reopened.schema_version() == schema_version_current);
    REQUIRE(reopened.find_workshop("w-alpha") == expected);
    REQUIRE(reopened.list_workshops() == std::vector<workshop_record>{expected});
    REQUIRE(reopened.events_after("w-alpha", 0) == written.events);
    REQUIRE(reopened.credentials("w-alpha") == written.credentials);
    REQUIRE(reopened.snapshot("w-alpha") == written.snapshot);
    REQUIRE(reopened.integrity_ok());
}

TEST_CASE("server-made events are stored without an op id") {
    temp_dir dir;
    sqlite_store store(dir.options());
    REQUIRE(submit_and_wait(store, full_creation_batch()).ok);
    const auto events = store.events_after("w-alpha", 0);
    REQUIRE(events.size() == 3);
    CHECK(events[0].op.empty());
    CHECK(events[0].type == "workshop.created");
    const auto ops = store.op_index("w-alpha");
    REQUIRE(ops.size() == 2);  // the server-made event is not in the op index
    CHECK(ops[0].actor == 7);
    CHECK(ops[0].op == "op-a");
    CHECK(ops[0].seq == 2);
    CHECK(ops[1].actor == 8);
    CHECK(ops[1].op == "op-b");
    CHECK(ops[1].seq == 3);
}

TEST_CASE("events_after returns the tail of the log in order") {
    temp_dir dir;
    sqlite_store store(dir.options());
    store.submit(creation_batch("w"), nullptr);
    store.submit(events_batch("w", 2, 4), nullptr);
    store.submit(events_batch("w", 6, 5), nullptr);
    store.flush();

    const auto all = store.events_after("w", 0);
    REQUIRE(all.size() == 10);
    for (std::size_t i = 0; i < all.size(); ++i) {
        CHECK(all[i].seq == i + 1);
    }
    const auto tail = store.events_after("w", 7);
    REQUIRE(tail.size() == 3);
    CHECK(tail.front().seq == 8);
    CHECK(tail.back().seq == 10);
    CHECK(store.events_after("w", 10).empty());
    CHECK(store.events_after("w", UINT64_MAX).empty());
    CHECK(store.events_after("other", 0).empty());
    CHECK(store.op_index("w").size() == 9);
    CHECK(store.find_workshop("w")->last_seq == 10);
}

TEST_CASE("a title change and a later snapshot replace the stored ones") {
    temp_dir dir;
    sqlite_store store(dir.options());
    REQUIRE(submit_and_wait(store, full_creation_batch()).ok);
    write_batch rename = events_batch("w-alpha", 4, 1);
    rename.title = "New title";
    rename.snapshot = snapshot_record{4, "{\"v\":4}"};
    rename.credentials.push_back({sha256_hex("token-9"), 9});
    REQUIRE(submit_and_wait(store, rename).ok);

    CHECK(store.find_workshop("w-alpha")->title == "New title");
    CHECK(store.find_workshop("w-alpha")->last_seq == 4);
    CHECK(store.snapshot("w-alpha") == snapshot_record{4, "{\"v\":4}"});
    CHECK(store.credentials("w-alpha").size() == 3);
}

TEST_CASE("workshops are listed by creation time, then id") {
    temp_dir dir;
    sqlite_store store(dir.options());
    store.submit(creation_batch("c", 30), nullptr);
    store.submit(creation_batch("b", 10), nullptr);
    store.submit(creation_batch("a", 30), nullptr);
    store.flush();
    std::vector<std::string> ids;
    for (const auto& w : store.list_workshops()) {
        ids.push_back(w.id);
    }
    CHECK(ids == std::vector<std::string>{"b", "a", "c"});
}

TEST_CASE("reads of an unknown workshop are empty") {
    temp_dir dir;
    sqlite_store store(dir.options());
    CHECK_FALSE(store.find_workshop("nope").has_value());
    CHECK_FALSE(store.snapshot("nope").has_value());
    CHECK(store.events_after("nope", 0).empty());
    CHECK(store.credentials("nope").empty());
    CHECK(store.op_index("nope").empty());
    CHECK(store.list_workshops().empty());
}

TEST_CASE("flush with nothing pending returns") {
    temp_dir dir;
    sqlite_store store(dir.options());
    store.flush();
    REQUIRE(submit_and_wait(store, creation_batch("w")).ok);
    store.flush();
    store.flush();
    CHECK(store.find_workshop("w").has_value());
}

TEST_CASE("flush waits for every batch submitted before it") {
    temp_dir dir;
    sqlite_store store(dir.options());
    int callbacks = 0;  // written on the writer thread, read after flush
    store.submit(creation_batch("w"), [&](const write_result& r) { callbacks += r.ok ? 1 : 0; });
    for (std::uint64_t seq = 2; seq <= 50; ++seq) {
        store.submit(events_batch("w", seq, 1), [&](const write_result& r) {
            callbacks += r.ok ? 1 : 0;
        });
    }
    store.flush();
    CHECK(callbacks == 50);
    CHECK(store.events_after("w", 0).size() == 50);
}

TEST_CASE("the destructor writes everything still queued") {
    temp_dir dir;
    int callbacks = 0;
    {
        sqlite_store store(dir.options());
        store.submit(creation_batch("w"), [&](const write_result& r) { callbacks += r.ok; });
        for (std::uint64_t seq = 2; seq <= 20; ++seq) {
            store.submit(events_batch("w", seq, 1), [&](const write_result& r) {
                callbacks += r.ok;
            });
        }
    }
    CHECK(callbacks == 20);
    sqlite_store reopened(dir.options());
    CHECK(reopened.events_after("w", 0).size() == 20);
    CHECK(reopened.find_workshop("w")->last_seq == 20);
}

TEST_CASE("the write-ahead log is checkpointed off the writer thread and stays bounded") {
    temp_dir dir;
    store_options options = dir.options();
    options.checkpoint_pages = 8;  // every few batches
    const std::string payload(3000, 'a');
    const std::string wal = options.path + "-wal";
    {
        sqlite_store store(options);
        REQUIRE(submit_and_wait(store, creation_batch("w")).ok);
        std::uint64_t seq = 1;
        for (int round = 0; round < 200; ++round) {
            write_batch b = events_batch("w", seq + 1, 4);
            for (auto& e : b.events) e.payload = payload;
            REQUIRE(submit_and_wait(store, b).ok);
            seq += 4;
        }
        // 200 batches of 12 KB went through the log: without checkpoints it would hold them all,
        // a 4 KiB page or more for each 3000-byte event (over 3.2 MB). However slowly the
        // checkpointer thread gets a core or syncs, the writer restarts the log once it passes
        // the hard limit, so it never holds more than that and one batch.
        CHECK(store.await_checkpoints(1, std::chrono::seconds(10)));
        const auto hard_limit = std::uintmax_t{samling::storage::wal_checkpointer::restart_factor} * options.checkpoint_pages *
                                samling::storage::wal_checkpointer::page_bytes;
        CHECK(std::filesystem::file_size(wal) < 2 * hard_limit);
        CHECK(store.events_after("w", 0).size() == 801);
    }
    // Everything is readable from the file after a reopen.
    sqlite_store reopened(options);
    CHECK(reopened.events_after("w", 0).size() == 801);
    CHECK(reopened.integrity_ok());
}

namespace {

/** How often `needle` occurs in the bytes of file `path` (0 when there is no such file). */
std::size_t occurrences(const std::string& path, const std::string& needle) {
    std::ifstream in(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::size_t count = 0;
    for (auto at = bytes.find(needle); at != std::string::npos; at = bytes.find(needle, at + 1)) ++count;
    return count;
}

}  // namespace

TEST_CASE("an erased workshop leaves no byte of itself in the file or its write-ahead log") {
    temp_dir dir;
    store_options options = dir.options();
    const std::string secret = "Ingrid Kaldestrand-Øksnevad";
    const std::string kept = "Bølgebryderen";
    {
        sqlite_store store(options);
        for (const auto& [id, text] : {std::pair{"gone", secret}, std::pair{"stays", kept}}) {
            REQUIRE(submit_and_wait(store, creation_batch(id)).ok);
            // Many events and a few snapshots replaced over time, so old copies sit in free pages.
            for (std::uint64_t seq = 2; seq <= 200; seq += 20) {
                write_batch b = events_batch(id, seq, 20);
                for (auto& e : b.events) e.payload = R"({"type":"note.added","text":")" + text + R"("})";
                b.snapshot = snapshot_record{seq + 19, R"({"title":")" + text + std::to_string(seq) + R"("})"};
                b.credentials.push_back({sha256_hex(id + std::to_string(seq)), 2});
                REQUIRE(submit_and_wait(store, b).ok);
            }
        }
        CHECK(occurrences(options.path, secret) + occurrences(options.path + "-wal", secret) > 0);
        write_batch erase;
        erase.workshop = "gone";
        erase.erase = true;
        const write_result erased = submit_and_wait(store, erase);
        REQUIRE(erased.ok);
        CHECK(erased.error.empty());
        // As soon as the batch is acknowledged, and with the store still open.
        CHECK(occurrences(options.path, secret) == 0);
        CHECK(occurrences(options.path + "-wal", secret) == 0);
        CHECK_FALSE(store.find_workshop("gone"));
        CHECK(store.events_after("gone", 0).empty());
        CHECK_FALSE(store.snapshot("gone"));
        CHECK(store.credentials("gone").empty());
        // The other workshop is whole, and the store goes on writing.
        CHECK(store.events_after("stays", 0).size() == 201);
        CHECK(store.credentials("stays").size() == 10);
        REQUIRE(submit_and_wait(store, events_batch("stays", 202, 1)).ok);
        CHECK(store.integrity_ok());
    }
    sqlite_store reopened(options);
    CHECK(reopened.list_workshops().size() == 1);
    CHECK(reopened.events_after("stays", 0).size() == 202);
    CHECK(occurrences(options.path, kept) > 0);
}
