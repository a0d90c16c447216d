// Every command type, generically: record round-trips, wire frames, and the event envelope.
#include <set>
#include <vector>

#include "core/decide.hpp"
#include "tests/protocol/test_support.hpp"

using namespace protocol_test;

TEST_CASE("every command type round-trips through event records", "[protocol]") {
    for_each_command([]<class T>() {
        INFO(T::info.name);
        const core::event ev{7,      1'700'000'000'123, 3, T::info.creates ? 42u : 0u,
                             "op-é", sample<T>()};
        auto decoded = protocol::decode_event_record(protocol::encode_event_record(ev));
        REQUIRE(decoded);
        CHECK(*decoded == ev);
        // Without an op (server-made events) the record has none and still round-trips.
        core::event server_made = ev;
        server_made.op.clear();
        CHECK(protocol::decode_event_record(protocol::encode_event_record(server_made)) ==
              server_made);
    });
}

TEST_CASE("every client command decodes from the fields its event carries", "[protocol]") {
    for_each_command([]<class T>() {
        INFO(T::info.name);
        if (!protocol::is_client_command(T::info.name)) return;
        const core::event ev{7, 1, 3, T::info.creates ? 42u : 0u, "", sample<T>()};
        auto frame = json::parse(protocol::encode_event_object(ev, protocol::audience::public_));
        frame["type"] = std::string(T::info.name);
        frame["op"] = "c-17";
        auto message = std::get<protocol::command_message>(accepted(frame.dump()));
        CHECK(message.op == "c-17");
        CHECK(message.command == core::command{ev.body});
    });
}

TEST_CASE("server-made commands are unknown to clients but readable in records", "[protocol]") {
    for_each_command([]<class T>() {
        INFO(T::info.name);
        CHECK(protocol::is_client_command(T::info.name) ==
              (T::info.who.roles != core::roles::none));
    });
    CHECK_FALSE(protocol::is_client_command("workshop.create"));
    CHECK_FALSE(protocol::is_client_command("participant.join"));
    CHECK_FALSE(protocol::is_client_command("note.added"));
    CHECK_FALSE(protocol::is_client_command(""));
    CHECK(protocol::is_client_command("note.add"));
    const core::event created{1, 5,  0,
                              1, "", core::workshop_create{"Møde", "Formål\nlinje 2", "da", "Åsa"}};
    CHECK(protocol::decode_event_record(protocol::encode_event_record(created)) == created);
}

TEST_CASE("command_names lists every type once, in declaration order", "[protocol]") {
    const auto names = protocol::command_names();
    REQUIRE(names.size() == std::variant_size_v<core::command>);
    CHECK(names.front() == "workshop.create");
    CHECK(names.back() == "short_code.rotate");
    CHECK(std::set<std::string_view>(names.begin(), names.end()).size() == names.size());
}

TEST_CASE("event objects carry the envelope, and the wire form leaves out op", "[protocol]") {
    const core::event added{5, 1'700'000'000'000, 3, 17, "c-17", core::note_add{12, 3, "Idé"}};
    auto wire = json::parse(protocol::encode_event_object(added, protocol::audience::public_));
    CHECK(wire == json{{"seq", 5},
                       {"type", "note.added"},
                       {"at", 1'700'000'000'000},
                       {"actor", 3},
                       {"id", 17},
                       {"group", 12},
                       {"section", 3},
                       {"text", "Idé"}});
    auto record = json::parse(protocol::encode_event_record(added));
    CHECK(record["op"] == "c-17");
    CHECK(json::parse(protocol::encode_event_object(added, protocol::audience::full))
              .contains("op") == false);

    const core::event edited{6, 2, 3, 0, "c-18", core::theme_edit{4, std::nullopt, "Mer"}};
    auto edit = json::parse(protocol::encode_event_object(edited, protocol::audience::public_));
    CHECK_FALSE(edit.contains("id"));
    CHECK_FALSE(edit.contains("title"));
    CHECK(edit["details"] == "Mer");
    CHECK(edit["type"] == "theme.edited");
}

