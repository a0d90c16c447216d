#pragma once
/**
 * The recap's tables, for the spreadsheet exports: notes, next steps and themes, each row in
 * recap order. The CSV and XLSX writers render these and decide no order of their own.
 */
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/workshop_state.hpp"

namespace samling::core::exporting {

/** One cell: user text, a checked value (a date, a time, a status), or a number. */
struct cell {
    std::string text;
    std::optional<std::int64_t> number;  ///< set for counts and positions
    bool operator==(const cell&) const = default;
};

struct table {
    std::string name;                 ///< the sheet's name, in the workshop's language
    std::vector<std::string> header;  ///< column names, as in the CSV exports
    std::vector<std::vector<cell>> rows;
};

/** Notes: group, section, position (from 1 within its section), text, author, created_at (UTC). */
table notes_table(const workshop_state& state);
/** Next steps: group, position (from 1 within its group), step, owner, due, status. */
table steps_table(const workshop_state& state);
/** Themes in proposal order: theme, details, votes, status, group (the heading it became). */
table themes_table(const workshop_state& state);

}  // namespace samling::core::exporting
