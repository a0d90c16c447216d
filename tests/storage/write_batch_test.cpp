// Batches that must fail, alone, without harming the rest of the store.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/storage/store_fixture.hpp"

using namespace samling::test;

namespace {

/** Collects results on the writer thread; read them only after flush(). */
struct result_log {
    std::vector<write_result> results;
    write_callback record() {
        return [this](const write_result& r) { results.push_back(r); };
    }
};

}  // namespace

TEST_CASE("a duplicate op id fails only its own batch in a group") {
    temp_dir dir;
    sqlite_store store(dir.options());
    std::size_t transactions = 0;
    store.set_commit_observer([&](std::chrono::nanoseconds, std::size_t) { ++transactions; });
    result_log log;
    {
        writer_gate gate(store, "gate");
        store.submit(creation_batch("w1"), log.record());
        store.submit(events_batch("w1", 2, 1, 5), log.record());  // actor 5, op "op-2"
        store.submit(creation_batch("w2"), log.record());
        write_batch duplicate = events_batch("w1", 3, 1, 5);
        duplicate.events[0].op = "op-2";  // the same (workshop, actor, op) as seq 2
        duplicate.credentials.push_back({sha256_hex("dup-token"), 5});
        store.submit(duplicate, log.record());
        store.submit(events_batch("w2", 2, 2, 5), log.record());  // same op id, other workshop
    }
    store.flush();

    REQUIRE(log.results.size() == 5);
    CHECK(log.results[0].ok);
    CHECK(log.results[1].ok);
    CHECK(log.results[2].ok);
    CHECK_FALSE(log.results[3].ok);
    CHECK_FALSE(log.results[3].full);
    CHECK_THAT(log.results[3].error, Catch::Contains("UNIQUE"));
    CHECK(log.results[4].ok);
    CHECK(transactions == 2);  // the gate's own, then one for all five batches

    const auto ops = store.op_index("w1");
    REQUIRE(ops.size() == 1);
    CHECK(ops[0].op == "op-2");
    CHECK(ops[0].seq == 2);
    CHECK(store.find_workshop("w1")->last_seq == 2);
    CHECK(store.credentials("w1").empty());  // the failed batch's credential was rolled back
    CHECK(store.events_after("w2", 0).size() == 3);

    // The refused seq is free again for a fresh op id.
    CHECK(submit_and_wait(store, events_batch("w1", 3, 1, 5)).ok);
    CHECK(store.find_workshop("w1")->last_seq == 3);
}

TEST_CASE("a gap in seqs is refused") {
    temp_dir dir;
    sqlite_store store(dir.options());
    REQUIRE(submit_and_wait(store, creation_batch("w")).ok);
    REQUIRE(submit_and_wait(store, events_batch("w", 2, 1)).ok);

    SECTION("a batch that skips a seq") {
        const write_result r = submit_and_wait(store, events_batch("w", 4, 1));
        CHECK_FALSE(r.ok);
        CHECK_THAT(r.error, Catch::Contains("expected seq 3"));
    }
    SECTION("a batch that repeats a seq") {
        CHECK_FALSE(submit_and_wait(store, events_batch("w", 2, 1)).ok);
    }
    SECTION("a batch with a hole inside") {
        write_batch b = events_batch("w", 3, 2);
        b.events[1].seq = 5;
        CHECK_FALSE(submit_and_wait(store, b).ok);
    }
    SECTION("a new workshop whose log does not start at 1") {
        write_batch b = creation_batch("fresh");
        b.events[0].seq = 2;
        CHECK_FALSE(submit_and_wait(store, b).ok);
        CHECK_FALSE(store.find_workshop("fresh").has_value());
    }
    CHECK(store.find_workshop("w")->last_seq == 2);
    CHECK(store.events_after("w", 0).size() == 2);
    CHECK(submit_and_wait(store, events_batch("w", 3, 1)).ok);
}

TEST_CASE("batches for a workshop that does not exist are refused") {
    temp_dir dir;
    sqlite_store store(dir.options());
    const write_result r = submit_and_wait(store, events_batch("ghost", 1, 1));
    CHECK_FALSE(r.ok);
    CHECK_THAT(r.error, Catch::Contains("unknown workshop"));

    write_batch mismatch = creation_batch("a");
    mismatch.create->id = "b";
    CHECK_FALSE(submit_and_wait(store, mismatch).ok);
    CHECK(store.list_workshops().empty());
}

TEST_CASE("a workshop cannot be created twice") {
    temp_dir dir;
    sqlite_store store(dir.options());
    REQUIRE(submit_and_wait(store, creation_batch("w")).ok);
    write_batch again = creation_batch("w");
    again.events.clear();
    const write_result r = submit_and_wait(store, again);
    CHECK_FALSE(r.ok);
    CHECK_THAT(r.error, Catch::Contains("UNIQUE"));
}

TEST_CASE("a snapshot ahead of the log is refused") {
    temp_dir dir;
    sqlite_store store(dir.options());
    write_batch b = creation_batch("w");
    b.snapshot = snapshot_record{2, "{}"};
    CHECK_FALSE(submit_and_wait(store, b).ok);
    CHECK_FALSE(store.find_workshop("w").has_value());
    CHECK_FALSE(store.snapshot("w").has_value());
}

TEST_CASE("a throwing callback does not stop the writer") {
    temp_dir dir;
    sqlite_store store(dir.options());
    store.submit(creation_batch("w"), [](const write_result&) { throw std::runtime_error("x"); });
    CHECK(submit_and_wait(store, events_batch("w", 2, 1)).ok);
    CHECK(store.find_workshop("w")->last_seq == 2);
}
