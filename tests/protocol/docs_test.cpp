// docs/protocol.md must describe every command exactly as the descriptors in core/ define it,
// and name every error code and limit the code knows.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "core/commands.hpp"
#include "core/errc.hpp"
#include "protocol/messages.hpp"
#include "tests/protocol/test_support.hpp"

namespace {

using namespace samling;

std::string protocol_doc() {
    std::ifstream file(SAMLING_DOCS_DIR "/protocol.md");
    REQUIRE(file);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

/** The part of the document from `heading` to the next heading of level 2 to 4. */
std::string section_of(const std::string& doc, const std::string& heading) {
    const auto start = doc.find(heading);
    if (start == std::string::npos) return {};
    auto end = doc.find("\n#", start + heading.size());
    return doc.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::string who_line(const core::access& who) {
    if (who.roles == core::roles::none) return "- Who: server only";
    std::string line = "- Who: facilitators";
    if (who.roles == core::roles::facilitators) return line;
    line += ", participants";
    if (who.roles == core::roles::everyone) line += ", observers";
    line += "; participants may send in: ";
    if (who.phases == core::phases::all) return line + "any";
    std::string phases;
    for (std::size_t i = 0; i < core::phase_names.size(); ++i) {
        if ((who.phases & (1u << i)) == 0) continue;
        phases += (phases.empty() ? "" : ", ") + std::string(core::phase_names[i]);
    }
    return line + phases;
}

template <class M>
struct plain {
    using type = M;
};
template <class M>
struct plain<std::optional<M>> {
    using type = M;
};

std::string range(std::int64_t min, std::int64_t max) {
    return std::to_string(min) + "–" + std::to_string(max);
}

/** The table row the document should have for one field descriptor. */
template <class O, class Member>
std::string field_row(const core::field<O, Member>& f) {
    using M = typename plain<Member>::type;
    std::string type, limits = "—";
    if constexpr (std::is_same_v<M, std::string>) {
        type = "string";
        const bool multiline = f.name == "purpose" || f.name == "details" || f.name == "text";
        if (f.min == 2 && f.max == 2)
            limits = "`en`, `da`, `sv` or `nb`";
        else if (f.min == 5 && f.max == 5)
            limits = "`HH:MM`";
        else if (f.min == 0 && f.max == 10)
            limits = "`YYYY-MM-DD` or empty";
        else
            limits = range(f.min, f.max) + " characters" + (multiline ? "; newlines allowed" : "");
    } else if constexpr (std::is_same_v<M, core::entity_id>) {
        type = "id (integer ≥ 0)";
        limits = f.min == 0 ? "0 for none" : "≥ " + std::to_string(f.min);
    } else if constexpr (std::is_same_v<M, std::int64_t>) {
        type = "integer";
        limits = range(f.min, f.max);
    } else if constexpr (std::is_same_v<M, bool>) {
        type = "boolean";
    } else if constexpr (std::is_same_v<M, core::phase>) {
        type = "phase name";
    } else if constexpr (std::is_same_v<M, core::role>) {
        type = "`participant` or `observer`";
    } else if constexpr (std::is_same_v<M, core::step_status>) {
        type = "`open`, `in_progress` or `done`";
    } else if constexpr (std::is_same_v<M, core::forget_content>) {
        type = "`keep` or `delete`";
    }
    const char* need = f.need == core::presence::required ? "yes" : "no";
    return "| `" + std::string(f.name) + "` | " + type + " | " + need + " | " + limits + " |";
}

}  // namespace

TEST_CASE("docs/protocol.md documents every command as core/ defines it", "[protocol][docs]") {
    const auto doc = protocol_doc();
    protocol_test::for_each_command([&]<class T>() {
        INFO(T::info.name);
        const std::string heading = "#### `" + std::string(T::info.name) + "` → `" +
                                    std::string(T::info.event_name) + "`\n";
        const std::string section = section_of(doc, heading);
        REQUIRE_FALSE(section.empty());
        CHECK(section.find(who_line(T::info.who) + "\n") != std::string::npos);
        CHECK((section.find("The event's `id` is the new entity's id") != std::string::npos) ==
              T::info.creates);
        constexpr bool no_fields = std::tuple_size_v<decltype(T::fields())> == 0;
        CHECK((section.find("- No fields.") != std::string::npos) == no_fields);
        const auto documented = [&](const auto& f) {
            INFO(field_row(f));
            CHECK(section.find(field_row(f) + "\n") != std::string::npos);
        };
        std::apply([&](const auto&... f) { (documented(f), ...); }, T::fields());
    });
}

TEST_CASE("docs/protocol.md documents every error code and limit", "[protocol][docs]") {
    const auto doc = protocol_doc();
    for (std::size_t i = 1; i < core::errc_names.size(); ++i) {
        INFO(core::errc_names[i]);
        CHECK(doc.find("| `" + std::string(core::errc_names[i]) + "` |") != std::string::npos);
    }
    CHECK(doc.find("version " + std::to_string(protocol::version)) != std::string::npos);
    const std::string limits = section_of(doc, "## Limits\n");
    REQUIRE_FALSE(limits.empty());
    for (const char* row :
         {"| frame size | 64 KiB |", "| JSON nesting depth | 8 |",
          "| op id | 1–64 printable ASCII characters other than space |",
          "| workshop id, codes, keys, tokens in hello | 1–64 characters `A–Z a–z 0–9 - _` |",
          "| workshop title, theme title, section title | 200 |", "| workshop purpose | 10 000 |",
          "| display name | 60 |", "| theme details, note text | 2 000 |",
          "| room name, slot label, timer label, next-step owner | 100 |",
          "| next-step text | 500 |", "| participants per workshop (present: not removed, not left) | 2 000 |",
          "| participants per workshop (ever joined) | 10 000 |",
          "| themes per workshop (all statuses) | 500 |", "| groups per workshop | 200 |",
          "| rooms / slots per workshop | 100 / 50 |",
          "| sections / notes / next steps per group | 50 / 2 000 / 100 |",
          "| earlier wordings kept per theme (the first and the latest) | 10 |",
          "| dots per participant option | 0–20 (default 5) |", "| room capacity | 0–10 000 |",
          "| timer duration | 1–86 400 seconds |",
          "| reorder positions | 0–1 000 000 (past the end means last) |"}) {
        INFO(row);
        CHECK(limits.find(row) != std::string::npos);
    }
}

TEST_CASE("the limits the docs state are the ones in the code", "[protocol][docs]") {
    // If one of these fails, change docs/protocol.md ("Limits") together with the constant.
    CHECK(protocol::max_frame_bytes == 64 * 1024);
    CHECK(protocol::max_json_depth == 8);
    CHECK(protocol::max_op_chars == 64);
    CHECK(protocol::max_token_chars == 64);
    CHECK(core::limits::title_chars == 200);
    CHECK(core::limits::purpose_chars == 10'000);
    CHECK(core::limits::name_chars == 60);
    CHECK(core::limits::details_chars == 2'000);
    CHECK(core::limits::note_chars == 2'000);
    CHECK(core::limits::label_chars == 100);
    CHECK(core::limits::step_chars == 500);
    CHECK(core::limits::participants == 2'000);
    CHECK(core::limits::participants_ever == 10'000);
    CHECK(core::limits::themes == 500);
    CHECK(core::limits::groups == 200);
    CHECK(core::limits::rooms == 100);
    CHECK(core::limits::slots == 50);
    CHECK(core::limits::sections_per_group == 50);
    CHECK(core::limits::notes_per_group == 2'000);
    CHECK(core::limits::steps_per_group == 100);
    CHECK(core::limits::theme_history == 10);
    CHECK(core::limits::max_dots == 20);
    CHECK(core::limits::default_dots == 5);
    CHECK(core::limits::max_room_capacity == 10'000);
    CHECK(core::limits::max_timer_seconds == 86'400);
    CHECK(core::limits::max_position == 1'000'000);
}
