// No command, repeated, grows a workshop's encoded state without bound: every join sends that
// state, so a list one participant could grow for ever would stall everyone's room.
// Each command type gets a round that uses it the way that grows the state most (with whatever
// it needs first, such as a theme to merge and delete); the round runs past every count limit,
// then as often again, and the second half must add (almost) nothing.
#include <functional>
#include <map>

#include "protocol/messages.hpp"
#include "tests/core/fixture.hpp"

using namespace samling::test;
namespace protocol = samling::protocol;

namespace {

/** Rounds of each command: more than any count limit, so every list is full before measuring. */
constexpr int rounds = 10'100;
static_assert(rounds > static_cast<int>(limits::participants_ever) && rounds > static_cast<int>(limits::participants) && rounds > static_cast<int>(limits::notes_per_group) &&
              rounds > static_cast<int>(limits::themes));
/** What a second run of `rounds` may add: ids and counters gaining a digit, nothing per command. */
constexpr std::size_t slack_bytes = 1'024;
/** No single command, repeated, takes the encoded state past this. */
constexpr std::size_t state_bound_bytes = 10u << 20;

/** A text of exactly `chars` code points, different for each `i`, in two-byte letters. */
std::string text(int i, std::int64_t chars) {
    std::string out = std::to_string(i) + " ";
    for (auto n = static_cast<std::int64_t>(out.size()); n < chars; ++n) out += "ø";
    return out;
}

bool ok(const decision& d) { return std::holds_alternative<event>(d); }
entity_id created(const decision& d) { return ok(d) ? std::get<event>(d).created : 0; }

/** A workshop in breakouts with two groups, a spare theme, a room, a slot, a section, a note and a step. */
struct growth_workshop : workshop_fixture {
    entity_id theme_a = 0, theme_b = 0, spare = 0, group_a = 0, group_b = 0;
    entity_id room = 0, slot = 0, section = 0, note = 0, step = 0;

    growth_workshop() {
        must(host, workshop_set_options{std::nullopt, true, std::nullopt});
        phase(phase::marketplace);
        theme_a = must(host, theme_propose{"Bænke ved vandet", ""});
        theme_b = must(host, theme_propose{"Grønne tage", ""});
        spare = must(host, theme_propose{"Lys om aftenen", ""});
        phase(phase::breakouts);
        group_a = must(host, group_open{theme_a, 0});
        group_b = must(host, group_open{theme_b, 0});
        room = must(host, room_add{"Sal A", 0});
        slot = must(host, slot_add{"Runde 1", "10:00", "11:00"});
        must(ada, group_join{group_a});
        section = must(ada, section_add{group_a, "Økonomi"});
        note = must(ada, note_add{group_a, section, "Første idé"});
        step = must(ada, next_step_add{group_a, "Skriv til kommunen", "", "", step_status::open});
    }

