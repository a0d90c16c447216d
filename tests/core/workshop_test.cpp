#include "tests/core/fixture.hpp"

using namespace samling::test;

TEST_CASE("workshop.create sets up the workshop with its host", "[core][workshop]") {
    workshop_fixture w;
    CHECK(w.host == host_id);
    CHECK(w.state.title == "Havnens fremtid");
    CHECK(w.state.language == "da");
    CHECK(w.state.participants.at(w.host).role == role::facilitator);
    CHECK(w.state.seq == 4);
    w.refused(0, workshop_create{"Again", "", "en", "X"}, errc::conflict);
}

TEST_CASE("workshop.create refuses an unknown language", "[core][workshop]") {
    workshop_state empty;
    auto d = decide(empty, 0, workshop_create{"T", "", "fr", "X"}, 1);
    REQUIRE(std::holds_alternative<rejection>(d));
    CHECK(std::get<rejection>(d).code == errc::invalid_value);
}

TEST_CASE("clients cannot send server-made commands", "[core][workshop]") {
    workshop_fixture w;
    w.refused(w.host, participant_join{"Sneaky", role::participant}, errc::forbidden);
    w.refused(w.ada, workshop_create{"T", "", "en", "X"}, errc::forbidden);
}

TEST_CASE("facilitators change title, purpose, language, phase and options", "[core][workshop]") {
    workshop_fixture w;
    w.must(w.host, workshop_rename{"Ny titel"});
    w.must(w.host, workshop_set_purpose{"Første afsnit.\n\nAndet afsnit."});
    w.must(w.host, workshop_set_language{"sv"});
    w.must(w.host, workshop_set_phase{phase::voting});
    w.must(w.host, workshop_set_phase{phase::marketplace});  // back again when needed
    w.must(w.host, workshop_set_options{3, true, std::nullopt});
    CHECK(w.state.title == "Ny titel");
    CHECK(w.state.purpose == "Første afsnit.\n\nAndet afsnit.");
    CHECK(w.state.language == "sv");
    CHECK(w.state.phase == phase::marketplace);
    CHECK(w.state.options.dots_per_participant == 3);
    CHECK(w.state.options.participants_may_open_groups);
    CHECK_FALSE(w.state.options.anonymous_proposals);
}

TEST_CASE("workshop settings refuse participants and bad values", "[core][workshop]") {
    workshop_fixture w;
    w.refused(w.ada, workshop_rename{"Mine"}, errc::forbidden);
    w.refused(w.watcher, workshop_set_phase{phase::voting}, errc::forbidden);
    w.refused(w.host, workshop_set_language{"de"}, errc::invalid_value);
    w.refused(w.host, workshop_set_phase{phase::welcome}, errc::conflict);
    w.refused(w.host, workshop_set_options{}, errc::invalid_value);
    w.refused(999, workshop_rename{"Ghost"}, errc::not_joined);
}

TEST_CASE("lock keeps new participants out until unlocked", "[core][workshop]") {
    workshop_fixture w;
    w.refused(w.host, workshop_unlock{}, errc::conflict);
    w.must(w.host, workshop_lock{});
    w.refused(w.host, workshop_lock{}, errc::conflict);
    w.refused(0, participant_join{"Late", role::participant}, errc::locked);
    w.must(w.host, workshop_unlock{});
    CHECK(w.must(0, participant_join{"Late", role::participant}) != 0);
}

TEST_CASE("participants rename themselves and leave", "[core][people]") {
    workshop_fixture w;
    w.must(w.ada, participant_rename{"Åse Ødegård"});
    CHECK(w.state.participants.at(w.ada).name == "Åse Ødegård");
    w.must(w.bo, participant_leave{});
    CHECK(w.state.participants.at(w.bo).left);
    w.refused(w.bo, participant_rename{"Back"}, errc::participant_removed);
    w.refused(w.host, participant_leave{}, errc::forbidden);
}

TEST_CASE("join refuses a facilitator role and a full workshop", "[core][people]") {
    workshop_fixture w;
    w.refused(0, participant_join{"Boss", role::facilitator}, errc::invalid_value);
    while (w.state.participants.size() < limits::participants) {
        w.must(0, participant_join{"P", role::participant});
    }
    w.refused(0, participant_join{"One too many", role::participant}, errc::limit_reached);
}

