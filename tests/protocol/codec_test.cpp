#include <catch2/catch.hpp>

#include <set>

#include <nlohmann/json.hpp>

#include "core/decide.hpp"
#include "protocol/messages.hpp"
#include "protocol/utf8.hpp"

using namespace samling;
using nlohmann::json;

namespace {

core::errc refusal(std::string_view frame) {
    auto result = protocol::decode_client_message(frame);
    REQUIRE(std::holds_alternative<protocol::decode_error>(result));
    return std::get<protocol::decode_error>(result).code;
}

core::command decoded_command(const json& frame) {
    auto result = protocol::decode_client_message(frame.dump());
    if (auto* error = std::get_if<protocol::decode_error>(&result)) FAIL(error->message);
    return std::get<protocol::command_message>(std::get<protocol::client_message>(result)).command;
}

/** A valid value for every field of T, so each command type can be round-tripped generically. */
template <class T> T sample() {
    T value{};
    std::apply([&](const auto&... f) {
        [[maybe_unused]] auto fill = [&](auto& member, const auto& field) {
            using M = std::decay_t<decltype(member)>;
            if constexpr (std::is_same_v<M, std::string> || std::is_same_v<M, std::optional<std::string>>) {
                member = field.min == 5 ? "09:30" : field.max == 10 ? "2026-12-01" : field.min == 2 ? "da" : "Æble 😀";
            } else if constexpr (std::is_same_v<M, bool> || std::is_same_v<M, std::optional<bool>>) {
                member = true;
            } else if constexpr (std::is_integral_v<M>) {
                member = static_cast<M>(field.min > 0 ? field.min + 2 : 3);
            } else if constexpr (std::is_same_v<M, std::optional<std::int64_t>>) {
                member = 2;
            } else if constexpr (std::is_same_v<M, core::role>) {
                member = core::role::observer;
            } else if constexpr (std::is_same_v<M, core::phase>) {
                member = core::phase::voting;
            } else if constexpr (std::is_same_v<M, core::step_status> || std::is_same_v<M, std::optional<core::step_status>>) {
                member = core::step_status::done;
            }
        };
        (fill(value.*(f.member), f), ...);
    }, T::fields());
    return value;
}

template <std::size_t... I> void round_trip_all(std::index_sequence<I...>) {
    (([] {
         using T = std::variant_alternative_t<I, core::command>;
         core::event ev{7, 1'700'000'000'123, 3, T::info.creates ? 42u : 0u, "op-é", sample<T>()};
         INFO(T::info.name);
         auto decoded = protocol::decode_event_record(protocol::encode_event_record(ev));
         REQUIRE(decoded);
         CHECK(*decoded == ev);
         if (protocol::is_client_command(T::info.name)) {
             auto frame = json::parse(protocol::encode_event_object(ev, protocol::audience::public_));
             frame["type"] = std::string(T::info.name);
             frame["op"] = "c1";
             CHECK(decoded_command(frame) == core::command{ev.body});
         }
     }()),
     ...);
}

}  // namespace

TEST_CASE("every command type round-trips through records and frames", "[protocol]") {
    round_trip_all(std::make_index_sequence<std::variant_size_v<core::command>>{});
    CHECK(protocol::command_names().size() == std::variant_size_v<core::command>);
}

