// Themes on the marketplace and dot voting.
#include <algorithm>

#include "core/rules.hpp"

namespace samling::core::rules {

bool has_group(const workshop_state& state, entity_id theme_id) {
    return std::any_of(state.groups.begin(), state.groups.end(),
                       [&](const auto& entry) { return entry.second.theme == theme_id; });
}

/** The open theme with `id`, or a refusal saying why it cannot be used. */
verdict open_theme(const workshop_state& state, entity_id id, const theme** out) {
    const theme* t = find(state.themes, id);
    if (t == nullptr)
        return refuse(errc::not_found, "That theme does not exist (any more).", because("theme"));
    if (t->status == theme_status::merged) {
        return refuse(errc::conflict, "The theme " + quoted(t->title) + " was merged into another.",
                      because("merged"));
    }
    if (t->status == theme_status::withdrawn) {
        return refuse(errc::conflict, "The theme " + quoted(t->title) + " was withdrawn.",
                      because("withdrawn"));
    }
    *out = t;
    return std::nullopt;
}

namespace {

verdict own_theme(const context& ctx, entity_id id) {
    const theme* t = nullptr;
    if (auto refused = open_theme(ctx.state, id, &t)) return refused;
    if (t->proposer != ctx.actor && !ctx.facilitator()) {
        return refuse(errc::not_owner, "Only the person who proposed a theme (or a facilitator) can change it.");
    }
    return std::nullopt;
}

/**
 * Keeps a theme's first wording and its latest ones, limits::theme_history in all, so that
 * edits and merges cannot grow the state (and every join's snapshot) without bound.
 */
void trim_history(std::vector<theme_revision>& history) {
    if (history.size() <= limits::theme_history) return;
    const auto surplus = static_cast<std::ptrdiff_t>(history.size() - limits::theme_history);
    history.erase(history.begin() + 1, history.begin() + 1 + surplus);
}

verdict voting_open(const context& ctx) {
    // Votes bind facilitators too: a count is only fair when everyone votes in the same phase.
    if (ctx.state.phase != phase::voting) {
        return refuse(
            errc::wrong_phase, "Dots can only be placed in the Voting phase.",
            {{"phase", std::string(to_string(ctx.state.phase))}, {"needs", std::string("voting")}});
    }
    return std::nullopt;
}

}  // namespace

verdict check(const context& ctx, const theme_propose&) {
    return within_limit(ctx.state.themes.size(), limits::themes, "themes");
}
void effect(workshop_state& state, const event& ev, const theme_propose& cmd) {
    theme t;
    t.id = ev.created;
    t.title = cmd.title;
    t.details = cmd.details;
    t.proposer = ev.actor;
    t.proposed_at = ev.at;
    t.anonymous = state.options.anonymous_proposals;
    state.themes[t.id] = std::move(t);
}

verdict check(const context& ctx, const theme_edit& cmd) {
    if (auto refused = own_theme(ctx, cmd.theme)) return refused;
    if (!cmd.title && !cmd.details) return refuse(errc::invalid_value, "Give a new title or new details.");
    return std::nullopt;
}
void effect(workshop_state& state, const event& ev, const theme_edit& cmd) {
    theme& t = state.themes.at(cmd.theme);
    t.history.push_back(theme_revision{t.title, t.details, ev.actor, ev.at});
    trim_history(t.history);
    if (cmd.title) t.title = *cmd.title;
    if (cmd.details) t.details = *cmd.details;
}

verdict check(const context& ctx, const theme_withdraw& cmd) {
    if (auto refused = own_theme(ctx, cmd.theme)) return refused;
    if (has_group(ctx.state, cmd.theme)) {
        return refuse(errc::conflict,
                      "A breakout group works on this theme; delete the group first.",
                      because("has_group"));
    }
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const theme_withdraw& cmd) {
    theme& t = state.themes.at(cmd.theme);
    t.status = theme_status::withdrawn;
    t.dots.clear();  // the dots return to their owners' budgets
}

verdict check(const context& ctx, const theme_merge& cmd) {
    if (cmd.theme == cmd.into) return refuse(errc::invalid_value, "A theme cannot be merged into itself.");
    const theme* source = nullptr;
    const theme* target = nullptr;
    if (auto refused = open_theme(ctx.state, cmd.theme, &source)) return refused;
    if (auto refused = open_theme(ctx.state, cmd.into, &target)) return refused;
    if (has_group(ctx.state, cmd.theme)) {
        return refuse(errc::conflict,
                      "A breakout group works on " + quoted(source->title) +
                          "; merge before opening groups, or delete its group.",
                      because("has_group"));
    }
    return std::nullopt;
}
void effect(workshop_state& state, const event& ev, const theme_merge& cmd) {
    theme& source = state.themes.at(cmd.theme);
    theme& target = state.themes.at(cmd.into);
    for (const auto& [who, count] : source.dots) target.dots[who] += count;
    source.dots.clear();
    // An anonymous theme's wordings join a theme that may name its revisers: they come without
    // their authors, who stay known on the merged theme itself (and hidden there).
    for (theme_revision revision : source.history) {
        if (source.anonymous) revision.by = 0;
        target.history.push_back(std::move(revision));
    }
    target.history.push_back(theme_revision{source.title, source.details, ev.actor, ev.at});
    trim_history(target.history);
    target.merged_from.push_back(source.id);
    source.status = theme_status::merged;
    source.merged_into = target.id;
}

verdict check(const context& ctx, const theme_delete& cmd) {
    if (find(ctx.state.themes, cmd.theme) == nullptr) {
        return refuse(errc::not_found, "That theme does not exist (any more).", because("theme"));
    }
    if (has_group(ctx.state, cmd.theme)) {
        return refuse(errc::conflict,
                      "A breakout group works on this theme; delete the group first.",
                      because("has_group"));
    }
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const theme_delete& cmd) {
    state.themes.erase(cmd.theme);
    // A deleted theme is no longer listed as merged in: proposing, merging and deleting again
    // must not grow the theme it went into.
    for (auto& [id, t] : state.themes) std::erase(t.merged_from, cmd.theme);
}

verdict check(const context& ctx, const theme_restore& cmd) {
    const theme* t = find(ctx.state.themes, cmd.theme);
    if (t == nullptr) return refuse(errc::not_found, "That theme does not exist (any more).", because("theme"));
    if (t->status == theme_status::open) {
        return refuse(errc::conflict, "The theme " + quoted(t->title) + " is open already.", because("theme_open"));
    }
    if (t->proposer != ctx.actor && !ctx.facilitator()) {
        return refuse(errc::not_owner, "Only the person who proposed a theme (or a facilitator) can restore it.");
    }
    return std::nullopt;
}
void effect(workshop_state& state, const event&, const theme_restore& cmd) {
    theme& t = state.themes.at(cmd.theme);
    // A merged theme's dots stay where they went: the merge counted them for the other theme.
    if (t.status == theme_status::merged) {
        if (theme* target = find(state.themes, t.merged_into)) {
            std::erase(target->merged_from, t.id);
        }
        t.merged_into = 0;
    }
    t.status = theme_status::open;
}

verdict check(const context& ctx, const vote_add& cmd) {
    if (auto refused = voting_open(ctx)) return refused;
    const theme* t = nullptr;
    if (auto refused = open_theme(ctx.state, cmd.theme, &t)) return refused;
    const auto budget = ctx.state.options.dots_per_participant;
    if (ctx.state.dots_used(ctx.actor) >= budget) {
        return refuse(errc::over_budget,
                      "You have used all " + std::to_string(budget) +
                          " of your dots. Take one back to move it.",
                      {{"limit", budget}});
    }
    return std::nullopt;
}
void effect(workshop_state& state, const event& ev, const vote_add& cmd) {
    ++state.themes.at(cmd.theme).dots[ev.actor];
}

verdict check(const context& ctx, const vote_remove& cmd) {
    if (auto refused = voting_open(ctx)) return refused;
    const theme* t = nullptr;
    if (auto refused = open_theme(ctx.state, cmd.theme, &t)) return refused;
    if (!t->dots.contains(ctx.actor)) {
        return refuse(errc::conflict, "You have no dot on " + quoted(t->title) + ".",
                      because("no_dot"));
    }
    return std::nullopt;
}
void effect(workshop_state& state, const event& ev, const vote_remove& cmd) {
    auto& dots = state.themes.at(cmd.theme).dots;
    if (--dots[ev.actor] <= 0) dots.erase(ev.actor);
}

}  // namespace samling::core::rules
