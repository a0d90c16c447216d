#include "core/export_wml.hpp"

#include "core/export_text.hpp"

namespace samling::core::wml {

namespace {

/** The text width of an A4 page with 1-inch side margins, in twentieths of a point. */
constexpr int text_width = 9026;

/** Whether the UTF-8 sequence at `at` is U+FFFE or U+FFFF, which XML does not allow. */
bool is_noncharacter(std::string_view text, std::size_t at) {
    return text.substr(at, 2) == "\xEF\xBF" && at + 2 < text.size() &&
           (text[at + 2] == '\xBE' || text[at + 2] == '\xBF');
}

}  // namespace

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const auto byte = static_cast<unsigned char>(c);
        if (is_noncharacter(text, i)) {
            i += 2;
            continue;
        }
        if (c == '\t') {
            out += ' ';
        } else if (byte < 0x20 && c != '\n' && c != '\r') {
            continue;
        } else if (c == '&') {
            out += "&amp;";
        } else if (c == '<') {
            out += "&lt;";
        } else if (c == '>') {
            out += "&gt;";
        } else if (c == '"') {
            out += "&quot;";
        } else if (c == '\'') {
            out += "&apos;";
        } else {
            out += c;
        }
    }
    return out;
}

std::string run(std::string_view text, bool bold, bool italic) {
    std::string out = "<w:r>";
    if (bold || italic) out += std::string("<w:rPr>") + (bold ? "<w:b/>" : "") + (italic ? "<w:i/>" : "") + "</w:rPr>";
    bool first = true;
    for (std::string_view line : exporting::split_lines(text)) {
        if (!first) out += "<w:br/>";
        first = false;
        // Without preserve, a reader may drop a line's leading and trailing blanks.
        if (!line.empty()) out += "<w:t xml:space=\"preserve\">" + escape(line) + "</w:t>";
    }
    return out + "</w:r>";
}

std::string paragraph(std::string_view style, const std::string& runs) {
    std::string out = "<w:p>";
    if (!style.empty()) out += "<w:pPr><w:pStyle w:val=\"" + std::string(style) + "\"/></w:pPr>";
    return out + runs + "</w:p>\n";
}

std::string heading(int level, std::string_view text) {
    return paragraph("Heading" + std::to_string(level), run(text));
}

std::string labelled(std::string_view label, const std::string& value_runs) {
    return paragraph("", run(std::string(label) + ":", true) + run(" ") + value_runs);
}

namespace {

std::string list_item(std::string_view style, std::string_view num_id, const std::string& runs) {
    return "<w:p><w:pPr><w:pStyle w:val=\"" + std::string(style) + "\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"" +
           std::string(num_id) + "\"/></w:numPr></w:pPr>" + runs + "</w:p>\n";
}

}  // namespace

std::string bullet(const std::string& runs) {
    return list_item("ListBullet", "1", runs);
}

std::string numbered(const std::string& runs) {
    return list_item("ListNumber", "2", runs);
}

namespace {

std::string table_cell(const cell& paragraphs, int width) {
    std::string out = "<w:tc><w:tcPr><w:tcW w:w=\"" + std::to_string(width) + "\" w:type=\"dxa\"/></w:tcPr>";
    for (const std::string& runs : paragraphs) out += "<w:p>" + runs + "</w:p>";
    // A cell must end with a paragraph, an empty one too.
    if (paragraphs.empty()) out += "<w:p/>";
    return out + "</w:tc>";
}

}  // namespace

std::string table(const std::vector<std::string_view>& header, const std::vector<std::vector<cell>>& rows,
                  const std::vector<int>& widths) {
    std::vector<int> twips;
    for (int share : widths) twips.push_back(text_width * share / 100);
    std::string out =
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"RecapTable\"/><w:tblW w:w=\"" + std::to_string(text_width) +
        "\" w:type=\"dxa\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" "
        "w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>";
    for (int w : twips) out += "<w:gridCol w:w=\"" + std::to_string(w) + "\"/>";
    out += "</w:tblGrid>\n<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>";
    for (std::size_t c = 0; c < header.size(); ++c) out += table_cell({run(header[c], true)}, twips.at(c));
    out += "</w:tr>\n";
    for (const auto& row : rows) {
        out += "<w:tr><w:trPr><w:cantSplit/></w:trPr>";
        for (std::size_t c = 0; c < row.size(); ++c) out += table_cell(row[c], twips.at(c));
        out += "</w:tr>\n";
    }
    // Two tables in a row would merge into one: a paragraph keeps them apart.
    return out + "</w:tbl>\n<w:p/>\n";
}

}  // namespace samling::core::wml
