// UTF-8 validation, control characters and text lengths, on their own and inside frames.
#include "protocol/utf8.hpp"
#include "tests/protocol/test_support.hpp"

using namespace protocol_test;

namespace {
std::string rename_frame(const std::string& name) {
    return R"({"type":"participant.rename","op":"c-1","name":")" + name + R"("})";
}
std::string note_frame(const std::string& text) {
    return R"({"type":"note.add","op":"c-1","group":1,"text":")" + text + R"("})";
}
}  // namespace

TEST_CASE("the UTF-8 validator is strict", "[protocol][utf8]") {
    CHECK(protocol::is_valid_utf8(""));
    CHECK(protocol::is_valid_utf8("æøå ÆØÅ äö 😀 👩‍👩‍👧"));
    CHECK(protocol::is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
    CHECK(protocol::is_valid_utf8("\xEF\xBF\xBD"));      // U+FFFD
    CHECK(protocol::is_valid_utf8(
        std::string_view("a\0b", 3)));                     // NUL is UTF-8 (but a control character)
    CHECK_FALSE(protocol::is_valid_utf8("\xC0\xAF"));      // overlong '/'
    CHECK_FALSE(protocol::is_valid_utf8("\xC1\xBF"));      // overlong
    CHECK_FALSE(protocol::is_valid_utf8("\xE0\x80\xAF"));  // overlong, three bytes
    CHECK_FALSE(protocol::is_valid_utf8("\xF0\x80\x80\xAF"));  // overlong, four bytes
    CHECK_FALSE(protocol::is_valid_utf8("\xED\xA0\x80"));      // lone high surrogate U+D800
    CHECK_FALSE(protocol::is_valid_utf8("\xED\xBF\xBF"));      // lone low surrogate U+DFFF
    CHECK_FALSE(protocol::is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
    CHECK_FALSE(protocol::is_valid_utf8("\xF5\x80\x80\x80"));
    CHECK_FALSE(protocol::is_valid_utf8("\xF8\x88\x80\x80\x80"));
    CHECK_FALSE(protocol::is_valid_utf8("\xE2\x82"));         // truncated
    CHECK_FALSE(protocol::is_valid_utf8("abc\xF0\x9F\x98"));  // truncated at the end
    CHECK_FALSE(protocol::is_valid_utf8("\x80"));             // lone continuation byte
    CHECK_FALSE(protocol::is_valid_utf8("\xC3(\xA6"));        // continuation missing
    CHECK_FALSE(protocol::is_valid_utf8("\xFF"));
}

TEST_CASE("code points are counted, not bytes", "[protocol][utf8]") {
    CHECK(protocol::code_points("") == 0);
    CHECK(protocol::code_points("abc") == 3);
    CHECK(protocol::code_points("æøå😀") == 4);
    CHECK(protocol::code_points("👩‍👩‍👧") ==
          5);  // three people joined by two zero-width joiners
}

TEST_CASE("control characters are found, line breaks only where allowed", "[protocol][utf8]") {
    CHECK_FALSE(protocol::has_control_characters("Åse Øberg 😀", false));
    CHECK(protocol::has_control_characters("a\nb", false));
    CHECK(protocol::has_control_characters("a\tb", false));
    CHECK(protocol::has_control_characters("a\rb", false));
    CHECK_FALSE(protocol::has_control_characters("a\nb\tc\r\nd", true));
    CHECK(protocol::has_control_characters(std::string_view("a\0b", 3), true));
    CHECK(protocol::has_control_characters("\x1B[31m", true));         // ESC
    CHECK(protocol::has_control_characters("a\x7F", true));            // DEL
    CHECK(protocol::has_control_characters("a\xC2\x85", true));        // U+0085, C1
    CHECK(protocol::has_control_characters("a\xC2\x9F", true));        // U+009F, C1
    CHECK_FALSE(protocol::has_control_characters("a\xC2\xA0", true));  // U+00A0, no-break space
    CHECK(protocol::has_control_characters("\xC0\xAF", true));         // not UTF-8 at all
}

TEST_CASE("invalid UTF-8 in a frame is invalid_text", "[protocol][utf8]") {
    CHECK(refusal(note_frame("\xC0\xAF")) == core::errc::invalid_text);  // overlong
    CHECK(refusal(note_frame("\xED\xA0\x80")) ==
          core::errc::invalid_text);  // lone surrogate, raw bytes
    CHECK(refusal(note_frame("ab\xE2\x82")) == core::errc::invalid_text);  // truncated
    CHECK(refusal(note_frame("\xF4\x90\x80\x80")) == core::errc::invalid_text);
    CHECK(refusal(R"({"type":"ping"})"
                  "\xFF") == core::errc::invalid_text);
}

TEST_CASE("names refuse control characters, multi-line texts allow newlines and tabs",
          "[protocol][utf8]") {
    CHECK(refusal(rename_frame("Bo\\nBo")) == core::errc::invalid_text);
    CHECK(refusal(rename_frame("Bo\\tBo")) == core::errc::invalid_text);
    CHECK(refusal(rename_frame("Bo\\u0007")) == core::errc::invalid_text);
    CHECK(refusal(rename_frame("Bo\\u0000")) == core::errc::invalid_text);
    CHECK(refusal(rename_frame("Bo\\u0085")) == core::errc::invalid_text);
    CHECK(refusal(rename_frame("Bo\\u007f")) == core::errc::invalid_text);
    CHECK(refusal(R"({"type":"theme.propose","op":"1","title":"a\nb"})") ==
          core::errc::invalid_text);
    CHECK(refusal(R"({"type":"room.add","op":"1","name":"a\tb"})") == core::errc::invalid_text);
    CHECK(refusal(note_frame("bell\\u0007")) == core::errc::invalid_text);
    auto note = decoded_command(json::parse(note_frame("line\\nline\\ttab\\r\\nend")));
    CHECK(std::get<core::note_add>(note).text == "line\nline\ttab\r\nend");
    auto theme = decoded_command(
        json{{"type", "theme.propose"}, {"op", "1"}, {"title", "T"}, {"details", "a\nb"}});
    CHECK(std::get<core::theme_propose>(theme).details == "a\nb");
    auto purpose =
        decoded_command(json{{"type", "workshop.set_purpose"}, {"op", "1"}, {"purpose", "a\n\nb"}});
    CHECK(std::get<core::workshop_set_purpose>(purpose).purpose == "a\n\nb");
}

TEST_CASE("texts over their limit are text_too_long, counted in characters", "[protocol][utf8]") {
    const auto too_long = refusal_of(note_frame(std::string(core::limits::note_chars + 1, 'a')));
    CHECK(too_long.code == core::errc::text_too_long);
    CHECK(too_long.message == "The field \"text\" is longer than 2000 characters.");
    CHECK(too_long.op == "c-1");
    // A frame near the frame limit: the text limit speaks first, not the frame limit.
    CHECK(refusal(note_frame(std::string(60'000, 'a'))) == core::errc::text_too_long);
    std::string nordic;
    for (int i = 0; i < core::limits::note_chars; ++i) nordic += "ø";
    CHECK(std::get<core::note_add>(decoded_command(json::parse(note_frame(nordic)))).text ==
          nordic);
    CHECK(refusal(note_frame(nordic + "ø")) == core::errc::text_too_long);
    const std::string name(core::limits::name_chars, 'n');
    CHECK(
        std::get<core::participant_rename>(decoded_command(json::parse(rename_frame(name)))).name ==
        name);
    const auto long_name = refusal_of(rename_frame(name + "n"));
    CHECK(long_name.code == core::errc::text_too_long);
    CHECK(long_name.message == "The field \"name\" is longer than 60 characters.");
}

TEST_CASE("Nordic text and emoji survive decode and encode byte for byte", "[protocol][utf8]") {
    const std::string text =
        "æøå ÆØÅ äö ÄÖ 😀 👩‍👩‍👧 – “quotes” \\ \" done";
    const std::string frame =
        json{{"type", "note.add"}, {"op", "1"}, {"group", 1}, {"text", text}}.dump();
    // The raw UTF-8 bytes travel as they are: no \u escapes on the wire.
    REQUIRE(frame.find("æøå ÆØÅ äö ÄÖ 😀 👩‍👩‍👧") != std::string::npos);
    auto cmd = std::get<protocol::command_message>(accepted(frame)).command;
    CHECK(std::get<core::note_add>(cmd).text == text);
    const core::event ev{1, 2, 3, 4, "1", cmd};
    const std::string wire = protocol::encode_event_object(ev, protocol::audience::public_);
    CHECK(
        wire.find(
            R"("text":"æøå ÆØÅ äö ÄÖ 😀 👩‍👩‍👧 – “quotes” \\ \" done")") !=
        std::string::npos);
    CHECK(protocol::encode_event_record(ev).find("👩‍👩‍👧") != std::string::npos);
    CHECK(json::parse(wire)["text"] == text);
}
