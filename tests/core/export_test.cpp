// The recap exports: golden files are the spec; targeted checks show that user text stays text.
#include "core/export.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/export_docx.hpp"
#include "core/export_text.hpp"
#include "tests/core/fixture.hpp"
#include "tests/core/golden.hpp"

using namespace samling::test;

namespace {

/** A harbour workshop: hostile text everywhere, merged and withdrawn themes, four groups. */
struct harbour_day : workshop_fixture {
    entity_id bath = 0, roofs = 0, light = 0, art = 0, formula = 0;
    harbour_day() {
        must(host, workshop_rename{"Havnen 2030: *vand*, <b>by</b> & [liv](javascript:alert(1))"});
        must(host, workshop_set_purpose{"Vi samles for at finde idéer til den gamle havnefront.\n"
                                        "Alle kan foreslå et emne — også små.\n\n"
                                        "# Ikke en overskrift\n> ikke et citat\n1. ikke en liste"});
        must(host, participant_rename{"Kirsten Høj"});
        must(bo, participant_rename{"@Bo <b>Lind</b>"});
        propose_and_vote();
        place_groups();
        write_notes();
    }

    void propose_and_vote() {
        phase(phase::marketplace);
        const auto t_bath =
            must(ada, theme_propose{"Badezoner hele året 🏊",
                                    "Om vinteren med sauna.\nOm sommeren med livreddere."});
        const auto t_roofs = must(bo, theme_propose{"Grønne tage & <solceller>", ""});
        const auto t_boats = must(bo, theme_propose{"Både for unge", ""});
        const auto t_parking = must(ada, theme_propose{"Parkering ved kajen", ""});
        const auto t_light = must(ada, theme_propose{"# Lys om aftenen", ""});
        const auto t_art = must(bo, theme_propose{"Kunst på kajen | \"skulpturer\"", ""});
        must(bo, theme_propose{"#havnelivet", "Et tema uden stemmer."});
        must(ada, theme_withdraw{t_parking});
        phase(phase::voting);
        for (auto t : {t_bath, t_bath, t_roofs, t_art}) must(ada, vote_add{t});
        for (auto t : {t_bath, t_roofs, t_light, t_light, t_boats}) must(bo, vote_add{t});
        must(host, theme_merge{t_boats, t_bath});
        phase(phase::breakouts);
        bath = must(host, group_open{t_bath, ada});
        roofs = must(host, group_open{t_roofs, bo});
        light = must(host, group_open{t_light, 0});
        art = must(host, group_open{t_art, host});
    }

    void place_groups() {
        const auto workshop = must(host, room_add{"Værkstedet", 12});
        const auto hall = must(host, room_add{"Sal Ø", 40});
        const auto loft = must(host, room_add{"Loftet", 0});
        const auto morning = must(host, slot_add{"Formiddag", "10:00", "11:15"});
        const auto afternoon = must(host, slot_add{"Eftermiddag", "13:00", "14:30"});
        must(host, group_place{bath, workshop, afternoon});
        must(host, group_place{roofs, hall, morning});
        must(host, group_place{art, loft, morning});
    }

