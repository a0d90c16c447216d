// One row per note, for spreadsheets: RFC 4180, UTF-8 with a byte order mark, formulas neutralised.
#include <string>

#include "core/export.hpp"
#include "core/export_text.hpp"

namespace samling::core {

namespace {

using namespace exporting;

/** A field quoted as RFC 4180 asks: when it holds a comma, a quote, CR or LF; quotes doubled. */
std::string field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

/** A field of user text. OWASP: a leading = + - @ tab or CR makes a cell a formula in spreadsheets.
 */
std::string user_field(std::string_view text) {
    if (!text.empty() &&
        std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
        // Built by appending: GCC 12 at -O3 misreads `"'" + std::string(...)` as an overlapping copy.
        std::string neutralised;
        neutralised.reserve(text.size() + 1);
        neutralised += '\'';
        neutralised += text;
        return field(neutralised);
    }
    return field(text);
}

/** The rows of one section (0: the notes directly under the group), positions counted from 1. */
void rows(std::string& out, const workshop_state& state, const group& g, entity_id section_id,
          std::string_view section_title) {
    const std::string group_cell = user_field(group_title(state, g));
    const std::string section_cell = user_field(section_title);
    std::size_t position = 0;
    for (const note* n : notes_in(state, g, section_id)) {
        out += group_cell + ',' + section_cell + ',' + std::to_string(++position) + ',' +
               user_field(n->text) + ',' + user_field(name_of(state, n->author)) + ',' +
               iso_time(n->created_at) + "\r\n";
    }
}

}  // namespace

std::string export_csv(const workshop_state& state) {
    // The byte order mark tells spreadsheet programs the file is UTF-8, so æøå open right.
    std::string out =
        "\xEF\xBB\xBF"
        "group,section,position,text,author,created_at\r\n";
    for (const group* g : groups_in_order(state)) {
        rows(out, state, *g, 0, "");
        for (const section* sec : sections_with_notes(state, *g))
            rows(out, state, *g, sec->id, sec->title);
    }
    return out;
}

}  // namespace samling::core
