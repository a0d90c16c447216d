#pragma once
/** A workshop in memory with a host, two participants and an observer, for rule tests. */
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/decide.hpp"

namespace samling::test {

using namespace samling::core;

struct workshop_fixture {
    workshop_state state;
    std::vector<event> log;
    time_ms clock = 1'700'000'000'000;
    entity_id host = 0, ada = 0, bo = 0, watcher = 0;

    workshop_fixture() {
        host = must(0, workshop_create{"Havnens fremtid", "Why we are here.\nSecond line.", "da", "Liv"});
        ada = must(0, participant_join{"Åse 😀", role::participant});
        bo = must(0, participant_join{"Bo", role::participant});
        watcher = must(0, participant_join{"Press", role::observer});
    }

    /** Runs a command; returns the decision after applying an accepted event. */
    decision run(entity_id actor, command cmd) {
        clock += 1000;
        decision d = decide(state, actor, cmd, clock, "op-" + std::to_string(clock));
        if (auto* ev = std::get_if<event>(&d)) {
            apply(state, *ev);
            log.push_back(*ev);
        }
        return d;
    }

    /** Runs a command that must be accepted; returns the id it created (or its seq). */
    entity_id must(entity_id actor, command cmd) {
        decision d = run(actor, std::move(cmd));
        if (auto* refused = std::get_if<rejection>(&d)) FAIL("refused: " << refused->message);
        const auto& ev = std::get<event>(d);
        return ev.created != 0 ? ev.created : ev.seq;
    }

    /** Runs a command that must be refused with `code`; the state must not change. */
    void refused(entity_id actor, command cmd, errc code) {
        const auto before = state;
        decision d = run(actor, std::move(cmd));
        auto* r = std::get_if<rejection>(&d);
        REQUIRE(r != nullptr);
        CHECK(to_string(r->code) == to_string(code));
        CHECK_FALSE(r->message.empty());
        CHECK(state == before);
    }

    void phase(core::phase p) {
        if (state.phase != p) must(host, workshop_set_phase{p});
    }
};

}  // namespace samling::test
