#pragma once
/** What every export format shares: fixed words per language, dates, lines, and the order of
 * things. */
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/workshop_state.hpp"

namespace samling::core::exporting {

/** The fixed words of a recap in one language. */
struct words {
    std::string_view themes, vote, votes, became_group, merged_themes, merged_into,
        withdrawn_themes;
    std::string_view room, time, convener, participants, nobody, no_notes;
    std::string_view next_steps, step, owner, due, status, generated;
    std::array<std::string_view, 3> step_statuses;  ///< indexed by step_status
    std::string_view date, place, theme, group, votes_heading, contents, figures, groups, notes;
    std::string_view ranking;
    std::string_view deleted_participant;  ///< stands for a forgotten participant's name
};

/** The words for a workshop language (en, da, sv, nb; English for anything else). */
const words& words_for(std::string_view language);
/** "3 votes", "1 vote" in the recap's language. */
std::string vote_count(const words& w, std::int64_t votes);
/** The word for a next step's status. */
std::string_view status_word(const words& w, step_status status);

/** "YYYY-MM-DD" of a UTC instant (proleptic Gregorian, any sign). */
std::string calendar_date(time_ms at);
/** "YYYY-MM-DDTHH:MM:SSZ" of a UTC instant. */
std::string iso_time(time_ms at);

/** The lines of user text; CR LF, lone CR and LF all end a line. */
std::vector<std::string_view> split_lines(std::string_view text);

/** Themes by status, each list in the order they were proposed (ids grow with creation). */
struct theme_lists {
    std::vector<const theme*> open, merged, withdrawn;
};
/** Every theme of the workshop, sorted into its list. */
theme_lists themes_in_order(const workshop_state& state);
/** The open themes with votes, most votes first; equal counts in proposal order. */
std::vector<const theme*> ranking_by_votes(const workshop_state& state);
/** The group opened on the theme, or nullptr when it did not become one. */
const group* group_on(const workshop_state& state, entity_id theme_id);
/** The title of the theme a merged theme went into, or "?" when it is gone. */
std::string merge_target(const workshop_state& state, const theme& merged);

/**
 * Groups in recap order, as the day ran: by slot start, then the facilitator's room order, then
 * id; groups without a room after those with one in the same slot, groups without a slot last.
 */
std::vector<const group*> groups_in_order(const workshop_state& state);
/** A group's heading: its own title, or its theme's title when it has none. */
std::string group_title(const workshop_state& state, const group& g);
/** The title of the theme the group came from ("" when the theme is gone). */
std::string theme_title(const workshop_state& state, const group& g);
/** The date of the day: the one the facilitator set, else the day the workshop was created. */
std::string day_of(const workshop_state& state);

/** The day in figures, for the opening of a recap. */
struct figures {
    std::int64_t participants = 0, themes = 0, votes = 0, groups = 0, notes = 0, steps = 0;
};
figures figures_of(const workshop_state& state);
/** The group's room, or nullptr when it has none. */
const room* room_of(const workshop_state& state, const group& g);
/** The group's slot, or nullptr when it has none. */
const slot* slot_of(const workshop_state& state, const group& g);
/** Display name of a participant id, "" for 0 or unknown; a forgotten one is a "Deleted participant". */
std::string name_of(const workshop_state& state, entity_id id);
/** The group's notes under `section_id` (0: directly under the group), in display order. */
std::vector<const note*> notes_in(const workshop_state& state, const group& g,
                                  entity_id section_id);
/** Every section of a group, in display order, those without notes too. */
std::vector<const section*> sections_of(const workshop_state& state, const group& g);

}  // namespace samling::core::exporting
