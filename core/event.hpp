#pragma once
/** An event: one accepted command with who sent it, when, and its place in the workshop log. */
#include <cstdint>
#include <string>

#include "core/commands.hpp"
#include "core/types.hpp"

namespace samling::core {

struct event {
    std::uint64_t seq = 0;  ///< position in the workshop's log: 1, 2, 3 ... without gaps
    time_ms at = 0;         ///< when the server accepted it
    entity_id actor = 0;    ///< participant who sent it; 0 for the server itself
    entity_id created = 0;  ///< id of the entity it created, 0 when none
    std::string op;         ///< the client's op id, empty for server-made events
    command body;
    bool operator==(const event&) const = default;
};

}  // namespace samling::core
