#pragma once
/**
 * Token buckets by key (an address, a participant), thread-safe. Buckets that have refilled are
 * forgotten once the table passes its bound, so many keys cost no lasting memory.
 */
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "server/token_bucket.hpp"

namespace samling::server {

class keyed_rate_limiter {
  public:
    using clock = token_bucket::clock;

    keyed_rate_limiter(double per_second, double burst, std::size_t keys_before_pruning = 4096)
        : per_second_(per_second), burst_(burst), keys_before_pruning_(keys_before_pruning) {}

    /** Takes a token for `key`: nullopt when allowed, else the seconds to wait. */
    std::optional<long> take(const std::string& key, clock::time_point now = clock::now());

    /** Keys held now (refilled ones may linger until the next pruning). */
    std::size_t size() const;

  private:
    void prune(clock::time_point now);

    double per_second_;
    double burst_;
    std::size_t keys_before_pruning_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, token_bucket> buckets_;
};

}  // namespace samling::server
