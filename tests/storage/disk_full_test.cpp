// A database that cannot grow: the failing batch is refused whole and the store stays sound.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/storage/store_fixture.hpp"

using namespace samling::test;

TEST_CASE("a full database fails the batch and leaves the store readable") {
    temp_dir dir;
    store_options options = dir.options();
    options.max_page_count = 64;  // 64 pages of 4 KiB; the schema takes about ten
    const std::string payload(1500, 'x');
    std::uint64_t stored = 1;
    write_result failure;
    {
        sqlite_store store(options);
        REQUIRE(submit_and_wait(store, creation_batch("w")).ok);
        for (int attempt = 0; attempt < 1000; ++attempt) {
            write_batch b = events_batch("w", stored + 1, 8);
            for (auto& e : b.events) {
                e.payload = payload;
            }
            b.snapshot = snapshot_record{stored + 8, payload};
            const write_result r = submit_and_wait(store, b);
            if (!r.ok) {
                failure = r;
                break;
            }
            stored += 8;
        }
        REQUIRE_FALSE(failure.ok);
        CHECK(failure.full);
        CHECK_FALSE(failure.error.empty());
        CHECK(stored > 1);  // some batches fitted before the cap

        // Nothing of the failed batch is readable, and the store still answers.
        const auto events = store.events_after("w", 0);
        REQUIRE(events.size() == stored);
        CHECK(events.back().seq == stored);
        CHECK(store.events_after("w", stored).empty());
        CHECK(store.find_workshop("w")->last_seq == stored);
        CHECK(store.snapshot("w")->seq == stored);
        const auto ops = store.op_index("w");
        CHECK(std::none_of(ops.begin(), ops.end(), [&](const op_record& o) {
            return o.seq > stored;
        }));
        CHECK(store.integrity_ok());
    }
    // Without the cap the same file takes the refused events.
    sqlite_store reopened(dir.options());
    CHECK(reopened.integrity_ok());
    CHECK(reopened.find_workshop("w")->last_seq == stored);
    CHECK(submit_and_wait(reopened, events_batch("w", stored + 1, 8)).ok);
    CHECK(reopened.find_workshop("w")->last_seq == stored + 8);
}

TEST_CASE("in a group that fills the database, every answer matches what is stored") {
    temp_dir dir;
    store_options options = dir.options();
    options.max_page_count = 48;
    const std::string payload(3000, 'y');
    sqlite_store store(options);
    std::vector<write_result> results;  // appended on the writer thread, read after flush
    constexpr int batches = 40;
    {
        writer_gate gate(store, "gate");
        for (int i = 0; i < batches; ++i) {
            write_batch b = creation_batch("w" + std::to_string(i));
            b.events[0].payload = payload;
            b.snapshot = snapshot_record{1, payload};
            store.submit(b, [&](const write_result& r) { results.push_back(r); });
        }
    }
    store.flush();
    REQUIRE(results.size() == batches);
    std::size_t full = 0;
    for (int i = 0; i < batches; ++i) {
        const std::string id = "w" + std::to_string(i);
        const write_result& r = results[static_cast<std::size_t>(i)];
        // Whether SQLite undid one statement or the whole transaction, no answer may lie.
        CHECK(store.find_workshop(id).has_value() == r.ok);
        CHECK(store.events_after(id, 0).size() == (r.ok ? 1u : 0u));
        CHECK(store.snapshot(id).has_value() == r.ok);
        full += r.full ? 1 : 0;
    }
    CHECK(full > 0);
    CHECK(store.integrity_ok());
}
