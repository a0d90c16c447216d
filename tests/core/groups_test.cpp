#include "tests/core/fixture.hpp"

using namespace samling::test;

namespace {
struct breakouts : workshop_fixture {
    entity_id transport = 0, schools = 0, room_a = 0, room_b = 0, morning = 0;
    breakouts() {
        phase(samling::core::phase::marketplace);
        transport = must(ada, theme_propose{"Transport", ""});
        schools = must(bo, theme_propose{"Legepladser", ""});
        room_a = must(host, room_add{"Sal A", 30});
        room_b = must(host, room_add{"Lokale 2", 0});
        morning = must(host, slot_add{"Formiddag", "10:00", "11:30"});
        phase(samling::core::phase::breakouts);
    }
};
}  // namespace

TEST_CASE("rooms are added, edited and deleted", "[core][schedule]") {
    breakouts w;
    CHECK(w.state.rooms.at(w.room_a).capacity == 30);
    w.must(w.host, room_edit{w.room_a, "Sal Å", std::nullopt});
    CHECK(w.state.rooms.at(w.room_a).name == "Sal Å");
    w.refused(w.host, room_edit{w.room_a, std::nullopt, std::nullopt}, errc::invalid_value);
    w.refused(w.ada, room_add{"Mine", 1}, errc::forbidden);
    w.refused(w.host, room_delete{999}, errc::not_found);
    const auto g = w.must(w.host, group_open{w.transport, 0});
    w.must(w.host, group_place{g, w.room_a, w.morning});
    w.must(w.host, room_delete{w.room_a});
    CHECK(w.state.groups.at(g).room == 0);
    CHECK(w.state.groups.at(g).slot == w.morning);
}

TEST_CASE("slots need valid, ordered times", "[core][schedule]") {
    breakouts w;
    w.refused(w.host, slot_add{"Bad", "9:00", "10:00"}, errc::invalid_value);
    w.refused(w.host, slot_add{"Backwards", "11:00", "10:00"}, errc::invalid_value);
    w.refused(w.host, slot_edit{w.morning, std::nullopt, "12:00", std::nullopt}, errc::invalid_value);
    w.must(w.host, slot_edit{w.morning, "Morgen", "09:00", std::nullopt});
    CHECK(w.state.slots.at(w.morning).start == "09:00");
    CHECK(w.state.slots.at(w.morning).label == "Morgen");
    w.must(w.host, slot_delete{w.morning});
    w.refused(w.host, slot_delete{w.morning}, errc::not_found);
}

TEST_CASE("groups open from themes, one per theme", "[core][groups]") {
    breakouts w;
    w.refused(w.ada, group_open{w.transport, 0}, errc::forbidden);
    const auto g = w.must(w.host, group_open{w.transport, w.ada});
    CHECK(w.state.groups.at(g).convener == w.ada);
    w.refused(w.host, group_open{w.transport, 0}, errc::conflict);
    w.refused(w.host, group_open{999, 0}, errc::not_found);
    w.refused(w.host, group_open{w.schools, 999}, errc::not_found);
    w.must(w.host, workshop_set_options{std::nullopt, true, std::nullopt});
    CHECK(w.must(w.bo, group_open{w.schools, w.bo}) != 0);
}

TEST_CASE("two groups cannot share a room in one slot", "[core][groups]") {
    breakouts w;
    const auto g1 = w.must(w.host, group_open{w.transport, 0});
    const auto g2 = w.must(w.host, group_open{w.schools, 0});
    w.must(w.host, group_place{g1, w.room_a, w.morning});
    w.refused(w.host, group_place{g2, w.room_a, w.morning}, errc::conflict);
    w.must(w.host, group_place{g2, w.room_b, w.morning});
    w.must(w.host, group_place{g1, w.room_a, w.morning});  // placing again where it is is fine
    w.refused(w.host, group_place{g1, 999, w.morning}, errc::not_found);
    w.refused(w.ada, group_place{g1, 0, 0}, errc::forbidden);
    w.must(w.host, group_set_convener{g1, w.bo});
    CHECK(w.state.groups.at(g1).convener == w.bo);
}

TEST_CASE("a participant is in one group at a time and visitors are kept", "[core][groups]") {
    breakouts w;
    const auto g1 = w.must(w.host, group_open{w.transport, 0});
    const auto g2 = w.must(w.host, group_open{w.schools, 0});
    w.must(w.ada, group_join{g1});
    w.refused(w.ada, group_join{g1}, errc::conflict);
    w.must(w.ada, group_join{g2});  // the law of two feet: one command moves
    w.must(w.watcher, group_join{g2});
    CHECK(w.state.participants.at(w.ada).group == g2);
    CHECK(w.state.members(g1).empty());
    CHECK(w.state.members(g2) == std::vector<entity_id>{w.ada, w.watcher});
    CHECK(w.state.groups.at(g1).visitors == std::vector<entity_id>{w.ada});
    w.must(w.ada, group_leave{});
    w.refused(w.ada, group_leave{}, errc::conflict);
    w.refused(w.ada, group_join{999}, errc::not_found);
    w.phase(phase::closed);
    w.refused(w.bo, group_join{g1}, errc::wrong_phase);
}

TEST_CASE("only empty groups are deleted", "[core][groups]") {
    breakouts w;
    const auto g = w.must(w.host, group_open{w.transport, 0});
    w.must(w.ada, group_join{g});
    const auto n = w.must(w.ada, note_add{g, 0, "A thought"});
    w.refused(w.host, group_delete{g}, errc::conflict);
    w.must(w.ada, note_delete{n});
    w.must(w.host, section_add{g, "Empty section"});
    w.must(w.host, group_delete{g});
    CHECK(w.state.groups.empty());
    CHECK(w.state.sections.empty());
    CHECK(w.state.participants.at(w.ada).group == 0);
}
