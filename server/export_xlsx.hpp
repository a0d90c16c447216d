#pragma once
/** The recap as an XLSX workbook, for spreadsheet programs that open a comma CSV in one column. */
#include <optional>
#include <string>

#include "core/workshop_state.hpp"

namespace samling::server {

/**
 * A workbook with three sheets, notes, next steps and themes, in recap order (the tables of
 * core/export_tables.hpp). Every cell of user text is written as a string, so none can run as a
 * formula. libxlsxwriter writes only to files: this goes through a temporary file, so call it
 * off the I/O threads. nullopt when the file cannot be written.
 */
std::optional<std::string> export_xlsx(const core::workshop_state& state);

}  // namespace samling::server
