// Rooms, time slots and breakout groups.
#include <algorithm>

#include "core/decide.hpp"
#include "core/rules.hpp"

namespace samling::core::rules {
namespace {

verdict times_in_order(const std::string& start, const std::string& end) {
    if (!is_clock_time(start) || !is_clock_time(end)) {
        return refuse(errc::invalid_value, "Write times as HH:MM, for example 09:30.");
    }
    if (end <= start) return refuse(errc::invalid_value, "A slot must end after it starts.");
    return std::nullopt;
}

verdict convener_ok(const workshop_state& state, entity_id convener) {
    if (convener != 0 && active_participant(state, convener) == nullptr) {
        return refuse(errc::not_found, "The convener must be someone in the workshop.",
                      because("participant"));
    }
    return std::nullopt;
}

std::string theme_title(const workshop_state& state, entity_id theme_id) {
    const theme* t = find(state.themes, theme_id);
    return t == nullptr ? std::string("another group") : quoted(t->title);
}

}  // namespace

verdict check(const context& ctx, const room_add&) {
    return within_limit(ctx.state.rooms.size(), limits::rooms, "rooms");
}
void effect(workshop_state& state, const event& ev, const room_add& cmd) {
    state.rooms[ev.created] = room{ev.created, cmd.name, cmd.capacity};
    state.room_order.push_back(ev.created);
}

verdict check(const context& ctx, const room_edit& cmd) {
    if (find(ctx.state.rooms, cmd.room) == nullptr)
        return refuse(errc::not_found, "That room does not exist.", because("room"));
    if (!cmd.name && !cmd.capacity) return refuse(errc::invalid_value, "Give a new name or capacity.");
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const room_edit& cmd) {
    room& r = state.rooms.at(cmd.room);
    if (cmd.name) r.name = *cmd.name;
    if (cmd.capacity) r.capacity = *cmd.capacity;
}

verdict check(const context& ctx, const room_delete& cmd) {
    if (find(ctx.state.rooms, cmd.room) == nullptr)
        return refuse(errc::not_found, "That room does not exist.", because("room"));
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const room_delete& cmd) {
    state.rooms.erase(cmd.room);
    std::erase(state.room_order, cmd.room);
    for (auto& [id, g] : state.groups) {
        if (g.room == cmd.room) g.room = 0;
    }
}

verdict check(const context& ctx, const slot_add& cmd) {
    if (auto refused = within_limit(ctx.state.slots.size(), limits::slots, "slots", "time slots"))
        return refused;
    return times_in_order(cmd.start, cmd.end);
}
void effect(workshop_state& state, const event& ev, const slot_add& cmd) {
    state.slots[ev.created] = slot{ev.created, cmd.label, cmd.start, cmd.end};
}

verdict check(const context& ctx, const slot_edit& cmd) {
    const slot* s = find(ctx.state.slots, cmd.slot);
    if (s == nullptr)
        return refuse(errc::not_found, "That time slot does not exist.", because("slot"));
    if (!cmd.label && !cmd.start && !cmd.end) {
        return refuse(errc::invalid_value, "Give a new label, start or end.");
    }
    return times_in_order(cmd.start.value_or(s->start), cmd.end.value_or(s->end));
}
void effect(workshop_state& state, const event&, const slot_edit& cmd) {
    slot& s = state.slots.at(cmd.slot);
    if (cmd.label) s.label = *cmd.label;
    if (cmd.start) s.start = *cmd.start;
    if (cmd.end) s.end = *cmd.end;
}

verdict check(const context& ctx, const slot_delete& cmd) {
    if (find(ctx.state.slots, cmd.slot) == nullptr)
        return refuse(errc::not_found, "That time slot does not exist.", because("slot"));
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const slot_delete& cmd) {
    state.slots.erase(cmd.slot);
    for (auto& [id, g] : state.groups) {
        if (g.slot == cmd.slot) g.slot = 0;
    }
}

verdict check(const context& ctx, const group_open& cmd) {
    const auto& state = ctx.state;
    if (!ctx.facilitator() && !state.options.participants_may_open_groups) {
        return refuse(errc::forbidden, "In this workshop only facilitators open groups.");
    }
    const theme* t = nullptr;
    if (auto refused = open_theme(state, cmd.theme, &t)) return refused;
    if (has_group(state, cmd.theme))
        return refuse(errc::conflict, quoted(t->title) + " already has a group.",
                      because("has_group"));
    if (auto refused = within_limit(state.groups.size(), limits::groups, "groups")) return refused;
    return convener_ok(state, cmd.convener);
}
void effect(workshop_state& state, const event& ev, const group_open& cmd) {
    group g;
    g.id = ev.created;
    g.theme = cmd.theme;
    g.convener = cmd.convener;
    g.opened_at = ev.at;
    state.groups[g.id] = std::move(g);
}

verdict check(const context& ctx, const group_place& cmd) {
    const auto& state = ctx.state;
    if (auto refused = group_exists(state, cmd.group)) return refused;
    const room* r = find(state.rooms, cmd.room);
    const slot* s = find(state.slots, cmd.slot);
    if (cmd.room != 0 && r == nullptr)
        return refuse(errc::not_found, "That room does not exist.", because("room"));
    if (cmd.slot != 0 && s == nullptr)
        return refuse(errc::not_found, "That time slot does not exist.", because("slot"));
    if (r == nullptr || s == nullptr) return std::nullopt;
    for (const auto& [id, other] : state.groups) {
        if (id != cmd.group && other.room == cmd.room && other.slot == cmd.slot) {
            return refuse(errc::conflict,
                          quoted(r->name) + " is already taken in " + quoted(s->label) + " by " +
                              theme_title(state, other.theme) + ".",
                          because("slot_taken"));
        }
    }
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const group_place& cmd) {
    group& g = state.groups.at(cmd.group);
    g.room = cmd.room;
    g.slot = cmd.slot;
}

verdict check(const context& ctx, const group_set_convener& cmd) {
    if (auto refused = group_exists(ctx.state, cmd.group)) return refused;
    return convener_ok(ctx.state, cmd.convener);
}
void effect(workshop_state& state, const event&, const group_set_convener& cmd) {
    state.groups.at(cmd.group).convener = cmd.convener;
}

verdict check(const context& ctx, const group_delete& cmd) {
    const group* g = find(ctx.state.groups, cmd.group);
    if (g == nullptr)
        return refuse(errc::not_found, "That group does not exist (any more).", because("group"));
    if (!g->notes.empty() || !g->steps.empty()) {
        return refuse(errc::conflict, "The group has notes or next steps; delete them first.",
                      because("group_has_notes"));
    }
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const group_delete& cmd) {
    for (entity_id section_id : state.groups.at(cmd.group).sections) state.sections.erase(section_id);
    state.groups.erase(cmd.group);
    if (state.presented_group == cmd.group) state.presented_group = 0;
    for (auto& [id, p] : state.participants) {
        if (p.group == cmd.group) p.group = 0;
    }
}

verdict check(const context& ctx, const group_join& cmd) {
    if (auto refused = group_exists(ctx.state, cmd.group)) return refused;
    if (ctx.sender->group == cmd.group)
        return refuse(errc::conflict, "You are already in this group.", because("already_member"));
    return std::nullopt;
}
void effect(workshop_state& state, const event& ev, const group_join& cmd) {
    state.participants.at(ev.actor).group = cmd.group;
    auto& visitors = state.groups.at(cmd.group).visitors;
    if (std::find(visitors.begin(), visitors.end(), ev.actor) == visitors.end()) visitors.push_back(ev.actor);
}

verdict check(const context& ctx, const group_leave&) {
    if (ctx.sender->group == 0)
        return refuse(errc::conflict, "You are not in a group.", because("not_member"));
    return std::nullopt;
}
void effect(workshop_state& state, const event& ev, const group_leave&) {
    state.participants.at(ev.actor).group = 0;
}

}  // namespace samling::core::rules
