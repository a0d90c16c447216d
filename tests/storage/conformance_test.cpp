// One conformance suite for both stores, run once against SQLite and once against PostgreSQL
// (SAMLING_STORE=postgres, with SAMLING_TEST_PG_URL_FILE naming the file that holds the URL of a
// running server; tests/cluster/CMakeLists.txt starts one). Every case holds the guarantees the
// rooms build on: acknowledged only after commit, seqs without gaps, an op id stored once, a
// failing batch rolled back alone. The [postgres] cases test leases, which only a shared store has.
#include <catch2/catch.hpp>

#include <libpq-fe.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <future>
#include <thread>

#include "storage/pg_store.hpp"
#include "tests/storage/store_fixture.hpp"

using namespace samling::test;

namespace {

bool on_postgres() {
    const char* store = std::getenv("SAMLING_STORE");
    return store != nullptr && std::string(store) == "postgres";
}

/** The running server's URL, from SAMLING_TEST_PG_URL_FILE. */
std::string server_url() {
    const char* file = std::getenv("SAMLING_TEST_PG_URL_FILE");
    REQUIRE(file != nullptr);
    std::ifstream in(file);
    std::string url;
    std::getline(in, url);
    REQUIRE_FALSE(url.empty());
    return url;
}

/** Runs `sql` on the database at `url`; fails the test on an error. */
void run_sql(const std::string& url, const std::string& sql) {
    PGconn* conn = PQconnectdb(url.c_str());
    REQUIRE(PQstatus(conn) == CONNECTION_OK);
    PGresult* r = PQexec(conn, sql.c_str());
    const auto status = PQresultStatus(r);
    const std::string error = PQresultErrorMessage(r);
    PQclear(r);
    PQfinish(conn);
    INFO(error);
    REQUIRE((status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK));
}

/** A fresh, empty database of the store under test: a file, or a PostgreSQL database of its own. */
struct fresh_database {
    temp_dir dir;
    std::string location;

    fresh_database() {
        if (!on_postgres()) {
            location = dir.options().path;
            return;
        }
        const std::string url = server_url();
        std::random_device random;
        const std::string name = "conformance_" + std::to_string(random()) + std::to_string(random());
        run_sql(url, "CREATE DATABASE " + name);
        location = url.substr(0, url.rfind('/') + 1) + name;
    }
    std::unique_ptr<event_store> open(const std::string& node = "test") const { return open_store({location, node}); }
};

struct result_log {
    std::vector<write_result> results;
    write_callback record() {
        return [this](const write_result& r) { results.push_back(r); };
    }
};

}  // namespace

TEST_CASE("conformance: a workshop reads back as written after the store reopens") {
    fresh_database db;
    write_batch first = creation_batch("w1", 5000);
    first.create->short_code = "123456";
    first.create->join_code = "join-me";
    first.credentials.push_back({sha256_hex("token-a"), 2});
    first.events.push_back(make_event(2, 2, "op-a", R"({"text":"Æblegrød på én linje 🌱"})"));
    first.snapshot = snapshot_record{2, R"({"seq":2})"};
    {
        auto store = db.open();
        REQUIRE(submit_and_wait(*store, first).ok);
    }
    auto store = db.open();
    if (store->shared()) REQUIRE(store->claim("w1").state == claim_result::status::owned);
    auto w = store->find_workshop("w1");
    REQUIRE(w);
    CHECK(w->title == "Workshop w1");
    CHECK(w->created_at == 5000);
    CHECK(w->last_seq == 2);
    CHECK(w->short_code == "123456");
    CHECK(w->join_code == "join-me");
    CHECK(w->closed_at == 0);
    const auto events = store->events_after("w1", 0);
    REQUIRE(events.size() == 2);
    CHECK(events[0].op.empty());  // server-made: no op id
    CHECK(events[1] == first.events[1]);
    CHECK(store->credentials("w1") == std::vector<credential_record>{{sha256_hex("token-a"), 2}});
    CHECK(store->snapshot("w1") == snapshot_record{2, R"({"seq":2})"});
    const auto ops = store->op_index("w1");
    REQUIRE(ops.size() == 1);
    CHECK((ops[0].actor == 2 && ops[0].op == "op-a" && ops[0].seq == 2));
    CHECK(store->count_workshops() == 1);
    CHECK(store->list_workshops().size() == 1);
    CHECK(store->find_short_code("123456") == std::optional<std::string>("w1"));
    CHECK_FALSE(store->find_short_code("654321"));
    CHECK(store->short_codes() == std::vector<std::pair<std::string, std::string>>{{"123456", "w1"}});
    CHECK(store->integrity_ok());
    CHECK(store->schema_version() > 0);
    // And it goes on from where it was.
    CHECK(submit_and_wait(*store, events_batch("w1", 3, 2)).ok);
    CHECK(store->find_workshop("w1")->last_seq == 4);
}

