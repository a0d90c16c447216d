#pragma once
/**
 * Every command a workshop accepts. An accepted command is stored, unchanged, as the body of an
 * event (see event.hpp), so these structs are also the event payloads.
 * Each struct names its wire type, its event type, who may send it, and its fields.
 */
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <variant>

#include "core/field.hpp"
#include "core/limits.hpp"
#include "core/types.hpp"
#include "core/wall_commands.hpp"

namespace samling::core {

/** `workshop.create` → `workshop.created` */
struct workshop_create {
    static constexpr command_info info{"workshop.create", "workshop.created", {roles::none, phases::none}, true};
    std::string title;
    std::string purpose;
    std::string language;
    std::string facilitator_name;
    std::string short_code{};  ///< drawn by the server; empty in workshops created before short codes
    static constexpr auto fields() { return std::tuple{required("title", &workshop_create::title, 1, limits::title_chars), optional("purpose", &workshop_create::purpose, 0, limits::purpose_chars), required("language", &workshop_create::language, 2, 2), required("facilitator_name", &workshop_create::facilitator_name, 1, limits::name_chars), optional("short_code", &workshop_create::short_code, 0, limits::short_code_digits)}; }
    bool operator==(const workshop_create&) const = default;
};

/** `workshop.rename` → `workshop.renamed` */
struct workshop_rename {
    static constexpr command_info info{"workshop.rename", "workshop.renamed", {roles::facilitators, phases::none}, false};
    std::string title;
    static constexpr auto fields() { return std::tuple{required("title", &workshop_rename::title, 1, limits::title_chars)}; }
    bool operator==(const workshop_rename&) const = default;
};

/** `workshop.set_purpose` → `workshop.purpose_set` */
struct workshop_set_purpose {
    static constexpr command_info info{"workshop.set_purpose", "workshop.purpose_set", {roles::facilitators, phases::none}, false};
    std::string purpose;
    static constexpr auto fields() { return std::tuple{required("purpose", &workshop_set_purpose::purpose, 0, limits::purpose_chars)}; }
    bool operator==(const workshop_set_purpose&) const = default;
};

/** `workshop.set_language` → `workshop.language_set` */
struct workshop_set_language {
    static constexpr command_info info{"workshop.set_language", "workshop.language_set", {roles::facilitators, phases::none}, false};
    std::string language;
    static constexpr auto fields() { return std::tuple{required("language", &workshop_set_language::language, 2, 2)}; }
    bool operator==(const workshop_set_language&) const = default;
};

/** `workshop.set_phase` → `workshop.phase_set` */
struct workshop_set_phase {
    static constexpr command_info info{"workshop.set_phase", "workshop.phase_set", {roles::facilitators, phases::none}, false};
    core::phase phase = core::phase::welcome;
    static constexpr auto fields() { return std::tuple{required("phase", &workshop_set_phase::phase, 0, 0)}; }
    bool operator==(const workshop_set_phase&) const = default;
};

/** `workshop.set_options` → `workshop.options_set` */
struct workshop_set_options {
    static constexpr command_info info{"workshop.set_options", "workshop.options_set", {roles::facilitators, phases::none}, false};
    std::optional<std::int64_t> dots_per_participant;
    std::optional<bool> participants_may_open_groups;
    std::optional<bool> anonymous_proposals;
    std::optional<bool> votes_hidden{};
    std::optional<bool> timer_sound{};
    static constexpr auto fields() { return std::tuple{optional("dots_per_participant", &workshop_set_options::dots_per_participant, 0, limits::max_dots), optional("participants_may_open_groups", &workshop_set_options::participants_may_open_groups, 0, 0), optional("anonymous_proposals", &workshop_set_options::anonymous_proposals, 0, 0), optional("votes_hidden", &workshop_set_options::votes_hidden, 0, 0), optional("timer_sound", &workshop_set_options::timer_sound, 0, 0)}; }
    bool operator==(const workshop_set_options&) const = default;
};

/** `workshop.set_day` → `workshop.day_set`: the date of the day and where it is held, both optional. */
struct workshop_set_day {
    static constexpr command_info info{"workshop.set_day", "workshop.day_set", {roles::facilitators, phases::none}, false};
    std::string date;
    std::string place;
    static constexpr auto fields() { return std::tuple{optional("date", &workshop_set_day::date, 0, 10), optional("place", &workshop_set_day::place, 0, limits::label_chars)}; }
    bool operator==(const workshop_set_day&) const = default;
};

/** `workshop.lock` → `workshop.locked` */
struct workshop_lock {
    static constexpr command_info info{"workshop.lock", "workshop.locked", {roles::facilitators, phases::none}, false};
    static constexpr auto fields() { return std::tuple{}; }
    bool operator==(const workshop_lock&) const = default;
};

/** `workshop.unlock` → `workshop.unlocked` */
struct workshop_unlock {
    static constexpr command_info info{"workshop.unlock", "workshop.unlocked", {roles::facilitators, phases::none}, false};
    static constexpr auto fields() { return std::tuple{}; }
    bool operator==(const workshop_unlock&) const = default;
};

/** `participant.join` → `participant.joined` */
struct participant_join {
    static constexpr command_info info{"participant.join", "participant.joined", {roles::none, phases::none}, true};
    std::string name;
    core::role role = core::role::participant;
    static constexpr auto fields() { return std::tuple{required("name", &participant_join::name, 1, limits::name_chars), required("role", &participant_join::role, 0, 0)}; }
    bool operator==(const participant_join&) const = default;
};

/** `participant.rename` → `participant.renamed` */
struct participant_rename {
    static constexpr command_info info{"participant.rename", "participant.renamed", {roles::everyone, phases::all}, false};
    std::string name;
    static constexpr auto fields() { return std::tuple{required("name", &participant_rename::name, 1, limits::name_chars)}; }
    bool operator==(const participant_rename&) const = default;
};

/** `participant.leave` → `participant.left` */
struct participant_leave {
    static constexpr command_info info{"participant.leave", "participant.left", {roles::everyone, phases::all}, false};
    static constexpr auto fields() { return std::tuple{}; }
    bool operator==(const participant_leave&) const = default;
};

/** `participant.promote` → `participant.promoted` */
struct participant_promote {
    static constexpr command_info info{"participant.promote", "participant.promoted", {roles::facilitators, phases::none}, false};
    entity_id participant = 0;
    static constexpr auto fields() { return std::tuple{required("participant", &participant_promote::participant, 1, 0)}; }
    bool operator==(const participant_promote&) const = default;
};

/** `participant.remove` → `participant.removed` */
struct participant_remove {
    static constexpr command_info info{"participant.remove", "participant.removed", {roles::facilitators, phases::none}, false};
    entity_id participant = 0;
    static constexpr auto fields() { return std::tuple{required("participant", &participant_remove::participant, 1, 0)}; }
    bool operator==(const participant_remove&) const = default;
};

/**
 * `participant.forget` → `participant.forgotten`: erases a participant's name for good, and with
 * content "delete" what they wrote too. A facilitator forgets anyone but the host; anyone but the
 * host may forget themself.
 */
struct participant_forget {
    static constexpr command_info info{"participant.forget", "participant.forgotten", {roles::everyone, phases::all}, false};
    entity_id participant = 0;
    core::forget_content content = core::forget_content::keep;
    static constexpr auto fields() { return std::tuple{required("participant", &participant_forget::participant, 1, 0), required("content", &participant_forget::content, 0, 0)}; }
    bool operator==(const participant_forget&) const = default;
};

/** `theme.propose` → `theme.proposed` */
struct theme_propose {
    static constexpr command_info info{"theme.propose", "theme.proposed", {roles::contributors, phases::marketplace}, true};
    std::string title;
    std::string details;
    static constexpr auto fields() { return std::tuple{required("title", &theme_propose::title, 1, limits::title_chars), optional("details", &theme_propose::details, 0, limits::details_chars)}; }
    bool operator==(const theme_propose&) const = default;
};

/** `theme.edit` → `theme.edited` */
struct theme_edit {
    static constexpr command_info info{"theme.edit", "theme.edited", {roles::contributors, phases::proposing}, false};
    entity_id theme = 0;
    std::optional<std::string> title;
    std::optional<std::string> details;
    static constexpr auto fields() { return std::tuple{required("theme", &theme_edit::theme, 1, 0), optional("title", &theme_edit::title, 1, limits::title_chars), optional("details", &theme_edit::details, 0, limits::details_chars)}; }
    bool operator==(const theme_edit&) const = default;
};

/** `theme.withdraw` → `theme.withdrawn` */
struct theme_withdraw {
    static constexpr command_info info{"theme.withdraw", "theme.withdrawn", {roles::contributors, phases::proposing}, false};
    entity_id theme = 0;
    static constexpr auto fields() { return std::tuple{required("theme", &theme_withdraw::theme, 1, 0)}; }
    bool operator==(const theme_withdraw&) const = default;
};

/** `theme.merge` → `theme.merged` */
struct theme_merge {
    static constexpr command_info info{"theme.merge", "theme.merged", {roles::facilitators, phases::none}, false};
    entity_id theme = 0;
    entity_id into = 0;
    static constexpr auto fields() { return std::tuple{required("theme", &theme_merge::theme, 1, 0), required("into", &theme_merge::into, 1, 0)}; }
    bool operator==(const theme_merge&) const = default;
};

/** `theme.delete` → `theme.deleted` */
struct theme_delete {
    static constexpr command_info info{"theme.delete", "theme.deleted", {roles::facilitators, phases::none}, false};
    entity_id theme = 0;
    static constexpr auto fields() { return std::tuple{required("theme", &theme_delete::theme, 1, 0)}; }
    bool operator==(const theme_delete&) const = default;
};

/** `theme.restore` → `theme.restored`: undoes a withdrawal or a merge. */
struct theme_restore {
    static constexpr command_info info{"theme.restore", "theme.restored", {roles::contributors, phases::proposing}, false};
    entity_id theme = 0;
    static constexpr auto fields() { return std::tuple{required("theme", &theme_restore::theme, 1, 0)}; }
    bool operator==(const theme_restore&) const = default;
};

/** `vote.add` → `vote.added` */
struct vote_add {
    static constexpr command_info info{"vote.add", "vote.added", {roles::contributors, phases::voting}, false};
    entity_id theme = 0;
    static constexpr auto fields() { return std::tuple{required("theme", &vote_add::theme, 1, 0)}; }
    bool operator==(const vote_add&) const = default;
};

/** `vote.remove` → `vote.removed` */
struct vote_remove {
    static constexpr command_info info{"vote.remove", "vote.removed", {roles::contributors, phases::voting}, false};
    entity_id theme = 0;
    static constexpr auto fields() { return std::tuple{required("theme", &vote_remove::theme, 1, 0)}; }
    bool operator==(const vote_remove&) const = default;
};

/** `room.add` → `room.added` */
struct room_add {
    static constexpr command_info info{"room.add", "room.added", {roles::facilitators, phases::none}, true};
    std::string name;
    std::int64_t capacity = 0;
    static constexpr auto fields() { return std::tuple{required("name", &room_add::name, 1, limits::label_chars), optional("capacity", &room_add::capacity, 0, limits::max_room_capacity)}; }
    bool operator==(const room_add&) const = default;
};

/** `room.edit` → `room.edited` */
struct room_edit {
    static constexpr command_info info{"room.edit", "room.edited", {roles::facilitators, phases::none}, false};
    entity_id room = 0;
    std::optional<std::string> name;
    std::optional<std::int64_t> capacity;
    static constexpr auto fields() { return std::tuple{required("room", &room_edit::room, 1, 0), optional("name", &room_edit::name, 1, limits::label_chars), optional("capacity", &room_edit::capacity, 0, limits::max_room_capacity)}; }
    bool operator==(const room_edit&) const = default;
};

/** `room.delete` → `room.deleted` */
struct room_delete {
    static constexpr command_info info{"room.delete", "room.deleted", {roles::facilitators, phases::none}, false};
    entity_id room = 0;
    static constexpr auto fields() { return std::tuple{required("room", &room_delete::room, 1, 0)}; }
    bool operator==(const room_delete&) const = default;
};

/** `room.move` → `room.moved`: the room takes `position` (from 0) in the room order. */
struct room_move {
    static constexpr command_info info{"room.move", "room.moved", {roles::facilitators, phases::none}, false};
    entity_id room = 0;
    std::int64_t position = 0;
    static constexpr auto fields() { return std::tuple{required("room", &room_move::room, 1, 0), required("position", &room_move::position, 0, limits::max_position)}; }
    bool operator==(const room_move&) const = default;
};

/** `slot.add` → `slot.added` */
struct slot_add {
    static constexpr command_info info{"slot.add", "slot.added", {roles::facilitators, phases::none}, true};
    std::string label;
    std::string start;
    std::string end;
    static constexpr auto fields() { return std::tuple{required("label", &slot_add::label, 1, limits::label_chars), required("start", &slot_add::start, 5, 5), required("end", &slot_add::end, 5, 5)}; }
    bool operator==(const slot_add&) const = default;
};

/** `slot.edit` → `slot.edited` */
struct slot_edit {
    static constexpr command_info info{"slot.edit", "slot.edited", {roles::facilitators, phases::none}, false};
    entity_id slot = 0;
    std::optional<std::string> label;
    std::optional<std::string> start;
    std::optional<std::string> end;
    static constexpr auto fields() { return std::tuple{required("slot", &slot_edit::slot, 1, 0), optional("label", &slot_edit::label, 1, limits::label_chars), optional("start", &slot_edit::start, 5, 5), optional("end", &slot_edit::end, 5, 5)}; }
    bool operator==(const slot_edit&) const = default;
};

/** `slot.delete` → `slot.deleted` */
struct slot_delete {
    static constexpr command_info info{"slot.delete", "slot.deleted", {roles::facilitators, phases::none}, false};
    entity_id slot = 0;
    static constexpr auto fields() { return std::tuple{required("slot", &slot_delete::slot, 1, 0)}; }
    bool operator==(const slot_delete&) const = default;
};

/** `group.open` → `group.opened` */
struct group_open {
    static constexpr command_info info{"group.open", "group.opened", {roles::contributors, phases::breakouts}, true};
    entity_id theme = 0;
    entity_id convener = 0;
    static constexpr auto fields() { return std::tuple{required("theme", &group_open::theme, 1, 0), optional("convener", &group_open::convener, 0, 0)}; }
    bool operator==(const group_open&) const = default;
};

/** `group.place` → `group.placed` */
struct group_place {
    static constexpr command_info info{"group.place", "group.placed", {roles::facilitators, phases::none}, false};
    entity_id group = 0;
    entity_id room = 0;
    entity_id slot = 0;
    static constexpr auto fields() { return std::tuple{required("group", &group_place::group, 1, 0), required("room", &group_place::room, 0, 0), required("slot", &group_place::slot, 0, 0)}; }
    bool operator==(const group_place&) const = default;
};

/** `group.set_convener` → `group.convener_set` */
struct group_set_convener {
    static constexpr command_info info{"group.set_convener", "group.convener_set", {roles::facilitators, phases::none}, false};
    entity_id group = 0;
    entity_id convener = 0;
    static constexpr auto fields() { return std::tuple{required("group", &group_set_convener::group, 1, 0), required("convener", &group_set_convener::convener, 0, 0)}; }
    bool operator==(const group_set_convener&) const = default;
};

/** `group.rename` → `group.renamed`: the group's own heading; an empty title returns to the theme's. */
struct group_rename {
    static constexpr command_info info{"group.rename", "group.renamed", {roles::contributors, phases::working}, false};
    entity_id group = 0;
    std::string title;
    static constexpr auto fields() { return std::tuple{required("group", &group_rename::group, 1, 0), required("title", &group_rename::title, 0, limits::title_chars)}; }
    bool operator==(const group_rename&) const = default;
};

/** `group.delete` → `group.deleted` */
struct group_delete {
    static constexpr command_info info{"group.delete", "group.deleted", {roles::facilitators, phases::none}, false};
    entity_id group = 0;
    static constexpr auto fields() { return std::tuple{required("group", &group_delete::group, 1, 0)}; }
    bool operator==(const group_delete&) const = default;
};

/** `group.join` → `group.joined` */
struct group_join {
    static constexpr command_info info{"group.join", "group.joined", {roles::everyone, phases::working}, false};
    entity_id group = 0;
    static constexpr auto fields() { return std::tuple{required("group", &group_join::group, 1, 0)}; }
    bool operator==(const group_join&) const = default;
};

/** `group.leave` → `group.left` */
struct group_leave {
    static constexpr command_info info{"group.leave", "group.left", {roles::everyone, phases::working}, false};
    static constexpr auto fields() { return std::tuple{}; }
    bool operator==(const group_leave&) const = default;
};

/** `section.add` → `section.added` */
struct section_add {
    static constexpr command_info info{"section.add", "section.added", {roles::contributors, phases::working}, true};
    entity_id group = 0;
    std::string title;
    static constexpr auto fields() { return std::tuple{required("group", &section_add::group, 1, 0), required("title", &section_add::title, 1, limits::title_chars)}; }
    bool operator==(const section_add&) const = default;
};

/** `section.rename` → `section.renamed` */
struct section_rename {
    static constexpr command_info info{"section.rename", "section.renamed", {roles::contributors, phases::working}, false};
    entity_id section = 0;
    std::string title;
    static constexpr auto fields() { return std::tuple{required("section", &section_rename::section, 1, 0), required("title", &section_rename::title, 1, limits::title_chars)}; }
    bool operator==(const section_rename&) const = default;
};

/** `section.move` → `section.moved` */
struct section_move {
    static constexpr command_info info{"section.move", "section.moved", {roles::contributors, phases::working}, false};
    entity_id section = 0;
    std::int64_t position = 0;
    static constexpr auto fields() { return std::tuple{required("section", &section_move::section, 1, 0), required("position", &section_move::position, 0, limits::max_position)}; }
    bool operator==(const section_move&) const = default;
};

/** `section.delete` → `section.deleted` */
struct section_delete {
    static constexpr command_info info{"section.delete", "section.deleted", {roles::contributors, phases::working}, false};
    entity_id section = 0;
    static constexpr auto fields() { return std::tuple{required("section", &section_delete::section, 1, 0)}; }
    bool operator==(const section_delete&) const = default;
};

/** `note.add` → `note.added` */
struct note_add {
    static constexpr command_info info{"note.add", "note.added", {roles::contributors, phases::working}, true};
    entity_id group = 0;
    entity_id section = 0;
    std::string text;
    static constexpr auto fields() { return std::tuple{required("group", &note_add::group, 1, 0), optional("section", &note_add::section, 0, 0), required("text", &note_add::text, 1, limits::note_chars)}; }
    bool operator==(const note_add&) const = default;
};

/** `note.edit` → `note.edited` */
struct note_edit {
    static constexpr command_info info{"note.edit", "note.edited", {roles::contributors, phases::working}, false};
    entity_id note = 0;
    std::string text;
    static constexpr auto fields() { return std::tuple{required("note", &note_edit::note, 1, 0), required("text", &note_edit::text, 1, limits::note_chars)}; }
    bool operator==(const note_edit&) const = default;
};

/** `note.delete` → `note.deleted` */
struct note_delete {
    static constexpr command_info info{"note.delete", "note.deleted", {roles::contributors, phases::working}, false};
    entity_id note = 0;
    static constexpr auto fields() { return std::tuple{required("note", &note_delete::note, 1, 0)}; }
    bool operator==(const note_delete&) const = default;
};

/** `note.move` → `note.moved` */
struct note_move {
    static constexpr command_info info{"note.move", "note.moved", {roles::contributors, phases::working}, false};
    entity_id note = 0;
    entity_id section = 0;
    std::int64_t position = 0;
    static constexpr auto fields() { return std::tuple{required("note", &note_move::note, 1, 0), required("section", &note_move::section, 0, 0), required("position", &note_move::position, 0, limits::max_position)}; }
    bool operator==(const note_move&) const = default;
};

/** `next_step.add` → `next_step.added` */
struct next_step_add {
    static constexpr command_info info{"next_step.add", "next_step.added", {roles::contributors, phases::working}, true};
    entity_id group = 0;
    std::string text;
    std::string owner;
    std::string due;
    core::step_status status = core::step_status::open;
    static constexpr auto fields() { return std::tuple{required("group", &next_step_add::group, 1, 0), required("text", &next_step_add::text, 1, limits::step_chars), optional("owner", &next_step_add::owner, 0, limits::label_chars), optional("due", &next_step_add::due, 0, 10), optional("status", &next_step_add::status, 0, 0)}; }
    bool operator==(const next_step_add&) const = default;
};

/** `next_step.edit` → `next_step.edited` */
struct next_step_edit {
    static constexpr command_info info{"next_step.edit", "next_step.edited", {roles::contributors, phases::working}, false};
    entity_id step = 0;
    std::optional<std::string> text;
    std::optional<std::string> owner;
    std::optional<std::string> due;
    std::optional<core::step_status> status;
    static constexpr auto fields() { return std::tuple{required("step", &next_step_edit::step, 1, 0), optional("text", &next_step_edit::text, 1, limits::step_chars), optional("owner", &next_step_edit::owner, 0, limits::label_chars), optional("due", &next_step_edit::due, 0, 10), optional("status", &next_step_edit::status, 0, 0)}; }
    bool operator==(const next_step_edit&) const = default;
};

/** `next_step.delete` → `next_step.deleted` */
struct next_step_delete {
    static constexpr command_info info{"next_step.delete", "next_step.deleted", {roles::contributors, phases::working}, false};
    entity_id step = 0;
    static constexpr auto fields() { return std::tuple{required("step", &next_step_delete::step, 1, 0)}; }
    bool operator==(const next_step_delete&) const = default;
};

/** `timer.start` → `timer.started` */
struct timer_start {
    static constexpr command_info info{"timer.start", "timer.started", {roles::facilitators, phases::none}, false};
    std::int64_t duration_seconds = 0;
    std::string label;
    static constexpr auto fields() { return std::tuple{required("duration_seconds", &timer_start::duration_seconds, 1, limits::max_timer_seconds), optional("label", &timer_start::label, 0, limits::label_chars)}; }
    bool operator==(const timer_start&) const = default;
};

/** `timer.stop` → `timer.stopped` */
struct timer_stop {
    static constexpr command_info info{"timer.stop", "timer.stopped", {roles::facilitators, phases::none}, false};
    static constexpr auto fields() { return std::tuple{}; }
    bool operator==(const timer_stop&) const = default;
};

/** Any command; the variant index order is the order of this file. */
using command = std::variant<workshop_create,
                             workshop_rename,
                             workshop_set_purpose,
                             workshop_set_language,
                             workshop_set_phase,
                             workshop_set_options,
                             workshop_set_day,
                             workshop_lock,
                             workshop_unlock,
                             participant_join,
                             participant_rename,
                             participant_leave,
                             participant_promote,
                             participant_remove,
                             participant_forget,
                             theme_propose,
                             theme_edit,
                             theme_withdraw,
                             theme_merge,
                             theme_delete,
                             theme_restore,
                             vote_add,
                             vote_remove,
                             room_add,
                             room_edit,
                             room_delete,
                             room_move,
                             slot_add,
                             slot_edit,
                             slot_delete,
                             group_open,
                             group_place,
                             group_set_convener,
                             group_rename,
                             group_delete,
                             group_join,
                             group_leave,
                             section_add,
                             section_rename,
                             section_move,
                             section_delete,
                             note_add,
                             note_edit,
                             note_delete,
                             note_move,
                             next_step_add,
                             next_step_edit,
                             next_step_delete,
                             timer_start,
                             timer_stop,
                             wall_present,
                             votes_reveal,
                             message_post,
                             message_clear,
                             timer_pause,
                             timer_resume,
                             timer_extend,
                             short_code_rotate>;

/** Static facts of the command held in `c`. */
inline const command_info& info_of(const command& c) {
    return std::visit([](const auto& alternative) -> const command_info& {
        return std::decay_t<decltype(alternative)>::info;
    }, c);
}

}  // namespace samling::core
