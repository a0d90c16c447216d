// One row per note, for spreadsheets: RFC 4180, UTF-8 with a byte order mark, formulas neutralised.
#include "core/export.hpp"
#include "core/export_text.hpp"

namespace samling::core {

namespace {

using namespace exporting;

/** A field quoted as RFC 4180 asks; user text that a spreadsheet would run as a formula is defused. */
std::string field(std::string text, bool user_text) {
    // OWASP: a leading = + - @ tab or CR makes a cell a formula in common spreadsheet programs.
    if (user_text && !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
        text.insert(0, "'");
    }
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

}  // namespace

std::string export_csv(const workshop_state& state) {
    std::string out = "\xEF\xBB\xBF" "group,section,position,text,author,created_at\r\n";
    auto rows = [&](const group& g, entity_id section_id, const std::string& section_title) {
        std::size_t position = 0;
        for (const note* n : notes_in(state, g, section_id)) {
            out += field(group_title(state, g), true) + ',' + field(section_title, true) + ',' +
                   std::to_string(++position) + ',' + field(n->text, true) + ',' +
                   field(name_of(state, n->author), true) + ',' + iso_time(n->created_at) + "\r\n";
        }
    };
    for (const group* g : groups_in_order(state)) {
        rows(*g, 0, "");
        for (entity_id section_id : g->sections) rows(*g, section_id, state.sections.at(section_id).title);
    }
    return out;
}

}  // namespace samling::core
