// A refusal carries its parameters on the wire, so a client can say it in its person's language.
#include "tests/protocol/test_support.hpp"

using namespace protocol_test;

namespace {

std::string note_frame(const std::string& text) {
    return R"({"type":"note.add","op":"c-1","group":1,"text":")" + text + R"("})";
}

json error_frame_of(const std::string& frame) {
    const auto refused = refusal_of(frame);
    return json::parse(protocol::encode_error(refused.code, refused.message, refused.op, refused.params));
}

}  // namespace

TEST_CASE("an error frame writes its params as an object of strings and numbers", "[protocol][frames]") {
    const core::error_params params{{"field", std::string("title")}, {"limit", std::int64_t{200}}};
    const auto j = json::parse(protocol::encode_error(core::errc::text_too_long, "Too long.", "o1", params));
    CHECK(j["params"] == json{{"field", "title"}, {"limit", 200}});
    CHECK(j["message"] == "Too long.");
    // Without parameters there is no params member at all.
    CHECK_FALSE(json::parse(protocol::encode_error(core::errc::internal, "x")).contains("params"));
}

TEST_CASE("a text over its limit names the field, the limit and the length", "[protocol][frames]") {
    const auto j = error_frame_of(note_frame(std::string(core::limits::note_chars + 13, 'a')));
    CHECK(j["code"] == "text_too_long");
    CHECK(j["params"] == json{{"field", "text"}, {"limit", core::limits::note_chars},
                              {"length", core::limits::note_chars + 13}});
    CHECK(j["op"] == "c-1");
}

TEST_CASE("field refusals name the field, numbers their range", "[protocol][frames]") {
    const auto empty = error_frame_of(R"({"type":"note.add","op":"c-9","group":1,"text":""})");
    CHECK(empty["code"] == "bad_message");
    CHECK(empty["params"] == json{{"field", "text"}, {"min", 1}});
    const auto missing = error_frame_of(R"({"type":"note.add","op":"c-9","text":"x"})");
    CHECK(missing["params"] == json{{"field", "group"}});
    const auto dots = error_frame_of(R"({"type":"workshop.set_options","op":"c-9","dots_per_participant":99})");
    CHECK(dots["params"] == json{{"field", "dots_per_participant"}, {"min", 0}, {"max", core::limits::max_dots}});
    const auto control = error_frame_of(R"({"type":"participant.rename","op":"c-9","name":"a\u0007"})");
    CHECK(control["code"] == "invalid_text");
    CHECK(control["params"] == json{{"field", "name"}});
}

TEST_CASE("frame-level refusals carry their limit", "[protocol][frames]") {
    const auto deep = error_frame_of(R"({"type":"ping","a":[[[[[[[[[1]]]]]]]]]})");
    CHECK(deep["code"] == "bad_json");
    CHECK(deep["params"] == json{{"limit", protocol::max_json_depth}});
    const auto old = error_frame_of(R"({"type":"hello","protocol":0,"workshop":"w"})");
    CHECK(old["code"] == "unsupported_protocol");
    CHECK(old["params"] == json{{"version", protocol::version}});
}