TEST_CASE("facilitators promote co-facilitators", "[core][people]") {
    workshop_fixture w;
    w.refused(w.ada, participant_promote{w.bo}, errc::forbidden);
    w.must(w.host, participant_promote{w.ada});
    CHECK(w.state.participants.at(w.ada).role == role::facilitator);
    w.refused(w.host, participant_promote{w.ada}, errc::conflict);
    w.refused(w.host, participant_promote{4242}, errc::not_found);
    w.must(w.ada, workshop_rename{"Co-facilitated"});  // the new role takes effect at once
}

TEST_CASE("facilitators remove participants, whose dots stop counting", "[core][people]") {
    workshop_fixture w;
    w.must(w.host, theme_propose{"Trafik", ""});
    const entity_id theme = w.state.themes.begin()->first;
    w.phase(phase::voting);
    w.must(w.bo, vote_add{theme});
    w.refused(w.ada, participant_remove{w.bo}, errc::forbidden);
    w.refused(w.host, participant_remove{w.host}, errc::forbidden);
    w.must(w.host, participant_remove{w.bo});
    CHECK(w.state.participants.at(w.bo).removed);
    CHECK(w.state.themes.at(theme).votes() == 0);
    w.refused(w.bo, vote_add{theme}, errc::participant_removed);
    w.refused(w.host, participant_remove{w.bo}, errc::not_found);
}

TEST_CASE("the timer starts, restarts and stops", "[core][timer]") {
    workshop_fixture w;
    w.refused(w.host, timer_stop{}, errc::conflict);
    w.refused(w.ada, timer_start{60, "Pause"}, errc::forbidden);
    w.must(w.host, timer_start{300, "Kaffe ☕"});
    CHECK(w.state.timer.running);
    CHECK(w.state.timer.ends_at - w.state.timer.started_at == 300'000);
    CHECK(w.state.timer.label == "Kaffe ☕");
    w.must(w.host, timer_start{60, ""});
    CHECK(w.state.timer.ends_at - w.state.timer.started_at == 60'000);
    w.must(w.host, timer_stop{});
    CHECK_FALSE(w.state.timer.running);
}

TEST_CASE("the closed phase leaves participants only rename and leave", "[core][phase]") {
    workshop_fixture w;
    w.phase(phase::closed);
    w.refused(w.ada, theme_propose{"Late idea", ""}, errc::wrong_phase);
    w.must(w.ada, participant_rename{"Åse"});
    w.must(w.host, theme_propose{"Facilitators may still tidy up", ""});
}

TEST_CASE("clock times and calendar dates are validated", "[core]") {
    CHECK(is_clock_time("09:30"));
    CHECK(is_clock_time("23:59"));
    CHECK_FALSE(is_clock_time("24:00"));
    CHECK_FALSE(is_clock_time("9:30"));
    CHECK_FALSE(is_clock_time("09:60"));
    CHECK(is_calendar_date("2024-02-29"));
    CHECK_FALSE(is_calendar_date("2023-02-29"));
    CHECK_FALSE(is_calendar_date("2024-13-01"));
    CHECK_FALSE(is_calendar_date("2024-1-01"));
}

TEST_CASE("refusals carry the parameters a client translates them with", "[core][workshop]") {
    workshop_fixture w;
    const auto params_of = [&](entity_id actor, command cmd) {
        auto d = w.run(actor, std::move(cmd));
        REQUIRE(std::holds_alternative<rejection>(d));
        return std::get<rejection>(d).params;
    };
    using P = error_params;
    CHECK(params_of(w.ada, workshop_rename{"x"}) == P{{"reason", std::string("facilitators_only")}});
    CHECK(params_of(w.watcher, theme_propose{"x", ""}) == P{{"reason", std::string("observer")}});
    CHECK(params_of(w.ada, theme_propose{"T", ""}) == P{{"phase", std::string("welcome")}});
    // Facilitators pass the phase check of their role, but votes bind them to the Voting phase.
    CHECK(params_of(w.host, vote_add{1}) ==
          P{{"phase", std::string("welcome")}, {"needs", std::string("voting")}});
    CHECK(params_of(w.host, room_edit{999, std::string("R"), std::nullopt}) == P{{"reason", std::string("room")}});
    CHECK(params_of(w.host, timer_stop{}) == P{{"reason", std::string("no_timer")}});
    w.phase(phase::marketplace);
    const entity_id first = w.must(w.ada, theme_propose{"A", ""});
    const entity_id second = w.must(w.ada, theme_propose{"B", ""});
    w.must(w.host, workshop_set_options{1, std::nullopt, std::nullopt});
    w.phase(phase::voting);
    w.must(w.ada, vote_add{first});
    CHECK(params_of(w.ada, vote_add{second}) == P{{"limit", std::int64_t{1}}});
}
