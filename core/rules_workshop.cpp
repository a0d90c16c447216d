// Workshop settings, people and the timer.
#include "core/rules.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace samling::core::rules {

namespace {

/** Takes away everything `who` wrote: notes, themes without a group, next steps, dots. */
void erase_content(workshop_state& state, entity_id who) {
    for (auto it = state.notes.begin(); it != state.notes.end();) {
        if (it->second.author != who) { ++it; continue; }
        std::erase(state.groups.at(it->second.group).notes, it->first);
        it = state.notes.erase(it);
    }
    for (auto it = state.steps.begin(); it != state.steps.end();) {
        if (it->second.created_by != who) { ++it; continue; }
        std::erase(state.groups.at(it->second.group).steps, it->first);
        it = state.steps.erase(it);
    }
    std::vector<entity_id> themes;
    for (const auto& [id, t] : state.themes) {
        // A theme a group works on belongs to the group's day as well: it stays.
        if (t.proposer == who && !has_group(state, id)) themes.push_back(id);
    }
    for (entity_id id : themes) {
        state.themes.erase(id);
        // As theme.delete does: no theme lists a deleted one as merged in.
        for (auto& [other, t] : state.themes) std::erase(t.merged_from, id);
    }
    for (auto& [id, t] : state.themes) t.dots.erase(who);
}

}  // namespace

verdict check(const context& ctx, const workshop_create& cmd) {
    if (ctx.state.seq != 0)
        return refuse(errc::conflict, "This workshop exists already.", because("exists"));
    if (!is_language(cmd.language)) {
        return refuse(errc::invalid_value, "Choose a language among en, da, sv and nb.");
    }
    if (!cmd.short_code.empty() && !is_short_code(cmd.short_code)) {
        return refuse(errc::invalid_value, "A short code is " + std::to_string(limits::short_code_digits) + " digits.");
    }
    return std::nullopt;
}

void effect(workshop_state& state, const event& ev, const workshop_create& cmd) {
    state.title = cmd.title;
    state.short_code = cmd.short_code;
    state.purpose = cmd.purpose;
    state.language = cmd.language;
    state.created_at = ev.at;
    state.participants[ev.created] =
        participant{ev.created, cmd.facilitator_name, role::facilitator, 0, ev.at, false, false, false};
}

verdict check(const context&, const workshop_rename&) { return std::nullopt; }
void effect(workshop_state& state, const event&, const workshop_rename& cmd) { state.title = cmd.title; }

verdict check(const context&, const workshop_set_purpose&) { return std::nullopt; }
void effect(workshop_state& state, const event&, const workshop_set_purpose& cmd) {
    state.purpose = cmd.purpose;
}

verdict check(const context&, const workshop_set_language& cmd) {
    if (!is_language(cmd.language)) {
        return refuse(errc::invalid_value, "Choose a language among en, da, sv and nb.");
    }
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const workshop_set_language& cmd) {
    state.language = cmd.language;
}

verdict check(const context& ctx, const workshop_set_phase& cmd) {
    if (ctx.state.phase == cmd.phase) {
        return refuse(
            errc::conflict,
            "The workshop is already in the " + std::string(to_string(cmd.phase)) + " phase.",
            because("same_phase"));
    }
    return std::nullopt;
}
void effect(workshop_state& state, const event& ev, const workshop_set_phase& cmd) {
    state.phase = cmd.phase;
    // Retention counts from here; reopening the workshop stops the count.
    state.closed_at = cmd.phase == phase::closed ? ev.at : 0;
    // Moving on ends the step: its timer (and a "time is up" with it) and the group on show.
    state.timer = timer_state{};
    state.presented_group = 0;
}

verdict check(const context&, const workshop_set_options& cmd) {
    if (!cmd.dots_per_participant && !cmd.participants_may_open_groups && !cmd.anonymous_proposals &&
        !cmd.votes_hidden && !cmd.timer_sound) {
        return refuse(errc::invalid_value, "Name at least one option to change.");
    }
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const workshop_set_options& cmd) {
    auto& options = state.options;
    if (cmd.dots_per_participant) options.dots_per_participant = *cmd.dots_per_participant;
    if (cmd.participants_may_open_groups) {
        options.participants_may_open_groups = *cmd.participants_may_open_groups;
    }
    if (cmd.anonymous_proposals) options.anonymous_proposals = *cmd.anonymous_proposals;
    if (cmd.votes_hidden) options.votes_hidden = *cmd.votes_hidden;
    if (cmd.timer_sound) options.timer_sound = *cmd.timer_sound;
}

verdict check(const context& ctx, const workshop_lock&) {
    if (ctx.state.locked)
        return refuse(errc::conflict, "The workshop is already locked.", because("already_locked"));
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const workshop_lock&) { state.locked = true; }

