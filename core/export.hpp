#pragma once
/**
 * Recaps organisers publish after the day, as pure functions of the state: the same state and
 * options always render to the same bytes. Every string a participant typed is escaped for the
 * target format, so no note can change a document's structure or run as code.
 */
#include <string>

#include "core/types.hpp"
#include "core/workshop_state.hpp"

namespace samling::core {

/** What an export needs from outside the state (core has no clock). */
struct export_options {
    time_ms generated_at = 0;  ///< when the export is made; 0 leaves the "exported on" line out
    /// false: no participant's name anywhere (no convener, no participant list, which gives a
    /// count instead, no next-step owners, no note authors): the recap to publish.
    bool names = true;
};

/**
 * The state with every personal name taken out: each participant's name and each next step's
 * owner (a name typed as free text) left empty. Exports without names render this copy, so a
 * name cannot reach them by a path a renderer forgot.
 */
workshop_state without_names(const workshop_state& state);

/**
 * The recap in Markdown: title, the labelled date (and place) of the day, purpose; a table of
 * the open themes in proposal order with their votes and the group each became, a ranking by
 * votes (merged and withdrawn themes apart); then each group in the order of the day with the theme it came from,
 * room, slot, convener, participants, notes under every section (empty ones too) and a table of
 * next steps. Headings in the workshop's language.
 */
std::string export_markdown(const workshop_state& state, const export_options& options = {});

/**
 * The same recap as one standalone HTML document: an opening page (title, date and place,
 * purpose, the day in figures, the list of groups), then the themes and the groups one after
 * another, each kept on one page where it fits; table heads repeat on every printed page. No
 * script, no external resources, every user string escaped.
 */
std::string export_html(const workshop_state& state, const export_options& options = {});

/**
 * One row per note: group, section, position, text, author, created_at. RFC 4180 with CRLF, UTF-8
 * with a byte order mark, and user cells that a spreadsheet would run as a formula defused.
 */
std::string export_csv(const workshop_state& state, const export_options& options = {});

/**
 * One row per next step: group, position (from 1, in the group's order), step, owner, due
 * ("YYYY-MM-DD" or empty), status (its wire name). The same CSV rules as export_csv. Without
 * names the owner cells are empty; the columns stay, so a reader's import does not change.
 */
std::string export_steps_csv(const workshop_state& state, const export_options& options = {});

}  // namespace samling::core
