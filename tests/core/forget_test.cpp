// participant.forget: who may forget whom, what it does to the state with either content, and
// the log rewritten without the forgotten person's names (core/forget.hpp).
#include <algorithm>

#include "core/export_text.hpp"
#include "core/forget.hpp"
#include "protocol/messages.hpp"
#include "tests/core/fixture.hpp"

using namespace samling::test;
namespace protocol = samling::protocol;

namespace {

const std::string first_name = "Ægir Øllgård 🦊";
const std::string second_name = "Ægir Å. 🌊";

/** A whole day around Ægir, who renames himself, proposes, votes, writes and is named as owner. */
struct day_with_aegir : workshop_fixture {
    entity_id aegir = 0, grouped = 0, lone = 0, edited = 0, merged = 0, ada_theme = 0, group = 0;
    entity_id section = 0, his_note = 0, ada_note = 0, his_step = 0, ada_step = 0, renamed_step = 0, bo_step = 0;

    day_with_aegir() {
        aegir = must(0, participant_join{first_name, role::participant});
        phase(phase::marketplace);
        grouped = must(aegir, theme_propose{"Havnebad", "Om sommeren"});
        lone = must(aegir, theme_propose{"Cykelsti", "Langs kajen"});
        edited = must(aegir, theme_propose{"Bænke", ""});
        merged = must(aegir, theme_propose{"Lys", "Om aftenen"});
        ada_theme = must(ada, theme_propose{"Grønne tage", ""});
        must(aegir, participant_rename{second_name});
        must(aegir, theme_edit{edited, std::string("Flere bænke"), std::string("Ved vandet")});
        must(host, theme_merge{merged, ada_theme});
        phase(phase::voting);
        must(aegir, vote_add{lone});
        must(aegir, vote_add{ada_theme});
        must(ada, vote_add{lone});
        must(ada, vote_add{grouped});
        phase(phase::breakouts);
        group = must(host, group_open{grouped, aegir});
        must(aegir, group_join{group});
        must(ada, group_join{group});
        section = must(aegir, section_add{group, "Sikkerhed"});
        his_note = must(aegir, note_add{group, section, "Stiger ved kanten"});
        must(aegir, note_edit{his_note, "Stiger og redningskranse"});
        ada_note = must(ada, note_add{group, 0, "Badebro"});
        his_step = must(aegir, next_step_add{group, "Ring til havnen", second_name, "", step_status::open});
        ada_step = must(ada, next_step_add{group, "Søg penge", second_name, "2026-05-01", step_status::open});
        renamed_step = must(ada, next_step_add{group, "Tegn broen", first_name, "", step_status::open});
        must(ada, next_step_edit{renamed_step, std::nullopt, second_name, std::nullopt, std::nullopt});
        bo_step = must(ada, next_step_add{group, "Find en livredder", "Bo", "", step_status::open});
        phase(phase::closed);
    }

    void forget(forget_content content) { must(host, participant_forget{aegir, content}); }
};

std::string reason_of(const decision& d) {
    const auto& params = std::get<rejection>(d).params;
    for (const auto& p : params) {
        if (p.name == "reason") return std::get<std::string>(p.value);
    }
    return "";
}

workshop_state replayed(const std::vector<event>& log) {
    workshop_state state;
    for (const auto& ev : log) apply(state, ev);
    return state;
}

}  // namespace

TEST_CASE("participant.forget: facilitators forget anyone but the host, anyone forgets themself", "[core][forget]") {
    workshop_fixture w;
    w.refused(w.ada, participant_forget{w.bo, forget_content::keep}, errc::forbidden);
    w.refused(w.host, participant_forget{w.host, forget_content::keep}, errc::forbidden);
    w.refused(w.ada, participant_forget{w.host, forget_content::erase}, errc::forbidden);
    w.refused(w.host, participant_forget{999, forget_content::keep}, errc::not_found);
    CHECK(reason_of(w.run(w.host, participant_forget{w.host, forget_content::keep})) == "host");

    w.must(w.watcher, participant_forget{w.watcher, forget_content::keep});
    w.phase(phase::closed);
    w.must(w.ada, participant_forget{w.ada, forget_content::erase});
    const auto again = w.run(w.host, participant_forget{w.ada, forget_content::keep});
    REQUIRE(std::holds_alternative<rejection>(again));
    CHECK(std::get<rejection>(again).code == errc::conflict);
    CHECK(reason_of(again) == "already_forgotten");
    // Forgotten is removed: nothing more in their name.
    w.refused(w.ada, participant_rename{"Tilbage"}, errc::participant_removed);
    w.refused(w.ada, participant_forget{w.ada, forget_content::keep}, errc::participant_removed);
}

TEST_CASE("participant.forget: a co-facilitator forgets, and someone who left stays left", "[core][forget]") {
    workshop_fixture w;
    w.must(w.host, participant_promote{w.bo});
    w.must(w.ada, participant_leave{});
    w.must(w.bo, participant_forget{w.ada, forget_content::keep});
    const participant& ada = w.state.participants.at(w.ada);
    CHECK(ada.forgotten);
    CHECK(ada.left);
    CHECK_FALSE(ada.removed);
    CHECK(ada.name.empty());
}