verdict check(const context& ctx, const workshop_unlock&) {
    if (!ctx.state.locked)
        return refuse(errc::conflict, "The workshop is not locked.", because("not_locked"));
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const workshop_unlock&) { state.locked = false; }

verdict check(const context& ctx, const participant_join& cmd) {
    if (ctx.state.locked) {
        return refuse(errc::locked, "The workshop is locked: ask a facilitator to let you in.");
    }
    // Removed and departed people free their place: a flood of joins a facilitator has cleared
    // away must not shut the workshop to the real newcomers. The log of everyone ever joined
    // still has its own, larger bound.
    const auto present = std::count_if(ctx.state.participants.begin(), ctx.state.participants.end(),
                                       [](const auto& entry) { return entry.second.active(); });
    if (auto refused = within_limit(static_cast<std::size_t>(present), limits::participants, "participants")) {
        return refused;
    }
    if (auto refused = within_limit(ctx.state.participants.size(), limits::participants_ever, "participants",
                                    "participants ever joined")) {
        return refused;
    }
    if (cmd.role == role::facilitator) {
        return refuse(errc::invalid_value, "Join as a participant or an observer.");
    }
    return std::nullopt;
}
void effect(workshop_state& state, const event& ev, const participant_join& cmd) {
    state.participants[ev.created] = participant{ev.created, cmd.name, cmd.role, 0, ev.at, false, false, false};
}

verdict check(const context&, const participant_rename&) { return std::nullopt; }
void effect(workshop_state& state, const event& ev, const participant_rename& cmd) {
    state.participants.at(ev.actor).name = cmd.name;
}

verdict check(const context& ctx, const participant_leave&) {
    if (ctx.actor == host_id) {
        return refuse(errc::forbidden, "The workshop's host cannot leave it.");
    }
    return std::nullopt;
}
void effect(workshop_state& state, const event& ev, const participant_leave&) {
    auto& p = state.participants.at(ev.actor);
    p.left = true;
    p.group = 0;
}

verdict check(const context& ctx, const participant_promote& cmd) {
    const participant* target = active_participant(ctx.state, cmd.participant);
    if (target == nullptr)
        return refuse(errc::not_found, "That participant is not in the workshop.",
                      because("participant"));
    if (target->role == role::facilitator) {
        return refuse(errc::conflict, quoted(target->name) + " is already a facilitator.",
                      because("already_facilitator"));
    }
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const participant_promote& cmd) {
    state.participants.at(cmd.participant).role = role::facilitator;
}

verdict check(const context& ctx, const participant_remove& cmd) {
    if (active_participant(ctx.state, cmd.participant) == nullptr) {
        return refuse(errc::not_found, "That participant is not in the workshop.",
                      because("participant"));
    }
    if (cmd.participant == host_id) return refuse(errc::forbidden, "The workshop's host cannot be removed.");
    if (cmd.participant == ctx.actor) return refuse(errc::invalid_value, "Use leave to leave the workshop.");
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const participant_remove& cmd) {
    auto& p = state.participants.at(cmd.participant);
    p.removed = true;
    p.group = 0;
    // A removed participant's dots no longer count.
    for (auto& [id, t] : state.themes) t.dots.erase(cmd.participant);
}

verdict check(const context& ctx, const participant_forget& cmd) {
    const participant* target = find(ctx.state.participants, cmd.participant);
    if (target == nullptr) {
        return refuse(errc::not_found, "That participant is not in the workshop.", because("participant"));
    }
    if (cmd.participant == host_id) {
        return refuse(errc::forbidden, "The workshop's host cannot be forgotten.", because("host"));
    }
    if (cmd.participant != ctx.actor && !ctx.facilitator()) {
        return refuse(errc::forbidden, "Only facilitators can forget someone else.", because("facilitators_only"));
    }
    if (target->forgotten) {
        return refuse(errc::conflict, "That participant is forgotten already.", because("already_forgotten"));
    }
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const participant_forget& cmd) {
    auto& p = state.participants.at(cmd.participant);
    const std::string name = std::move(p.name);
    p.name.clear();
    p.forgotten = true;
    // Like a removal, it ends their resume token; someone who left keeps "left".
    if (p.active()) p.removed = true;
    p.group = 0;
    for (auto& [id, step] : state.steps) {
        if (step.owner == name) step.owner.clear();
    }
    if (cmd.content == forget_content::erase) erase_content(state, cmd.participant);
}

verdict check(const context&, const timer_start&) { return std::nullopt; }
void effect(workshop_state& state, const event& ev, const timer_start& cmd) {
    state.timer = timer_state{true, cmd.label, ev.at, ev.at + cmd.duration_seconds * 1000};
}

verdict check(const context& ctx, const timer_stop&) {
    if (!ctx.state.timer.running)
        return refuse(errc::conflict, "No timer is running.", because("no_timer"));
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const timer_stop&) { state.timer = timer_state{}; }

}  // namespace samling::core::rules
