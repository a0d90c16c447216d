#pragma once
/** What every connection shares: settings, workshops, counters, limits and the web client. */
#include "server/config.hpp"
#include "server/connection_tracker.hpp"
#include "server/keyed_rate_limiter.hpp"
#include "server/limits.hpp"
#include "server/lookup_limiter.hpp"
#include "server/metrics.hpp"
#include "server/room_registry.hpp"
#include "server/static_files.hpp"

namespace samling::server {

struct server_context {
    const config& settings;
    room_registry& rooms;
    metrics& counters;
    connection_tracker& connections;
    const static_files& web;
    std::atomic<bool> stopping{false};
    keyed_rate_limiter creations;  ///< workshops created, per address
    /** Short-code look-ups per address: a code is short, so guessing one must be slow. */
    lookup_limiter code_lookups{limits::code_lookups_per_minute, limits::code_lookup_burst,
                                limits::code_lookup_addresses};
};

}  // namespace samling::server
