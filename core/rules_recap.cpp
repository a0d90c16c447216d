// What the recap needs beyond the day's work: the date and place, the room order, group headings.
#include <algorithm>

#include "core/decide.hpp"
#include "core/rules.hpp"

namespace samling::core::rules {

verdict check(const context&, const workshop_set_day& cmd) {
    if (!cmd.date.empty() && !is_calendar_date(cmd.date)) {
        return refuse(errc::invalid_value, "Write the date as YYYY-MM-DD, for example 2026-03-01.");
    }
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const workshop_set_day& cmd) {
    state.day = cmd.date;
    state.place = cmd.place;
}

verdict check(const context& ctx, const room_move& cmd) {
    if (find(ctx.state.rooms, cmd.room) == nullptr) return refuse(errc::not_found, "That room does not exist.");
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const room_move& cmd) {
    auto& order = state.room_order;
    std::erase(order, cmd.room);
    const auto index = std::min<std::size_t>(static_cast<std::size_t>(cmd.position), order.size());
    order.insert(order.begin() + static_cast<std::ptrdiff_t>(index), cmd.room);
}

verdict check(const context& ctx, const group_rename& cmd) {
    const group* g = find(ctx.state.groups, cmd.group);
    if (g == nullptr) return refuse(errc::not_found, "That group does not exist (any more).");
    if (g->convener != ctx.actor && !ctx.facilitator()) {
        return refuse(errc::not_owner, "Only the group's convener or a facilitator can rename it.");
    }
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const group_rename& cmd) {
    state.groups.at(cmd.group).title = cmd.title;
}

}  // namespace samling::core::rules
