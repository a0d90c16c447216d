#pragma once
/** Workshops shaped as organisers run them, for the recap tests of every format. */
#include <vector>

#include "tests/core/fixture.hpp"

namespace samling::test {

/** A municipal plan: focus areas as groups, goals as sections (some without activities yet),
 * activities as notes and next steps with owners and dates. */
struct municipal_plan : workshop_fixture {
    entity_id climate = 0, housing = 0;
    municipal_plan() {
        must(host, workshop_set_language{"en"});
        must(host, workshop_rename{"Municipal plan 2027"});
        must(host, workshop_set_day{"2026-11-21", "Town hall, room 2"});
        phase(phase::marketplace);
        const auto t_climate = must(ada, theme_propose{"Climate", ""});
        const auto t_housing = must(bo, theme_propose{"Housing", ""});
        phase(phase::breakouts);
        climate = must(host, group_open{t_climate, ada});
        housing = must(host, group_open{t_housing, bo});
        must(ada, group_join{climate});
        const auto cut = must(ada, section_add{climate, "Goal 1: halve emissions by 2030"});
        must(ada, section_add{climate, "Goal 2: a green belt"});
        const auto bikes = must(ada, section_add{climate, "Goal 3: bikes first"});
        must(ada, note_add{climate, cut, "Activity: heat pumps in schools"});
        must(ada, note_add{climate, bikes, "Activity: a bike lane on the ring road"});
        must(ada, next_step_add{climate, "Budget for heat pumps", "Finance office", "2027-03-01",
                                step_status::open});
        must(ada, next_step_add{climate, "Map the green belt", "Åse 😀", "", step_status::in_progress});
        must(bo, group_join{housing});
        must(bo, section_add{housing, "Goal 1: 500 homes"});
    }
};

/** A one-day open space: four parallel groups in one slot, rooms reordered, groups renamed. */
struct open_space_day : workshop_fixture {
    std::vector<entity_id> groups;
    open_space_day() {
        must(host, workshop_set_language{"en"});
        phase(phase::marketplace);
        std::vector<entity_id> themes;
        for (const char* title : {"Transport", "Schools", "Culture (and sport)", "Harbour"})
            themes.push_back(must(ada, theme_propose{title, ""}));
        phase(phase::voting);
        for (int i = 0; i < 3; ++i) must(ada, vote_add{themes[2]});
        phase(phase::breakouts);
        const auto morning = must(host, slot_add{"Morning", "10:00", "11:00"});
        std::vector<entity_id> rooms;
        for (const char* name : {"D", "C", "B", "A"}) rooms.push_back(must(host, room_add{name, 0}));
        for (std::size_t i = 0; i < themes.size(); ++i) {
            groups.push_back(must(host, group_open{themes[i], ada}));
            must(host, group_place{groups[i], rooms[i], morning});
        }
        // The facilitator puts room A first: the Harbour group (in A) leads the day.
        must(host, room_move{rooms[3], 0});
        must(host, group_rename{groups[0], "Transport and the green transition"});
        must(ada, group_rename{groups[1], "Schools that stay open"});
    }
};

}  // namespace samling::test
