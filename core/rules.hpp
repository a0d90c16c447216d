#pragma once
/** Per-command checks and effects, one overload per command (internal to core). */
#include <optional>
#include <string>

#include "core/commands.hpp"
#include "core/errc.hpp"
#include "core/event.hpp"
#include "core/workshop_state.hpp"

namespace samling::core::rules {

/** What a check needs to know besides the command. */
struct context {
    const workshop_state& state;
    entity_id actor;           ///< 0 for server-made commands
    const participant* sender;  ///< nullptr for server-made commands
    time_ms now;
    bool facilitator() const { return sender != nullptr && sender->role == role::facilitator; }
};

using verdict = std::optional<rejection>;

/** A refusal with a code, a sentence for people and the parameters of its translations. */
inline verdict refuse(errc code, std::string message, error_params params = {}) {
    return rejection{code, std::move(message), std::move(params)};
}

/** The parameters of a refusal with a finer reason, e.g. because("slot_taken"). */
inline error_params because(const char* reason) {
    return {{"reason", std::string(reason)}};
}

/** Refuses with limit_reached, naming what is counted ("notes") and the limit. */
inline verdict refuse_count(std::size_t limit, std::string what, std::string message) {
    return refuse(errc::limit_reached, std::move(message),
                  {{"limit", static_cast<std::int64_t>(limit)}, {"what", std::move(what)}});
}

/** The entity with `id` in `map`, or nullptr. */
template <class Map> auto find(Map& map, entity_id id) -> decltype(&map.begin()->second) {
    auto it = map.find(id);
    return it == map.end() ? nullptr : &it->second;
}

/** A text in quotes for messages, e.g. "Transport". */
inline std::string quoted(const std::string& text) { return "\"" + text + "\""; }

/**
 * Refuses with limit_reached when a workshop-wide count is at its limit; `what` is the counted
 * thing's key for translations ("slots"), `words` its English name ("time slots").
 */
inline verdict within_limit(std::size_t count, std::size_t limit, const char* what,
                            const char* words = nullptr) {
    if (count < limit) return std::nullopt;
    return refuse_count(limit, what,
                        "The workshop has reached its limit of " + std::to_string(limit) + " " +
                            (words != nullptr ? words : what) + ".");
}

/** Refuses with not_found unless the group exists. */
inline verdict group_exists(const workshop_state& state, entity_id id) {
    if (state.groups.find(id) != state.groups.end()) return std::nullopt;
    return refuse(errc::not_found, "That group does not exist (any more).", because("group"));
}

/** The open theme with `id` in `*out`, or a refusal saying why it cannot be used. */
verdict open_theme(const workshop_state& state, entity_id id, const theme** out);
/** A breakout group works on the theme. */
bool has_group(const workshop_state& state, entity_id theme_id);

/** The participant with `id` if they are still in the workshop, else nullptr. */
inline const participant* active_participant(const workshop_state& state, entity_id id) {
    const participant* p = find(state.participants, id);
    return p != nullptr && p->active() ? p : nullptr;
}

verdict check(const context& ctx, const workshop_create& cmd);
verdict check(const context& ctx, const workshop_rename& cmd);
verdict check(const context& ctx, const workshop_set_purpose& cmd);
verdict check(const context& ctx, const workshop_set_language& cmd);
verdict check(const context& ctx, const workshop_set_phase& cmd);
verdict check(const context& ctx, const workshop_set_options& cmd);
verdict check(const context& ctx, const workshop_set_day& cmd);
verdict check(const context& ctx, const workshop_lock& cmd);
verdict check(const context& ctx, const workshop_unlock& cmd);
verdict check(const context& ctx, const participant_join& cmd);
verdict check(const context& ctx, const participant_rename& cmd);
verdict check(const context& ctx, const participant_leave& cmd);
verdict check(const context& ctx, const participant_promote& cmd);
verdict check(const context& ctx, const participant_remove& cmd);
verdict check(const context& ctx, const participant_forget& cmd);
verdict check(const context& ctx, const theme_propose& cmd);
verdict check(const context& ctx, const theme_edit& cmd);
verdict check(const context& ctx, const theme_withdraw& cmd);
verdict check(const context& ctx, const theme_merge& cmd);
verdict check(const context& ctx, const theme_delete& cmd);
verdict check(const context& ctx, const theme_restore& cmd);
verdict check(const context& ctx, const vote_add& cmd);
verdict check(const context& ctx, const vote_remove& cmd);
verdict check(const context& ctx, const room_add& cmd);
verdict check(const context& ctx, const room_edit& cmd);
verdict check(const context& ctx, const room_delete& cmd);
verdict check(const context& ctx, const room_move& cmd);
verdict check(const context& ctx, const slot_add& cmd);
verdict check(const context& ctx, const slot_edit& cmd);
verdict check(const context& ctx, const slot_delete& cmd);
verdict check(const context& ctx, const group_open& cmd);
verdict check(const context& ctx, const group_place& cmd);
verdict check(const context& ctx, const group_set_convener& cmd);
verdict check(const context& ctx, const group_rename& cmd);
verdict check(const context& ctx, const group_delete& cmd);
verdict check(const context& ctx, const group_join& cmd);
verdict check(const context& ctx, const group_leave& cmd);
verdict check(const context& ctx, const section_add& cmd);
verdict check(const context& ctx, const section_rename& cmd);
verdict check(const context& ctx, const section_move& cmd);
verdict check(const context& ctx, const section_delete& cmd);
verdict check(const context& ctx, const note_add& cmd);
verdict check(const context& ctx, const note_edit& cmd);
verdict check(const context& ctx, const note_delete& cmd);
verdict check(const context& ctx, const note_move& cmd);
verdict check(const context& ctx, const next_step_add& cmd);
verdict check(const context& ctx, const next_step_edit& cmd);
verdict check(const context& ctx, const next_step_delete& cmd);
verdict check(const context& ctx, const timer_start& cmd);
verdict check(const context& ctx, const timer_stop& cmd);
verdict check(const context& ctx, const wall_present& cmd);
verdict check(const context& ctx, const votes_reveal& cmd);
verdict check(const context& ctx, const message_post& cmd);
verdict check(const context& ctx, const message_clear& cmd);
verdict check(const context& ctx, const timer_pause& cmd);
verdict check(const context& ctx, const timer_resume& cmd);
verdict check(const context& ctx, const timer_extend& cmd);
verdict check(const context& ctx, const short_code_rotate& cmd);

void effect(workshop_state& state, const event& ev, const workshop_create& cmd);
void effect(workshop_state& state, const event& ev, const workshop_rename& cmd);
void effect(workshop_state& state, const event& ev, const workshop_set_purpose& cmd);
void effect(workshop_state& state, const event& ev, const workshop_set_language& cmd);
void effect(workshop_state& state, const event& ev, const workshop_set_phase& cmd);
void effect(workshop_state& state, const event& ev, const workshop_set_options& cmd);
void effect(workshop_state& state, const event& ev, const workshop_set_day& cmd);
void effect(workshop_state& state, const event& ev, const workshop_lock& cmd);
void effect(workshop_state& state, const event& ev, const workshop_unlock& cmd);
void effect(workshop_state& state, const event& ev, const participant_join& cmd);
void effect(workshop_state& state, const event& ev, const participant_rename& cmd);
void effect(workshop_state& state, const event& ev, const participant_leave& cmd);
void effect(workshop_state& state, const event& ev, const participant_promote& cmd);
void effect(workshop_state& state, const event& ev, const participant_remove& cmd);
void effect(workshop_state& state, const event& ev, const participant_forget& cmd);
void effect(workshop_state& state, const event& ev, const theme_propose& cmd);
void effect(workshop_state& state, const event& ev, const theme_edit& cmd);
void effect(workshop_state& state, const event& ev, const theme_withdraw& cmd);
void effect(workshop_state& state, const event& ev, const theme_merge& cmd);
void effect(workshop_state& state, const event& ev, const theme_delete& cmd);
void effect(workshop_state& state, const event& ev, const theme_restore& cmd);
void effect(workshop_state& state, const event& ev, const vote_add& cmd);
void effect(workshop_state& state, const event& ev, const vote_remove& cmd);
void effect(workshop_state& state, const event& ev, const room_add& cmd);
void effect(workshop_state& state, const event& ev, const room_edit& cmd);
void effect(workshop_state& state, const event& ev, const room_delete& cmd);
void effect(workshop_state& state, const event& ev, const room_move& cmd);
void effect(workshop_state& state, const event& ev, const slot_add& cmd);
void effect(workshop_state& state, const event& ev, const slot_edit& cmd);
void effect(workshop_state& state, const event& ev, const slot_delete& cmd);
void effect(workshop_state& state, const event& ev, const group_open& cmd);
void effect(workshop_state& state, const event& ev, const group_place& cmd);
void effect(workshop_state& state, const event& ev, const group_set_convener& cmd);
void effect(workshop_state& state, const event& ev, const group_rename& cmd);
void effect(workshop_state& state, const event& ev, const group_delete& cmd);
void effect(workshop_state& state, const event& ev, const group_join& cmd);
void effect(workshop_state& state, const event& ev, const group_leave& cmd);
void effect(workshop_state& state, const event& ev, const section_add& cmd);
void effect(workshop_state& state, const event& ev, const section_rename& cmd);
void effect(workshop_state& state, const event& ev, const section_move& cmd);
void effect(workshop_state& state, const event& ev, const section_delete& cmd);
void effect(workshop_state& state, const event& ev, const note_add& cmd);
void effect(workshop_state& state, const event& ev, const note_edit& cmd);
void effect(workshop_state& state, const event& ev, const note_delete& cmd);
void effect(workshop_state& state, const event& ev, const note_move& cmd);
void effect(workshop_state& state, const event& ev, const next_step_add& cmd);
void effect(workshop_state& state, const event& ev, const next_step_edit& cmd);
void effect(workshop_state& state, const event& ev, const next_step_delete& cmd);
void effect(workshop_state& state, const event& ev, const timer_start& cmd);
void effect(workshop_state& state, const event& ev, const timer_stop& cmd);
void effect(workshop_state& state, const event& ev, const wall_present& cmd);
void effect(workshop_state& state, const event& ev, const votes_reveal& cmd);
void effect(workshop_state& state, const event& ev, const message_post& cmd);
void effect(workshop_state& state, const event& ev, const message_clear& cmd);
void effect(workshop_state& state, const event& ev, const timer_pause& cmd);
void effect(workshop_state& state, const event& ev, const timer_resume& cmd);
void effect(workshop_state& state, const event& ev, const timer_extend& cmd);
void effect(workshop_state& state, const event& ev, const short_code_rotate& cmd);

}  // namespace samling::core::rules
