#pragma once
/** Retention: which workshops have been closed for longer than the server keeps them. */
#include <cstdint>
#include <vector>

#include "storage/event_store.hpp"

namespace samling::server {

inline constexpr std::int64_t ms_per_day = 24LL * 60 * 60 * 1000;

/** When a workshop closed at `closed_at` is deleted under `days` of retention (0: never). */
inline std::int64_t deletion_time(std::int64_t closed_at, unsigned days) {
    return closed_at == 0 || days == 0 ? 0 : closed_at + static_cast<std::int64_t>(days) * ms_per_day;
}

/**
 * The workshops of `workshops` closed for more than `days` days at `now` (ms since 1970), in
 * their listed order. None when `days` is 0: the default keeps every workshop.
 */
inline std::vector<storage::workshop_record> due_for_deletion(const std::vector<storage::workshop_record>& workshops,
                                                              std::int64_t now, unsigned days) {
    std::vector<storage::workshop_record> due;
    for (const auto& w : workshops) {
        const std::int64_t at = deletion_time(w.closed_at, days);
        if (at != 0 && now > at) due.push_back(w);
    }
    return due;
}

}  // namespace samling::server