    void write_notes() {
        must(bo, group_join{roofs});
        must(bo, note_add{roofs, 0, "Sedum på cykelskurene"});
        const auto money = must(bo, section_add{roofs, "Økonomi"});
        must(bo, note_add{roofs, money, "Tilskud fra <fonde> & puljer"});
        must(host, group_join{art});
        must(host, note_add{art, 0, "Udstilling hver sommer"});
        // Bo visits the bath group before Åse: first-visit order, not id order.
        must(bo, group_join{bath});
        must(ada, group_join{bath});
        const auto safety = must(ada, section_add{bath, "Sikkerhed 🛟"});
        const auto water = must(bo, section_add{bath, "Vand & <kvalitet>"});
        must(ada, section_add{bath, "Tomt afsnit"});
        for (const char* text : {"# Ikke en overskrift", "| a | b |\n|---|---|",
                                 "[klik](javascript:alert(1)) <script>alert('x')</script>",
                                 "1. ikke en liste\n2) heller ikke"}) {
            must(bo, note_add{bath, 0, text});
        }
        formula = must(bo, note_add{bath, 0, "=SUM(A1)"});
        must(bo, note_move{formula, 0, 0});
        must(ada, note_add{bath, 0,
                           "Første linje\nanden linje med \"citat\", og komma\r\ntredje linje"});
        must(ada, note_add{bath, 0, "-5 grader i vandet ❄️"});
        const auto guards = must(ada, note_add{bath, safety, "Livreddere i weekenden"});
        must(ada, note_edit{guards, "Livreddere i weekenden 🛟 (frivillige)"});
        must(ada, note_add{bath, safety, "Lys ved stigerne\nog gelænder hele vejen"});
        must(bo, note_add{bath, water, "Målinger hver uge — æøå ÆØÅ"});
        must(bo, note_add{bath, water, "Svensk gæst: \"Vattnet är kallt, öh!\""});
        must(bo, note_add{bath, water, "Norsk gjest: «Kaldt, men deilig!»"});
        must(ada, next_step_add{bath, "Skriv til kommunen | teknik og miljø", "Åse 😀", "2024-01-15",
                                step_status::in_progress});
        must(ada, next_step_add{bath, "Find *frivillige*\npå skift", "", "", step_status::open});
        must(bo, next_step_add{bath, "Book saunaen", "@Bo", "2023-12-01", step_status::done});
    }
};

/** 2024-01-02T00:00:00Z */
constexpr export_options golden_options{1'704'153'600'000};

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

/** A small RFC 4180 reader: rows of fields; CR LF ends a row only outside quotes. */
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted && c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
            rows.back().back() += text[++i];
        } else if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && c == ',') {
            rows.back().emplace_back();
        } else if (!quoted && c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
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

TEST_CASE("exports match the golden files", "[core][export]") {
    harbour_day day;
    check_golden("recap.md", export_markdown(day.state, golden_options));
    check_golden("recap.html", export_html(day.state, golden_options));
    check_golden("notes.csv", export_csv(day.state));
    check_golden("steps.csv", export_steps_csv(day.state));
    check_golden("recap.document.xml", export_docx_document(day.state, golden_options));
}

TEST_CASE("exports without names name nobody, in every format", "[core][export][names]") {
    harbour_day day;
    export_options nameless = golden_options;
    nameless.names = false;
    check_golden("recap-without-names.md", export_markdown(day.state, nameless));
    check_golden("recap-without-names.html", export_html(day.state, nameless));
    const std::pair<const char*, std::string> exports[] = {
        {"md", export_markdown(day.state, nameless)},       {"html", export_html(day.state, nameless)},
        {"csv", export_csv(day.state, nameless)},           {"steps csv", export_steps_csv(day.state, nameless)},
        {"docx", export_docx_document(day.state, nameless)},
    };
    // The names the day's people go by (escaped as each format escapes them), and the owners typed
    // for next steps: a participant's name ("Åse 😀") and a handle ("@Bo").
    const char* names[] = {"Kirsten", "Åse", "Lind", "@Bo", "Press"};
    for (const auto& [format, text] : exports) {
        for (const char* name : names) {
            INFO(format << " holds " << name);
            CHECK(text.find(name) == std::string::npos);
        }
    }
    // With names, the same exports do name them: the search above can fail.
    CHECK(export_markdown(day.state, golden_options).find("Kirsten") != std::string::npos);
    CHECK(export_steps_csv(day.state).find("@Bo") != std::string::npos);
    CHECK(export_csv(day.state).find("Åse") != std::string::npos);
    // A group says how many took part instead of who, and the next steps lose their owner column.
    const auto md = export_markdown(day.state, nameless);
    const auto& w = samling::core::exporting::words_for("da");
    CHECK(md.find(std::string(w.participants) + ": 2") != std::string::npos);
    CHECK(md.find(std::string(w.convener) + ":") == std::string::npos);
    CHECK(md.find("| " + std::string(w.step) + " | " + std::string(w.due) + " |") != std::string::npos);
    CHECK(md.find(std::string(w.owner)) == std::string::npos);
    // The spreadsheets keep their columns, so an import set up for them still reads them.
    CHECK(export_csv(day.state, nameless).starts_with("\xEF\xBB\xBFgroup,section,position,text,author,created_at\r\n"));
    CHECK(export_steps_csv(day.state, nameless).starts_with("\xEF\xBB\xBFgroup,position,step,owner,due,status\r\n"));
}

TEST_CASE("without_names empties every name and owner and keeps the rest", "[core][export][names]") {
    harbour_day day;
    const workshop_state nameless = without_names(day.state);
    REQUIRE(nameless.participants.size() == day.state.participants.size());
    for (const auto& [id, p] : nameless.participants) CHECK(p.name.empty());
    for (const auto& [id, step] : nameless.steps) CHECK(step.owner.empty());
    workshop_state back = nameless;
    for (auto& [id, p] : back.participants) p.name = day.state.participants.at(id).name;
    for (auto& [id, step] : back.steps) step.owner = day.state.steps.at(id).owner;
    CHECK(back == day.state);
}

TEST_CASE("user text cannot change the Markdown structure", "[core][export]") {
    harbour_day day;
    const auto md = export_markdown(day.state);
    std::vector<std::string> headings;
    for (const auto& line : lines_of(md)) {
        if (line.starts_with("#")) headings.push_back(line);
        CHECK_FALSE(line.starts_with(">"));
        // The ranking by votes is the recap's own ordered list; user text never starts one.
        CHECK_FALSE(line.starts_with("1. ikke"));
        CHECK_FALSE(line.starts_with("  1."));
    }
    CHECK(headings ==
          std::vector<std::string>{
              "# Havnen 2030: \\*vand\\*, \\<b\\>by\\</b\\> & "
              "\\[liv\\](javascript:alert(1))",
              "## Temaer", "### Rangordnet efter stemmer", "### Sammenlagte temaer", "### Tilbagetrukne temaer",
              "## Grønne tage & \\<solceller\\>", "### Økonomi",
              "## Kunst på kajen \\| \"skulpturer\"", "## Badezoner hele året 🏊",
              "### Sikkerhed 🛟", "### Vand & \\<kvalitet\\>", "### Tomt afsnit",
              "### Næste skridt", "## \\# Lys om aftenen"});
    CHECK(md.find("- \\# Ikke en overskrift\n") != std::string::npos);
    // With every '|' escaped no table can form, so the dashes may stay as they are.
    CHECK(md.find("- \\| a \\| b \\|  \n  \\|---\\|---\\|\n") != std::string::npos);
    CHECK(md.find("- \\[klik\\](javascript:alert(1)) \\<script\\>") != std::string::npos);
    CHECK(md.find("- 1\\. ikke en liste  \n  2\\) heller ikke\n") != std::string::npos);
    CHECK(md.find("| Skriv til kommunen \\| teknik og miljø | Åse 😀 | 2024-01-15 | i gang |") !=
          std::string::npos);
    CHECK(md.find("| Find \\*frivillige\\* på skift |  |  | åbent |") != std::string::npos);
    // Every < [ ] from user text is escaped: none of the fixed text uses them.
    for (std::size_t at = md.find_first_of("<[]"); at != std::string::npos;
         at = md.find_first_of("<[]", at + 1)) {
        CHECK(md[at - 1] == '\\');
    }
}

TEST_CASE("the Markdown recap orders themes, groups and people", "[core][export]") {
    harbour_day day;
    const auto md = export_markdown(day.state);
    const auto pos = [&](std::string_view text) { return md.find(text); };
    // The marketplace in proposal order, votes in a column (the merged theme's dot moved with it).
    CHECK(pos("| Tema | Stemmer | Gruppe |\n| --- | ---: | --- |\n| Badezoner hele året 🏊 — *Om "
              "vinteren med sauna. Om sommeren med livreddere.* | 4 | Badezoner hele året 🏊 |\n"
              "| Grønne tage & \\<solceller\\> | 2 | Grønne tage & \\<solceller\\> |\n") !=
          std::string::npos);
    CHECK(pos("| Grønne tage") < pos("| \\# Lys om aftenen | 2 |"));
    CHECK(pos("| \\# Lys om aftenen | 2 |") < pos("| Kunst på kajen \\| \"skulpturer\" | 1 |"));
    CHECK(pos("| \\#havnelivet — *Et tema uden stemmer.* | 0 |  |\n") != std::string::npos);
    CHECK(pos("- Både for unge — lagt sammen med Badezoner hele året 🏊\n") != std::string::npos);
    // Groups by slot start, then room order (Sal Ø was added before Loftet); the unplaced last.
    CHECK(pos("## Grønne") < pos("## Kunst"));
    CHECK(pos("## Kunst") < pos("## Badezoner"));
    CHECK(pos("## Badezoner") < pos("## \\# Lys"));
    CHECK(md.ends_with(
        "## \\# Lys om aftenen\n\nDeltagere: ingen\n\n*Der blev ikke skrevet noter.*\n"));
    CHECK(pos("Lokale: Værkstedet  \nTidspunkt: Eftermiddag (13:00–14:30)  \nIndkalder: Åse 😀  \n"
              "Deltagere: @Bo \\<b\\>Lind\\</b\\>, Åse 😀\n") != std::string::npos);
    // Notes directly under the group first, moved note on top; an empty section kept.
    CHECK(pos("\n- \\=SUM(A1)\n- \\# Ikke") < pos("### Sikkerhed"));
    CHECK(pos("### Tomt afsnit\n\n### Næste skridt") != std::string::npos);
    CHECK(pos("- Første linje  \n  anden linje med \"citat\", og komma  \n  tredje linje\n") !=
          std::string::npos);
}

TEST_CASE("the HTML recap is standalone, printable and escapes everything", "[core][export]") {
    harbour_day day;
    const auto html = export_html(day.state, golden_options);
    CHECK(html.starts_with(
        "<!doctype html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n"));
    CHECK(html.find("@page") != std::string::npos);
    // Groups follow one another, each kept together where it fits; table heads repeat.
    CHECK(html.find("break-before: page") == std::string::npos);
    CHECK(html.find("section.group { break-inside: avoid; }") != std::string::npos);
    CHECK(html.find("thead { display: table-header-group; }") != std::string::npos);
    CHECK(html.find("<td class=\"due\">2024-01-15</td>") != std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") != std::string::npos);
    CHECK(html.find("<b>") == std::string::npos);
    CHECK(html.find("@Bo &lt;b&gt;Lind&lt;/b&gt;") != std::string::npos);
    CHECK(html.find("Kunst på kajen | &quot;skulpturer&quot;") != std::string::npos);
    CHECK(html.find("href") == std::string::npos);
    CHECK(html.find("src=") == std::string::npos);
    CHECK(html.find("http") == std::string::npos);
    CHECK(html.find("anden linje med &quot;citat&quot;, og komma<br>\ntredje linje") !=
          std::string::npos);
    CHECK(html.find("<p>Vi samles for at finde idéer til den gamle havnefront.<br>\n"
                    "Alle kan foreslå et emne — også små.</p>\n<p># Ikke en overskrift<br>\n"
                    "&gt; ikke et citat<br>\n1. ikke en liste</p>\n") != std::string::npos);
    std::size_t groups = 0;
    for (auto at = html.find("<section class=\"group\">"); at != std::string::npos;
         at = html.find("<section class=\"group\">", at + 1)) {
        ++groups;
    }
    CHECK(groups == 4);
    CHECK(
        html.ends_with("<footer>\n<p class=\"generated\">Eksporteret "
                       "2024-01-02</p>\n</footer>\n</body>\n</html>\n"));
}

TEST_CASE("the CSV has one row per note and survives a re-parse", "[core][export]") {
    harbour_day day;
    const auto csv = export_csv(day.state);
    REQUIRE(csv.starts_with("\xEF\xBB\xBFgroup,section,position,text,author,created_at\r\n"));
    const auto rows = parse_csv(csv.substr(3));
    REQUIRE(rows.size() == 1 + day.state.notes.size());
    std::vector<std::string> texts;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        REQUIRE(rows[i].size() == 6);
        texts.push_back(rows[i][3]);
        CHECK(rows[i][5].size() == 20);
        CHECK(rows[i][5].starts_with("2023-11-1"));
        CHECK(rows[i][5].ends_with("Z"));
    }
    CHECK(texts ==
          std::vector<std::string>{
              "Sedum på cykelskurene", "Tilskud fra <fonde> & puljer", "Udstilling hver sommer",
              "'=SUM(A1)", "# Ikke en overskrift", "| a | b |\n|---|---|",
              "[klik](javascript:alert(1)) <script>alert('x')</script>",
              "1. ikke en liste\n2) heller ikke",
              "Første linje\nanden linje med \"citat\", og komma\r\ntredje linje",
              "'-5 grader i vandet ❄️", "Livreddere i weekenden 🛟 (frivillige)",
              "Lys ved stigerne\nog gelænder hele vejen", "Målinger hver uge — æøå ÆØÅ",
              "Svensk gæst: \"Vattnet är kallt, öh!\"", "Norsk gjest: «Kaldt, men deilig!»"});
    // Groups as the day ran: the morning's Sal Ø (added before Loftet) first.
    CHECK(rows[3] == std::vector<std::string>{"Kunst på kajen | \"skulpturer\"", "", "1",
                                              "Udstilling hver sommer", "Kirsten Høj", rows[3][5]});
    CHECK(rows[2][1] == "Økonomi");
    CHECK(rows[2][2] == "1");
    CHECK(rows[4][4] == "'@Bo <b>Lind</b>");
    CHECK(rows[10][2] == "7");
    CHECK(rows[12][1] == "Sikkerhed 🛟");
    CHECK(rows[12][2] == "2");
    CHECK(csv.find("\"'=SUM(A1)\"") == std::string::npos);  // quoted only when it must be
    CHECK(csv.find(",'=SUM(A1),") != std::string::npos);
    CHECK(csv.find("\"Svensk gæst: \"\"Vattnet är kallt, öh!\"\"\"") != std::string::npos);
}

TEST_CASE("exports are deterministic", "[core][export]") {
    harbour_day a, b;
    CHECK(export_markdown(a.state, golden_options) == export_markdown(a.state, golden_options));
    CHECK(export_markdown(a.state, golden_options) == export_markdown(b.state, golden_options));
    CHECK(export_html(a.state, golden_options) == export_html(b.state, golden_options));
    CHECK(export_csv(a.state) == export_csv(b.state));
    // Without an export date there is no "exported" line.
    CHECK(export_markdown(a.state).find("Eksporteret") == std::string::npos);
    CHECK(export_html(a.state).find("<footer>") == std::string::npos);
}

TEST_CASE("recap words follow the workshop's language", "[core][export]") {
    harbour_day day;
    struct expected_words {
        const char *language, *themes, *people, *steps, *empty;
    };
    const expected_words table[] = {
        {"en", "## Themes", "Participants: ", "### Next steps", "*No notes were written.*"},
        {"da", "## Temaer", "Deltagere: ", "### Næste skridt", "*Der blev ikke skrevet noter.*"},
        {"sv", "## Teman", "Deltagare: ", "### Nästa steg", "*Inga anteckningar skrevs.*"},
        {"nb", "## Temaer", "Deltakere: ", "### Neste steg",
         "*Det ble ikke skrevet noen notater.*"}};
    for (const auto& row : table) {
        day.must(day.host, workshop_set_language{row.language});
        const auto md = export_markdown(day.state);
        for (const char* word : {row.themes, row.people, row.steps, row.empty}) {
            INFO(row.language << ": " << word);
            CHECK(md.find(word) != std::string::npos);
        }
        CHECK(export_html(day.state).find(std::string("<html lang=\"") + row.language + "\">") !=
              std::string::npos);
    }
}

TEST_CASE("export dates are UTC calendar dates", "[core][export]") {
    using samling::core::exporting::calendar_date, samling::core::exporting::iso_time;
    CHECK(calendar_date(0) == "1970-01-01");
    CHECK(calendar_date(-1) == "1969-12-31");
    CHECK(calendar_date(951'782'400'000) == "2000-02-29");
    CHECK(calendar_date(4'107'542'400'000) == "2100-03-01");
    CHECK(iso_time(1'700'000'000'000) == "2023-11-14T22:13:20Z");
    CHECK(iso_time(-1) == "1969-12-31T23:59:59Z");
    CHECK(iso_time(253'402'300'799'000) == "9999-12-31T23:59:59Z");
}

TEST_CASE("an almost empty workshop renders a short recap", "[core][export]") {
    workshop_fixture w;
    w.must(w.host, workshop_rename{"Tom dag"});
    w.must(w.host, workshop_set_purpose{""});
    CHECK(export_markdown(w.state) == "# Tom dag\n\nDato: 2023-11-14\n");
    CHECK(export_csv(w.state) == "\xEF\xBB\xBFgroup,section,position,text,author,created_at\r\n");
}

TEST_CASE("a large workshop exports every note", "[core][export]") {
    workshop_fixture w;
    w.phase(phase::marketplace);
    std::vector<entity_id> themes;
    for (int i = 0; i < 50; ++i)
        themes.push_back(w.must(w.ada, theme_propose{"Tema " + std::to_string(i), ""}));
    w.phase(phase::breakouts);
    for (auto theme : themes) {
        const auto g = w.must(w.host, group_open{theme, 0});
        for (int n = 0; n < 200; ++n)
            w.must(w.bo, note_add{g, 0, "Note " + std::to_string(n) + " øæå"});
    }
    CHECK(parse_csv(export_csv(w.state).substr(3)).size() == 1 + 50 * 200);
    std::size_t bullets = 0;
    for (const auto& line : lines_of(export_markdown(w.state)))
        bullets += line.starts_with("- Note ") ? 1 : 0;
    CHECK(bullets == 50 * 200);
    const auto html = export_html(w.state);
    std::size_t items = 0;
    for (auto at = html.find("<li>Note "); at != std::string::npos;
         at = html.find("<li>Note ", at + 1))
        ++items;
    CHECK(items == 50 * 200);
}
