#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/export.hpp"
#include "tests/core/fixture.hpp"

using namespace samling::test;

namespace {

/** A day with merged and withdrawn themes, sections, hostile text, next steps and an empty group. */
struct recap_day : workshop_fixture {
    entity_id transport = 0, quiet = 0, hostile = 0;
    recap_day() {
        must(host, workshop_set_purpose{"Første afsnit om dagen.\nAnden linje.\n\nNyt afsnit."});
        phase(samling::core::phase::marketplace);
        const auto bikes = must(ada, theme_propose{"Cykler og busser 🚲", "Også på landet"});
        const auto trains = must(bo, theme_propose{"Tog", ""});
        const auto culture = must(bo, theme_propose{"Kultur", ""});
        const auto gone = must(ada, theme_propose{"Gammel idé", ""});
        phase(samling::core::phase::voting);
        must(ada, vote_add{bikes});
        must(bo, vote_add{bikes});
        must(bo, vote_add{trains});
        must(host, theme_merge{trains, bikes});
        must(ada, theme_withdraw{gone});
        phase(samling::core::phase::breakouts);
        const auto room = must(host, room_add{"Sal Å", 30});
        const auto slot = must(host, slot_add{"Formiddag", "10:00", "11:30"});
        transport = must(host, group_open{bikes, ada});
        quiet = must(host, group_open{culture, 0});
        must(host, group_place{transport, room, slot});
        must(ada, group_join{transport});
        must(bo, group_join{transport});
        const auto section = must(ada, section_add{transport, "Cykelpolitik"});
        must(ada, note_add{transport, section, "Sikre stier æøå"});
        must(bo, note_add{transport, section, "Line one\nline two with \"quotes\", and a comma"});
        hostile = must(bo, note_add{transport, 0, "# Not a heading"});
        must(bo, note_add{transport, 0, "| a | b | and [link](javascript:alert(1)) <script>x</script>"});
        must(bo, note_add{transport, 0, "=SUM(A1:A9)"});
        must(bo, note_add{transport, 0, "1. not a list"});
        must(ada, next_step_add{transport, "Skriv til | kommunen", "Åse", "2026-12-01", step_status::in_progress});
    }
};

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

/** A small RFC 4180 reader: rows of fields. */
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') rows.back().back() += text[++i];
            else if (c == '"') quoted = false;
            else rows.back().back() += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().emplace_back();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            ++i;
            rows.emplace_back(1);
        } else {
            rows.back().back() += c;
        }
    }
    if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
    return rows;
}

}  // namespace

TEST_CASE("the Markdown recap has the shape of a hand-written one", "[core][export]") {
    recap_day day;
    const auto md = export_markdown(day.state);
    CHECK(md.rfind("# Fælles platform\n\n", 0) == 0);
    CHECK(md.find("Første afsnit om dagen.  \nAnden linje.\n\nNyt afsnit.") != std::string::npos);
    CHECK(md.find("## Temaer") != std::string::npos);
    CHECK(md.find("- Cykler og busser 🚲 (3 stemmer) — blev til en gruppe") != std::string::npos);
    CHECK(md.find("### Sammenlagte temaer\n\n- Tog — lagt sammen med Cykler og busser 🚲") != std::string::npos);
    CHECK(md.find("### Trukne temaer\n\n- Gammel idé") != std::string::npos);
    CHECK(md.find("- Kultur (0 stemmer)") != std::string::npos);
    CHECK(md.find("## Cykler og busser 🚲\n\nLokale: Sal Å  \nTidspunkt: Formiddag (10:00–11:30)  \n"
                  "Tovholder: Åse 😀  \nDeltog: Åse 😀, Bo") != std::string::npos);
    CHECK(md.find("### Cykelpolitik\n\n- Sikre stier æøå\n- Line one  \n  line two") != std::string::npos);
    CHECK(md.find("## Kultur") != std::string::npos);
    CHECK(md.find("*Der blev ikke skrevet noter.*") != std::string::npos);
    CHECK(md.find("| Skriv til \\| kommunen | Åse | 2026-12-01 | i gang |") != std::string::npos);
    // Groups in slot order: the placed group comes before the unplaced one.
    CHECK(md.find("## Cykler og busser") < md.find("## Kultur"));
}

TEST_CASE("user text cannot change the Markdown structure", "[core][export]") {
    recap_day day;
    const auto md = export_markdown(day.state);
    CHECK(md.find("- \\# Not a heading") != std::string::npos);
    CHECK(md.find("\\| a \\| b \\|") != std::string::npos);
    CHECK(md.find("\\[link\\](javascript:alert(1)) \\<script\\>") != std::string::npos);
    CHECK(md.find("- 1\\. not a list") != std::string::npos);
    int headings = 0;
    for (const auto& line : lines_of(md)) headings += line.rfind("#", 0) == 0 ? 1 : 0;
    // Title, Themes, Merged, Withdrawn, two groups, one section, next steps.
    CHECK(headings == 8);
}

