// The wall's own state: the presented group, the vote reveal, the message, the timer's pause and
// extension, and the short join code.
#include <algorithm>

#include "core/rules.hpp"

namespace samling::core::rules {

verdict check(const context& ctx, const wall_present& cmd) {
    if (cmd.group != 0) return group_exists(ctx.state, cmd.group);
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const wall_present& cmd) { state.presented_group = cmd.group; }

verdict check(const context& ctx, const votes_reveal&) {
    if (ctx.state.votes_revealed) return refuse(errc::conflict, "The votes are already revealed.");
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const votes_reveal&) { state.votes_revealed = true; }

verdict check(const context&, const message_post&) { return std::nullopt; }
void effect(workshop_state& state, const event& ev, const message_post& cmd) {
    state.message = room_message{cmd.text, ev.at};
}

verdict check(const context& ctx, const message_clear&) {
    if (ctx.state.message.text.empty()) return refuse(errc::conflict, "There is no message to clear.");
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const message_clear&) { state.message = room_message{}; }

verdict check(const context& ctx, const timer_pause&) {
    if (!ctx.state.timer.running) return refuse(errc::conflict, "No timer is running.");
    if (ctx.state.timer.paused) return refuse(errc::conflict, "The timer is already paused.");
    return std::nullopt;
}
void effect(workshop_state& state, const event& ev, const timer_pause&) {
    state.timer.paused = true;
    state.timer.remaining_ms = std::max<time_ms>(0, state.timer.ends_at - ev.at);
}

verdict check(const context& ctx, const timer_resume&) {
    if (!ctx.state.timer.running || !ctx.state.timer.paused) return refuse(errc::conflict, "No timer is paused.");
    return std::nullopt;
}
void effect(workshop_state& state, const event& ev, const timer_resume&) {
    state.timer.paused = false;
    state.timer.ends_at = ev.at + state.timer.remaining_ms;
    state.timer.remaining_ms = 0;
}

verdict check(const context& ctx, const timer_extend&) {
    if (!ctx.state.timer.running) return refuse(errc::conflict, "No timer is running.");
    return std::nullopt;
}
void effect(workshop_state& state, const event& ev, const timer_extend& cmd) {
    auto& timer = state.timer;
    const time_ms added = cmd.seconds * 1000;
    if (timer.paused) {
        timer.remaining_ms += added;
    } else {
        // Time that has run out counts from now: "add 2 minutes" after the end gives 2 minutes.
        timer.ends_at = std::max(timer.ends_at, ev.at) + added;
    }
}

verdict check(const context& ctx, const short_code_rotate& cmd) {
    if (!is_short_code(cmd.short_code)) {
        return refuse(errc::invalid_value, "A short code is " + std::to_string(limits::short_code_digits) + " digits.");
    }
    if (cmd.short_code == ctx.state.short_code) return refuse(errc::conflict, "That is the current short code.");
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const short_code_rotate& cmd) { state.short_code = cmd.short_code; }

}  // namespace samling::core::rules
