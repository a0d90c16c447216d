#pragma once
/** What every export format shares: fixed words per language, dates, and the order of groups. */
#include <string>
#include <string_view>
#include <vector>

#include "core/workshop_state.hpp"

namespace samling::core::exporting {

/** The fixed words of a recap in one language. */
struct words {
    std::string_view themes, vote, votes, became_group, merged_themes, merged_into, withdrawn_themes, groups, room,
        time, convener, participants, no_notes, next_steps, step, owner, due, status, nobody;
    std::string_view step_statuses[3];
};

/** The words for a workshop language (en, da, sv, nb; English for anything else). */
const words& words_for(std::string_view language);

/** "YYYY-MM-DD" of a UTC instant. */
std::string calendar_date(time_ms at);
/** "YYYY-MM-DDTHH:MM:SSZ" of a UTC instant. */
std::string iso_time(time_ms at);

/** Groups in recap order: by slot start, then room name, then id; unplaced groups last. */
std::vector<const group*> groups_in_order(const workshop_state& state);
/** A group's heading: its theme's title. */
std::string group_title(const workshop_state& state, const group& g);
/** Display name of a participant id, or "" for 0 or unknown. */
std::string name_of(const workshop_state& state, entity_id id);
/** The group's notes under `section_id` (0: directly under the group), in display order. */
std::vector<const note*> notes_in(const workshop_state& state, const group& g, entity_id section_id);

}  // namespace samling::core::exporting