TEST_CASE("malformed frames get coded errors, never a crash", "[protocol]") {
    CHECK(refusal(R"({"type":"note.add","op":"1","group":1,"text":"x")") == core::errc::bad_json);
    CHECK(refusal("[1,2]") == core::errc::bad_json);
    CHECK(refusal("\"hello\"") == core::errc::bad_json);
    CHECK(refusal(std::string(100'000, '[')) == core::errc::bad_json);
    CHECK(refusal(std::string(9, '{')) == core::errc::bad_json);
    CHECK(refusal(R"({"op":"1"})") == core::errc::bad_message);
    CHECK(refusal(R"({"type":5})") == core::errc::bad_message);
    CHECK(refusal(R"({"type":"no.such","op":"1"})") == core::errc::unknown_type);
    CHECK(refusal(R"({"type":"workshop.create","op":"1","title":"t","language":"en","facilitator_name":"x"})") ==
          core::errc::unknown_type);
    CHECK(refusal(R"({"type":"participant.join","op":"1","name":"x","role":"participant"})") == core::errc::unknown_type);
    CHECK(refusal(R"({"type":"note.add","group":1,"text":"x"})") == core::errc::bad_message);
    CHECK(refusal(R"({"type":"note.add","op":")" + std::string(65, 'a') + R"(","group":1,"text":"x"})") ==
          core::errc::bad_message);
    CHECK(refusal(R"({"type":"note.add","op":"1","group":"1","text":"x"})") == core::errc::bad_message);
    CHECK(refusal(R"({"type":"note.add","op":"1","group":1.5,"text":"x"})") == core::errc::bad_message);
    CHECK(refusal(R"({"type":"note.add","op":"1","group":-1,"text":"x"})") == core::errc::bad_message);
    CHECK(refusal(R"({"type":"note.add","op":"1","group":0,"text":"x"})") == core::errc::bad_message);
    CHECK(refusal(R"({"type":"note.add","op":"1","group":1,"text":true})") == core::errc::bad_message);
    CHECK(refusal(R"({"type":"note.add","op":"1","group":1})") == core::errc::bad_message);
    CHECK(refusal(R"({"type":"note.add","op":"1","group":1,"text":""})") == core::errc::bad_message);
    CHECK(refusal(R"({"type":"note.add","op":"1","group":9007199254740993,"text":"x"})") == core::errc::bad_message);
    CHECK(refusal(R"({"type":"workshop.set_phase","op":"1","phase":"lunch"})") == core::errc::bad_message);
}

TEST_CASE("errors carry the op id when it could be read", "[protocol]") {
    auto result = protocol::decode_client_message(R"({"type":"note.add","op":"abc","group":"x","text":"y"})");
    const auto& error = std::get<protocol::decode_error>(result);
    CHECK(error.op == "abc");
    CHECK(error.message.find("group") != std::string::npos);
}

TEST_CASE("text limits, UTF-8 and control characters are enforced", "[protocol]") {
    const std::string long_note(core::limits::note_chars + 1, 'a');
    CHECK(refusal(json{{"type", "note.add"}, {"op", "1"}, {"group", 1}, {"text", long_note}}.dump()) ==
          core::errc::text_too_long);
    // 2000 three-byte characters are 2000 characters, not 6000.
    std::string nordic;
    for (int i = 0; i < core::limits::note_chars; ++i) nordic += "ø";
    CHECK_NOTHROW(decoded_command(json{{"type", "note.add"}, {"op", "1"}, {"group", 1}, {"text", nordic}}));
    CHECK(refusal("{\"type\":\"note.add\",\"op\":\"1\",\"group\":1,\"text\":\"\xC0\xAF\"}") == core::errc::bad_json);
    CHECK_FALSE(protocol::is_valid_utf8("\xC0\xAF"));          // overlong
    CHECK_FALSE(protocol::is_valid_utf8("\xED\xA0\x80"));      // surrogate
    CHECK_FALSE(protocol::is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
    CHECK_FALSE(protocol::is_valid_utf8("\xE2\x82"));          // truncated
    CHECK(protocol::is_valid_utf8("æøå äö 😀 👩‍👩‍👧"));
    CHECK(protocol::code_points("æøå😀") == 4);
    CHECK(refusal(json{{"type", "participant.rename"}, {"op", "1"}, {"name", "Bo\nBo"}}.dump()) == core::errc::invalid_text);
    CHECK(refusal(json{{"type", "participant.rename"}, {"op", "1"}, {"name", "Bo\x07"}}.dump()) == core::errc::invalid_text);
    auto note = decoded_command(json{{"type", "note.add"}, {"op", "1"}, {"group", 1}, {"text", "line\nline\ttab"}});
    CHECK(std::get<core::note_add>(note).text == "line\nline\ttab");
}

TEST_CASE("Nordic text and emoji survive decode and encode byte for byte", "[protocol]") {
    const std::string text = "æøå ÆØÅ äö ÄÖ 😀 👩‍👩‍👧 – “quotes” \\ \"";
    auto cmd = decoded_command(json{{"type", "note.add"}, {"op", "1"}, {"group", 1}, {"text", text}});
    core::event ev{1, 2, 3, 4, "1", cmd};
    auto object = json::parse(protocol::encode_event_object(ev, protocol::audience::public_));
    CHECK(object["text"] == text);
    CHECK(object.contains("op") == false);
    CHECK(json::parse(protocol::encode_event_record(ev))["op"] == "1");
}

TEST_CASE("hello forms are validated", "[protocol]") {
    auto hello_of = [](const json& j) {
        auto result = protocol::decode_client_message(j.dump());
        REQUIRE(std::holds_alternative<protocol::client_message>(result));
        return std::get<protocol::hello>(std::get<protocol::client_message>(result));
    };
    auto h = hello_of({{"type", "hello"}, {"protocol", 1}, {"workshop", "w1"}, {"join_code", "abc"}, {"name", "Åse"},
                       {"role", "observer"}, {"last_seq", 12}});
    CHECK(h.join_code == "abc");
    CHECK(h.role == core::role::observer);
    CHECK(h.last_seq == 12);
    CHECK(hello_of({{"type", "hello"}, {"protocol", 1}, {"workshop", "w1"}, {"resume_token", "t"}}).resume_token == "t");
    CHECK(refusal(json{{"type", "hello"}, {"protocol", 2}, {"workshop", "w"}, {"resume_token", "t"}}.dump()) ==
          core::errc::unsupported_protocol);
    CHECK(refusal(json{{"type", "hello"}, {"protocol", 1}, {"workshop", "w"}}.dump()) == core::errc::bad_message);
    CHECK(refusal(json{{"type", "hello"}, {"protocol", 1}, {"workshop", "w"}, {"resume_token", "t"},
                       {"facilitator_key", "k"}}.dump()) == core::errc::bad_message);
    CHECK(refusal(json{{"type", "hello"}, {"protocol", 1}, {"workshop", "w"}, {"join_code", "c"}}.dump()) ==
          core::errc::bad_message);
    CHECK(refusal(json{{"type", "hello"}, {"protocol", 1}, {"workshop", "w"}, {"join_code", "c"}, {"name", "x"},
                       {"role", "facilitator"}}.dump()) == core::errc::bad_message);
    CHECK(refusal(json{{"type", "hello"}, {"protocol", 1}, {"workshop", "../etc"}, {"join_code", "c"}, {"name", "x"}}.dump()) ==
          core::errc::bad_message);
}

TEST_CASE("the state round-trips and anonymity hides proposers on the wire", "[protocol]") {
    core::workshop_state s;
    auto run = [&](core::entity_id actor, core::command c) {
        auto d = core::decide(s, actor, c, 1'000 + static_cast<core::time_ms>(s.seq));
        REQUIRE(std::holds_alternative<core::event>(d));
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
    run(ada, core::group_join{group});
    auto section = run(ada, core::section_add{group, "Idéer"});
    run(ada, core::note_add{group, section, "En anteckning"});
    run(ada, core::next_step_add{group, "Skriv", "Ada", "2026-12-01", core::step_status::open});
    run(1, core::timer_start{600, "Runda"});

    auto decoded = protocol::decode_state(protocol::encode_state(s, protocol::audience::full));
    REQUIRE(decoded);
    CHECK(*decoded == s);
    auto wire = json::parse(protocol::encode_state(s, protocol::audience::public_));
    CHECK(wire["themes"][0]["proposer"] == 0);
    CHECK(wire["themes"][0]["votes"] == 1);
    CHECK(json::parse(protocol::encode_state(s, protocol::audience::full))["themes"][0]["proposer"] == ada);
    core::event propose{5, 1, ada, theme, "o", core::theme_propose{"Cykel", ""}};
    CHECK(json::parse(protocol::encode_event_object(propose, protocol::audience::public_, true))["actor"] == 0);
    CHECK(json::parse(protocol::encode_event_object(propose, protocol::audience::public_, false))["actor"] == ada);
    CHECK_FALSE(protocol::decode_state("{}"));
    CHECK_FALSE(protocol::decode_state("not json"));
}

TEST_CASE("server frames are JSON with their fields", "[protocol]") {
    auto ack = json::parse(protocol::encode_ack("o1", 9, 4, true));
    CHECK(ack == json{{"type", "ack"}, {"op", "o1"}, {"seq", 9}, {"id", 4}, {"duplicate", true}});
    CHECK(json::parse(protocol::encode_ack("o1", 9, 0, false)) == json{{"type", "ack"}, {"op", "o1"}, {"seq", 9}});
    auto error = json::parse(protocol::encode_error(core::errc::wrong_phase, "Not now.", "o2"));
    CHECK(error == json{{"type", "error"}, {"code", "wrong_phase"}, {"message", "Not now."}, {"op", "o2"}});
    std::vector<std::string> objects{R"({"seq":1})", R"({"seq":2})"};
    auto events = json::parse(protocol::encode_events_frame(objects));
    CHECK(events["events"].size() == 2);
    std::vector<core::entity_id> online{1, 2}, offline{3};
    auto presence = json::parse(protocol::encode_presence(online, offline));
    CHECK(presence["online"] == json{1, 2});
    CHECK(presence["offline"] == json{3});
    core::workshop_state s;
    auto snapshot = json::parse(protocol::encode_snapshot(s, "abc", online));
    CHECK(snapshot["type"] == "snapshot");
    CHECK(snapshot["workshop_id"] == "abc");
    CHECK(snapshot["workshop"]["phase"] == "welcome");
    auto welcome = json::parse(protocol::encode_welcome({"abc", 3, core::role::participant, "tok", 5, 7}));
    CHECK(welcome["resume_token"] == "tok");
    CHECK(welcome["protocol"] == protocol::version);
    CHECK(json::parse(protocol::encode_pong())["type"] == "pong");
}

TEST_CASE("every error code has a distinct name", "[protocol]") {
    std::set<std::string_view> names(core::errc_names.begin(), core::errc_names.end());
    CHECK(names.size() == core::errc_names.size());
    CHECK(core::to_string(core::errc::internal) == "internal");
}
