// Text that could display as something it is not: lone surrogate escapes, bidirectional
// controls and line separators, in every text field of every client command and in hello.
#include "protocol/utf8.hpp"
#include "tests/protocol/test_support.hpp"

using namespace protocol_test;

namespace {

std::string note_frame(const std::string& escaped_text) {
    return R"({"type":"note.add","op":"c-1","group":1,"text":")" + escaped_text + R"("})";
}

/** UTF-8 of one code point of the Basic Multilingual Plane above U+07FF. */
std::string utf8(char32_t c) {
    return {static_cast<char>(0xE0 | (c >> 12)), static_cast<char>(0x80 | ((c >> 6) & 0x3F)),
            static_cast<char>(0x80 | (c & 0x3F))};
}

const std::vector<char32_t> bidi_controls{0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                                          0x2066, 0x2067, 0x2068, 0x2069};
const std::vector<char32_t> separators{0x2028, 0x2029};

bool free_text(std::string_view name, std::int64_t min, std::int64_t max) {
    // Times, dates, language codes and short codes have formats of their own, checked elsewhere.
    return !(min == 5 && max == 5) && !(min == 0 && max == 10) && !(min == 2 && max == 2) &&
           name != "language" && name != "short_code";
}

/** The frame of command T with field `name` set to `text`, every other field valid. */
template <class T>
json frame_with(std::string_view name, const std::string& text) {
    const core::event ev{7, 1, 3, T::info.creates ? 42u : 0u, "", sample<T>()};
    auto frame = json::parse(protocol::encode_event_object(ev, protocol::audience::public_));
    frame["type"] = std::string(T::info.name);
    frame["op"] = "c-1";
    frame[std::string(name)] = text;
    return frame;
}

}  // namespace

TEST_CASE("a lone surrogate escape is invalid_text, a pair is a character", "[protocol][utf8]") {
    for (const char* lone : {"\\ud800", "\\uDBFF", "\\udc00", "a\\ud83db", "\\ud83d\\u0041",
                             "\\ude00\\ud83d", "\\ud83d"}) {
        INFO(lone);
        const auto refused = refusal_of(note_frame(lone));
        CHECK(refused.code == core::errc::invalid_text);
        CHECK(refused.message.find("surrogate") != std::string::npos);
    }
    CHECK(refusal(R"({"type":"hello","protocol":1,"workshop":"w","join_code":"c","name":"\udfff"})") ==
          core::errc::invalid_text);
    auto pair = decoded_command(json::parse(note_frame("\\ud83d\\ude00 ok")));
    CHECK(std::get<core::note_add>(pair).text == "😀 ok");
    // An escaped backslash followed by "ud800" is just those letters.
    auto letters = decoded_command(json::parse(note_frame("\\\\ud800")));
    CHECK(std::get<core::note_add>(letters).text == "\\ud800");
    // Broken JSON without a surrogate stays bad_json.
    CHECK(refusal(R"({"type":"note.add","text":"\u12"})") == core::errc::bad_json);
}

TEST_CASE("format controls are found and named", "[protocol][utf8]") {
    for (char32_t c : bidi_controls) {
        CHECK(protocol::format_control_in("a" + utf8(c) + "b", false) == c);
        CHECK(protocol::format_control_in("a" + utf8(c) + "b", true) == c);
    }
    for (char32_t c : separators) {
        CHECK(protocol::format_control_in("a" + utf8(c) + "b", false) == c);
        CHECK(protocol::format_control_in("a" + utf8(c) + "b", true) == 0);
    }
    // Implicit marks and right-to-left letters are fine.
    CHECK(protocol::format_control_in("Åse \u200E\u200F\u061C سارة שרה", false) == 0);
    CHECK(protocol::format_control_in("\u2029\u2067", true) == 0x2067);
    CHECK(protocol::code_point_name(0x202E) == "U+202E");
    CHECK(protocol::code_point_name(0x61C) == "U+061C");
}

TEST_CASE("every single-line text of every client command refuses format controls", "[protocol][utf8]") {
    std::size_t single_line = 0, multi_line = 0;
    for_each_command([&]<class T>() {
        if (!protocol::is_client_command(T::info.name)) return;
        const auto each_field = [&](const auto& f) {
            using M = std::decay_t<decltype(sample<T>().*(f.member))>;
            if constexpr (std::is_same_v<M, std::string> || std::is_same_v<M, std::optional<std::string>>) {
                if (!free_text(f.name, f.min, f.max)) return;
                const bool multiline = f.name == "purpose" || f.name == "details" || f.name == "text";
                ++(multiline ? multi_line : single_line);
                for (char32_t c : bidi_controls) {
                    INFO(T::info.name << " " << f.name << " " << protocol::code_point_name(c));
                    const auto refused = refusal_of(frame_with<T>(f.name, "Bo" + utf8(c) + "ob").dump());
                    CHECK(refused.code == core::errc::invalid_text);
                    CHECK(refused.message.find("\"" + std::string(f.name) + "\"") != std::string::npos);
                    CHECK(refused.message.find(protocol::code_point_name(c)) != std::string::npos);
                    CHECK(refused.op == "c-1");
                }
                for (char32_t c : separators) {
                    INFO(T::info.name << " " << f.name << " " << protocol::code_point_name(c));
                    const auto frame = frame_with<T>(f.name, "one" + utf8(c) + "two").dump();
                    if (multiline) {
                        accepted(frame);
                    } else {
                        CHECK(refusal(frame) == core::errc::invalid_text);
                    }
                }
            }
        };
        std::apply([&](const auto&... f) { (each_field(f), ...); }, T::fields());
    });
    CHECK(single_line >= 10);
    CHECK(multi_line >= 4);
}

TEST_CASE("a display name in hello refuses format controls", "[protocol][hello]") {
    const auto hello_with = [](const std::string& name) {
        return json{{"type", "hello"}, {"protocol", 1}, {"workshop", "w"}, {"join_code", "c"}, {"name", name}}.dump();
    };
    const auto refused = refusal_of(hello_with("Admin" + utf8(0x202E) + "nimdA"));
    CHECK(refused.code == core::errc::invalid_text);
    CHECK(refused.message == "The field \"name\" contains the invisible formatting character U+202E, which could "
                             "make it display as something else.");
    CHECK(refusal(hello_with("Bo" + utf8(0x2028) + "Facilitator")) == core::errc::invalid_text);
    accepted(hello_with("سارة \u200F(Sara)"));
}

TEST_CASE("stored events written before the rule still read back", "[protocol][utf8]") {
    // Logs are decoded without the client rule, so a workshop that holds such a name still loads.
    const core::event ev{3, 10, 2, 0, "c-9", core::participant_rename{"Eve" + utf8(0x202E) + "txet"}};
    const auto decoded = protocol::decode_event_record(protocol::encode_event_record(ev));
    REQUIRE(decoded);
    CHECK(*decoded == ev);
}
