#include "core/export_tables.hpp"

#include "core/export_text.hpp"

namespace samling::core::exporting {

namespace {

cell number(std::int64_t value) { return cell{std::to_string(value), value}; }

}  // namespace

table notes_table(const workshop_state& state) {
    table t{std::string(words_for(state.language).notes),
            {"group", "section", "position", "text", "author", "created_at"},
            {}};
    auto rows = [&](const group& g, entity_id section_id, const std::string& section_title) {
        std::int64_t position = 0;
        for (const note* n : notes_in(state, g, section_id)) {
            t.rows.push_back({{group_title(state, g), {}}, {section_title, {}}, number(++position),
                              {n->text, {}}, {name_of(state, n->author), {}},
                              {iso_time(n->created_at), {}}});
        }
    };
    for (const group* g : groups_in_order(state)) {
        rows(*g, 0, "");
        for (const section* sec : sections_of(state, *g)) rows(*g, sec->id, sec->title);
    }
    return t;
}

table steps_table(const workshop_state& state) {
    table t{std::string(words_for(state.language).next_steps),
            {"group", "position", "step", "owner", "due", "status"},
            {}};
    for (const group* g : groups_in_order(state)) {
        std::int64_t position = 0;
        for (entity_id id : g->steps) {
            auto it = state.steps.find(id);
            if (it == state.steps.end()) continue;
            const next_step& step = it->second;
            t.rows.push_back({{group_title(state, *g), {}}, number(++position), {step.text, {}},
                              {step.owner, {}}, {step.due, {}},
                              {std::string(to_string(step.status)), {}}});
        }
    }
    return t;
}

table themes_table(const workshop_state& state) {
    table t{std::string(words_for(state.language).themes),
            {"theme", "details", "votes", "status", "group"},
            {}};
    for (const auto& [id, th] : state.themes) {
        const group* g = group_on(state, id);
        t.rows.push_back({{th.title, {}}, {th.details, {}}, number(th.votes()),
                          {std::string(to_string(th.status)), {}},
                          {g ? group_title(state, *g) : std::string(), {}}});
    }
    return t;
}

}  // namespace samling::core::exporting
