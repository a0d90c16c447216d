#pragma once
/**
 * A latency histogram in the manner of HdrHistogram: buckets by power of two, each split into
 * 64 linear sub-buckets, so any value from 1 µs to hours is kept within 1.6 %.
 */
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>

namespace samling::bench {

class histogram {
public:
    static constexpr int sub_bits = 6;
    static constexpr int sub_count = 1 << sub_bits;
    static constexpr int magnitudes = 48;

    void record(std::int64_t nanoseconds) {
        if (nanoseconds < 0) nanoseconds = 0;
        ++counts_[index_of(static_cast<std::uint64_t>(nanoseconds))];
        ++total_;
        if (nanoseconds > max_) max_ = nanoseconds;
    }

    void merge(const histogram& other) {
        for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
        total_ += other.total_;
        if (other.max_ > max_) max_ = other.max_;
    }

    std::uint64_t count() const { return total_; }
    std::int64_t max() const { return max_; }

    /** The value at `quantile` (0..1), as the upper edge of its bucket, in nanoseconds. */
    std::int64_t at(double quantile) const {
        if (total_ == 0) return 0;
        const auto wanted = static_cast<std::uint64_t>(quantile * static_cast<double>(total_ - 1)) + 1;
        std::uint64_t seen = 0;
        for (std::size_t i = 0; i < counts_.size(); ++i) {
            seen += counts_[i];
            // A bucket's upper edge, but never above the largest value recorded.
            if (seen >= wanted) return std::min<std::int64_t>(upper_edge(i), max_);
        }
        return max_;
    }

private:
    static std::size_t index_of(std::uint64_t v) {
        if (v < sub_count) return static_cast<std::size_t>(v);
        const int magnitude = std::bit_width(v) - sub_bits;  // >= 1
        const auto sub = static_cast<std::size_t>(v >> magnitude) - sub_count / 2;
        const auto index = static_cast<std::size_t>(magnitude) * (sub_count / 2) + sub_count / 2 + sub;
        return index < magnitudes * sub_count ? index : magnitudes * sub_count - 1;
    }
    static std::int64_t upper_edge(std::size_t index) {
        if (index < sub_count) return static_cast<std::int64_t>(index);
        const std::size_t magnitude = (index - sub_count / 2) / (sub_count / 2);
        const std::size_t sub = (index - sub_count / 2) % (sub_count / 2) + sub_count / 2;
        return static_cast<std::int64_t>(((sub + 1) << magnitude) - 1);
    }

    std::array<std::uint64_t, magnitudes * sub_count> counts_{};
    std::uint64_t total_ = 0;
    std::int64_t max_ = 0;
};

}  // namespace samling::bench
