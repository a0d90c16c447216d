#pragma once
/**
 * Session summaries organisers publish after the day, as pure functions of the state.
 * The same state always renders to the same bytes.
 */
#include <string>

#include "core/workshop_state.hpp"

namespace samling::core {

/** A recap in Markdown: framing, every theme with its votes, then each group's notes and next steps. */
std::string export_markdown(const workshop_state& state);
/** The same recap as one standalone, printable HTML document (a group per printed page, no script). */
std::string export_html(const workshop_state& state);
/** One row per note (group, section, position, text, author, created_at), RFC 4180, UTF-8 with BOM. */
std::string export_csv(const workshop_state& state);

}  // namespace samling::core
