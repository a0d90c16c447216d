#pragma once
/**
 * The pieces of WordprocessingML the DOCX recap is made of: escaped text runs, styled
 * paragraphs, list items and tables. Every user string goes through escape(), so no text can
 * open or close an element.
 */
#include <string>
#include <string_view>
#include <vector>

namespace samling::core::wml {

/** Text safe in XML content and attribute values; characters XML 1.0 forbids are dropped. */
std::string escape(std::string_view text);

/** One run of text; its lines (CR LF, CR, LF) kept as line breaks. `bold`, `italic` format it. */
std::string run(std::string_view text, bool bold = false, bool italic = false);

/** A paragraph of `runs` in a style ("" for Normal). */
std::string paragraph(std::string_view style, const std::string& runs);

/** A heading paragraph at `level` 1..3 (Heading1..Heading3), which carry the outline levels. */
std::string heading(int level, std::string_view text);

/** "Label: value" as one paragraph, the label bold. */
std::string labelled(std::string_view label, const std::string& value_runs);

/** A bullet of the recap's one list (numbering.xml's numId 1): a list paragraph with w:numPr. */
std::string bullet(const std::string& runs);

/** An item of the recap's numbered list (numbering.xml's numId 2), which counts from 1. */
std::string numbered(const std::string& runs);

/** A table cell: its paragraphs' runs, one string per paragraph. */
using cell = std::vector<std::string>;

/**
 * A table across the text width: `header` in bold in a first row that repeats on every page
 * (w:tblHeader), then `rows`. `widths` are the columns' shares of the width, in percent.
 */
std::string table(const std::vector<std::string_view>& header, const std::vector<std::vector<cell>>& rows,
                  const std::vector<int>& widths);

}  // namespace samling::core::wml
