#pragma once
/**
 * The whole state of one workshop, rebuilt exactly by replaying its event log.
 * Maps are keyed by id, and ids grow with creation, so iterating a map lists in creation order.
 */
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/limits.hpp"
#include "core/types.hpp"

namespace samling::core {

/** The participant created with the workshop (its host, reached with the facilitator key). */
inline constexpr entity_id host_id = 1;

struct workshop_options {
    std::int64_t dots_per_participant = limits::default_dots;
    bool participants_may_open_groups = false;
    bool anonymous_proposals = false;
    bool votes_hidden = true;   ///< the wall holds results back until votes.reveal (against herd voting)
    bool timer_sound = false;   ///< the wall plays a sound when the timer ends
    bool operator==(const workshop_options&) const = default;
};

struct participant {
    entity_id id = 0;
    std::string name;
    core::role role = core::role::participant;
    entity_id group = 0;  ///< the group they are in now, 0 for none
    time_ms joined_at = 0;
    bool left = false;     ///< left by themself; their resume token no longer works
    bool removed = false;  ///< removed by a facilitator; their resume token no longer works
    bool forgotten = false;  ///< erased on request: no name any more, and never back
    bool active() const { return !left && !removed; }
    bool operator==(const participant&) const = default;
};

/** An earlier wording of a theme, kept when it is edited or merged. */
struct theme_revision {
    std::string title;
    std::string details;
    entity_id by = 0;
    time_ms at = 0;
    bool operator==(const theme_revision&) const = default;
};

struct theme {
    entity_id id = 0;
    std::string title;
    std::string details;
    entity_id proposer = 0;
    time_ms proposed_at = 0;
    theme_status status = theme_status::open;
    entity_id merged_into = 0;             ///< set when status is merged
    std::vector<entity_id> merged_from;    ///< themes merged into this one, in merge order
    std::vector<theme_revision> history;   ///< earlier wordings, oldest first
    std::map<entity_id, std::int64_t> dots;  ///< participant -> dots placed on this theme
    /// Proposed while proposals were anonymous: its proposer stays hidden whatever the option says later.
    bool anonymous = false;
    std::int64_t votes() const {
        std::int64_t total = 0;
        for (const auto& [who, count] : dots) total += count;
        return total;
    }
    bool operator==(const theme&) const = default;
};

struct room {
    entity_id id = 0;
    std::string name;
    std::int64_t capacity = 0;  ///< 0 when not given
    bool operator==(const room&) const = default;
};

/** A time slot of the day; start and end are local "HH:MM" times. */
struct slot {
    entity_id id = 0;
    std::string label;
    std::string start;
    std::string end;
    bool operator==(const slot&) const = default;
};

struct section {
    entity_id id = 0;
    entity_id group = 0;
    std::string title;
    entity_id created_by = 0;
    bool operator==(const section&) const = default;
};

struct note {
    entity_id id = 0;
    entity_id group = 0;
    entity_id section = 0;  ///< 0: directly under the group
    std::string text;
    entity_id author = 0;
    time_ms created_at = 0;
    time_ms edited_at = 0;  ///< 0 when never edited
    bool operator==(const note&) const = default;
};

struct next_step {
    entity_id id = 0;
    entity_id group = 0;
    std::string text;
    std::string owner;  ///< free text: a name, not necessarily a participant
    std::string due;    ///< "YYYY-MM-DD" or empty
    step_status status = step_status::open;
    entity_id created_by = 0;  ///< who added it; 0 (a state stored before steps had authors): facilitators only
    bool operator==(const next_step&) const = default;
};

struct group {
    entity_id id = 0;
    entity_id theme = 0;
    entity_id convener = 0;
    entity_id room = 0;
    entity_id slot = 0;
    time_ms opened_at = 0;
    std::vector<entity_id> sections;  ///< section ids in display order
    std::vector<entity_id> notes;     ///< note ids in display order (all sections interleaved)
    std::vector<entity_id> steps;     ///< next-step ids in display order
    std::vector<entity_id> visitors;  ///< everyone who was ever in the group, first visit order
    std::string title;  ///< the group's own heading; empty: its theme's title
    bool operator==(const group&) const = default;
};

struct timer_state {
    bool running = false;
    std::string label;
    time_ms started_at = 0;
    time_ms ends_at = 0;
    bool paused = false;
    time_ms remaining_ms = 0;  ///< while paused: what was left when it was paused
    bool operator==(const timer_state&) const = default;
};

/** The facilitator's message to the room; empty text when none. */
struct room_message {
    std::string text;
    time_ms posted_at = 0;  ///< tells a new message from the one a phone dismissed
    bool operator==(const room_message&) const = default;
};

struct workshop_state {
    std::uint64_t seq = 0;    ///< seq of the last applied event
    entity_id next_id = 1;    ///< the id the next created entity gets
    std::string title;
    std::string purpose;
    std::string language = "en";
    core::phase phase = core::phase::welcome;
    workshop_options options;
    bool locked = false;
    time_ms created_at = 0;
    std::string day;    ///< the date of the day, "YYYY-MM-DD", or empty when not set
    std::string place;  ///< where the day is held, or empty
    timer_state timer;
    std::string short_code;          ///< typed at /j/<code>; public, it is on the wall
    entity_id presented_group = 0;   ///< the group the wall shows while sharing back, 0 for none
    time_ms closed_at = 0;           ///< when the phase became closed; 0 while it is not closed
    bool votes_revealed = false;
    room_message message;
    std::map<entity_id, participant> participants;
    std::map<entity_id, theme> themes;
    std::map<entity_id, room> rooms;
    std::vector<entity_id> room_order;  ///< every room id, in the order the facilitator set
    std::map<entity_id, slot> slots;
    std::map<entity_id, group> groups;
    std::map<entity_id, section> sections;
    std::map<entity_id, note> notes;
    std::map<entity_id, next_step> steps;

    /** Dots a participant has placed across all themes. */
    std::int64_t dots_used(entity_id who) const;
    /** Participants currently in a group. */
    std::vector<entity_id> members(entity_id group_id) const;
    bool operator==(const workshop_state&) const = default;
};

}  // namespace samling::core
