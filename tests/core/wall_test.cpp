// The wall's state: the presented group, the vote reveal, the message, a pausable timer, the
// short code, and what a phase change clears.
#include "tests/core/fixture.hpp"

using namespace samling::test;

TEST_CASE("a facilitator presents a group, steps on, and a deleted group leaves the wall", "[core][wall]") {
    workshop_fixture w;
    w.phase(phase::marketplace);
    const auto a = w.must(w.host, theme_propose{"Bænke", ""});
    const auto b = w.must(w.host, theme_propose{"Lys", ""});
    w.phase(phase::breakouts);
    const auto ga = w.must(w.host, group_open{a, 0});
    const auto gb = w.must(w.host, group_open{b, 0});
    w.phase(phase::convergence);
    w.refused(w.ada, wall_present{ga}, errc::forbidden);
    w.refused(w.host, wall_present{999}, errc::not_found);
    w.must(w.host, wall_present{ga});
    CHECK(w.state.presented_group == ga);
    w.must(w.host, wall_present{gb});
    CHECK(w.state.presented_group == gb);
    w.must(w.host, group_delete{gb});
    CHECK(w.state.presented_group == 0);
    w.must(w.host, wall_present{ga});
    w.phase(phase::closed);
    CHECK(w.state.presented_group == 0);
}

TEST_CASE("votes are hidden by default until revealed, once", "[core][wall]") {
    workshop_fixture w;
    CHECK(w.state.options.votes_hidden);
    CHECK_FALSE(w.state.votes_revealed);
    w.refused(w.ada, votes_reveal{}, errc::forbidden);
    w.must(w.host, votes_reveal{});
    CHECK(w.state.votes_revealed);
    w.refused(w.host, votes_reveal{}, errc::conflict);
    workshop_set_options live;
    live.votes_hidden = false;
    live.timer_sound = true;
    w.must(w.host, live);
    CHECK_FALSE(w.state.options.votes_hidden);
    CHECK(w.state.options.timer_sound);
}

TEST_CASE("the facilitator's message is set, replaced and cleared", "[core][wall]") {
    workshop_fixture w;
    w.refused(w.host, message_clear{}, errc::conflict);
    w.refused(w.bo, message_post{"Hej"}, errc::forbidden);
    w.must(w.host, message_post{"Runde 2 starter nu i salen"});
    CHECK(w.state.message.text == "Runde 2 starter nu i salen");
    const auto first = w.state.message.posted_at;
    w.must(w.host, message_post{"Frokost"});
    CHECK(w.state.message.posted_at > first);
    w.must(w.host, message_clear{});
    CHECK(w.state.message == room_message{});
}

TEST_CASE("the timer pauses, resumes with what was left, and takes extra minutes", "[core][timer]") {
    workshop_fixture w;
    w.refused(w.host, timer_pause{}, errc::conflict);
    w.refused(w.host, timer_extend{60}, errc::conflict);
    w.must(w.host, timer_start{600, "Runde 1"});
    const auto ends = w.state.timer.ends_at;
    w.must(w.host, timer_pause{});  // the fixture's clock moves 1 s per command
    CHECK(w.state.timer.paused);
    CHECK(w.state.timer.remaining_ms == 599'000);
    w.refused(w.host, timer_pause{}, errc::conflict);
    w.must(w.host, timer_extend{60});
    CHECK(w.state.timer.remaining_ms == 659'000);
    w.must(w.host, timer_resume{});
    CHECK_FALSE(w.state.timer.paused);
    CHECK(w.state.timer.ends_at == w.clock + 659'000);
    CHECK(w.state.timer.ends_at > ends);
    w.refused(w.host, timer_resume{}, errc::conflict);
}

TEST_CASE("extra minutes after the end count from now, and a phase change clears time is up", "[core][timer]") {
    workshop_fixture w;
    w.must(w.host, timer_start{1, "Kort"});
    w.clock += 60'000;  // long past its end: "time is up" on every screen
    w.must(w.host, timer_extend{120});
    CHECK(w.state.timer.ends_at == w.clock + 120'000);
    w.phase(phase::marketplace);
    CHECK(w.state.timer == timer_state{});
}

TEST_CASE("the short code comes from outside core and rotates to a new one", "[core][wall]") {
    workshop_state s;
    auto created = decide(s, 0, workshop_create{"T", "", "en", "X", "482913"}, 1);
    REQUIRE(std::holds_alternative<event>(created));
    apply(s, std::get<event>(created));
    CHECK(s.short_code == "482913");
    auto bad = decide(workshop_state{}, 0, workshop_create{"T", "", "en", "X", "48291"}, 1);
    CHECK(std::get<rejection>(bad).code == errc::invalid_value);

    workshop_fixture w;
    w.refused(w.host, short_code_rotate{"12a456"}, errc::invalid_value);
    w.refused(w.host, short_code_rotate{""}, errc::invalid_value);
    w.refused(w.ada, short_code_rotate{"123456"}, errc::forbidden);
    w.must(w.host, short_code_rotate{"123456"});
    CHECK(w.state.short_code == "123456");
    w.refused(w.host, short_code_rotate{"123456"}, errc::conflict);
}
