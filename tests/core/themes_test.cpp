#include "tests/core/fixture.hpp"

using namespace samling::test;

namespace {
struct marketplace : workshop_fixture {
    marketplace() { phase(samling::core::phase::marketplace); }
    entity_id propose(entity_id who, std::string title) { return must(who, theme_propose{std::move(title), ""}); }
};
}  // namespace

TEST_CASE("participants propose themes on the marketplace", "[core][themes]") {
    marketplace w;
    const auto id = w.must(w.ada, theme_propose{"Færgeleje 🚢", "Også om vinteren"});
    const auto& t = w.state.themes.at(id);
    CHECK(t.title == "Færgeleje 🚢");
    CHECK(t.details == "Også om vinteren");
    CHECK(t.proposer == w.ada);
    CHECK(t.status == theme_status::open);
    w.refused(w.watcher, theme_propose{"Observer idea", ""}, errc::forbidden);
    w.phase(phase::breakouts);
    w.refused(w.ada, theme_propose{"Too late", ""}, errc::wrong_phase);
}

TEST_CASE("the theme limit is enforced", "[core][themes]") {
    marketplace w;
    for (std::size_t i = 0; i < limits::themes; ++i) w.propose(w.ada, "T" + std::to_string(i));
    w.refused(w.ada, theme_propose{"One more", ""}, errc::limit_reached);
}

TEST_CASE("proposers edit and withdraw their own themes", "[core][themes]") {
    marketplace w;
    const auto id = w.propose(w.ada, "Skole");
    w.must(w.ada, theme_edit{id, "Skolegården", std::nullopt});
    CHECK(w.state.themes.at(id).title == "Skolegården");
    REQUIRE(w.state.themes.at(id).history.size() == 1);
    CHECK(w.state.themes.at(id).history[0].title == "Skole");
    w.refused(w.bo, theme_edit{id, "Hijack", std::nullopt}, errc::not_owner);
    w.refused(w.ada, theme_edit{id, std::nullopt, std::nullopt}, errc::invalid_value);
    w.refused(w.ada, theme_edit{777, "X", std::nullopt}, errc::not_found);
    w.must(w.host, theme_edit{id, std::nullopt, "Facilitators may edit any theme"});
    w.refused(w.bo, theme_withdraw{id}, errc::not_owner);
    w.must(w.ada, theme_withdraw{id});
    CHECK(w.state.themes.at(id).status == theme_status::withdrawn);
    w.refused(w.ada, theme_withdraw{id}, errc::conflict);
}

TEST_CASE("merging carries votes and history into the target", "[core][themes]") {
    marketplace w;
    const auto a = w.propose(w.ada, "Bus");
    const auto b = w.propose(w.bo, "Tog");
    w.phase(phase::voting);
    w.must(w.ada, vote_add{a});
    w.must(w.bo, vote_add{a});
    w.must(w.bo, vote_add{b});
    w.refused(w.ada, theme_merge{a, b}, errc::forbidden);
    w.refused(w.host, theme_merge{a, a}, errc::invalid_value);
    w.refused(w.host, theme_merge{a, 999}, errc::not_found);
    w.must(w.host, theme_merge{a, b});
    const auto& source = w.state.themes.at(a);
    const auto& target = w.state.themes.at(b);
    CHECK(source.status == theme_status::merged);
    CHECK(source.merged_into == b);
    CHECK(source.votes() == 0);
    CHECK(target.votes() == 3);
    CHECK(target.dots.at(w.bo) == 2);
    CHECK(target.merged_from == std::vector<entity_id>{a});
    REQUIRE_FALSE(target.history.empty());
    CHECK(target.history.back().title == "Bus");
    CHECK(w.state.dots_used(w.bo) == 2);  // budgets are unchanged by a merge
    w.refused(w.host, theme_merge{a, b}, errc::conflict);
    w.refused(w.ada, vote_add{a}, errc::conflict);
}

TEST_CASE("facilitators delete themes that have no group", "[core][themes]") {
    marketplace w;
    const auto a = w.propose(w.ada, "Spam");
    const auto b = w.propose(w.ada, "Real");
    w.refused(w.ada, theme_delete{a}, errc::forbidden);
    w.must(w.host, theme_delete{a});
    CHECK_FALSE(w.state.themes.contains(a));
    w.refused(w.host, theme_delete{a}, errc::not_found);
    w.must(w.host, group_open{b, 0});
    w.refused(w.host, theme_delete{b}, errc::conflict);
    w.refused(w.host, theme_withdraw{b}, errc::conflict);
}

TEST_CASE("dot voting respects each participant's budget", "[core][votes]") {
    marketplace w;
    const auto a = w.propose(w.ada, "A");
    const auto b = w.propose(w.ada, "B");
    w.refused(w.ada, vote_add{a}, errc::wrong_phase);
    w.must(w.host, workshop_set_options{2, std::nullopt, std::nullopt});
    w.phase(phase::voting);
    w.must(w.ada, vote_add{a});
    w.must(w.ada, vote_add{a});  // several dots on one theme are allowed
    w.refused(w.ada, vote_add{b}, errc::over_budget);
    w.must(w.ada, vote_remove{a});
    w.must(w.ada, vote_add{b});
    CHECK(w.state.themes.at(a).votes() == 1);
    CHECK(w.state.themes.at(b).votes() == 1);
    w.refused(w.bo, vote_remove{a}, errc::conflict);
    w.refused(w.watcher, vote_add{a}, errc::forbidden);
    w.refused(w.ada, vote_add{4242}, errc::not_found);
    w.phase(phase::breakouts);
    w.refused(w.host, vote_add{a}, errc::wrong_phase);  // binds facilitators too
}

TEST_CASE("withdrawing a theme returns its dots", "[core][votes]") {
    marketplace w;
    const auto a = w.propose(w.ada, "A");
    w.phase(phase::voting);
    w.must(w.bo, vote_add{a});
    CHECK(w.state.dots_used(w.bo) == 1);
    w.must(w.ada, theme_withdraw{a});
    CHECK(w.state.dots_used(w.bo) == 0);
}

TEST_CASE("a withdrawn or merged theme is restored to open", "[core][themes]") {
    marketplace w;
    const auto ferry = w.propose(w.ada, "Færge");
    const auto bridge = w.propose(w.bo, "Bro");
    w.refused(w.ada, theme_restore{ferry}, errc::conflict);
    w.must(w.ada, theme_withdraw{ferry});
    w.refused(w.bo, theme_restore{ferry}, errc::not_owner);
    w.refused(w.watcher, theme_restore{ferry}, errc::forbidden);
    w.must(w.ada, theme_restore{ferry});
    CHECK(w.state.themes.at(ferry).status == theme_status::open);

    w.must(w.host, theme_merge{ferry, bridge});
    REQUIRE(w.state.themes.at(bridge).merged_from == std::vector<entity_id>{ferry});
    w.must(w.host, theme_restore{ferry});
    CHECK(w.state.themes.at(ferry).status == theme_status::open);
    CHECK(w.state.themes.at(ferry).merged_into == 0);
    CHECK(w.state.themes.at(bridge).merged_from.empty());
    // Restored, it can be merged again, and it is refused where withdrawing is.
    w.must(w.host, theme_merge{ferry, bridge});
    w.phase(phase::breakouts);
    w.refused(w.ada, theme_restore{ferry}, errc::wrong_phase);
    w.refused(w.host, theme_restore{999}, errc::not_found);
}
