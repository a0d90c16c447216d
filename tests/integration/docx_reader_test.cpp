// The DOCX recap read back by LibreOffice and Python's XML parser, which share no code with the
// writer: headings at their outline levels, every note once, the next-step table, the language.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "core/export_text.hpp"
#include "server/zip_package.hpp"
#include "tests/core/recap_fixtures.hpp"

using namespace samling::test;
using nlohmann::json;
namespace exporting = samling::core::exporting;

namespace {

/** The municipal plan in Danish, with notes in every Nordic letter, an emoji and markup. */
struct danish_plan : municipal_plan {
    danish_plan() {
        must(host, workshop_set_language{"da"});
        must(host, workshop_set_day{"2026-11-21", "Rådhuset, lokale 2"});
        must(ada, note_add{climate, 0, "Varmepumper i skolerne\nog i hallen — æøå ÆØÅ"});
        must(bo, group_join{climate});
        must(bo, note_add{climate, 0, "Svensk gæst: \"Vattnet är kallt, öh!\" 🏊"});
        must(bo, note_add{housing, 0, "<b>ikke fed</b> & ikke en <w:t>"});
        must(bo, next_step_add{housing, "Find grunde", "Bo", "", step_status::done});
    }
};

/** A folder of the test's own, removed at the end. */
struct scratch {
    std::filesystem::path path;
    scratch() {
        std::string name = (std::filesystem::temp_directory_path() / "samling-docx-XXXXXX").string();
        REQUIRE(::mkdtemp(name.data()) != nullptr);
        path = name;
    }
    ~scratch() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
};

json read_back(const std::string& bytes, const scratch& dir) {
    const auto file = dir.path / "recap.docx";
    std::ofstream(file, std::ios::binary) << bytes;
    const std::string command = "/usr/bin/python3 " SAMLING_TESTS_DIR "/read_docx.py " + file.string() + " " +
                                dir.path.string();
    std::string out;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
        char buffer[4096];
        for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
        CHECK(::pclose(pipe) == 0);
    }
    return json::parse(out, nullptr, false);
}

/** The headings the state calls for: the themes, then each group with its sections and steps. */
json expected_headings(const workshop_state& s) {
    const auto& w = exporting::words_for(s.language);
    json headings = json::array({{{"level", 1}, {"text", w.themes}}});
    for (const group* g : exporting::groups_in_order(s)) {
        headings.push_back({{"level", 1}, {"text", exporting::group_title(s, *g)}});
        for (const section* sec : exporting::sections_of(s, *g)) headings.push_back({{"level", 2}, {"text", sec->title}});
        if (!g->steps.empty()) headings.push_back({{"level", 2}, {"text", w.next_steps}});
    }
    return headings;
}

std::size_t count_of(const std::string& text, const std::string& part) {
    std::size_t count = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
    return count;
}

}  // namespace

TEST_CASE("the DOCX recap opens in LibreOffice with its headings, lists and tables", "[integration][export][docx]") {
    danish_plan plan;
    const auto& s = plan.state;
    const auto bytes = samling::server::export_docx(s, {1'704'153'600'000});
    REQUIRE(bytes);
    CHECK(bytes->starts_with("PK"));
    CHECK(samling::server::export_docx(s, {1'704'153'600'000}) == bytes);
    scratch dir;
    const json doc = read_back(*bytes, dir);
    REQUIRE(doc.is_object());
    CHECK(doc["parts"].size() == 8);
    for (const auto& [name, year] : doc["parts"].items()) CHECK(year == 1980);
    CHECK(doc["headings"] == expected_headings(s));
    const std::string text = doc["text"];
    CHECK(text.starts_with("Municipal plan 2027\n"));
    CHECK(count_of(text, "Dato: 2026-11-21") == 1);
    CHECK(count_of(text, "Sted: Rådhuset, lokale 2") == 1);
    const auto& items = doc["items"];
    for (const auto& [id, n] : s.notes) {
        INFO(n.text);
        CHECK(count_of(text, n.text) == 1);
        CHECK(std::count(items.begin(), items.end(), json(n.text)) == 1);
    }
    CHECK(items.size() == s.notes.size());
    const json steps = json::array({json::array({"Skridt", "Ansvarlig", "Frist", "Status"}),
                                    json::array({"Budget for heat pumps", "Finance office", "2027-03-01", "åbent"}),
                                    json::array({"Map the green belt", "Åse 😀", "", "i gang"})});
    REQUIRE(doc["tables"].size() == 3);
    CHECK(doc["tables"][0][0] == json::array({"Tema", "Stemmer", "Gruppe"}));
    CHECK(doc["tables"][0][1] == json::array({"Climate", "0", "Climate"}));
    CHECK(doc["tables"][1] == steps);
    CHECK(doc["tables"][2][1] == json::array({"Find grunde", "Bo", "", "afsluttet"}));
    CHECK(doc["header_rows"] == json::array({1, 1, 1}));
    // LibreOffice takes every style's text to be Danish, from w:lang of the document defaults.
    CHECK(doc["languages"] == json::array({"da-DK"}));
}
