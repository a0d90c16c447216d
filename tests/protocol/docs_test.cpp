// docs/protocol.md must name every command, event and error code the code knows.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "core/commands.hpp"
#include "core/errc.hpp"
#include "protocol/messages.hpp"

namespace {
std::string protocol_doc() {
    std::ifstream file(SAMLING_DOCS_DIR "/protocol.md");
    REQUIRE(file);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

template <class T> void command_documented(const std::string& doc) {
    INFO(T::info.name);
    CHECK(doc.find("#### `" + std::string(T::info.name) + "` → `" + std::string(T::info.event_name) + "`") !=
          std::string::npos);
}

template <std::size_t... I> void each_command_documented(const std::string& doc, std::index_sequence<I...>) {
    (command_documented<std::variant_alternative_t<I, samling::core::command>>(doc), ...);
}
}  // namespace

TEST_CASE("docs/protocol.md documents every command and event", "[protocol][docs]") {
    each_command_documented(protocol_doc(),
                            std::make_index_sequence<std::variant_size_v<samling::core::command>>{});
}

TEST_CASE("docs/protocol.md documents every error code", "[protocol][docs]") {
    const auto doc = protocol_doc();
    for (std::size_t i = 1; i < samling::core::errc_names.size(); ++i) {
        INFO(samling::core::errc_names[i]);
        CHECK(doc.find("| `" + std::string(samling::core::errc_names[i]) + "` |") != std::string::npos);
    }
    CHECK(doc.find("version " + std::to_string(samling::protocol::version)) != std::string::npos);
}