TEST_CASE("conformance: reads of an unknown workshop are empty") {
    fresh_database db;
    auto store = db.open();
    CHECK_FALSE(store->find_workshop("nope"));
    CHECK(store->events_after("nope", 0).empty());
    CHECK_FALSE(store->snapshot("nope"));
    CHECK(store->credentials("nope").empty());
    CHECK(store->op_index("nope").empty());
    CHECK(store->count_workshops() == 0);
}

TEST_CASE("conformance: a gap in seqs is refused and the log stays as it was") {
    fresh_database db;
    auto store = db.open();
    REQUIRE(submit_and_wait(*store, creation_batch("w")).ok);
    CHECK_FALSE(submit_and_wait(*store, events_batch("w", 3, 1)).ok);  // 2 is missing
    CHECK_FALSE(submit_and_wait(*store, events_batch("w", 1, 1)).ok);  // 1 is taken
    CHECK(store->find_workshop("w")->last_seq == 1);
    CHECK(store->events_after("w", 0).size() == 1);
    // A shared store takes a gap for a writer whose memory is not the log (lost: reload it), so
    // the workshop is taken again, as a room reading it afresh would.
    if (store->shared()) REQUIRE(store->claim("w").state == claim_result::status::owned);
    CHECK(submit_and_wait(*store, events_batch("w", 2, 1)).ok);
    CHECK(store->integrity_ok());
}

TEST_CASE("conformance: a resent op id stores nothing and fails only its own batch in a group") {
    fresh_database db;
    auto store = db.open();
    std::atomic<int> transactions{0};
    store->set_commit_observer([&](std::chrono::nanoseconds, std::size_t) { ++transactions; });
    result_log log;
    {
        writer_gate gate(*store, "gate");
        store->submit(creation_batch("w1"), log.record());
        store->submit(events_batch("w1", 2, 1, 5), log.record());
        store->submit(creation_batch("w2"), log.record());
        write_batch duplicate = events_batch("w1", 3, 1, 5);
        duplicate.events[0].op = "op-2";
        duplicate.credentials.push_back({sha256_hex("dup-token"), 5});
        store->submit(duplicate, log.record());
        store->submit(events_batch("w2", 2, 2, 5), log.record());
    }
    store->flush();
    REQUIRE(log.results.size() == 5);
    CHECK(log.results[0].ok);
    CHECK(log.results[1].ok);
    CHECK(log.results[2].ok);
    CHECK_FALSE(log.results[3].ok);
    CHECK_FALSE(log.results[3].full);
    CHECK(log.results[4].ok);
    CHECK(transactions == 2);  // the gate's, then one for all five batches
    CHECK(store->find_workshop("w1")->last_seq == 2);
    CHECK(store->credentials("w1").empty());
    CHECK(store->events_after("w2", 0).size() == 3);
    CHECK(submit_and_wait(*store, events_batch("w1", 3, 1, 5)).ok);
}

