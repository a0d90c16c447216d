#include "tests/core/fixture.hpp"

using namespace samling::test;

TEST_CASE("replaying the log rebuilds exactly the same state", "[core][replay]") {
    workshop_fixture w;
    w.phase(phase::marketplace);
    const auto t1 = w.must(w.ada, theme_propose{"Transport", "Bus og tog"});
    const auto t2 = w.must(w.bo, theme_propose{"Kultur", ""});
    const auto t3 = w.must(w.bo, theme_propose{"Musik om aftenen", ""});
    w.phase(phase::voting);
    w.must(w.ada, vote_add{t1});
    w.must(w.bo, vote_add{t2});
    w.must(w.host, theme_merge{t2, t3});
    w.phase(phase::breakouts);
    const auto room = w.must(w.host, room_add{"Sal", 10});
    const auto slot = w.must(w.host, slot_add{"Eftermiddag", "13:00", "14:00"});
    const auto g = w.must(w.host, group_open{t1, w.ada});
    w.must(w.host, group_place{g, room, slot});
    w.must(w.ada, group_join{g});
    const auto s = w.must(w.ada, section_add{g, "Cykler"});
    const auto n = w.must(w.ada, note_add{g, s, "Bænke langs kajen 🪑"});
    w.must(w.ada, note_move{n, 0, 0});
    w.must(w.bo, next_step_add{g, "Skriv et forslag", "Bo", "", step_status::open});
    w.must(w.host, timer_start{900, "Runde 1"});

    workshop_state rebuilt;
    for (const auto& ev : w.log) apply(rebuilt, ev);
    CHECK(rebuilt == w.state);
    CHECK(rebuilt.seq == w.log.back().seq);
    for (std::size_t i = 0; i < w.log.size(); ++i) CHECK(w.log[i].seq == i + 1);
}

TEST_CASE("decide assigns seq, time, actor, op and new ids", "[core][replay]") {
    workshop_fixture w;
    w.phase(phase::marketplace);
    const auto next = w.state.next_id;
    auto d = decide(w.state, w.ada, theme_propose{"X", ""}, 42, "client-op-1");
    REQUIRE(std::holds_alternative<event>(d));
    const auto& ev = std::get<event>(d);
    CHECK(ev.seq == w.state.seq + 1);
    CHECK(ev.at == 42);
    CHECK(ev.actor == w.ada);
    CHECK(ev.op == "client-op-1");
    CHECK(ev.created == next);
    auto plain = decide(w.state, w.ada, participant_rename{"Y"}, 43);
    CHECK(std::get<event>(plain).created == 0);
}
