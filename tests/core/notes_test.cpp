#include "tests/core/fixture.hpp"

using namespace samling::test;

namespace {
struct board : workshop_fixture {
    entity_id g = 0, other = 0;
    board() {
        phase(samling::core::phase::marketplace);
        const auto t1 = must(ada, theme_propose{"Transport", ""});
        const auto t2 = must(ada, theme_propose{"Kultur", ""});
        phase(samling::core::phase::breakouts);
        g = must(host, group_open{t1, bo});
        other = must(host, group_open{t2, 0});
    }
    std::vector<std::string> texts(entity_id section_id) const {
        std::vector<std::string> out;
        for (auto id : state.groups.at(g).notes) {
            if (state.notes.at(id).section == section_id) out.push_back(state.notes.at(id).text);
        }
        return out;
    }
};
}  // namespace

TEST_CASE("sections are added, renamed, reordered and deleted", "[core][sections]") {
    board w;
    const auto s1 = w.must(w.ada, section_add{w.g, "Belysning"});
    const auto s2 = w.must(w.ada, section_add{w.g, "Beplantning"});
    w.must(w.ada, section_rename{s1, "Cykler"});
    CHECK(w.state.sections.at(s1).title == "Cykler");
    w.must(w.ada, section_move{s2, 0});
    CHECK(w.state.groups.at(w.g).sections == std::vector<entity_id>{s2, s1});
    w.must(w.ada, section_move{s2, 99});  // clamped to the end
    CHECK(w.state.groups.at(w.g).sections == std::vector<entity_id>{s1, s2});
    w.refused(w.watcher, section_add{w.g, "No"}, errc::forbidden);
    w.refused(w.ada, section_add{999, "No"}, errc::not_found);
    w.refused(w.ada, section_rename{999, "No"}, errc::not_found);
    // Deleting: creator, convener (bo) or facilitator; the notes stay under the group.
    const auto n = w.must(w.ada, note_add{w.g, s1, "Sikre stier"});
    const auto s3 = w.must(w.host, section_add{w.g, "Host's"});
    w.refused(w.ada, section_delete{s3}, errc::not_owner);
    w.must(w.bo, section_delete{s3});
    w.must(w.ada, section_delete{s1});
    CHECK(w.state.notes.at(n).section == 0);
    CHECK(w.state.groups.at(w.g).sections == std::vector<entity_id>{s2});
}

TEST_CASE("the section limit is enforced", "[core][sections]") {
    board w;
    for (std::size_t i = 0; i < limits::sections_per_group; ++i) w.must(w.ada, section_add{w.g, "S"});
    w.refused(w.ada, section_add{w.g, "One more"}, errc::limit_reached);
}

TEST_CASE("notes are added under sections or directly under the group", "[core][notes]") {
    board w;
    const auto s = w.must(w.ada, section_add{w.g, "Ideer"});
    const auto n1 = w.must(w.ada, note_add{w.g, s, "Flere lamper ⚡"});
    const auto n2 = w.must(w.bo, note_add{w.g, 0, "Line one\nline two"});
    CHECK(w.state.notes.at(n1).author == w.ada);
    CHECK(w.state.notes.at(n1).section == s);
    CHECK(w.state.notes.at(n2).section == 0);
    CHECK(w.state.groups.at(w.g).notes == std::vector<entity_id>{n1, n2});
    const auto s_other = w.must(w.ada, section_add{w.other, "Elsewhere"});
    w.refused(w.ada, note_add{w.g, s_other, "Wrong section"}, errc::invalid_value);
    w.refused(w.ada, note_add{w.g, 999, "No section"}, errc::not_found);
    w.refused(w.ada, note_add{999, 0, "No group"}, errc::not_found);
    w.refused(w.watcher, note_add{w.g, 0, "Observer"}, errc::forbidden);
    w.phase(phase::voting);
    w.refused(w.ada, note_add{w.g, 0, "Not now"}, errc::wrong_phase);
}