TEST_CASE("participant.forget keep: the name goes, what they wrote stays under their id", "[core][forget]") {
    day_with_aegir w;
    const auto before = w.state;
    w.forget(forget_content::keep);
    const participant& p = w.state.participants.at(w.aegir);
    CHECK(p.name.empty());
    CHECK(p.forgotten);
    CHECK(p.removed);
    CHECK(p.group == 0);
    CHECK(w.state.steps.at(w.his_step).owner.empty());
    CHECK(w.state.steps.at(w.ada_step).owner.empty());
    CHECK(w.state.steps.at(w.renamed_step).owner.empty());
    CHECK(w.state.steps.at(w.bo_step).owner == "Bo");
    CHECK(w.state.notes == before.notes);
    CHECK(w.state.themes == before.themes);
    CHECK(w.state.groups == before.groups);
    CHECK(w.state.groups.at(w.group).convener == w.aegir);
    CHECK(exporting::name_of(w.state, w.aegir) == "Slettet deltager");
    CHECK(exporting::name_of(w.state, w.ada) == "Åse 😀");
}

TEST_CASE("participant.forget delete: their notes, ungrouped themes, next steps and dots go", "[core][forget]") {
    day_with_aegir w;
    w.forget(forget_content::erase);
    const auto& s = w.state;
    CHECK_FALSE(s.notes.contains(w.his_note));
    CHECK(s.notes.contains(w.ada_note));
    CHECK(s.groups.at(w.group).notes == std::vector<entity_id>{w.ada_note});
    // The theme a group works on stays; the others go, with the dots on them.
    CHECK(s.themes.contains(w.grouped));
    for (entity_id gone : {w.lone, w.edited, w.merged}) CHECK_FALSE(s.themes.contains(gone));
    CHECK(s.themes.at(w.ada_theme).merged_from.empty());
    CHECK(s.themes.at(w.ada_theme).dots.empty());
    CHECK(s.themes.at(w.grouped).dots == std::map<entity_id, std::int64_t>{{w.ada, 1}});
    CHECK(s.dots_used(w.aegir) == 0);
    CHECK_FALSE(s.steps.contains(w.his_step));
    CHECK(s.groups.at(w.group).steps == std::vector<entity_id>{w.ada_step, w.renamed_step, w.bo_step});
    CHECK(s.steps.at(w.ada_step).owner.empty());
    // Group facts keep the id: the convener and the visitors.
    CHECK(s.groups.at(w.group).convener == w.aegir);
    CHECK(std::find(s.groups.at(w.group).visitors.begin(), s.groups.at(w.group).visitors.end(), w.aegir) !=
          s.groups.at(w.group).visitors.end());
    CHECK(s.sections.contains(w.section));
}

TEST_CASE("names_in_log lists every name a participant had, the host's too", "[core][forget]") {
    day_with_aegir w;
    CHECK(names_in_log(w.log, w.aegir) == std::vector<std::string>{first_name, second_name});
    CHECK(names_in_log(w.log, w.host) == std::vector<std::string>{"Liv"});
    CHECK(names_in_log(w.log, 999).empty());
}

TEST_CASE("forget_in_log: the same final state, and no name left in any encoded event", "[core][forget]") {
    for (auto content : {forget_content::keep, forget_content::erase}) {
        INFO(to_string(content));
        day_with_aegir w;
        w.forget(content);
        const auto rewritten = forget_in_log(w.log, w.aegir, content);
        REQUIRE(rewritten.size() == w.log.size());
        CHECK(replayed(rewritten) == replayed(w.log));
        CHECK(replayed(rewritten) == w.state);
        for (const auto& ev : rewritten) {
            const std::string encoded = protocol::encode_event_record(ev);
            INFO(encoded);
            CHECK(encoded.find(first_name) == std::string::npos);
            CHECK(encoded.find(second_name) == std::string::npos);
            CHECK(encoded.find("Ægir") == std::string::npos);
        }
    }
}

TEST_CASE("forget_in_log delete: the deleted texts go, the kept ones stay", "[core][forget]") {
    day_with_aegir w;
    w.forget(forget_content::erase);
    std::string all;
    for (const auto& ev : forget_in_log(w.log, w.aegir, forget_content::erase)) {
        all += protocol::encode_event_record(ev);
    }
    for (const char* gone : {"Stiger", "Cykelsti", "Langs kajen", "Bænke", "Ved vandet", "Ring til havnen"}) {
        INFO(gone);
        CHECK(all.find(gone) == std::string::npos);
    }
    // The grouped theme stays, and a merged theme's wording lives on in the theme it went into.
    for (const char* kept : {"Havnebad", "Om sommeren", "Lys", "Badebro", "Søg penge", "Sikkerhed"}) {
        INFO(kept);
        CHECK(all.find(kept) != std::string::npos);
    }
}

TEST_CASE("forget_in_log keep: texts stay, and an owner written as the placeholder is not cleared", "[core][forget]") {
    day_with_aegir w;
    w.phase(phase::convergence);
    const auto dash = w.must(w.ada, next_step_add{w.group, "Vent", "—", "", step_status::open});
    w.forget(forget_content::keep);
    const auto rewritten = forget_in_log(w.log, w.aegir, forget_content::keep);
    CHECK(replayed(rewritten) == w.state);
    CHECK(replayed(rewritten).steps.at(dash).owner == "—");
    std::string all;
    for (const auto& ev : rewritten) all += protocol::encode_event_record(ev);
    CHECK(all.find("Stiger og redningskranse") != std::string::npos);
}