TEST_CASE("conformance: batches of a missing workshop or a second creation are refused") {
    fresh_database db;
    auto store = db.open();
    CHECK_FALSE(submit_and_wait(*store, events_batch("ghost", 1, 1)).ok);
    REQUIRE(submit_and_wait(*store, creation_batch("w")).ok);
    CHECK_FALSE(submit_and_wait(*store, creation_batch("w")).ok);
    CHECK(store->count_workshops() == 1);
    CHECK(store->events_after("w", 0).size() == 1);
}

TEST_CASE("conformance: a snapshot ahead of the log is refused") {
    fresh_database db;
    auto store = db.open();
    REQUIRE(submit_and_wait(*store, creation_batch("w")).ok);
    write_batch ahead;
    ahead.workshop = "w";
    ahead.snapshot = snapshot_record{5, "{}"};
    CHECK_FALSE(submit_and_wait(*store, ahead).ok);
    CHECK_FALSE(store->snapshot("w"));
}

TEST_CASE("conformance: the index row takes each change a batch makes and no other") {
    fresh_database db;
    auto store = db.open();
    write_batch create = creation_batch("w");
    create.create->short_code = "111111";
    create.create->organiser_key_hash = "org";
    REQUIRE(submit_and_wait(*store, create).ok);
    write_batch change = events_batch("w", 2, 1);
    change.title = "Ny titel: Kommuneplanlægningsudvalgsmøde";
    change.organiser_key_hash = "";
    change.join_code_hash = "new-join-hash";
    change.join_code = "new-join";
    change.wall_key_hash = "wall";
    change.short_code = "";
    change.closed_at = 77;
    REQUIRE(submit_and_wait(*store, change).ok);
    auto w = *store->find_workshop("w");
    CHECK(w.title == "Ny titel: Kommuneplanlægningsudvalgsmøde");
    CHECK(w.organiser_key_hash.empty());
    CHECK(w.join_code_hash == "new-join-hash");
    CHECK(w.join_code == "new-join");
    CHECK(w.wall_key_hash == "wall");
    CHECK(w.short_code.empty());
    CHECK(w.closed_at == 77);
    CHECK(w.facilitator_key_hash == create.create->facilitator_key_hash);
    CHECK(w.last_seq == 2);
    CHECK_FALSE(store->find_short_code("111111"));
    write_batch reopen;
    reopen.workshop = "w";
    reopen.closed_at = 0;
    REQUIRE(submit_and_wait(*store, reopen).ok);
    CHECK(store->find_workshop("w")->closed_at == 0);
    CHECK(store->find_workshop("w")->title == "Ny titel: Kommuneplanlægningsudvalgsmøde");
}

TEST_CASE("conformance: a rewrite replaces payloads in place and a missing event fails it whole") {
    fresh_database db;
    auto store = db.open();
    REQUIRE(submit_and_wait(*store, creation_batch("w")).ok);
    REQUIRE(submit_and_wait(*store, events_batch("w", 2, 2)).ok);
    write_batch rewrite;
    rewrite.workshop = "w";
    auto changed = store->events_after("w", 1)[0];
    changed.payload = R"({"name":""})";
    rewrite.replace.push_back(changed);
    REQUIRE(submit_and_wait(*store, rewrite).ok);
    CHECK(store->events_after("w", 1)[0].payload == R"({"name":""})");
    CHECK(store->find_workshop("w")->last_seq == 3);
    write_batch missing;
    missing.workshop = "w";
    missing.replace.push_back(changed);
    missing.replace.push_back(make_event(9, 1, "x", "{}"));
    missing.replace[0].payload = R"({"name":"again"})";
    CHECK_FALSE(submit_and_wait(*store, missing).ok);
    CHECK(store->events_after("w", 1)[0].payload == R"({"name":""})");
}

