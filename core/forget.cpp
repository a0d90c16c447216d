#include "core/forget.hpp"

#include <algorithm>
#include <set>
#include <type_traits>
#include <variant>

#include "core/decide.hpp"

namespace samling::core {

namespace {

/** What a rewrite needs to know about the log besides the names. */
struct erased_content {
    std::set<entity_id> notes, themes, steps;
};

bool is_forget_of(const event& ev, entity_id participant) {
    const auto* forget = std::get_if<participant_forget>(&ev.body);
    return forget != nullptr && forget->participant == participant;
}

/** The state just before `participant` was forgotten, or after the whole log. */
workshop_state state_before_forget(const std::vector<event>& log, entity_id participant) {
    workshop_state state;
    for (const auto& ev : log) {
        if (is_forget_of(ev, participant)) break;
        apply(state, ev);
    }
    return state;
}

/** The entities whose texts go: what they wrote that the forget deletes, or that is gone already. */
erased_content erased_by(const std::vector<event>& log, entity_id participant) {
    const workshop_state before = state_before_forget(log, participant);
    std::set<entity_id> merged;
    for (const auto& ev : log) {
        if (const auto* merge = std::get_if<theme_merge>(&ev.body)) merged.insert(merge->theme);
    }
    erased_content erased;
    for (const auto& ev : log) {
        if (ev.actor != participant) continue;
        if (std::holds_alternative<note_add>(ev.body)) erased.notes.insert(ev.created);
        if (std::holds_alternative<next_step_add>(ev.body)) erased.steps.insert(ev.created);
        if (std::holds_alternative<theme_propose>(ev.body) && !merged.contains(ev.created)) {
            const bool grouped = std::any_of(before.groups.begin(), before.groups.end(),
                                             [&](const auto& g) { return g.second.theme == ev.created; });
            if (!grouped) erased.themes.insert(ev.created);
        }
    }
    return erased;
}

/** "—", or "——" and longer when someone wrote exactly that as a next step's owner. */
std::string name_placeholder(const std::vector<event>& log) {
    std::set<std::string> owners;
    for (const auto& ev : log) {
        if (const auto* add = std::get_if<next_step_add>(&ev.body)) owners.insert(add->owner);
        if (const auto* edit = std::get_if<next_step_edit>(&ev.body); edit != nullptr && edit->owner) {
            owners.insert(*edit->owner);
        }
    }
    // The forget clears owners equal to the name it ends, which in the rewritten log is this one.
    std::string placeholder = "—";
    while (owners.contains(placeholder)) placeholder += "—";
    return placeholder;
}

}  // namespace

std::vector<std::string> names_in_log(const std::vector<event>& log, entity_id participant) {
    std::vector<std::string> names;
    const auto add = [&](const std::string& name) {
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    };
    for (const auto& ev : log) {
        if (const auto* create = std::get_if<workshop_create>(&ev.body); create != nullptr && participant == host_id) {
            add(create->facilitator_name);
        } else if (const auto* join = std::get_if<participant_join>(&ev.body); join != nullptr && ev.created == participant) {
            add(join->name);
        } else if (const auto* rename = std::get_if<participant_rename>(&ev.body); rename != nullptr && ev.actor == participant) {
            add(rename->name);
        }
    }
    return names;
}

std::vector<event> forget_in_log(std::vector<event> log, entity_id participant, forget_content content) {
    const auto names = names_in_log(log, participant);
    const std::string placeholder = name_placeholder(log);
    const std::string text = "—";
    const auto is_name = [&](const std::string& owner) {
        return std::find(names.begin(), names.end(), owner) != names.end();
    };
    const erased_content erased = content == forget_content::erase ? erased_by(log, participant) : erased_content{};
    for (auto& ev : log) {
        std::visit(
            [&](auto& cmd) {
                using type = std::decay_t<decltype(cmd)>;
                if constexpr (std::is_same_v<type, workshop_create>) {
                    if (participant == host_id) cmd.facilitator_name = placeholder;
                } else if constexpr (std::is_same_v<type, participant_join>) {
                    if (ev.created == participant) cmd.name = placeholder;
                } else if constexpr (std::is_same_v<type, participant_rename>) {
                    if (ev.actor == participant) cmd.name = placeholder;
                } else if constexpr (std::is_same_v<type, next_step_add>) {
                    if (is_name(cmd.owner)) cmd.owner.clear();
                    if (erased.steps.contains(ev.created)) cmd.text = text;
                } else if constexpr (std::is_same_v<type, next_step_edit>) {
                    if (cmd.owner && is_name(*cmd.owner)) cmd.owner->clear();
                    if (cmd.text && erased.steps.contains(cmd.step)) cmd.text = text;
                } else if constexpr (std::is_same_v<type, note_add>) {
                    if (erased.notes.contains(ev.created)) cmd.text = text;
                } else if constexpr (std::is_same_v<type, note_edit>) {
                    if (erased.notes.contains(cmd.note)) cmd.text = text;
                } else if constexpr (std::is_same_v<type, theme_propose>) {
                    if (erased.themes.contains(ev.created)) {
                        cmd.title = text;
                        if (!cmd.details.empty()) cmd.details = text;
                    }
                } else if constexpr (std::is_same_v<type, theme_edit>) {
                    if (erased.themes.contains(cmd.theme)) {
                        if (cmd.title) cmd.title = text;
                        if (cmd.details && !cmd.details->empty()) cmd.details = text;
                    }
                }
            },
            ev.body);
    }
    return log;
}

}  // namespace samling::core
