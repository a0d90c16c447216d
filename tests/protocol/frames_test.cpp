// Server frames parse as JSON and hold exactly the documented fields; error codes have names.
#include <set>

#include "tests/protocol/test_support.hpp"

using namespace protocol_test;

TEST_CASE("ack frames", "[protocol][frames]") {
    CHECK(json::parse(protocol::encode_ack("o1", 9, 4, true)) ==
          json{{"type", "ack"}, {"op", "o1"}, {"seq", 9}, {"id", 4}, {"duplicate", true}});
    CHECK(json::parse(protocol::encode_ack("o1", 9, 0, false)) ==
          json{{"type", "ack"}, {"op", "o1"}, {"seq", 9}});
    CHECK(json::parse(protocol::encode_ack("o\"1", 9, 17, false)) ==
          json{{"type", "ack"}, {"op", "o\"1"}, {"seq", 9}, {"id", 17}});
}

TEST_CASE("error frames", "[protocol][frames]") {
    CHECK(json::parse(protocol::encode_error(core::errc::wrong_phase, "Not now.", "o2")) ==
          json{{"type", "error"}, {"code", "wrong_phase"}, {"message", "Not now."}, {"op", "o2"}});
    CHECK(json::parse(protocol::encode_error(core::errc::bad_json, "Nope.")) ==
          json{{"type", "error"}, {"code", "bad_json"}, {"message", "Nope."}});
    // A message that is not UTF-8 (a bug elsewhere) still gives a valid frame, never an exception.
    std::string frame;
    REQUIRE_NOTHROW(frame = protocol::encode_error(core::errc::internal, "broken \xC0 text"));
    CHECK(json::parse(frame)["code"] == "internal");
    // A decode error turns into an error frame with the op id the client sent.
    auto refused = refusal_of(R"({"type":"note.add","op":"c-9","group":1,"text":""})");
    auto reply = json::parse(protocol::encode_error(refused.code, refused.message, refused.op));
    CHECK(reply["op"] == "c-9");
    CHECK(reply["code"] == "bad_message");
}

TEST_CASE("events frames concatenate encoded objects", "[protocol][frames]") {
    std::vector<std::string> objects{
        protocol::encode_event_object({1, 10, 2, 5, "a", core::note_add{3, 0, "Én"}},
                                      protocol::audience::public_),
        protocol::encode_event_object({2, 11, 2, 0, "b", core::note_delete{5}},
                                      protocol::audience::public_)};
    const std::string frame = protocol::encode_events_frame(objects);
    auto j = json::parse(frame);
    CHECK(j["type"] == "events");
    REQUIRE(j["events"].size() == 2);
    CHECK(j["events"][0]["seq"] == 1);
    CHECK(j["events"][0]["text"] == "Én");
    CHECK(j["events"][1]["type"] == "note.deleted");
    CHECK(frame.find(objects[0]) != std::string::npos);
    CHECK(json::parse(protocol::encode_events_frame({})) ==
          json{{"type", "events"}, {"events", json::array()}});
}

TEST_CASE("snapshot, presence, welcome and pong frames", "[protocol][frames]") {
    core::workshop_state s;
    s.seq = 42;
    s.title = "Møde";
    std::vector<core::entity_id> online{1, 2}, offline{3};
    auto snapshot = json::parse(protocol::encode_snapshot(s, "abc", online));
    CHECK(snapshot["type"] == "snapshot");
    CHECK(snapshot["seq"] == 42);
    CHECK(snapshot["workshop_id"] == "abc");
    CHECK(snapshot["online"] == json{1, 2});
    CHECK(snapshot["workshop"] ==
          json::parse(protocol::encode_state(s, protocol::audience::public_)));
    auto presence = json::parse(protocol::encode_presence(online, offline));
    CHECK(presence == json{{"type", "presence"}, {"online", {1, 2}}, {"offline", {3}}});
    CHECK(json::parse(protocol::encode_presence({}, {})) ==
          json{{"type", "presence"}, {"online", json::array()}, {"offline", json::array()}});
    CHECK(json::parse(protocol::encode_presence_list(online)) ==
          json{{"type", "presence"}, {"online", {1, 2}}, {"offline", json::array()}, {"replace", true}});
    auto welcome =
        json::parse(protocol::encode_welcome({"abc", 3, core::role::participant, "tok", 5, 7}));
    CHECK(welcome == json{{"type", "welcome"},
                          {"protocol", protocol::version},
                          {"workshop", "abc"},
                          {"participant", 3},
                          {"role", "participant"},
                          {"seq", 5},
                          {"server_time", 7},
                          {"resume_token", "tok"}});
    auto host =
        json::parse(protocol::encode_welcome({"abc", 1, core::role::facilitator, "", 5, 7}));
    CHECK(host["role"] == "facilitator");
    CHECK_FALSE(host.contains("resume_token"));
    CHECK_FALSE(host.contains("join_code"));
    protocol::welcome_info with_link{"abc", 1, core::role::facilitator, "", 5, 7};
    with_link.join_code = "q4joincode";
    CHECK(json::parse(protocol::encode_welcome(with_link))["join_code"] == "q4joincode");
    CHECK(json::parse(protocol::encode_join_code("r5joincode")) ==
          json{{"type", "join_code"}, {"join_code", "r5joincode"}});
    CHECK(json::parse(protocol::encode_pong()) == json{{"type", "pong"}});
}

TEST_CASE("every error code has a distinct name", "[protocol]") {
    std::set<std::string_view> names(core::errc_names.begin(), core::errc_names.end());
    CHECK(names.size() == core::errc_names.size());
    CHECK(core::errc_names.size() == static_cast<std::size_t>(core::errc::internal) + 1);
    CHECK(core::to_string(core::errc::ok) == "ok");
    CHECK(core::to_string(core::errc::bad_json) == "bad_json");
    CHECK(core::to_string(core::errc::unsupported_protocol) == "unsupported_protocol");
    CHECK(core::to_string(core::errc::invalid_value) == "invalid_value");
    CHECK(core::to_string(core::errc::internal) == "internal");
    for (auto name : names)
        CHECK(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string_view::npos);
}
