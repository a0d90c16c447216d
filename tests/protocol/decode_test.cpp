// Decoding untrusted client frames: every malformed class gets its code, nothing crashes.
#include "tests/protocol/test_support.hpp"

using namespace protocol_test;

namespace {
std::string note_frame(const std::string& fields) {
    return R"({"type":"note.add","op":"c-1",)" + fields + "}";
}
}  // namespace

TEST_CASE("frames that are not JSON objects are bad_json", "[protocol]") {
    CHECK(refusal(R"({"type":"note.add","op":"1","group":1,"text":"x")") ==
          core::errc::bad_json);  // truncated
    CHECK(refusal("") == core::errc::bad_json);
    CHECK(refusal("[1,2]") == core::errc::bad_json);
    CHECK(refusal("[]") == core::errc::bad_json);
    CHECK(refusal("\"hello\"") == core::errc::bad_json);
    CHECK(refusal("42") == core::errc::bad_json);
    CHECK(refusal("null") == core::errc::bad_json);
    CHECK(refusal(R"({"type":"ping"} {"type":"ping"})") == core::errc::bad_json);
    CHECK(refusal(R"({"type":"ping",})") == core::errc::bad_json);
}

TEST_CASE("deep nesting is refused without recursion", "[protocol]") {
    CHECK(refusal(std::string(100'000, '[')) == core::errc::bad_json);
    CHECK(refusal(std::string(100'000, '[') + std::string(100'000, ']')) == core::errc::bad_json);
    std::string objects;
    for (int i = 0; i < 50'000; ++i) objects += R"({"a":)";
    CHECK(refusal(objects) == core::errc::bad_json);
    // Depth 8 (the frame itself counts) is allowed, 9 is not.
    const auto nested = [](int depth) {
        return R"({"type":"ping","x":)" + std::string(depth - 1, '[') +
               std::string(depth - 1, ']') + "}";
    };
    CHECK(
        std::holds_alternative<protocol::ping_message>(accepted(nested(protocol::max_json_depth))));
    CHECK(refusal(nested(protocol::max_json_depth + 1)) == core::errc::bad_json);
    // Brackets inside strings, escaped quotes included, do not count.
    auto text = accepted(note_frame(R"("group":1,"text":"[[[[[[[[[[\"{{{{{{{{{{\\")"));
    CHECK(std::get<core::note_add>(std::get<protocol::command_message>(text).command).text ==
          R"([[[[[[[[[["{{{{{{{{{{\)");
}

TEST_CASE("frames over the size limit are bad_json", "[protocol]") {
    const std::string padding(protocol::max_frame_bytes, ' ');
    CHECK(refusal(R"({"type":"ping"})" + padding) == core::errc::bad_json);
    CHECK(std::holds_alternative<protocol::ping_message>(accepted(R"({"type":"ping"})")));
}

TEST_CASE("the type must be a known client message", "[protocol]") {
    CHECK(refusal(R"({"op":"1"})") == core::errc::bad_message);
    CHECK(refusal(R"({"type":5})") == core::errc::bad_message);
    CHECK(refusal(R"({"type":null})") == core::errc::bad_message);
    CHECK(refusal(R"({"type":"no.such","op":"1"})") == core::errc::unknown_type);
    CHECK(refusal(R"({"type":"note.added","op":"1","group":1,"text":"x"})") ==
          core::errc::unknown_type);
    CHECK(refusal(R"({"type":"NOTE.ADD","op":"1","group":1,"text":"x"})") ==
          core::errc::unknown_type);
    CHECK(
        refusal(
            R"({"type":"workshop.create","op":"1","title":"t","language":"en","facilitator_name":"x"})") ==
        core::errc::unknown_type);
    CHECK(refusal(R"({"type":"participant.join","op":"1","name":"x","role":"participant"})") ==
          core::errc::unknown_type);
    // A long type name is cut in the message, never inside a character.
    const auto error =
        refusal_of(json{{"type", std::string(63, 'x') + "ø" + std::string(100, 'y')}}.dump());
    CHECK(error.code == core::errc::unknown_type);
    CHECK(error.message.find(std::string(63, 'x') + "…") != std::string::npos);
}

TEST_CASE("commands need a well-formed op id", "[protocol]") {
    CHECK(refusal(R"({"type":"note.add","group":1,"text":"x"})") == core::errc::bad_message);
    CHECK(refusal(R"({"type":"note.add","op":"","group":1,"text":"x"})") ==
          core::errc::bad_message);
    CHECK(refusal(R"({"type":"note.add","op":17,"group":1,"text":"x"})") ==
          core::errc::bad_message);
    CHECK(refusal(R"({"type":"note.add","op":"a b","group":1,"text":"x"})") ==
          core::errc::bad_message);
    CHECK(refusal(R"({"type":"note.add","op":"ø","group":1,"text":"x"})") ==
          core::errc::bad_message);
    CHECK(refusal(R"({"type":"note.add","op":")" + std::string(65, 'a') +
                  R"(","group":1,"text":"x"})") == core::errc::bad_message);
    const std::string longest(protocol::max_op_chars, '~');
    auto message = std::get<protocol::command_message>(
        accepted(R"({"type":"note.add","op":")" + longest + R"(","group":1,"text":"x"})"));
    CHECK(message.op == longest);
}

TEST_CASE("fields are checked strictly by type and range", "[protocol]") {
    CHECK(refusal(note_frame(R"("group":"1","text":"x")")) == core::errc::bad_message);
    CHECK(refusal(note_frame(R"("group":1.5,"text":"x")")) == core::errc::bad_message);
    CHECK(refusal(note_frame(R"("group":1.0,"text":"x")")) == core::errc::bad_message);
    CHECK(refusal(note_frame(R"("group":1e2,"text":"x")")) == core::errc::bad_message);
    CHECK(refusal(note_frame(R"("group":-1,"text":"x")")) == core::errc::bad_message);
    CHECK(refusal(note_frame(R"("group":0,"text":"x")")) == core::errc::bad_message);
    CHECK(refusal(note_frame(R"("group":true,"text":"x")")) == core::errc::bad_message);
    CHECK(refusal(note_frame(R"("group":[1],"text":"x")")) == core::errc::bad_message);
    CHECK(refusal(note_frame(R"("group":9007199254740993,"text":"x")")) == core::errc::bad_message);
    CHECK(refusal(note_frame(R"("group":18446744073709551616,"text":"x")")) ==
          core::errc::bad_message);
    CHECK(refusal(note_frame(R"("group":1,"text":true)")) == core::errc::bad_message);
    CHECK(refusal(note_frame(R"("group":1,"text":5)")) == core::errc::bad_message);
    CHECK(refusal(note_frame(R"("group":1,"text":"")")) == core::errc::bad_message);
    CHECK(refusal(note_frame(R"("group":1,"text":null)")) == core::errc::bad_message);
    CHECK(refusal(note_frame(R"("group":1)")) == core::errc::bad_message);
    CHECK(refusal(R"({"type":"workshop.set_phase","op":"1","phase":"lunch"})") ==
          core::errc::bad_message);
    CHECK(refusal(R"({"type":"workshop.set_phase","op":"1","phase":1})") ==
          core::errc::bad_message);
    CHECK(refusal(R"({"type":"workshop.set_options","op":"1","anonymous_proposals":"yes"})") ==
          core::errc::bad_message);
    CHECK(refusal(R"({"type":"workshop.set_options","op":"1","dots_per_participant":21})") ==
          core::errc::bad_message);
    CHECK(refusal(R"({"type":"section.move","op":"1","section":2,"position":1000001})") ==
          core::errc::bad_message);
    CHECK(refusal(R"({"type":"timer.start","op":"1","duration_seconds":0})") ==
          core::errc::bad_message);
    // The largest id a JavaScript number holds exactly is accepted.
    auto big = decoded_command(json::parse(note_frame(R"("group":9007199254740992,"text":"x")")));
    CHECK(std::get<core::note_add>(big).group == 9'007'199'254'740'992u);
}

TEST_CASE("errors name the field and carry the op id when it could be read", "[protocol]") {
    auto wrong = refusal_of(R"({"type":"note.add","op":"abc","group":"x","text":"y"})");
    CHECK(wrong.op == "abc");
    CHECK(wrong.message == "The field \"group\" must be a whole number of at least 1.");
    auto missing = refusal_of(R"({"type":"note.add","op":"abc","group":1})");
    CHECK(missing.message == "The field \"text\" is missing.");
    CHECK(missing.op == "abc");
    CHECK(refusal_of(R"({"type":"no.such","op":"q-1"})").op == "q-1");
    CHECK(refusal_of(R"({"type":"no.such","op":"bad op"})").op.empty());
    CHECK(refusal_of(R"({"type":"note.add","group":1,"text":"x"})").op.empty());
}

TEST_CASE("optional fields may be absent or null, unknown fields are ignored", "[protocol]") {
    auto plain = decoded_command(json::parse(note_frame(R"("group":1,"text":"x")")));
    CHECK(std::get<core::note_add>(plain) == core::note_add{1, 0, "x"});
    auto null_section =
        decoded_command(json::parse(note_frame(R"("group":1,"section":null,"text":"x")")));
    CHECK(std::get<core::note_add>(null_section) == core::note_add{1, 0, "x"});
    auto extra = decoded_command(
        json::parse(note_frame(R"("group":1,"text":"x","colour":"red","n":{"a":[1]})")));
    CHECK(std::get<core::note_add>(extra) == core::note_add{1, 0, "x"});
    auto edit = decoded_command(
        json{{"type", "theme.edit"}, {"op", "1"}, {"theme", 2}, {"title", nullptr}});
    CHECK(std::get<core::theme_edit>(edit) == core::theme_edit{2, std::nullopt, std::nullopt});
    auto step = decoded_command(
        json{{"type", "next_step.edit"}, {"op", "1"}, {"step", 2}, {"status", "in_progress"}});
    CHECK(std::get<core::next_step_edit>(step).status == core::step_status::in_progress);
    CHECK(std::holds_alternative<protocol::ping_message>(
        accepted(R"({"type":"ping","op":"x","extra":1})")));
}
