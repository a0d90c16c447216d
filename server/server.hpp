#pragma once
/**
 * The whole Samling server: storage, workshops, listener and I/O threads. Used by `samling serve`
 * and by the integration tests, which run it in-process on port 0.
 */
#include <memory>
#include <thread>
#include <vector>

#include "server/config.hpp"
#include "server/connection_tracker.hpp"
#include "server/metrics.hpp"
#include "server/net.hpp"
#include "server/room_registry.hpp"
#include "server/server_context.hpp"
#include "server/static_files.hpp"
#include "storage/event_store.hpp"

namespace samling::server {

class listener;

class server {
public:
    /** Opens the database and binds the port; throws when either fails. */
    explicit server(config settings);
    ~server();

    /** Starts the I/O threads and accepting; returns at once. */
    void start();
    /**
     * Stops gracefully: no new connections, WebSockets closed with 1001 (going away),
     * pending writes committed, then the threads end.
     */
    void stop();
    /** Runs until SIGINT or SIGTERM, then stops. */
    void run_until_signalled();

    std::uint16_t port() const;
    metrics& counters() { return metrics_; }

private:
    /** Every sweep interval, drops idle workshops from memory. */
    void schedule_sweep();
    /** Deletes the workshops closed for longer than --retention-days, now and then every interval. */
    void schedule_retention(std::chrono::milliseconds after);
    /** Now and then, pings quiet WebSockets and drops silent ones and overdue closes. */
    void schedule_websocket_sweep();

    // Order matters: connections still queued in io_ are destroyed with it and touch the
    // counters, limits and context, so those are declared (and outlive it) before; the rooms
    // hold strands of io_, so they are declared after (and go first).
    config settings_;
    metrics metrics_;
    connection_tracker connections_;
    static_files web_;
    std::unique_ptr<server_context> context_;
    net::io_context io_;
    std::unique_ptr<storage::event_store> store_;
    std::unique_ptr<room_registry> rooms_;
    std::shared_ptr<listener> listener_;
    // On its own strand: the sweep and its cancellation on stop never run at once.
    net::steady_timer sweep_timer_{net::make_strand(io_)};
    net::steady_timer websocket_timer_{sweep_timer_.get_executor()};
    net::steady_timer retention_timer_{sweep_timer_.get_executor()};
    std::vector<std::thread> threads_;
    bool stopped_ = false;
};

}  // namespace samling::server
