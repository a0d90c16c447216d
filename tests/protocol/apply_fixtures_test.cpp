// Writes the fixtures the web client's apply is checked against (tests/web/apply.test.mjs): a
// day that sends every command, and for each event the public state before it, the event as
// the wire carries it, and the public state after it, all as core computes them.
#include <fstream>
#include <set>

#include "core/decide.hpp"
#include "tests/protocol/test_support.hpp"

using namespace protocol_test;

namespace {

struct day_recorder {
    core::workshop_state state;
    core::time_ms clock = 1'700'000'000'000;
    json fixtures = json::array();
    std::set<std::string> covered;

    /** Runs a command that must be accepted and records its fixture; returns what it created. */
    core::entity_id run(core::entity_id actor, core::command cmd) {
        clock += 1000;
        const auto before = json::parse(protocol::encode_state(state, protocol::audience::public_));
        auto decided = core::decide(state, actor, cmd, clock, "op-" + std::to_string(clock));
        if (auto* refused = std::get_if<core::rejection>(&decided)) FAIL(refused->message);
        const auto& ev = std::get<core::event>(decided);
        core::apply(state, ev);
        // As the room does: after the event is applied, judged by the theme it concerns.
        const auto wire = json::parse(
            protocol::encode_event_object(ev, protocol::audience::public_, protocol::anonymous_theme_event(state, ev)));
        covered.insert(wire["type"].get<std::string>());
        fixtures.push_back({{"before", before}, {"events", json::array({wire})},
                            {"after", json::parse(protocol::encode_state(state, protocol::audience::public_))}});
        return ev.created != 0 ? ev.created : static_cast<core::entity_id>(ev.seq);
    }
};

void marketplace_and_votes(day_recorder& d, core::entity_id host, core::entity_id ada, core::entity_id eva, core::entity_id* first) {
    using namespace core;
    d.run(host, workshop_set_phase{phase::marketplace});
    *first = d.run(ada, theme_propose{"Færgeleje 🚢", "Også om vinteren"});
    const auto second = d.run(ada, theme_propose{"Bro", ""});
    const auto third = d.run(ada, theme_propose{"Tunnel", ""});
    const auto fourth = d.run(ada, theme_propose{"Skal slettes", ""});
    const auto evas = d.run(eva, theme_propose{"Cykelsti", "Langs kajen"});
    d.run(ada, theme_edit{*first, std::string("Færgelejet"), std::nullopt});
    d.run(ada, theme_withdraw{third});
    d.run(ada, theme_restore{third});
    d.run(host, theme_merge{third, second});
    d.run(host, theme_restore{third});
    d.run(host, theme_delete{fourth});
    d.run(host, workshop_set_options{std::nullopt, std::nullopt, true});
    d.run(ada, theme_propose{"Anonymt forslag", ""});
    d.run(host, workshop_set_options{3, true, false});
    d.run(host, workshop_set_day{"2026-11-21", "Havnehuset"});
    d.run(host, workshop_set_phase{phase::voting});
    d.run(ada, vote_add{*first});
    d.run(ada, vote_add{*first});
    d.run(ada, vote_remove{*first});
    d.run(ada, vote_add{second});
    d.run(eva, vote_add{evas});
    d.run(eva, vote_add{*first});
    d.run(ada, vote_add{evas});
}

core::entity_id group_of_theme(const day_recorder& d, core::entity_id theme) {
    for (const auto& [id, g] : d.state.groups) {
        if (g.theme == theme) return id;
    }
    return 0;
}

void wall_and_timer(day_recorder& d, core::entity_id host, core::entity_id group) {
    using namespace core;
    d.run(host, timer_start{600, "Pause"});
    d.run(host, timer_pause{});
    d.run(host, timer_extend{60});
    d.run(host, timer_resume{});
    d.run(host, timer_extend{120});
    d.run(host, timer_stop{});
    workshop_set_options wall_options;
    wall_options.votes_hidden = false;
    wall_options.timer_sound = true;
    d.run(host, wall_options);
    d.run(host, votes_reveal{});
    d.run(host, message_post{"Runde 2 starter nu i salen"});
    d.run(host, message_clear{});
    d.run(host, wall_present{group});
    d.run(host, short_code_rotate{"482913"});
    d.run(host, timer_start{300, "Opsamling"});
    // A phase change ends the timer and takes the presented group off the wall.
    d.run(host, workshop_set_phase{phase::convergence});
}

void rooms_groups_and_notes(day_recorder& d, core::entity_id host, core::entity_id ada, core::entity_id eva,
                             core::entity_id theme) {
    using namespace core;
    const auto room = d.run(host, room_add{"Sal A", 40});
    d.run(host, room_edit{room, std::string("Sal A (stor)"), std::int64_t{45}});
    d.run(host, room_delete{d.run(host, room_add{"Væk", 0})});
    d.run(host, room_move{d.run(host, room_add{"Sal B", 0}), 0});
    const auto slot = d.run(host, slot_add{"Runde 1", "10:00", "11:00"});
    d.run(host, slot_edit{slot, std::nullopt, std::nullopt, std::string("11:30")});
    d.run(host, slot_delete{d.run(host, slot_add{"Væk", "12:00", "13:00"})});
    d.run(host, workshop_set_phase{phase::breakouts});
    const auto group = d.run(host, group_open{theme, 0});
    d.run(host, group_place{group, room, slot});
    d.run(ada, group_join{group});
    d.run(host, group_set_convener{group, ada});
    d.run(ada, group_rename{group, "Værksted for alle"});
    const auto heading = d.run(ada, section_add{group, "Udstyr"});
    const auto other = d.run(ada, section_add{group, "Åbningstider"});
    d.run(ada, section_rename{heading, "Udstyr og rum"});
    d.run(ada, section_move{other, 0});
    const auto note = d.run(ada, note_add{group, heading, "3D-printer"});
    const auto loose = d.run(ada, note_add{group, 0, "Løs tanke\nto linjer"});
    d.run(ada, note_edit{note, "3D-printer og symaskiner"});
    d.run(ada, note_move{loose, heading, 0});
    d.run(ada, section_delete{heading});
    d.run(ada, note_delete{note});
    const auto step = d.run(ada, next_step_add{group, "Skriv til skolen", "Åse", "2026-03-01", step_status::open});
    d.run(ada, next_step_edit{step, std::nullopt, std::nullopt, std::nullopt, step_status::done});
    d.run(ada, next_step_delete{d.run(ada, next_step_add{group, "Væk", "", "", step_status::open})});
    d.run(eva, group_join{group});
    d.run(eva, note_add{group, 0, "Cykelparkering"});
    d.run(eva, next_step_add{group, "Spørg Åse", "Åse Ø.", "", step_status::open});
    d.run(host, next_step_add{group, "Book salen", "Åse Ø.", "", step_status::open});
    d.run(ada, group_leave{});
    d.run(host, group_delete{d.run(host, group_open{d.run(host, theme_propose{"Kort gruppe", ""}), 0})});
    wall_and_timer(d, host, group_of_theme(d, theme));
}

}  // namespace

