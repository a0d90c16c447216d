// Recaps as organisers publish them: a plan with goals and a day of parallel groups.
#include <string>
#include <vector>

#include "core/export.hpp"
#include "tests/core/recap_fixtures.hpp"

using namespace samling::test;

namespace {

std::size_t count_of(const std::string& text, std::string_view part) {
    std::size_t count = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
    return count;
}

}  // namespace

TEST_CASE("a plan keeps every goal, empty ones too, and its next steps", "[core][export][recap]") {
    municipal_plan plan;
    const auto md = export_markdown(plan.state);
    CHECK(md.starts_with("# Municipal plan 2027\n\nDate: 2026-11-21  \nPlace: Town hall, room 2\n"));
    const auto pos = [&](std::string_view text) { return md.find(text); };
    CHECK(pos("### Goal 1: halve emissions by 2030\n\n- Activity: heat pumps in schools\n") <
          pos("### Goal 2: a green belt\n\n### Goal 3: bikes first\n\n- Activity: a bike lane"));
    CHECK(pos("### Goal 1: 500 homes\n") != std::string::npos);
    CHECK(pos("| Budget for heat pumps | Finance office | 2027-03-01 | open |") != std::string::npos);
    const auto html = export_html(plan.state);
    CHECK(count_of(html, "<h3>Goal ") == 4);
    CHECK(html.find("<p class=\"date\">Date: 2026-11-21<br>\nPlace: Town hall, room 2</p>") !=
          std::string::npos);
    CHECK(export_steps_csv(plan.state) ==
          "\xEF\xBB\xBFgroup,position,step,owner,due,status\r\n"
          "Climate,1,Budget for heat pumps,Finance office,2027-03-01,open\r\n"
          "Climate,2,Map the green belt,Åse 😀,,in_progress\r\n");
}

TEST_CASE("a day's parallel groups follow the room order, under their own titles",
          "[core][export][recap]") {
    open_space_day day;
    const auto md = export_markdown(day.state);
    const auto pos = [&](std::string_view text) { return md.find(text); };
    CHECK(pos("## Harbour") < pos("## Transport and the green transition"));
    CHECK(pos("## Transport and the green transition\n\nTheme: Transport  \nRoom: D") <
          pos("## Schools that stay open\n\nTheme: Schools  \nRoom: C"));
    CHECK(pos("## Schools that stay open") < pos("## Culture (and sport)"));
    // A group under its theme's title does not name the theme twice.
    CHECK(pos("## Harbour\n\nRoom: A") != std::string::npos);
    // Proposal order, and a count that no title ending in a parenthesis can run into.
    CHECK(pos("| Transport | 0 | Transport and the green transition |\n| Schools | 0 | Schools "
              "that stay open |\n| Culture (and sport) | 3 | Culture (and sport) |\n") !=
          std::string::npos);
    const auto html = export_html(day.state);
    CHECK(html.find("<ol class=\"contents\">\n<li>Harbour</li>\n<li>Transport and the green "
                    "transition</li>\n<li>Schools that stay open</li>\n") != std::string::npos);
    CHECK(html.find("<td>Culture (and sport)</td><td class=\"votes\">3</td>") != std::string::npos);
}

TEST_CASE("the date and place of the day are checked and can be cleared", "[core][recap]") {
    workshop_fixture w;
    w.refused(w.host, workshop_set_day{"21-11-2026", ""}, errc::invalid_value);
    w.refused(w.host, workshop_set_day{"2026-02-30", ""}, errc::invalid_value);
    w.refused(w.ada, workshop_set_day{"2026-11-21", ""}, errc::forbidden);
    w.must(w.host, workshop_set_day{"2026-11-21", "Havnehuset"});
    CHECK(w.state.day == "2026-11-21");
    CHECK(w.state.place == "Havnehuset");
    w.must(w.host, workshop_set_day{"", ""});
    CHECK(w.state.day.empty());
    CHECK(export_markdown(w.state).find("Dato: 2023-11-14\n") != std::string::npos);
}

