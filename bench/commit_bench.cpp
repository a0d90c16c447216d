// Commit latency of a store, as the rooms see it: `writers` workshops each keep one batch of
// `events` events in storage at a time (a room's pipeline), for `seconds`. Prints one JSON line:
// batches and events committed per second, and the latency from submit to callback.
//   samling-commit-bench --db PATH|postgres://... [--writers 50] [--events 1] [--seconds 5]
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <string>
#include <vector>

#include "bench/histogram.hpp"
#include "storage/event_store.hpp"

using namespace samling;
using clock_type = std::chrono::steady_clock;

namespace {

struct writer {
    std::string id;
    std::uint64_t next_seq = 2;
};

}  // namespace

int main(int argc, char** argv) {
    std::string db;
    int writers = 50;
    int events = 1;
    double seconds = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const std::string value = argv[i + 1];
        if (flag == "--db") db = value;
        if (flag == "--writers") writers = std::stoi(value);
        if (flag == "--events") events = std::stoi(value);
        if (flag == "--seconds") seconds = std::stod(value);
    }
    if (db.empty()) {
        std::cerr << "usage: samling-commit-bench --db PATH|postgres://... [--writers N] [--events N] [--seconds S]\n";
        return 2;
    }
    auto store = storage::open_store({db, "bench"});
    std::vector<writer> rooms(static_cast<std::size_t>(writers));
    const auto tag = std::to_string(clock_type::now().time_since_epoch().count());
    for (int w = 0; w < writers; ++w) {
        auto& room = rooms[static_cast<std::size_t>(w)];
        room.id = "bench-" + tag + "-" + std::to_string(w);
        storage::write_batch create;
        create.workshop = room.id;
        create.create = storage::workshop_record{room.id, "Bench", "en", 0, "f", "j", "", 0};
        create.events.push_back({1, 0, 0, "", "workshop.created", R"({"title":"Bench"})"});
        store->submit(std::move(create), nullptr);
    }
    store->flush();

    std::mutex mutex;
    std::condition_variable done_changed;
    bench::histogram latency;
    std::uint64_t batches = 0;
    std::uint64_t failed = 0;
    std::atomic<int> running{writers};
    const auto deadline = clock_type::now() + std::chrono::duration<double>(seconds);
    const std::string payload = R"({"text":"En note om kommuneplanlægning, med æøå og 🌱","group":1})";

    // Each writer submits its next batch from the callback of the last, as a room does.
    std::function<void(std::size_t)> submit = [&](std::size_t w) {
        auto& room = rooms[w];
        if (clock_type::now() >= deadline) {
            running.fetch_sub(1);
            done_changed.notify_all();
            return;
        }
        storage::write_batch batch;
        batch.workshop = room.id;
        for (int e = 0; e < events; ++e) {
            const auto seq = room.next_seq++;
            batch.events.push_back({seq, 0, 7, "op-" + std::to_string(seq), "note.added", payload});
        }
        const auto started = clock_type::now();
        store->submit(std::move(batch), [&, w, started](const storage::write_result& r) {
            {
                std::lock_guard lock(mutex);
                latency.record(std::chrono::duration_cast<std::chrono::nanoseconds>(clock_type::now() - started).count());
                ++(r.ok ? batches : failed);
            }
            submit(w);
        });
    };
    const auto began = clock_type::now();
    for (std::size_t w = 0; w < rooms.size(); ++w) submit(w);
    {
        std::unique_lock lock(mutex);
        done_changed.wait(lock, [&] { return running.load() == 0; });
    }
    store->flush();
    const double elapsed = std::chrono::duration<double>(clock_type::now() - began).count();
    std::printf(
        "{\"workload\":\"commit\",\"store\":\"%s\",\"writers\":%d,\"events_per_batch\":%d,\"seconds\":%.2f,\"batches_per_s\":%.0f,"
        "\"events_per_s\":%.0f,\"failed\":%llu,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f}\n",
        storage::is_postgres_url(db) ? "postgresql" : "sqlite", writers, events, elapsed,
        static_cast<double>(batches) / elapsed, static_cast<double>(batches) * events / elapsed,
        static_cast<unsigned long long>(failed), static_cast<double>(latency.at(0.50)) / 1e6,
        static_cast<double>(latency.at(0.99)) / 1e6, static_cast<double>(latency.max()) / 1e6);
    return failed == 0 ? 0 : 1;
}
