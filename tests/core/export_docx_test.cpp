// The DOCX recap: document.xml against golden files, and the structure Word reads (styles with
// outline levels, real lists, repeating table heads, the language), every user string escaped.
#include "core/export_docx.hpp"

#include <algorithm>
#include <string>

#include "core/export_wml.hpp"
#include "tests/core/golden.hpp"
#include "tests/core/recap_fixtures.hpp"

using namespace samling::test;

namespace {

/** 2024-01-02T00:00:00Z */
constexpr export_options golden_options{1'704'153'600'000};

std::size_t count_of(const std::string& text, std::string_view part) {
    std::size_t count = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
    return count;
}

const std::string& part(const std::vector<package_part>& parts, std::string_view path) {
    auto it = std::find_if(parts.begin(), parts.end(), [&](const package_part& p) { return p.path == path; });
    REQUIRE(it != parts.end());
    return it->bytes;
}

/** A paragraph of `style` whose text begins with `text`, as core writes it. */
std::string styled(std::string_view style, std::string_view text) {
    return "<w:pStyle w:val=\"" + std::string(style) + "\"/></w:pPr><w:r><w:t xml:space=\"preserve\">" +
           std::string(text);
}

/** A bullet of the recap's list whose text begins with `text`. */
std::string bullet(std::string_view text) {
    return "<w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t xml:space=\"preserve\">" + std::string(text);
}

}  // namespace

TEST_CASE("the DOCX body matches the golden files", "[core][export][docx]") {
    municipal_plan plan;
    check_golden("plan.document.xml", export_docx_document(plan.state, golden_options));
    open_space_day day;
    check_golden("day.document.xml", export_docx_document(day.state, golden_options));
}

TEST_CASE("a DOCX plan has its groups as headings, goals under them and real lists", "[core][export][docx]") {
    municipal_plan plan;
    const auto doc = export_docx_document(plan.state);
    CHECK(doc.find(styled("Title", "Municipal plan 2027")) != std::string::npos);
    CHECK(doc.find("<w:b/></w:rPr><w:t xml:space=\"preserve\">Date:</w:t></w:r><w:r><w:t xml:space=\"preserve\"> "
                   "</w:t></w:r><w:r><w:t xml:space=\"preserve\">2026-11-21<") != std::string::npos);
    CHECK(doc.find("Place:</w:t>") != std::string::npos);
    // The themes and each group open a level-1 heading; goals, empty ones too, are level 2.
    CHECK(count_of(doc, "<w:pStyle w:val=\"Heading1\"/>") == 3);
    CHECK(doc.find(styled("Heading1", "Climate<")) != std::string::npos);
    CHECK(doc.find(styled("Heading1", "Housing<")) != std::string::npos);
    for (const char* goal : {"Goal 1: halve emissions by 2030", "Goal 2: a green belt", "Goal 3: bikes first",
                             "Goal 1: 500 homes"}) {
        CHECK(doc.find(styled("Heading2", goal)) != std::string::npos);
    }
    CHECK(doc.find(bullet("Activity: heat pumps in schools")) != std::string::npos);
    CHECK(doc.find(bullet("Activity: a bike lane on the ring road")) != std::string::npos);
    CHECK(count_of(doc, "<w:numPr>") == 2);
    // Themes and next steps are tables whose first row repeats on every page.
    CHECK(count_of(doc, "<w:tbl>") == 2);
    CHECK(count_of(doc, "<w:tblHeader/>") == 2);
    CHECK(doc.find(styled("Heading2", "Next steps")) != std::string::npos);
    CHECK(doc.find(">Finance office<") != std::string::npos);
    CHECK(doc.find(">in progress<") != std::string::npos);
    CHECK(doc.find("<w:sectPr>") != std::string::npos);
}

TEST_CASE("a DOCX day follows the slot and the room order", "[core][export][docx]") {
    open_space_day day;
    const auto doc = export_docx_document(day.state);
    const auto harbour = doc.find(styled("Heading1", "Harbour<"));
    const auto culture = doc.find(styled("Heading1", "Culture (and sport)<"));
    const auto schools = doc.find(styled("Heading1", "Schools that stay open<"));
    const auto transport = doc.find(styled("Heading1", "Transport and the green transition<"));
    REQUIRE(harbour != std::string::npos);
    REQUIRE(culture != std::string::npos);
    REQUIRE(schools != std::string::npos);
    REQUIRE(transport != std::string::npos);
    // Room A was moved first; the others keep the order they were added in (D, C, B).
    CHECK(harbour < transport);
    CHECK(transport < schools);
    CHECK(schools < culture);
    // A renamed group names the theme it came from.
    CHECK(doc.find("Theme:</w:t></w:r><w:r><w:t xml:space=\"preserve\"> </w:t></w:r><w:r><w:t "
                   "xml:space=\"preserve\">Transport<") != std::string::npos);
}