TEST_CASE("the HTML recap is standalone, printable and escapes everything", "[core][export]") {
    recap_day day;
    const auto html = export_html(day.state);
    CHECK(html.rfind("<!doctype html>\n<html lang=\"da\">", 0) == 0);
    CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
    CHECK(html.find("break-before: page") != std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("&lt;script&gt;x&lt;/script&gt;") != std::string::npos);
    CHECK(html.find("Line one<br>\nline two with &quot;quotes&quot;, and a comma") != std::string::npos);
    CHECK(html.find("<p>Første afsnit om dagen.<br>\nAnden linje.</p>\n<p>Nyt afsnit.</p>") != std::string::npos);
    CHECK(html.find("http") == std::string::npos);  // no external resources
    std::size_t groups = 0;
    for (auto at = html.find("<section class=\"group\">"); at != std::string::npos; at = html.find("<section class=\"group\">", at + 1)) ++groups;
    CHECK(groups == 2);
    CHECK(html.find("<td>Skriv til | kommunen</td><td>Åse</td><td>2026-12-01</td><td>i gang</td>") != std::string::npos);
}

TEST_CASE("recap headings follow the workshop's language", "[core][export]") {
    recap_day day;
    const std::pair<const char*, const char*> expected[] = {{"en", "## Themes"}, {"sv", "## Teman"}, {"nb", "Neste steg"}};
    for (const auto& [language, heading] : expected) {
        day.must(day.host, workshop_set_language{language});
        CHECK(export_markdown(day.state).find(heading) != std::string::npos);
    }
}

TEST_CASE("exports are deterministic", "[core][export]") {
    recap_day a, b;
    CHECK(export_markdown(a.state) == export_markdown(b.state));
    CHECK(export_html(a.state) == export_html(b.state));
    CHECK(export_csv(a.state) == export_csv(b.state));
}

TEST_CASE("the CSV has one row per note and survives a re-parse", "[core][export]") {
    recap_day day;
    const auto csv = export_csv(day.state);
    REQUIRE(csv.rfind("\xEF\xBB\xBFgroup,section,position,text,author,created_at\r\n", 0) == 0);
    const auto rows = parse_csv(csv.substr(3));
    REQUIRE(rows.size() == 1 + day.state.notes.size());
    for (const auto& row : rows) CHECK(row.size() == 6);
    std::vector<std::string> texts;
    for (std::size_t i = 1; i < rows.size(); ++i) texts.push_back(rows[i][3]);
    CHECK(texts == std::vector<std::string>{"# Not a heading",
                                             "| a | b | and [link](javascript:alert(1)) <script>x</script>",
                                             "'=SUM(A1:A9)", "1. not a list", "Sikre stier æøå",
                                             "Line one\nline two with \"quotes\", and a comma"});
    CHECK(rows[5][1] == "Cykelpolitik");
    CHECK(rows[5][2] == "1");
    CHECK(rows[6][2] == "2");
    CHECK(rows[6][4] == "Bo");
    CHECK(rows[1][5].size() == 20);
    CHECK(rows[1][5].back() == 'Z');
}

TEST_CASE("a large workshop exports every note", "[core][export]") {
    workshop_fixture w;
    w.phase(phase::marketplace);
    std::vector<entity_id> themes;
    for (int i = 0; i < 50; ++i) themes.push_back(w.must(w.ada, theme_propose{"Tema " + std::to_string(i), ""}));
    w.phase(phase::breakouts);
    for (auto theme : themes) {
        const auto g = w.must(w.host, group_open{theme, 0});
        for (int n = 0; n < 200; ++n) w.must(w.bo, note_add{g, 0, "Note " + std::to_string(n) + " øæå"});
    }
    const auto csv = export_csv(w.state);
    CHECK(parse_csv(csv.substr(3)).size() == 1 + 50 * 200);
    const auto md = export_markdown(w.state);
    std::size_t bullets = 0;
    for (const auto& line : lines_of(md)) bullets += line.rfind("- Note ", 0) == 0 ? 1 : 0;
    CHECK(bullets == 50 * 200);
}

TEST_CASE("exports match the golden files", "[core][export][golden]") {
    recap_day day;
    const std::pair<const char*, std::string> outputs[] = {
        {"recap.md", export_markdown(day.state)}, {"recap.html", export_html(day.state)}, {"notes.csv", export_csv(day.state)}};
    const bool update = std::getenv("SAMLING_UPDATE_GOLDEN") != nullptr;
    for (const auto& [name, text] : outputs) {
        const std::string path = std::string(SAMLING_GOLDEN_DIR) + "/" + name;
        INFO(path << " (rerun with SAMLING_UPDATE_GOLDEN=1 to rewrite after an intended change, then review the diff)");
        if (update) std::ofstream(path, std::ios::binary) << text;
        std::ifstream file(path, std::ios::binary);
        REQUIRE(file);
        std::ostringstream golden;
        golden << file.rdbuf();
        CHECK(golden.str() == text);
    }
}