TEST_CASE("authors and facilitators edit and delete notes", "[core][notes]") {
    board w;
    const auto n = w.must(w.ada, note_add{w.g, 0, "Draft"});
    w.refused(w.bo, note_edit{n, "Not mine"}, errc::not_owner);
    w.refused(w.bo, note_delete{n}, errc::not_owner);
    w.must(w.ada, note_edit{n, "Final"});
    CHECK(w.state.notes.at(n).text == "Final");
    CHECK(w.state.notes.at(n).edited_at > w.state.notes.at(n).created_at);
    w.must(w.host, note_edit{n, "Moderated"});
    w.must(w.host, note_delete{n});
    CHECK(w.state.notes.empty());
    CHECK(w.state.groups.at(w.g).notes.empty());
    w.refused(w.ada, note_edit{n, "Gone"}, errc::not_found);
}

TEST_CASE("notes move between sections and reorder", "[core][notes]") {
    board w;
    const auto s1 = w.must(w.ada, section_add{w.g, "One"});
    const auto s2 = w.must(w.ada, section_add{w.g, "Two"});
    const auto a = w.must(w.ada, note_add{w.g, s1, "a"});
    const auto b = w.must(w.ada, note_add{w.g, s1, "b"});
    w.must(w.ada, note_add{w.g, s2, "c"});
    w.must(w.ada, note_add{w.g, s1, "d"});
    w.must(w.bo, note_move{b, s1, 0});
    CHECK(w.texts(s1) == std::vector<std::string>{"b", "a", "d"});
    w.must(w.bo, note_move{b, s1, 5});
    CHECK(w.texts(s1) == std::vector<std::string>{"a", "d", "b"});
    w.must(w.bo, note_move{a, s2, 0});
    CHECK(w.texts(s2) == std::vector<std::string>{"a", "c"});
    w.must(w.bo, note_move{a, 0, 0});
    CHECK(w.texts(0) == std::vector<std::string>{"a"});
    const auto s_other = w.must(w.ada, section_add{w.other, "Other group"});
    w.refused(w.ada, note_move{a, s_other, 0}, errc::invalid_value);
}

TEST_CASE("the per-group note limit is enforced", "[core][notes]") {
    board w;
    for (std::size_t i = 0; i < limits::notes_per_group; ++i) w.must(w.ada, note_add{w.g, 0, "n"});
    w.refused(w.ada, note_add{w.g, 0, "too many"}, errc::limit_reached);
    CHECK(w.must(w.ada, note_add{w.other, 0, "other group still fine"}) != 0);
}

TEST_CASE("next steps are added, edited and deleted", "[core][steps]") {
    board w;
    const auto s = w.must(w.ada, next_step_add{w.g, "Write to the council", "Åse", "2026-12-01", step_status::open});
    CHECK(w.state.steps.at(s).created_by == w.ada);
    w.refused(w.ada, next_step_add{w.g, "Bad date", "", "01-12-2026", step_status::open}, errc::invalid_value);
    w.must(w.ada, next_step_edit{s, std::nullopt, std::nullopt, std::nullopt, step_status::in_progress});
    CHECK(w.state.steps.at(s).status == step_status::in_progress);
    w.refused(w.ada, next_step_edit{s, std::nullopt, std::nullopt, std::nullopt, std::nullopt}, errc::invalid_value);
    w.refused(w.ada, next_step_edit{s, std::nullopt, std::nullopt, "2026-02-30", std::nullopt}, errc::invalid_value);
    w.refused(w.watcher, next_step_delete{s}, errc::forbidden);
    w.must(w.bo, next_step_edit{s, std::string("Write to the mayor"), std::nullopt, std::nullopt, std::nullopt});  // the convener
    w.must(w.ada, next_step_delete{s});
    CHECK(w.state.groups.at(w.g).steps.empty());
    w.refused(w.ada, next_step_delete{s}, errc::not_found);
}

TEST_CASE("a next step without a known author is left to facilitators", "[core][steps]") {
    // A state stored before steps had authors reads them back with created_by 0.
    board w;
    const auto s = w.must(w.ada, next_step_add{w.g, "Write to the council", "", "", step_status::open});
    w.state.steps.at(s).created_by = 0;
    w.refused(w.ada, next_step_edit{s, std::nullopt, std::nullopt, std::nullopt, step_status::done}, errc::not_owner);
    w.refused(w.bo, next_step_delete{s}, errc::not_owner);  // the convener too
    w.must(w.host, next_step_edit{s, std::nullopt, std::nullopt, std::nullopt, step_status::done});
    w.must(w.host, next_step_delete{s});
}
