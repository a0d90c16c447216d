#include "core/workshop_state.hpp"

namespace samling::core {

std::int64_t workshop_state::dots_used(entity_id who) const {
    std::int64_t total = 0;
    for (const auto& [id, t] : themes) {
        if (auto it = t.dots.find(who); it != t.dots.end()) total += it->second;
    }
    return total;
}

std::vector<entity_id> workshop_state::members(entity_id group_id) const {
    std::vector<entity_id> result;
    for (const auto& [id, p] : participants) {
        if (p.group == group_id && p.active()) result.push_back(id);
    }
    return result;
}

}  // namespace samling::core
