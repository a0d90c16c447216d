// Sections, bullet notes and next steps inside a group.
#include <algorithm>

#include "core/decide.hpp"
#include "core/rules.hpp"

namespace samling::core::rules {
namespace {

/** Section 0 (none) or a section of `group_id`. */
verdict section_in_group(const workshop_state& state, entity_id section_id, entity_id group_id) {
    if (section_id == 0) return std::nullopt;
    const section* s = find(state.sections, section_id);
    if (s == nullptr)
        return refuse(errc::not_found, "That section does not exist (any more).",
                      because("section"));
    if (s->group != group_id) return refuse(errc::invalid_value, "That section belongs to another group.");
    return std::nullopt;
}

verdict own_note(const context& ctx, entity_id note_id) {
    const note* n = find(ctx.state.notes, note_id);
    if (n == nullptr)
        return refuse(errc::not_found, "That note does not exist (any more).", because("note"));
    if (n->author != ctx.actor && !ctx.facilitator()) {
        return refuse(errc::not_owner, "Only the note's author (or a facilitator) can change it.");
    }
    return std::nullopt;
}

verdict valid_due(const std::string& due) {
    if (!due.empty() && !is_calendar_date(due)) {
        return refuse(errc::invalid_value, "Write the due date as YYYY-MM-DD, for example 2026-03-01.");
    }
    return std::nullopt;
}

void erase_id(std::vector<entity_id>& ids, entity_id id) { std::erase(ids, id); }

/** Puts `id` at `position` of `ids`, clamped to the end. */
void insert_at(std::vector<entity_id>& ids, entity_id id, std::int64_t position) {
    const auto index = std::min<std::size_t>(static_cast<std::size_t>(position), ids.size());
    ids.insert(ids.begin() + static_cast<std::ptrdiff_t>(index), id);
}

}  // namespace

verdict check(const context& ctx, const section_add& cmd) {
    if (auto refused = group_exists(ctx.state, cmd.group)) return refused;
    if (ctx.state.groups.at(cmd.group).sections.size() >= limits::sections_per_group) {
        return refuse_count(limits::sections_per_group, "sections",
                            "A group can have at most " +
                                std::to_string(limits::sections_per_group) + " sections.");
    }
    return std::nullopt;
}
void effect(workshop_state& state, const event& ev, const section_add& cmd) {
    state.sections[ev.created] = section{ev.created, cmd.group, cmd.title, ev.actor};
    state.groups.at(cmd.group).sections.push_back(ev.created);
}

verdict check(const context& ctx, const section_rename& cmd) {
    if (find(ctx.state.sections, cmd.section) == nullptr) {
        return refuse(errc::not_found, "That section does not exist (any more).",
                      because("section"));
    }
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const section_rename& cmd) {
    state.sections.at(cmd.section).title = cmd.title;
}

verdict check(const context& ctx, const section_move& cmd) {
    if (find(ctx.state.sections, cmd.section) == nullptr) {
        return refuse(errc::not_found, "That section does not exist (any more).",
                      because("section"));
    }
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const section_move& cmd) {
    auto& order = state.groups.at(state.sections.at(cmd.section).group).sections;
    erase_id(order, cmd.section);
    insert_at(order, cmd.section, cmd.position);
}

verdict check(const context& ctx, const section_delete& cmd) {
    const section* s = find(ctx.state.sections, cmd.section);
    if (s == nullptr)
        return refuse(errc::not_found, "That section does not exist (any more).",
                      because("section"));
    const group& g = ctx.state.groups.at(s->group);
    if (s->created_by != ctx.actor && g.convener != ctx.actor && !ctx.facilitator()) {
        return refuse(errc::not_owner,
                      "Only the section's creator, the group's convener or a facilitator can delete it.");
    }
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const section_delete& cmd) {
    group& g = state.groups.at(state.sections.at(cmd.section).group);
    erase_id(g.sections, cmd.section);
    // Its notes stay, directly under the group, in the same order.
    for (entity_id note_id : g.notes) {
        note& n = state.notes.at(note_id);
        if (n.section == cmd.section) n.section = 0;
    }
    state.sections.erase(cmd.section);
}

verdict check(const context& ctx, const note_add& cmd) {
    if (auto refused = group_exists(ctx.state, cmd.group)) return refused;
    if (auto refused = section_in_group(ctx.state, cmd.section, cmd.group)) return refused;
    if (ctx.state.groups.at(cmd.group).notes.size() >= limits::notes_per_group) {
        return refuse_count(
            limits::notes_per_group, "notes",
            "A group can hold at most " + std::to_string(limits::notes_per_group) + " notes.");
    }
    return std::nullopt;
}
void effect(workshop_state& state, const event& ev, const note_add& cmd) {
    state.notes[ev.created] = note{ev.created, cmd.group, cmd.section, cmd.text, ev.actor, ev.at, 0};
    state.groups.at(cmd.group).notes.push_back(ev.created);
}

verdict check(const context& ctx, const note_edit& cmd) { return own_note(ctx, cmd.note); }
void effect(workshop_state& state, const event& ev, const note_edit& cmd) {
    note& n = state.notes.at(cmd.note);
    n.text = cmd.text;
    n.edited_at = ev.at;
}

verdict check(const context& ctx, const note_delete& cmd) { return own_note(ctx, cmd.note); }
void effect(workshop_state& state, const event&, const note_delete& cmd) {
    erase_id(state.groups.at(state.notes.at(cmd.note).group).notes, cmd.note);
    state.notes.erase(cmd.note);
}

verdict check(const context& ctx, const note_move& cmd) {
    const note* n = find(ctx.state.notes, cmd.note);
    if (n == nullptr)
        return refuse(errc::not_found, "That note does not exist (any more).", because("note"));
    return section_in_group(ctx.state, cmd.section, n->group);
}
void effect(workshop_state& state, const event&, const note_move& cmd) {
    note& moved = state.notes.at(cmd.note);
    auto& order = state.groups.at(moved.group).notes;
    erase_id(order, cmd.note);
    moved.section = cmd.section;
    // `position` counts among the notes of the target section; find where that is in the group.
    std::int64_t seen = 0;
    auto insert_before = order.end();
    auto after_last = order.end();
    for (auto it = order.begin(); it != order.end(); ++it) {
        if (state.notes.at(*it).section != cmd.section) continue;
        if (seen++ == cmd.position) {
            insert_before = it;
            break;
        }
        after_last = it + 1;
    }
    order.insert(insert_before != order.end() ? insert_before : after_last, cmd.note);
}

verdict check(const context& ctx, const next_step_add& cmd) {
    if (auto refused = group_exists(ctx.state, cmd.group)) return refused;
    if (ctx.state.groups.at(cmd.group).steps.size() >= limits::steps_per_group) {
        return refuse_count(
            limits::steps_per_group, "steps",
            "A group can have at most " + std::to_string(limits::steps_per_group) + " next steps.");
    }
    return valid_due(cmd.due);
}
void effect(workshop_state& state, const event& ev, const next_step_add& cmd) {
    state.steps[ev.created] = next_step{ev.created, cmd.group, cmd.text, cmd.owner, cmd.due, cmd.status};
    state.groups.at(cmd.group).steps.push_back(ev.created);
}

verdict check(const context& ctx, const next_step_edit& cmd) {
    if (find(ctx.state.steps, cmd.step) == nullptr) {
        return refuse(errc::not_found, "That next step does not exist (any more).",
                      because("step"));
    }
    if (!cmd.text && !cmd.owner && !cmd.due && !cmd.status) {
        return refuse(errc::invalid_value, "Give at least one field to change.");
    }
    return valid_due(cmd.due.value_or(""));
}
void effect(workshop_state& state, const event&, const next_step_edit& cmd) {
    next_step& s = state.steps.at(cmd.step);
    if (cmd.text) s.text = *cmd.text;
    if (cmd.owner) s.owner = *cmd.owner;
    if (cmd.due) s.due = *cmd.due;
    if (cmd.status) s.status = *cmd.status;
}

verdict check(const context& ctx, const next_step_delete& cmd) {
    if (find(ctx.state.steps, cmd.step) == nullptr) {
        return refuse(errc::not_found, "That next step does not exist (any more).",
                      because("step"));
    }
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const next_step_delete& cmd) {
    erase_id(state.groups.at(state.steps.at(cmd.step).group).steps, cmd.step);
    state.steps.erase(cmd.step);
}

}  // namespace samling::core::rules