TEST_CASE("conformance: an erased workshop leaves no row behind") {
    fresh_database db;
    auto store = db.open();
    write_batch create = creation_batch("w");
    create.credentials.push_back({sha256_hex("t"), 1});
    create.snapshot = snapshot_record{1, "{}"};
    REQUIRE(submit_and_wait(*store, create).ok);
    REQUIRE(submit_and_wait(*store, creation_batch("other")).ok);
    write_batch erase;
    erase.workshop = "w";
    erase.erase = true;
    REQUIRE(submit_and_wait(*store, erase).ok);
    CHECK_FALSE(store->find_workshop("w"));
    CHECK(store->events_after("w", 0).empty());
    CHECK(store->credentials("w").empty());
    CHECK_FALSE(store->snapshot("w"));
    CHECK(store->count_workshops() == 1);
    CHECK(store->integrity_ok());
}

TEST_CASE("conformance: callbacks run in submission order and flush waits for all of them") {
    fresh_database db;
    auto store = db.open();
    REQUIRE(submit_and_wait(*store, creation_batch("w")).ok);
    std::vector<std::uint64_t> order;
    for (std::uint64_t seq = 2; seq < 202; ++seq) {
        store->submit(events_batch("w", seq, 1), [&order, seq](const write_result& r) {
            if (r.ok) order.push_back(seq);
        });
    }
    store->flush();
    REQUIRE(order.size() == 200);
    CHECK(std::is_sorted(order.begin(), order.end()));
    CHECK(store->find_workshop("w")->last_seq == 201);
}

TEST_CASE("conformance: many threads writing many workshops keep every log gap-free") {
    fresh_database db;
    auto store = db.open();
    constexpr int workshops = 8;
    constexpr std::uint64_t per_workshop = 60;
    std::vector<std::thread> writers;
    std::atomic<int> failures{0};
    for (int w = 0; w < workshops; ++w) {
        writers.emplace_back([&, w] {
            const std::string id = "w" + std::to_string(w);
            if (!submit_and_wait(*store, creation_batch(id)).ok) ++failures;
            for (std::uint64_t seq = 2; seq <= per_workshop; seq += 3) {
                if (!submit_and_wait(*store, events_batch(id, seq, 3, static_cast<std::uint64_t>(w + 1))).ok) ++failures;
            }
        });
    }
    for (auto& t : writers) t.join();
    CHECK(failures == 0);
    for (int w = 0; w < workshops; ++w) {
        const auto events = store->events_after("w" + std::to_string(w), 0);
        REQUIRE(events.size() == per_workshop + 1);
        for (std::size_t i = 0; i < events.size(); ++i) CHECK(events[i].seq == i + 1);
    }
    CHECK(store->integrity_ok());
}

TEST_CASE("conformance: a throwing callback does not stop the writer") {
    fresh_database db;
    auto store = db.open();
    store->submit(creation_batch("w"), [](const write_result&) { throw std::runtime_error("boom"); });
    CHECK(submit_and_wait(*store, events_batch("w", 2, 1)).ok);
}

// ---- Leases: only a store shared by several nodes has them. ----

namespace {

std::unique_ptr<pg_store> node(const fresh_database& db, const std::string& name, std::chrono::milliseconds lease) {
    return std::make_unique<pg_store>(pg_options{db.location, name, 8192, lease, lease / 3});
}

/** Collects what a store's lease listener hears. */
struct lease_log {
    std::mutex mutex;
    std::vector<std::pair<std::string, lease_end>> ends;
    std::condition_variable changed;
    lease_listener listener() {
        return [this](const std::string& id, lease_end why) {
            std::lock_guard lock(mutex);
            ends.emplace_back(id, why);
            changed.notify_all();
        };
    }
    bool await(std::size_t count, std::chrono::seconds timeout = std::chrono::seconds(20)) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, timeout, [&] { return ends.size() >= count; });
    }
};

}  // namespace

