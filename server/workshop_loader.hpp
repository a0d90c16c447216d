#pragma once
/**
 * Loading and recovery of workshops in one place, off the I/O threads. A cold workshop is read
 * from its latest snapshot plus the events after it; a snapshot that does not decode is passed
 * over and the whole log replayed. The reads are blocking SQLite reads, so they run on the
 * loader's own threads (limits::loader_threads), as do the other whole-log reads (the archive
 * export, the rewrite after a forgetting): no connection waits behind them.
 */
#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "server/limits.hpp"
#include "server/net.hpp"
#include "server/room_core.hpp"
#include "storage/event_store.hpp"

namespace samling::server {

/**
 * Everything a room of workshop `id` is built from, read from `store`; nullopt when there is no
 * such workshop. Throws storage::storage_error when its log cannot be read or decoded.
 */
std::optional<room_seed> load_seed(storage::event_store& store, const std::string& id);

class workshop_loader {
public:
    explicit workshop_loader(std::size_t threads = limits::loader_threads,
                             std::size_t queued = limits::loads_queued);
    ~workshop_loader();
    workshop_loader(const workshop_loader&) = delete;
    workshop_loader& operator=(const workshop_loader&) = delete;

    /** Runs `job` on a loader thread; false, and `job` dropped, when `queued` jobs already wait. */
    bool run(std::function<void()> job);
    /** Waits for the jobs running and queued; none is taken after. */
    void stop();

private:
    net::thread_pool pool_;
    std::atomic<std::size_t> waiting_{0};
    const std::size_t limit_;
};

}  // namespace samling::server
