#include "server/lookup_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace samling::server {

lookup_limiter::lookup_limiter(double per_minute, double burst, std::size_t max_addresses)
    : per_second_(per_minute / 60.0), burst_(burst), max_addresses_(max_addresses) {}

int lookup_limiter::wait_seconds(const std::string& address, clock::time_point now) {
    std::lock_guard lock(mutex_);
    if (buckets_.size() >= max_addresses_ && !buckets_.contains(address)) forget_full(now);
    auto [it, fresh] = buckets_.try_emplace(address, bucket{burst_, now});
    bucket& b = it->second;
    if (!fresh) {
        const double elapsed = std::chrono::duration<double>(now - b.at).count();
        b.tokens = std::min(burst_, b.tokens + elapsed * per_second_);
        b.at = now;
    }
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return 0;
    }
    return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / per_second_)));
}

void lookup_limiter::forget_full(clock::time_point now) {
    // A bucket that has refilled says nothing an empty table would not: drop those first. If
    // every address is still limited, start afresh rather than grow without bound.
    std::erase_if(buckets_, [&](const auto& entry) {
        const double elapsed = std::chrono::duration<double>(now - entry.second.at).count();
        return entry.second.tokens + elapsed * per_second_ >= burst_;
    });
    if (buckets_.size() >= max_addresses_) buckets_.clear();
}

}  // namespace samling::server
