// Group commit: many batches, from many threads, in few transactions, answered in order.
// Catch2 assertions are not thread-safe: other threads record, the test thread checks.
#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/storage/store_fixture.hpp"

using namespace samling::test;

namespace {

/** Counts what the commit observer saw. */
struct commit_counter {
    std::atomic<std::size_t> transactions{0};
    std::atomic<std::size_t> events{0};
    std::atomic<bool> negative_duration{false};
    commit_observer observer() {
        return [this](std::chrono::nanoseconds elapsed, std::size_t count) {
            negative_duration = negative_duration || elapsed.count() < 0;
            ++transactions;
            events += count;
        };
    }
};

}  // namespace

TEST_CASE("batches queued while the writer is busy commit in one transaction") {
    temp_dir dir;
    sqlite_store store(dir.options());
    commit_counter counter;
    store.set_commit_observer(counter.observer());
    std::vector<std::uint64_t> order;  // appended on the writer thread, read after flush
    std::size_t failures = 0;
    auto record = [&](std::uint64_t seq) {
        return [&, seq](const write_result& r) {
            failures += r.ok ? 0 : 1;
            order.push_back(seq);
        };
    };
    {
        writer_gate gate(store, "gate");
        store.submit(creation_batch("w"), record(1));
        for (std::uint64_t seq = 2; seq <= 200; ++seq) {
            store.submit(events_batch("w", seq, 1), record(seq));
        }
    }
    store.flush();
    CHECK(failures == 0);
    CHECK_FALSE(counter.negative_duration);
    CHECK(counter.transactions == 2);  // the gate's, then all 200 batches together
    CHECK(counter.events == 201);
    REQUIRE(order.size() == 200);
    for (std::size_t i = 0; i < order.size(); ++i) {
        REQUIRE(order[i] == i + 1);  // callbacks in submission order
    }
    CHECK(store.find_workshop("w")->last_seq == 200);
}

TEST_CASE("a group never exceeds max_batch_events, but takes at least one batch") {
    temp_dir dir;
    store_options options = dir.options();
    options.max_batch_events = 10;
    sqlite_store store(options);
    commit_counter counter;
    store.set_commit_observer(counter.observer());
    {
        writer_gate gate(store, "gate");
        store.submit(creation_batch("w"), nullptr);      // 1 event
        store.submit(events_batch("w", 2, 4), nullptr);  // 5 so far
        store.submit(events_batch("w", 6, 5), nullptr);  // 10: the first group is full
        store.submit(events_batch("w", 11, 25), nullptr);  // larger than the cap: alone
        store.submit(events_batch("w", 36, 3), nullptr);
        store.submit(events_batch("w", 39, 3), nullptr);  // 6: the third group
    }
    store.flush();
    CHECK(counter.transactions == 1 + 3);  // the gate's, then groups of 10, 25 and 6 events
    CHECK(counter.events == 1 + 41);
    CHECK(store.find_workshop("w")->last_seq == 41);
}

namespace {

/**
 * Submits from many threads, each to its own workshops in seq order. Tickets are taken under
 * the same lock as submit, so ticket order is queue order, and callbacks must follow it.
 */
struct ticketed_submitter {
    static constexpr int workshops_per_thread = 4;
    static constexpr int rounds = 25;

    explicit ticketed_submitter(event_store& s) : store(s) {}

    event_store& store;
    std::mutex submit_mutex;
    std::size_t next_ticket = 0;
    std::vector<std::size_t> answered;  // appended on the writer thread only
    std::atomic<std::size_t> failures{0};
    std::atomic<std::size_t> submitted_events{0};

    void submit(write_batch batch) {
        submitted_events += batch.events.size();
        std::lock_guard lock(submit_mutex);
        const std::size_t ticket = next_ticket++;
        store.submit(std::move(batch), [this, ticket](const write_result& r) {
            failures += r.ok ? 0 : 1;
            answered.push_back(ticket);
        });
    }

    static std::string workshop(int thread, int w) {
        return "t" + std::to_string(thread) + "-w" + std::to_string(w);
    }
    static std::size_t batch_events(int round, int w) {
        return 1 + static_cast<std::size_t>((round + w) % 3);
    }

    /** One thread's work: create its workshops, then interleave batches across them. */
    void run(int thread) {
        std::vector<std::uint64_t> last(workshops_per_thread, 1);
        for (int w = 0; w < workshops_per_thread; ++w) {
            submit(creation_batch(workshop(thread, w)));
        }
        for (int round = 0; round < rounds; ++round) {
            for (int w = 0; w < workshops_per_thread; ++w) {
                const std::size_t count = batch_events(round, w);
                const auto actor = static_cast<std::uint64_t>(thread);
                submit(events_batch(workshop(thread, w), last[w] + 1, count, actor));
                last[w] += count;
            }
        }
    }

    /** The last seq workshop `w` of any thread must reach. */
    static std::uint64_t expected_last_seq(int w) {
        std::uint64_t last = 1;
        for (int round = 0; round < rounds; ++round) {
            last += batch_events(round, w);
        }
        return last;
    }
};

}  // namespace

TEST_CASE("many threads writing to many workshops keep every log gap-free") {
    constexpr int threads = 8;
    temp_dir dir;
    sqlite_store store(dir.options());
    commit_counter counter;
    store.set_commit_observer(counter.observer());
    ticketed_submitter submitter(store);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&submitter, t] { submitter.run(t); });
    }
    for (auto& worker : workers) {
        worker.join();
    }
    store.flush();

    const std::size_t batches = threads * ticketed_submitter::workshops_per_thread *
                                (1 + ticketed_submitter::rounds);
    CHECK(submitter.failures == 0);
    REQUIRE(submitter.answered.size() == batches);
    for (std::size_t i = 0; i < batches; ++i) {
        REQUIRE(submitter.answered[i] == i);  // callbacks in submission order
    }
    CHECK(counter.events == submitter.submitted_events);
    CHECK(counter.transactions <= batches);
    for (int t = 0; t < threads; ++t) {
        for (int w = 0; w < ticketed_submitter::workshops_per_thread; ++w) {
            const auto id = ticketed_submitter::workshop(t, w);
            const std::uint64_t last = ticketed_submitter::expected_last_seq(w);
            REQUIRE(store.find_workshop(id)->last_seq == last);
            const auto events = store.events_after(id, 0);
            REQUIRE(events.size() == last);
            for (std::size_t i = 0; i < events.size(); ++i) {
                REQUIRE(events[i].seq == i + 1);
            }
        }
    }
    CHECK(store.integrity_ok());
}

TEST_CASE("reads run while the writer commits") {
    temp_dir dir;
    sqlite_store store(dir.options());
    REQUIRE(submit_and_wait(store, creation_batch("w")).ok);
    std::atomic<bool> writing{true};
    bool consistent = true;  // written by the reader thread, read after join
    std::size_t reads = 0;
    std::thread reader([&] {
        std::size_t seen = 1;
        while (writing || reads == 0) {
            const auto events = store.events_after("w", 0);
            // The log only grows, and what a read sees is always gap-free.
            consistent = consistent && events.size() >= seen;
            seen = events.size();
            for (std::size_t i = 0; i < events.size(); ++i) {
                consistent = consistent && events[i].seq == i + 1;
            }
            ++reads;
        }
    });
    for (std::uint64_t seq = 2; seq <= 300; seq += 3) {
        store.submit(events_batch("w", seq, 3), nullptr);
    }
    store.flush();
    writing = false;
    reader.join();
    CHECK(reads > 0);
    CHECK(consistent);
    CHECK(store.events_after("w", 0).size() == 301);
}