    std::size_t encoded() const { return protocol::encode_state(state, protocol::audience::full).size(); }
    entity_id newcomer(int i) { return created(run(0, participant_join{text(i, limits::name_chars), role::participant})); }
    entity_id new_theme(int i) {
        return created(run(host, theme_propose{text(i, limits::title_chars), text(i, limits::details_chars)}));
    }
};

/** One round for a command type: runs it (and what it needs first); true when it was accepted. */
using round = std::function<bool(growth_workshop&, int)>;

const std::map<std::string, round>& rounds_by_command() {
    using w_t = growth_workshop;
    static const std::map<std::string, round> table{
        {"workshop.rename", [](w_t& w, int i) { return ok(w.run(w.host, workshop_rename{text(i, limits::title_chars)})); }},
        {"workshop.set_purpose", [](w_t& w, int i) { return ok(w.run(w.host, workshop_set_purpose{text(i, limits::purpose_chars)})); }},
        {"workshop.set_language", [](w_t& w, int i) { return ok(w.run(w.host, workshop_set_language{i % 2 ? "sv" : "nb"})); }},
        {"workshop.set_phase", [](w_t& w, int i) {
             return ok(w.run(w.host, workshop_set_phase{i % 2 ? phase::convergence : phase::voting})); }},
        {"workshop.set_options", [](w_t& w, int i) { return ok(w.run(w.host, workshop_set_options{i % 20, std::nullopt, std::nullopt})); }},
        {"workshop.lock", [](w_t& w, int) { const bool a = ok(w.run(w.host, workshop_lock{})); w.run(w.host, workshop_unlock{}); return a; }},
        {"workshop.unlock", [](w_t& w, int) { w.run(w.host, workshop_lock{}); return ok(w.run(w.host, workshop_unlock{})); }},
        {"participant.join", [](w_t& w, int i) { return w.newcomer(i) != 0; }},
        {"participant.rename", [](w_t& w, int i) { return ok(w.run(w.ada, participant_rename{text(i, limits::name_chars)})); }},
        {"participant.leave", [](w_t& w, int i) { return ok(w.run(w.newcomer(i), participant_leave{})); }},
        {"participant.promote", [](w_t& w, int i) { return ok(w.run(w.host, participant_promote{w.newcomer(i)})); }},
        {"participant.remove", [](w_t& w, int i) { return ok(w.run(w.host, participant_remove{w.newcomer(i)})); }},
        {"participant.forget", [](w_t& w, int i) {
             return ok(w.run(w.host, participant_forget{w.newcomer(i), i % 2 ? forget_content::keep : forget_content::erase})); }},
        {"theme.propose", [](w_t& w, int i) { return w.new_theme(i) != 0; }},
        {"theme.edit", [](w_t& w, int i) {
             return ok(w.run(w.host, theme_edit{w.theme_a, text(i, limits::title_chars), text(i, limits::details_chars)})); }},
        {"theme.withdraw", [](w_t& w, int i) { return ok(w.run(w.host, theme_withdraw{w.new_theme(i)})); }},
        {"theme.merge", [](w_t& w, int i) { return ok(w.run(w.host, theme_merge{w.new_theme(i), w.theme_a})); }},
        {"theme.delete", [](w_t& w, int i) {
             const entity_id t = w.new_theme(i);
             w.run(w.host, theme_merge{t, w.theme_b});
             return ok(w.run(w.host, theme_delete{t})); }},
        {"theme.restore", [](w_t& w, int) {
             w.run(w.host, theme_merge{w.spare, w.theme_b});
             return ok(w.run(w.host, theme_restore{w.spare})); }},
        {"vote.add", [](w_t& w, int) { w.phase(phase::voting); return ok(w.run(w.ada, vote_add{w.theme_a})); }},
        {"vote.remove", [](w_t& w, int) {
             w.phase(phase::voting);
             w.run(w.ada, vote_add{w.theme_a});
             return ok(w.run(w.ada, vote_remove{w.theme_a})); }},
        {"workshop.set_day", [](w_t& w, int i) {
             return ok(w.run(w.host, workshop_set_day{i % 2 ? "2026-05-0" + std::to_string(1 + i % 9) : "", text(i, limits::label_chars)})); }},
        {"room.move", [](w_t& w, int i) { return ok(w.run(w.host, room_move{w.room, i % 2})); }},
        {"group.rename", [](w_t& w, int i) { return ok(w.run(w.host, group_rename{w.group_a, text(i, limits::title_chars)})); }},
        {"room.add", [](w_t& w, int i) { return ok(w.run(w.host, room_add{text(i, limits::label_chars), 10})); }},
        {"room.edit", [](w_t& w, int i) { return ok(w.run(w.host, room_edit{w.room, text(i, limits::label_chars), i})); }},
        {"room.delete", [](w_t& w, int i) {
             return ok(w.run(w.host, room_delete{created(w.run(w.host, room_add{text(i, limits::label_chars), 10}))})); }},
        {"slot.add", [](w_t& w, int i) { return ok(w.run(w.host, slot_add{text(i, limits::label_chars), "12:00", "13:00"})); }},
        {"slot.edit", [](w_t& w, int i) {
             return ok(w.run(w.host, slot_edit{w.slot, text(i, limits::label_chars), std::nullopt, std::nullopt})); }},
        {"slot.delete", [](w_t& w, int i) {
             const entity_id s = created(w.run(w.host, slot_add{text(i, limits::label_chars), "12:00", "13:00"}));
             return ok(w.run(w.host, slot_delete{s})); }},
        {"group.open", [](w_t& w, int i) { return ok(w.run(w.host, group_open{w.new_theme(i), w.ada})); }},
        {"group.place", [](w_t& w, int i) {
             return ok(w.run(w.host, group_place{w.group_a, i % 2 ? 0 : w.room, i % 2 ? 0 : w.slot})); }},
        {"group.set_convener", [](w_t& w, int i) { return ok(w.run(w.host, group_set_convener{w.group_a, i % 2 ? w.bo : w.ada})); }},
        {"group.delete", [](w_t& w, int) { return ok(w.run(w.host, group_delete{created(w.run(w.host, group_open{w.spare, 0}))})); }},
        {"group.join", [](w_t& w, int i) { return ok(w.run(w.newcomer(i), group_join{w.group_a})); }},
        {"group.leave", [](w_t& w, int) { w.run(w.ada, group_join{w.group_b}); return ok(w.run(w.ada, group_leave{})); }},
        {"section.add", [](w_t& w, int i) { return ok(w.run(w.host, section_add{w.group_a, text(i, limits::title_chars)})); }},
        {"section.rename", [](w_t& w, int i) { return ok(w.run(w.host, section_rename{w.section, text(i, limits::title_chars)})); }},
        {"section.move", [](w_t& w, int i) { return ok(w.run(w.host, section_move{w.section, i % 2})); }},
        {"section.delete", [](w_t& w, int i) {
             return ok(w.run(w.host, section_delete{created(w.run(w.host, section_add{w.group_a, text(i, limits::title_chars)}))})); }},
        {"note.add", [](w_t& w, int i) { return ok(w.run(w.host, note_add{w.group_a, w.section, text(i, limits::note_chars)})); }},
        {"note.edit", [](w_t& w, int i) { return ok(w.run(w.host, note_edit{w.note, text(i, limits::note_chars)})); }},
        {"note.delete", [](w_t& w, int i) {
             return ok(w.run(w.host, note_delete{created(w.run(w.host, note_add{w.group_a, 0, text(i, limits::note_chars)}))})); }},
        {"note.move", [](w_t& w, int i) { return ok(w.run(w.host, note_move{w.note, i % 2 ? 0 : w.section, 0})); }},
        {"next_step.add", [](w_t& w, int i) {
             return ok(w.run(w.host, next_step_add{w.group_a, text(i, limits::step_chars), text(i, limits::label_chars), "2026-03-01",
                                                   step_status::open})); }},
        {"next_step.edit", [](w_t& w, int i) {
             return ok(w.run(w.host, next_step_edit{w.step, text(i, limits::step_chars), text(i, limits::label_chars),
                                                    std::nullopt, std::nullopt})); }},
        {"next_step.delete", [](w_t& w, int i) {
             const entity_id s = created(w.run(w.host, next_step_add{w.group_a, text(i, limits::step_chars), "", "", step_status::open}));
             return ok(w.run(w.host, next_step_delete{s})); }},
        {"timer.start", [](w_t& w, int i) { return ok(w.run(w.host, timer_start{600, text(i, limits::label_chars)})); }},
        {"timer.stop", [](w_t& w, int) { w.run(w.host, timer_start{600, "Pause"}); return ok(w.run(w.host, timer_stop{})); }},
        {"wall.present", [](w_t& w, int i) { return ok(w.run(w.host, wall_present{i % 2 ? w.group_b : w.group_a})); }},
        {"votes.reveal", [](w_t& w, int) { return ok(w.run(w.host, votes_reveal{})); }},
        {"message.post", [](w_t& w, int i) { return ok(w.run(w.host, message_post{text(i, limits::message_chars)})); }},
        {"message.clear", [](w_t& w, int i) {
             w.run(w.host, message_post{text(i, limits::message_chars)});
             return ok(w.run(w.host, message_clear{})); }},
        {"timer.pause", [](w_t& w, int i) {
             w.run(w.host, timer_start{600, text(i, limits::label_chars)});
             return ok(w.run(w.host, timer_pause{})); }},
        {"timer.resume", [](w_t& w, int i) {
             w.run(w.host, timer_start{600, text(i, limits::label_chars)});
             w.run(w.host, timer_pause{});
             return ok(w.run(w.host, timer_resume{})); }},
        {"timer.extend", [](w_t& w, int i) {
             w.run(w.host, timer_start{600, text(i, limits::label_chars)});
             return ok(w.run(w.host, timer_extend{60})); }},
        {"short_code.rotate", [](w_t& w, int i) { return ok(w.run(w.host, short_code_rotate{std::to_string(100'000 + i)})); }},
    };
    return table;
}

}  // namespace

TEST_CASE("every command type has a growth round", "[protocol][limits]") {
    // workshop.create happens once per workshop: every later one is refused.
    std::size_t commands = 0;
    for (auto name : protocol::command_names()) {
        if (name == "workshop.create") continue;
        ++commands;
        INFO(name);
        CHECK(rounds_by_command().contains(std::string(name)));
    }
    CHECK(rounds_by_command().size() == commands);
}

TEST_CASE("no command repeated grows the encoded state without bound", "[protocol][limits]") {
    const growth_workshop base;
    for (const auto& [name, one_round] : rounds_by_command()) {
        growth_workshop w = base;
        INFO(name);
        REQUIRE(one_round(w, 0));
        // The fixture keeps every event; this test needs only the state.
        const auto run_until = [&](int from, int to) {
            for (int i = from; i < to; ++i, w.log.clear()) one_round(w, i);
        };
        run_until(1, rounds);
        const std::size_t full = w.encoded();
        run_until(rounds, 2 * rounds);
        const std::size_t later = w.encoded();
        INFO("encoded state after " << rounds << " rounds: " << full << " bytes; after " << 2 * rounds << ": " << later);
        CHECK(later <= full + slack_bytes);
        CHECK(later < state_bound_bytes);
    }
}