TEST_CASE("conformance: a node whose lease was taken can no longer commit [postgres]", "[postgres]") {
    fresh_database db;
    auto a = node(db, "a", std::chrono::milliseconds(1500));
    lease_log a_log;
    a->set_lease_listener(a_log.listener());
    REQUIRE(submit_and_wait(*a, creation_batch("w")).ok);
    CHECK(a->leases_held() == 1);
    auto b = node(db, "b", std::chrono::milliseconds(1500));
    // Held and renewed by a: b is told where it is, after asking for a handover nobody answers.
    a->set_lease_listener({});
    auto refused = b->claim("w");
    CHECK(refused.state == claim_result::status::elsewhere);
    CHECK(refused.owner.rfind("a/", 0) == 0);
    // a stops renewing (as a paused process would): its lease expires and b takes the workshop.
    a.reset();
    auto stale = node(db, "stale", std::chrono::milliseconds(60'000));
    REQUIRE(stale->claim("w").state == claim_result::status::owned);
    auto taken_by_b = std::async([&] {
        for (int i = 0; i < 100; ++i) {
            if (b->claim("w").state == claim_result::status::owned) return true;
        }
        return false;
    });
    // stale holds it for a minute unless it hands over: it was asked, so hand over (release).
    lease_log stale_log;
    stale->set_lease_listener(stale_log.listener());
    REQUIRE(stale_log.await(1));
    CHECK(stale_log.ends[0].second == lease_end::handover);
    write_batch release;
    release.workshop = "w";
    release.release = true;
    REQUIRE(submit_and_wait(*stale, release).ok);
    REQUIRE(taken_by_b.get());
    // Whatever stale tries now is refused, and says the workshop is lost, not merely failed.
    const auto late = submit_and_wait(*stale, events_batch("w", 2, 1));
    CHECK_FALSE(late.ok);
    CHECK(late.lost);
    CHECK(b->find_workshop("w")->last_seq == 1);
    CHECK(submit_and_wait(*b, events_batch("w", 2, 1)).ok);
    CHECK(b->find_workshop("w")->last_seq == 2);
}

TEST_CASE("conformance: an expired lease is taken over and its old holder hears it lost [postgres]", "[postgres]") {
    fresh_database db;
    auto a = node(db, "a", std::chrono::milliseconds(1200));
    lease_log a_log;
    a->set_lease_listener(a_log.listener());
    REQUIRE(submit_and_wait(*a, creation_batch("w")).ok);
    // Another node moves a's lease into the past, as if a had been paused beyond it.
    run_sql(db.location, "UPDATE leases SET expires_at = clock_timestamp() - interval '1 second'");
    auto b = node(db, "b", std::chrono::milliseconds(1200));
    REQUIRE(b->claim("w").state == claim_result::status::owned);
    const auto late = submit_and_wait(*a, events_batch("w", 2, 1));
    CHECK(late.lost);
    REQUIRE(a_log.await(1));
    CHECK(a_log.ends[0] == std::pair<std::string, lease_end>{"w", lease_end::lost});
    CHECK(a->leases_held() == 0);
    CHECK(b->find_workshop("w")->last_seq == 1);
}

TEST_CASE("conformance: writes go on after the database cut the connection [postgres]", "[postgres]") {
    fresh_database db;
    auto store = db.open();
    REQUIRE(submit_and_wait(*store, creation_batch("w")).ok);
    run_sql(db.location, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                         "AND pid <> pg_backend_pid()");
    // The first write after the cut may fail (the writer learns of the cut by trying), never
    // twice, and none is stored twice.
    auto first = submit_and_wait(*store, events_batch("w", 2, 1));
    if (!first.ok) {
        CHECK(store->claim("w").state == claim_result::status::owned);
        first = submit_and_wait(*store, events_batch("w", 2, 1));
    }
    CHECK(first.ok);
    CHECK(store->find_workshop("w")->last_seq == 2);
    CHECK(store->integrity_ok());
}
