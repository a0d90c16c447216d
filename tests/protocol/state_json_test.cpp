// The state as JSON: exact round trips, the anonymous redaction, and refusal of broken text.
#include "core/decide.hpp"
#include "tests/protocol/test_support.hpp"

using namespace protocol_test;

namespace {

/** Three themes: an open one with history, dots and a merged-in theme; a merged; a withdrawn. */
void add_themes(core::workshop_state& s) {
    core::theme cykel{
        10,
        "Cyklar på kajen",
        "Fler ställ\noch pumpar",
        2,
        1'700'000'010'000,
        core::theme_status::open,
        0,
        {11},
        {{"Cyklar", "", 2, 1'700'000'011'000}, {"Pumpar", "luft", 1, 1'700'000'012'000}},
        {{2, 3}, {4, 1}}};
    core::theme pump{11, "Pumpar", "luft", 4, 1'700'000'011'500, core::theme_status::merged,
                     10, {},       {},     {}};
    core::theme old{12, "Gammalt", "", 2, 1'700'000'013'000, core::theme_status::withdrawn,
                    0,  {},        {}, {}};
    cykel.anonymous = true;
    s.themes = {{10, cykel}, {11, pump}, {12, old}};
}

/** A state with every map filled and every field away from its default, built by hand. */
core::workshop_state rich_state() {
    core::workshop_state s;
    s.seq = 321;
    s.next_id = 40;
    s.title = "Fremtidens havn – åbent møde 😀";
    s.purpose = "Hvad skal der ske?\n\nAnden linje\r\nmed CRLF og\ttab";
    s.language = "da";
    s.phase = core::phase::convergence;
    s.options = {7, true, true};
    s.locked = true;
    s.created_at = 1'700'000'000'000;
    s.timer = {true, "Runde två", 1'700'000'100'000, 1'700'000'700'000, true, 420'000};
    s.short_code = "482913";
    s.presented_group = 20;
    s.votes_revealed = true;
    s.message = {"Kaffe i foyeren", 1'700'000'200'000};
    s.participants[1] = {1,     "Åsa Öberg", core::role::facilitator, 0, 1'700'000'000'000,
                         false, false};
    s.participants[2] = {2, "Bjørn", core::role::participant, 20, 1'700'000'001'000, false, false};
    s.participants[3] = {
        3, "Eeva 👩‍👩‍👧", core::role::observer, 0, 1'700'000'002'000, true, false};
    s.participants[4] = {4, "Kalle", core::role::participant, 20, 1'700'000'003'000, false, true};
    add_themes(s);
    s.rooms[13] = {13, "Sal Ø", 40};
    s.rooms[14] = {14, "Loftet", 0};
    s.room_order = {14, 13};
    s.day = "2026-11-21";
    s.place = "Havnehuset, Aarhus";
    s.slots[15] = {15, "Förmiddag", "09:30", "11:00"};
    s.groups[20] = {20,       10,           2,        13,       15, 1'700'000'020'000,
                    {21, 22}, {24, 23, 25}, {26, 27}, {2, 4, 3}, "Cyklar och den gröna omställningen"};
    s.sections[21] = {21, 20, "Idéer", 2};
    s.sections[22] = {22, 20, "Hinder", 1};
    s.notes[23] = {23, 20, 21, "Bænke langs kajen 🪑", 2, 1'700'000'030'000, 0};
    s.notes[24] = {24, 20, 0, "Två rader\nhär", 4, 1'700'000'031'000, 1'700'000'032'000};
    s.notes[25] = {25, 20, 22, "Pengar", 1, 1'700'000'033'000, 0};
    s.steps[26] = {26,      20,           "Skriv till kommunen",
                   "Bjørn", "2026-12-01", core::step_status::in_progress, 2};
    s.steps[27] = {27, 20, "Fråga", "", "", core::step_status::done, 4};
    return s;
}

}  // namespace

TEST_CASE("a hand-built rich state round-trips exactly", "[protocol][state]") {
    const auto s = rich_state();
    const std::string text = protocol::encode_state(s, protocol::audience::full);
    auto decoded = protocol::decode_state(text);
    REQUIRE(decoded);
    CHECK(*decoded == s);
    CHECK(protocol::encode_state(*decoded, protocol::audience::full) == text);
    CHECK(protocol::decode_state(protocol::encode_state(
              core::workshop_state{}, protocol::audience::full)) == core::workshop_state{});
}

TEST_CASE("the state object has the documented shape", "[protocol][state]") {
    auto j = json::parse(protocol::encode_state(rich_state(), protocol::audience::full));
    CHECK(j["phase"] == "convergence");
    CHECK(j["options"] == json{{"dots_per_participant", 7},
                               {"participants_may_open_groups", true},
                               {"anonymous_proposals", true},
                               {"votes_hidden", true},
                               {"timer_sound", false}});
    CHECK(j["timer"]["paused"] == true);
    CHECK(j["timer"]["remaining_ms"] == 420'000);
    CHECK(j["short_code"] == "482913");
    CHECK(j["presented_group"] == 20);
    CHECK(j["votes_revealed"] == true);
    CHECK(j["message"] == json{{"text", "Kaffe i foyeren"}, {"posted_at", 1'700'000'200'000}});
    CHECK(j["timer"]["label"] == "Runde två");
    CHECK(j["participants"].size() == 4);
    CHECK(j["participants"][2]["role"] == "observer");
    CHECK(j["themes"][0]["votes"] == 4);
    CHECK(j["themes"][0]["dots"] ==
          json::array({{{"participant", 2}, {"count", 3}}, {{"participant", 4}, {"count", 1}}}));
    CHECK(j["themes"][1]["status"] == "merged");
    CHECK(j["groups"][0]["notes"] == json{24, 23, 25});
    CHECK(j["groups"][0]["title"] == "Cyklar och den gröna omställningen");
    CHECK(j["rooms"][0]["id"] == 14);
    CHECK(j["rooms"][1]["id"] == 13);
    CHECK(j["day"] == "2026-11-21");
    CHECK(j["place"] == "Havnehuset, Aarhus");
    CHECK(j["steps"][0]["status"] == "in_progress");
    CHECK(j["notes"][0]["text"] == "Bænke langs kajen 🪑");
    // Votes are derived: a wrong stored total is ignored.
    j["themes"][0]["votes"] = 99;
    CHECK(protocol::decode_state(j.dump()) == rich_state());
}

TEST_CASE("a snapshot stored before the wall's members reads back with their defaults", "[protocol][state]") {
    auto j = json::parse(protocol::encode_state(rich_state(), protocol::audience::full));
    for (const char* key : {"short_code", "presented_group", "votes_revealed", "message"}) j.erase(key);
    j["options"].erase("votes_hidden");
    j["options"].erase("timer_sound");
    j["timer"].erase("paused");
    j["timer"].erase("remaining_ms");
    const auto decoded = protocol::decode_state(j.dump());
    REQUIRE(decoded);
    CHECK(decoded->short_code.empty());
    CHECK(decoded->presented_group == 0);
    CHECK(decoded->message == core::room_message{});
    CHECK(decoded->options.votes_hidden);
    CHECK_FALSE(decoded->options.timer_sound);
    CHECK_FALSE(decoded->timer.paused);
    CHECK(decoded->title == rich_state().title);
}

TEST_CASE("an anonymous theme hides its proposer and revisers from the public", "[protocol][state]") {
    auto s = rich_state();
    auto wire = json::parse(protocol::encode_state(s, protocol::audience::public_));
    CHECK(wire["themes"][0]["anonymous"] == true);
    CHECK(wire["themes"][0]["proposer"] == 0);
    for (const auto& r : wire["themes"][0]["history"]) CHECK(r["by"] == 0);
    // Proposed while the option was off: named, whatever the option says now.
    CHECK(wire["themes"][1]["anonymous"] == false);
    CHECK(wire["themes"][1]["proposer"] == 4);
    CHECK(wire["themes"][0]["history"].size() == 2);
    CHECK(wire["themes"][0]["dots"].size() == 2);
    auto full = json::parse(protocol::encode_state(s, protocol::audience::full));
    CHECK(full["themes"][0]["proposer"] == 2);
    CHECK(full["themes"][0]["history"][1]["by"] == 1);
    s.options.anonymous_proposals = false;
    auto open = json::parse(protocol::encode_state(s, protocol::audience::public_));
    CHECK(open["themes"][0]["proposer"] == 0);
    CHECK(open["themes"][2]["proposer"] == 2);
    auto snapshot = json::parse(protocol::encode_snapshot(rich_state(), "w", {}));
    CHECK(snapshot["workshop"]["themes"][0]["proposer"] == 0);
}

TEST_CASE("a state built by the rules round-trips", "[protocol][state]") {
    core::workshop_state s;
    auto run = [&](core::entity_id actor, core::command c) {
        auto d = core::decide(s, actor, c, 1'000 + static_cast<core::time_ms>(s.seq));
        if (auto* refused = std::get_if<core::rejection>(&d)) FAIL(refused->message);
        core::apply(s, std::get<core::event>(d));
        return std::get<core::event>(d).created;
    };
    run(0, core::workshop_create{"Møde 😀", "Formål\nlinje 2", "sv", "Åsa"});
    auto ada = run(0, core::participant_join{"Ada", core::role::participant});
    run(1, core::workshop_set_options{3, true, true});
    run(1, core::workshop_set_phase{core::phase::marketplace});
    auto theme = run(ada, core::theme_propose{"Cykel", "detaljer"});
    run(ada, core::theme_edit{theme, "Cyklar", std::nullopt});
    run(1, core::workshop_set_phase{core::phase::voting});
    run(ada, core::vote_add{theme});
    run(1, core::workshop_set_phase{core::phase::breakouts});
    auto room = run(1, core::room_add{"Sal", 20});
    auto slot = run(1, core::slot_add{"Förmiddag", "10:00", "11:00"});
    auto group = run(1, core::group_open{theme, ada});
    run(1, core::group_place{group, room, slot});
    auto hall = run(1, core::room_add{"Hall", 0});
    run(1, core::room_move{hall, 0});
    run(1, core::workshop_set_day{"2026-11-21", "Rådhuset"});
    run(ada, core::group_join{group});
    run(ada, core::group_rename{group, "Cyklar i staden"});
    auto section = run(ada, core::section_add{group, "Idéer"});
    run(ada, core::note_add{group, section, "En anteckning"});
    run(ada, core::next_step_add{group, "Skriv", "Ada", "2026-12-01", core::step_status::open});
    run(1, core::timer_start{600, "Runda"});
    auto decoded = protocol::decode_state(protocol::encode_state(s, protocol::audience::full));
    REQUIRE(decoded);
    CHECK(*decoded == s);
    CHECK(decoded->room_order == std::vector<core::entity_id>{hall, room});
}

TEST_CASE("a stored state from before the day, room order and group titles decodes", "[protocol][state]") {
    auto j = json::parse(protocol::encode_state(rich_state(), protocol::audience::full));
    for (const char* key : {"day", "place"}) j.erase(key);
    j["groups"][0].erase("title");
    j["themes"][0].erase("anonymous");
    auto decoded = protocol::decode_state(j.dump());
    REQUIRE(decoded);
    CHECK(decoded->day.empty());
    CHECK(decoded->groups.at(20).title.empty());
    CHECK_FALSE(decoded->themes.at(10).anonymous);
}

TEST_CASE("broken state text decodes as nothing", "[protocol][state]") {
    const auto good = json::parse(protocol::encode_state(rich_state(), protocol::audience::full));
    auto changed = [&](auto change) {
        json j = good;
        change(j);
        return protocol::decode_state(j.dump());
    };
    CHECK_FALSE(protocol::decode_state(""));
    CHECK_FALSE(protocol::decode_state("{}"));
    CHECK_FALSE(protocol::decode_state("not json"));
    CHECK_FALSE(protocol::decode_state("[]"));
    CHECK_FALSE(changed([](json& j) { j.erase("participants"); }));
    CHECK_FALSE(changed([](json& j) { j["phase"] = "lunch"; }));
    CHECK_FALSE(changed([](json& j) { j["seq"] = -1; }));
    CHECK_FALSE(changed([](json& j) { j["seq"] = 1.5; }));
    CHECK_FALSE(changed([](json& j) { j["locked"] = 1; }));
    CHECK_FALSE(changed([](json& j) { j["title"] = 5; }));
    CHECK_FALSE(changed([](json& j) { j["notes"][0]["author"] = true; }));
    CHECK_FALSE(changed([](json& j) { j["notes"] = json::object(); }));
    CHECK_FALSE(changed([](json& j) { j["groups"][0]["notes"] = json{1, -2}; }));
    CHECK_FALSE(changed([](json& j) { j["themes"][0]["history"] = 3; }));
    CHECK_FALSE(changed([](json& j) {
        j["themes"][0]["dots"].push_back({{"participant", 2}, {"count", 1}});
    }));
    CHECK_FALSE(changed([](json& j) { j["rooms"].push_back(j["rooms"][0]); }));
    CHECK_FALSE(changed([](json& j) { j["steps"][0]["status"] = "later"; }));
    CHECK(changed([](json& j) { j["extra"] = 1; }));
    CHECK_FALSE(changed([](json& j) { j["steps"][0]["created_by"] = "Åse"; }));
}

TEST_CASE("a state stored before next steps had authors reads them as the facilitators'", "[protocol][state]") {
    json j = json::parse(protocol::encode_state(rich_state(), protocol::audience::full));
    CHECK(j["steps"][0]["created_by"] == 2);
    for (auto& step : j["steps"]) step.erase("created_by");
    const auto old = protocol::decode_state(j.dump());
    REQUIRE(old);
    CHECK(old->steps.at(26).created_by == 0);
    CHECK(old->steps.at(27).created_by == 0);
    CHECK(old->steps.at(26).text == "Skriv till kommunen");
}
