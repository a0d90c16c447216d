#pragma once
/**
 * The recap as a Word document (DOCX, WordprocessingML), as its package parts. Core has no I/O:
 * the layer that writes files zips these parts (server/zip_package.hpp).
 */
#include <string>
#include <vector>

#include "core/export.hpp"

namespace samling::core {

/** One part of an Office package: its path inside the zip and its bytes. */
struct package_part {
    std::string path;
    std::string bytes;
    bool operator==(const package_part&) const = default;
};

/**
 * The recap in recap order (export.hpp): the workshop's title (style Title), the labelled date and
 * place, the purpose; the themes as a table (votes, the group each became), their ranking by
 * votes as a numbered list, merged and withdrawn ones apart; then each group (Heading1) with its facts, notes as a bulleted list,
 * every section (Heading2), empty ones too, and its next steps as a table whose header row
 * repeats. Styles define Title and Heading1 to Heading3 with outline levels, so a reader's
 * navigation pane and a table of contents find them; the text is in the workshop's language
 * (w:lang). Parts in a fixed order: [Content_Types].xml first.
 */
std::vector<package_part> export_docx_parts(const workshop_state& state, const export_options& options = {});

/** word/document.xml alone: the body of the recap, which the golden files hold. */
std::string export_docx_document(const workshop_state& state, const export_options& options = {});

/** The language tag a DOCX carries for a workshop language ("da" gives "da-DK"). */
std::string docx_language(std::string_view language);

}  // namespace samling::core