TEST_CASE("DOCX styles carry outline levels and the workshop's language", "[core][export][docx]") {
    municipal_plan plan;
    auto parts = export_docx_parts(plan.state);
    const auto& styles = part(parts, "word/styles.xml");
    CHECK(styles.find("w:styleId=\"Title\"") != std::string::npos);
    for (int level = 1; level <= 3; ++level) {
        const auto at = styles.find("w:styleId=\"Heading" + std::to_string(level) + "\"");
        REQUIRE(at != std::string::npos);
        const auto end = styles.find("</w:style>", at);
        const auto outline = styles.find("<w:outlineLvl w:val=\"" + std::to_string(level - 1) + "\"/>", at);
        CHECK(outline < end);
        CHECK(styles.find("<w:name w:val=\"heading " + std::to_string(level) + "\"/>", at) < end);
    }
    CHECK(styles.find("<w:lang w:val=\"en-GB\"") != std::string::npos);
    CHECK(part(parts, "word/numbering.xml").find("<w:numFmt w:val=\"bullet\"/>") != std::string::npos);
    CHECK(part(parts, "docProps/core.xml").find("<dc:language>en-GB</dc:language>") != std::string::npos);
    plan.must(plan.host, workshop_set_language{"da"});
    CHECK(part(export_docx_parts(plan.state), "word/styles.xml").find("<w:lang w:val=\"da-DK\"") != std::string::npos);
    CHECK(docx_language("sv") == "sv-SE");
    CHECK(docx_language("nb") == "nb-NO");
}

TEST_CASE("the DOCX package lists every part it holds", "[core][export][docx]") {
    open_space_day day;
    const auto parts = export_docx_parts(day.state, golden_options);
    REQUIRE(parts.front().path == "[Content_Types].xml");
    const std::string& types = parts.front().bytes;
    for (const auto& p : parts) {
        if (p.path.ends_with(".rels") || p.path == "[Content_Types].xml") continue;
        CHECK(types.find("PartName=\"/" + p.path + "\"") != std::string::npos);
    }
    CHECK(part(parts, "_rels/.rels").find("Target=\"word/document.xml\"") != std::string::npos);
    for (const char* target : {"styles.xml", "numbering.xml", "settings.xml"}) {
        CHECK(part(parts, "word/_rels/document.xml.rels").find(std::string("Target=\"") + target) != std::string::npos);
    }
    CHECK(part(parts, "docProps/core.xml").find("2024-01-02T00:00:00Z") != std::string::npos);
    open_space_day again;
    CHECK(export_docx_parts(again.state, golden_options) == parts);
}

TEST_CASE("DOCX text is escaped and keeps its lines", "[core][export][docx]") {
    CHECK(wml::escape("a<b>&\"c\"'d'") == "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;");
    // XML 1.0 has no place for most control characters nor U+FFFE and U+FFFF.
    CHECK(wml::escape("a\x01\x1f" "b\xEF\xBF\xBE" "c\xEF\xBF\xBF" "d\te") == "abcd e");
    CHECK(wml::escape("æøå äö 😀") == "æøå äö 😀");
    CHECK(wml::run("one\r\ntwo\nthree") ==
          "<w:r><w:t xml:space=\"preserve\">one</w:t><w:br/><w:t xml:space=\"preserve\">two</w:t><w:br/>"
          "<w:t xml:space=\"preserve\">three</w:t></w:r>");
    municipal_plan plan;
    plan.phase(phase::breakouts);
    plan.must(plan.ada, note_add{plan.climate, 0, "</w:t></w:r><w:r><w:t>injected & <script>"});
    const auto doc = export_docx_document(plan.state);
    CHECK(doc.find("injected") != std::string::npos);
    CHECK(doc.find("<w:t>injected") == std::string::npos);
    CHECK(doc.find("&lt;/w:t&gt;&lt;/w:r&gt;&lt;w:r&gt;&lt;w:t&gt;injected &amp; &lt;script&gt;") != std::string::npos);
}
