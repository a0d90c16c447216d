#pragma once
/** Counters and gauges exported at /metrics in Prometheus text format. Lock-free, any thread. */
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace samling::server {

/** A histogram with fixed buckets, in seconds. */
class latency_histogram {
public:
    static constexpr std::array<double, 11> bounds{0.0005, 0.001, 0.002, 0.005, 0.01, 0.02,
                                                   0.05,   0.1,   0.25,  0.5,   1.0};
    void observe(std::chrono::nanoseconds duration);
    /** Appends the histogram's lines for metric `name`. */
    void render(std::string& out, const std::string& name, const std::string& help) const;

private:
    std::array<std::atomic<std::uint64_t>, bounds.size() + 1> counts_{};
    std::atomic<std::uint64_t> total_nanoseconds_{0};
};

struct metrics {
    std::atomic<std::int64_t> http_connections{0};
    std::atomic<std::int64_t> websocket_connections{0};
    std::atomic<std::int64_t> live_workshops{0};
    std::atomic<std::uint64_t> workshops_created{0};
    std::atomic<std::uint64_t> workshops_unloaded{0};
    std::atomic<std::uint64_t> workshops_loaded{0};  ///< read from storage into memory
    // Several nodes on one PostgreSQL (docs/scaling.md).
    std::atomic<std::uint64_t> workshops_handed_over{0};  ///< given up because another node asked
    std::atomic<std::uint64_t> leases_lost{0};            ///< lease expired or taken, or a write's outcome unknown
    std::atomic<std::uint64_t> workshops_elsewhere{0};    ///< opens refused: another node holds the workshop
    std::atomic<std::uint64_t> workshops_deleted{0};           ///< by a facilitator
    std::atomic<std::uint64_t> workshops_deleted_retention{0};  ///< closed for longer than --retention-days
    std::atomic<std::uint64_t> retention_sweeps{0};             ///< looks for workshops past retention
    std::atomic<std::uint64_t> commands_accepted{0};
    std::atomic<std::uint64_t> commands_refused{0};
    std::atomic<std::uint64_t> events_committed{0};
    std::atomic<std::uint64_t> frames_sent{0};
    std::atomic<std::uint64_t> send_calls{0};
    std::atomic<std::uint64_t> slow_consumers_closed{0};
    std::atomic<std::uint64_t> rate_limited{0};
    std::atomic<std::uint64_t> connections_refused{0};
    std::atomic<std::uint64_t> storage_failures{0};
    latency_histogram commit_latency;

    /** The whole exposition text. */
    std::string render() const;
};

}  // namespace samling::server
