// The XLSX recap read back by openpyxl, a reader that shares no code with the writer.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "server/export_xlsx.hpp"
#include "tests/core/fixture.hpp"

using namespace samling::test;
using nlohmann::json;

namespace {

/** A plan with a renamed group, goals as sections (one empty), notes and next steps. */
struct plan : workshop_fixture {
    plan() {
        phase(phase::marketplace);
        const auto climate = must(ada, theme_propose{"Klima", "CO₂ ned"});
        must(bo, theme_propose{"=HYPERLINK(\"x\")", ""});
        phase(phase::voting);
        must(ada, vote_add{climate});
        phase(phase::breakouts);
        const auto g = must(host, group_open{climate, ada});
        must(host, group_rename{g, "Klima og den grønne omstilling"});
        must(ada, group_join{g});
        const auto goal = must(ada, section_add{g, "Mål 1: halvér udledningen"});
        must(ada, section_add{g, "Mål 2: et grønt bælte"});
        must(ada, note_add{g, goal, "Varmepumper i skolerne\nog i hallen"});
        must(ada, note_add{g, 0, "@alle: husk cyklerne"});
        must(ada, next_step_add{g, "Budget til varmepumper", "Økonomi", "2027-03-01", step_status::in_progress});
    }
};

/** Runs the reader on `bytes` written to a file; its JSON answer. */
json read_back(const std::string& bytes) {
    const auto path = std::filesystem::temp_directory_path() / "samling-xlsx-reader-test.xlsx";
    std::ofstream(path, std::ios::binary) << bytes;
    // Debian's own Python, which python3-openpyxl installs into.
    const std::string command = "/usr/bin/python3 " SAMLING_TESTS_DIR "/read_xlsx.py " + path.string();
    std::string out;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
        char buffer[4096];
        for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
        CHECK(::pclose(pipe) == 0);
    }
    std::filesystem::remove(path);
    return json::parse(out, nullptr, false);
}

}  // namespace

TEST_CASE("the XLSX recap opens in an independent reader and holds the state", "[integration][export]") {
    plan p;
    const auto bytes = samling::server::export_xlsx(p.state);
    REQUIRE(bytes);
    CHECK(bytes->starts_with("PK"));
    const json book = read_back(*bytes);
    REQUIRE(book.is_object());
    const auto& sheets = book["sheets"];
    REQUIRE(sheets.size() == 3);
    CHECK(sheets[0]["name"] == "Noter");
    CHECK(sheets[1]["name"] == "Næste skridt");
    CHECK(sheets[2]["name"] == "Temaer");
    const auto& notes = sheets[0]["rows"];
    REQUIRE(notes.size() == 3);
    CHECK(notes[0] == json{"group", "section", "position", "text", "author", "created_at"});
    CHECK(notes[1][0] == "Klima og den grønne omstilling");
    CHECK(notes[1][3] == "@alle: husk cyklerne");  // a string, never a formula
    CHECK(notes[2][1] == "Mål 1: halvér udledningen");
    CHECK(notes[2][2] == 1);
    CHECK(notes[2][3] == "Varmepumper i skolerne\nog i hallen");
    CHECK(notes[2][4] == "Åse 😀");
    const auto& steps = sheets[1]["rows"];
    REQUIRE(steps.size() == 2);
    CHECK(steps[1] == json{"Klima og den grønne omstilling", 1, "Budget til varmepumper", "Økonomi",
                           "2027-03-01", "in_progress"});
    const auto& themes = sheets[2]["rows"];
    REQUIRE(themes.size() == 3);
    CHECK(themes[1] == json{"Klima", "CO₂ ned", 1, "open", "Klima og den grønne omstilling"});
    CHECK(themes[2][0] == "=HYPERLINK(\"x\")");
    CHECK(themes[2][2] == 0);
}
