#include "server/keyed_rate_limiter.hpp"

namespace samling::server {

std::optional<long> keyed_rate_limiter::take(const std::string& key, clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto it = buckets_.find(key);
    if (it == buckets_.end()) {
        if (buckets_.size() >= keys_before_pruning_) prune(now);
        it = buckets_.emplace(key, token_bucket(per_second_, burst_, now)).first;
    }
    if (it->second.take(now)) return std::nullopt;
    return it->second.retry_after_seconds();
}

std::size_t keyed_rate_limiter::size() const {
    std::lock_guard lock(mutex_);
    return buckets_.size();
}

void keyed_rate_limiter::prune(clock::time_point now) {
    // A full bucket holds nothing a new one would not: dropping it forgets no debt.
    std::erase_if(buckets_, [now](auto& entry) { return entry.second.full(now); });
}

}  // namespace samling::server