TEST_CASE("rooms keep an order the facilitator sets", "[core][recap]") {
    workshop_fixture w;
    const auto a = w.must(w.host, room_add{"A", 0});
    const auto b = w.must(w.host, room_add{"B", 0});
    const auto c = w.must(w.host, room_add{"C", 0});
    CHECK(w.state.room_order == std::vector<entity_id>{a, b, c});
    w.must(w.host, room_move{c, 0});
    w.must(w.host, room_move{a, 99});
    CHECK(w.state.room_order == std::vector<entity_id>{c, b, a});
    w.must(w.host, room_delete{b});
    CHECK(w.state.room_order == std::vector<entity_id>{c, a});
    w.refused(w.host, room_move{b, 0}, errc::not_found);
    w.refused(w.ada, room_move{a, 0}, errc::forbidden);
}

TEST_CASE("a group's title is set by its convener or a facilitator", "[core][recap]") {
    workshop_fixture w;
    w.phase(phase::marketplace);
    const auto theme = w.must(w.bo, theme_propose{"Transport", ""});
    w.phase(phase::breakouts);
    const auto g = w.must(w.host, group_open{theme, w.ada});
    w.refused(w.bo, group_rename{g, "Mine now"}, errc::not_owner);
    w.refused(w.watcher, group_rename{g, "Press"}, errc::forbidden);
    w.refused(w.host, group_rename{g + 100, "Nowhere"}, errc::not_found);
    w.must(w.ada, group_rename{g, "Transport and the green transition"});
    CHECK(w.state.groups.at(g).title == "Transport and the green transition");
    CHECK(w.state.themes.at(theme).title == "Transport");
    w.phase(phase::closed);
    w.refused(w.ada, group_rename{g, "Late"}, errc::wrong_phase);
    w.must(w.host, group_rename{g, ""});
    CHECK(w.state.groups.at(g).title.empty());
}

TEST_CASE("anonymity belongs to each proposal as it was made", "[core][recap]") {
    workshop_fixture w;
    w.phase(phase::marketplace);
    const auto named = w.must(w.ada, theme_propose{"Named", ""});
    w.must(w.host, workshop_set_options{std::nullopt, std::nullopt, true});
    const auto hidden = w.must(w.bo, theme_propose{"Hidden", ""});
    w.must(w.host, workshop_set_options{std::nullopt, std::nullopt, false});
    const auto later = w.must(w.bo, theme_propose{"Later", ""});
    CHECK_FALSE(w.state.themes.at(named).anonymous);
    CHECK(w.state.themes.at(hidden).anonymous);
    CHECK_FALSE(w.state.themes.at(later).anonymous);
    // The rules still know the proposer, so they may edit their own theme.
    w.must(w.bo, theme_edit{hidden, "Hidden, edited", std::nullopt});
}

TEST_CASE("an anonymous theme merged into a named one does not name its proposer", "[core][recap]") {
    workshop_fixture w;
    w.phase(phase::marketplace);
    const auto named = w.must(w.ada, theme_propose{"Named", ""});
    w.must(w.host, workshop_set_options{std::nullopt, std::nullopt, true});
    const auto hidden = w.must(w.bo, theme_propose{"Hidden", ""});
    w.must(w.bo, theme_edit{hidden, "Hidden, edited", std::nullopt});
    w.must(w.host, theme_merge{hidden, named});
    const auto& target = w.state.themes.at(named);
    CHECK_FALSE(target.anonymous);
    REQUIRE(target.history.size() == 2);
    // Bo's first wording arrives unsigned; the merge itself is the facilitator's.
    CHECK(target.history[0].title == "Hidden");
    CHECK(target.history[0].by == 0);
    CHECK(target.history[1].title == "Hidden, edited");
    CHECK(target.history[1].by == w.host);
    // The merged theme keeps its own record, which only the archive shows.
    CHECK(w.state.themes.at(hidden).history.at(0).by == w.bo);
    for (const auto& text : {export_markdown(w.state), export_html(w.state)}) CHECK(text.find("Bo") == std::string::npos);
}
