// One row per note, for spreadsheets: RFC 4180, UTF-8 with a byte order mark, formulas neutralised.
#include <string>

#include "core/export.hpp"
#include "core/export_tables.hpp"

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

/** A table as CSV: its header, then a row per entry; every text cell defused. */
std::string csv_of(const table& t) {
    // The byte order mark tells spreadsheet programs the file is UTF-8, so æøå open right.
    std::string out = "\xEF\xBB\xBF";
    for (std::size_t i = 0; i < t.header.size(); ++i) out += (i ? "," : "") + t.header[i];
    out += "\r\n";
    for (const auto& row : t.rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i) out += ',';
            out += row[i].number ? std::to_string(*row[i].number) : user_field(row[i].text);
        }
        out += "\r\n";
    }
    return out;
}

}  // namespace

std::string export_csv(const workshop_state& state, const export_options& options) {
    return csv_of(notes_table(options.names ? state : without_names(state)));
}

std::string export_steps_csv(const workshop_state& state, const export_options& options) {
    return csv_of(steps_table(options.names ? state : without_names(state)));
}

}  // namespace samling::core
