#pragma once
/** A token bucket: `burst` tokens at most, refilled at `per_second`. Time comes in as an argument.
 */
#include <algorithm>
#include <chrono>

namespace samling::server {

class token_bucket {
  public:
    using clock = std::chrono::steady_clock;

    token_bucket(double per_second, double burst, clock::time_point now)
        : per_second_(per_second), burst_(burst), tokens_(burst), at_(now) {}

    /** Takes one token if there is one. */
    bool take(clock::time_point now) {
        refill(now);
        if (tokens_ < 1.0) return false;
        tokens_ -= 1.0;
        return true;
    }

    /** Whole seconds until a token is back (at least 1): what a Retry-After header says. */
    long retry_after_seconds() const {
        const double missing = 1.0 - tokens_;
        const double seconds = per_second_ > 0 ? missing / per_second_ : 3600.0;
        return std::max(1L, static_cast<long>(seconds + 0.999));
    }

    /** Refilled to the brim by `now`: forgetting this bucket would change nothing. */
    bool full(clock::time_point now) const {
        const double elapsed = std::chrono::duration<double>(now - at_).count();
        return tokens_ + std::max(0.0, elapsed) * per_second_ >= burst_;
    }

private:
    void refill(clock::time_point now) {
        const double elapsed = std::chrono::duration<double>(now - at_).count();
        if (elapsed > 0) tokens_ = std::min(burst_, tokens_ + elapsed * per_second_);
        at_ = std::max(at_, now);
    }

    double per_second_;
    double burst_;
    double tokens_;
    clock::time_point at_;
};

}  // namespace samling::server