TEST_CASE("apply fixtures: every event type, with the public state before and after", "[protocol][fixtures]") {
    using namespace core;
    day_recorder d;
    const auto host = d.run(0, workshop_create{"Havnens fremtid", "Hvorfor vi mødes.", "da", "Liv", "135790"});
    const auto ada = d.run(0, participant_join{"Åse 😀", role::participant});
    const auto bo = d.run(0, participant_join{"Bo", role::participant});
    const auto cy = d.run(0, participant_join{"Cy", role::observer});
    d.run(host, workshop_rename{"Havnens fremtid 2030"});
    d.run(host, workshop_set_purpose{"Et nyt formål."});
    d.run(host, workshop_set_language{"sv"});
    d.run(host, workshop_lock{});
    d.run(host, workshop_unlock{});
    d.run(ada, participant_rename{"Åse Ø."});
    d.run(host, participant_promote{bo});
    d.run(cy, participant_leave{});
    const auto gone = d.run(0, participant_join{"Dan", role::participant});
    const auto eva = d.run(0, participant_join{"Eva", role::participant});
    core::entity_id theme = 0;
    marketplace_and_votes(d, host, ada, eva, &theme);
    rooms_groups_and_notes(d, host, ada, eva, theme);
    d.run(host, participant_remove{gone});
    d.run(host, workshop_set_phase{phase::closed});
    // Forgetting works after the close too: Åse keeps what she wrote, Eva takes hers with her.
    d.run(host, participant_forget{ada, forget_content::keep});
    d.run(eva, participant_forget{eva, forget_content::erase});

    // Every command, server-made ones too, has left at least one fixture.
    CHECK(d.covered.size() == protocol::command_names().size());

    std::ofstream out(SAMLING_FIXTURE_DIR "/apply_fixtures.json");
    REQUIRE(out);
    out << d.fixtures.dump(1);
    REQUIRE(out.good());
}
