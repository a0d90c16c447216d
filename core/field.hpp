#pragma once
/**
 * Field descriptors: each command lists its fields once (wire name, member, bounds), and the
 * protocol layer decodes, validates and encodes every command generically from that list.
 */
#include <cstdint>
#include <string_view>

#include "core/types.hpp"

namespace samling::core {

/** Whether a field must be present in a message. An absent optional field keeps its default. */
enum class presence : std::uint8_t { required, optional };

/**
 * One field of a message.
 * For integers and ids `min`/`max` bound the value; for strings they bound the length in code
 * points; for std::optional members they bound the contained value. Bools and enums ignore them.
 */
template <class Owner, class Member> struct field {
    std::string_view name;
    Member Owner::*member;
    presence need;
    std::int64_t min;
    std::int64_t max;
};

template <class O, class M>
constexpr field<O, M> required(std::string_view name, M O::*member, std::int64_t min = 0,
                               std::int64_t max = 0) {
    return {name, member, presence::required, min, max};
}

template <class O, class M>
constexpr field<O, M> optional(std::string_view name, M O::*member, std::int64_t min = 0,
                               std::int64_t max = 0) {
    return {name, member, presence::optional, min, max};
}

/** Bit for a role in an access mask. */
constexpr unsigned role_bit(role r) { return 1u << static_cast<unsigned>(r); }
/** Bit for a phase in a phase mask. */
constexpr unsigned phase_bit(phase p) { return 1u << static_cast<unsigned>(p); }

namespace roles {
inline constexpr unsigned none = 0;  ///< sent by the server itself, never by a client
inline constexpr unsigned facilitators = role_bit(role::facilitator);
inline constexpr unsigned contributors = facilitators | role_bit(role::participant);
inline constexpr unsigned everyone = contributors | role_bit(role::observer);
}  // namespace roles

namespace phases {
inline constexpr unsigned none = 0;
inline constexpr unsigned marketplace = phase_bit(phase::marketplace);
inline constexpr unsigned voting = phase_bit(phase::voting);
inline constexpr unsigned proposing = marketplace | voting;
inline constexpr unsigned working = phase_bit(phase::breakouts) | phase_bit(phase::convergence);
inline constexpr unsigned breakouts = phase_bit(phase::breakouts);
inline constexpr unsigned all = 0x3f;
}  // namespace phases

/**
 * Who may send a command, and when.
 * `roles`: roles allowed at all. `phases`: phases in which participants and observers may send
 * it; facilitators may send what their role allows in any phase.
 */
struct access {
    unsigned roles;
    unsigned phases;
};

/** Static facts about one command type. */
struct command_info {
    std::string_view name;        ///< command "type" on the wire, e.g. "note.add"
    std::string_view event_name;  ///< the event's "type", e.g. "note.added"
    access who;
    bool creates;                 ///< the event carries the id of a new entity
};

}  // namespace samling::core