TEST_CASE("anonymous proposals hide the actor of proposal events on the wire only", "[protocol]") {
    const core::event propose{5, 1, 9, 4, "o", core::theme_propose{"Cykel", ""}};
    const core::event edit{6, 1, 9, 0, "p", core::theme_edit{4, "Cyklar", std::nullopt}};
    const core::event withdraw{7, 1, 9, 0, "q", core::theme_withdraw{4}};
    const core::event vote{8, 1, 9, 0, "r", core::vote_add{4}};
    auto actor = [](const core::event& ev, protocol::audience who, bool anonymous) {
        return json::parse(protocol::encode_event_object(ev, who, anonymous))["actor"]
            .get<core::entity_id>();
    };
    for (const auto* ev : {&propose, &edit, &withdraw}) {
        CHECK(actor(*ev, protocol::audience::public_, true) == 0);
        CHECK(actor(*ev, protocol::audience::public_, false) == 9);
        CHECK(actor(*ev, protocol::audience::full, true) == 9);
        CHECK(json::parse(
                  protocol::encode_event_object(*ev, protocol::audience::public_))["actor"] == 9);
        CHECK(json::parse(protocol::encode_event_record(*ev))["actor"] == 9);
    }
    CHECK(actor(vote, protocol::audience::public_, true) == 9);
}

TEST_CASE("broken event records decode as nothing", "[protocol]") {
    const std::string good = protocol::encode_event_record({3, 10, 2, 0, "o", core::vote_add{4}});
    REQUIRE(protocol::decode_event_record(good));
    auto with = [&](const char* key, const json& value) {
        auto j = json::parse(good);
        j[key] = value;
        return protocol::decode_event_record(j.dump());
    };
    auto without = [&](const char* key) {
        auto j = json::parse(good);
        j.erase(key);
        return protocol::decode_event_record(j.dump());
    };
    CHECK_FALSE(protocol::decode_event_record(""));
    CHECK_FALSE(protocol::decode_event_record("[]"));
    CHECK_FALSE(protocol::decode_event_record(good.substr(0, good.size() - 1)));
    CHECK_FALSE(with("type", "vote.add"));  // a command name, not an event name
    CHECK_FALSE(with("type", "no.such"));
    CHECK_FALSE(with("type", 3));
    CHECK_FALSE(with("seq", -1));
    CHECK_FALSE(with("seq", 1.5));
    CHECK_FALSE(with("seq", "3"));
    CHECK_FALSE(with("actor", true));
    CHECK_FALSE(with("at", 1.5));
    CHECK_FALSE(with("id", -4));
    CHECK_FALSE(with("op", 5));
    CHECK_FALSE(with("theme", 0));
    CHECK_FALSE(without("seq"));
    CHECK_FALSE(without("at"));
    CHECK_FALSE(without("actor"));
    CHECK_FALSE(without("theme"));
    CHECK(without("op"));
    CHECK(with("extra", "ignored"));
}

TEST_CASE("a theme's anonymity outlives the option it was proposed under", "[protocol]") {
    core::workshop_state s;
    std::vector<core::event> log;
    auto run = [&](core::entity_id actor, core::command c) {
        auto d = core::decide(s, actor, c, 1'000 + static_cast<core::time_ms>(s.seq));
        if (auto* refused = std::get_if<core::rejection>(&d)) FAIL(refused->message);
        core::apply(s, std::get<core::event>(d));
        log.push_back(std::get<core::event>(d));
        return log.back();
    };
    run(0, core::workshop_create{"Møde", "", "da", "Liv"});
    const auto ada = run(0, core::participant_join{"Ada", core::role::participant}).created;
    run(1, core::workshop_set_phase{core::phase::marketplace});
    const auto named = run(ada, core::theme_propose{"Navngivet", ""});
    run(1, core::workshop_set_options{std::nullopt, std::nullopt, true});
    const auto hidden = run(ada, core::theme_propose{"Skjult", ""});
    run(1, core::workshop_set_options{std::nullopt, std::nullopt, false});
    const auto edit = run(ada, core::theme_edit{hidden.created, "Skjult stadig", std::nullopt});
    auto wire = [&](const core::event& ev) {
        return json::parse(protocol::encode_event_object(ev, protocol::audience::public_,
                                                         protocol::anonymous_theme_event(s, ev)));
    };
    CHECK(wire(named)["actor"] == ada);
    CHECK(wire(named)["anonymous"] == false);
    CHECK(wire(hidden)["actor"] == 0);
    CHECK(wire(hidden)["anonymous"] == true);
    // Turned off since: the anonymous theme's edit stays anonymous, the snapshot too.
    CHECK(wire(edit)["actor"] == 0);
    auto snapshot = json::parse(protocol::encode_state(s, protocol::audience::public_));
    CHECK(snapshot["themes"][0]["proposer"] == ada);
    CHECK(snapshot["themes"][1]["proposer"] == 0);
    CHECK(snapshot["themes"][1]["history"][0]["by"] == 0);
    // A stored record keeps the actor, so a replay rebuilds the same state.
    CHECK(json::parse(protocol::encode_event_record(hidden))["actor"] == ada);
    CHECK(json::parse(protocol::encode_event_record(hidden)).count("anonymous") == 0);
}
