#pragma once
/**
 * A token bucket per client address, for requests that could be used to guess (short-code
 * look-ups). Thread-safe; the table of addresses is bounded.
 */
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace samling::server {

class lookup_limiter {
public:
    using clock = std::chrono::steady_clock;
    /** `per_minute` look-ups a minute on average, `burst` at once, `max_addresses` remembered. */
    lookup_limiter(double per_minute, double burst, std::size_t max_addresses);

    /** 0 when `address` may look up now (and it is counted), else the seconds to wait. */
    int wait_seconds(const std::string& address, clock::time_point now = clock::now());

private:
    struct bucket {
        double tokens;
        clock::time_point at;
    };
    void forget_full(clock::time_point now);

    std::mutex mutex_;
    double per_second_;
    double burst_;
    std::size_t max_addresses_;
    std::unordered_map<std::string, bucket> buckets_;
};

}  // namespace samling::server
