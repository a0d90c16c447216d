#pragma once
/** UTF-8 checks for untrusted text. */
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace samling::protocol {

/** True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF). */
bool is_valid_utf8(std::string_view text);
/** Number of code points in valid UTF-8 text. */
std::size_t code_points(std::string_view text);
/**
 * True when `text` holds a control character (C0, DEL, C1) or is not valid UTF-8.
 * `allow_newlines` true lets line breaks (LF, and CR as in CR LF) and tab through, for
 * multi-line fields; false refuses them too (for names and titles).
 */
bool has_control_characters(std::string_view text, bool allow_newlines);
/**
 * The first invisible format control in valid UTF-8 `text` that could make it display as
 * something it is not, or 0 when there is none: the bidirectional embeddings, overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069) everywhere, and the line and paragraph separators
 * (U+2028, U+2029) unless `allow_newlines` (multi-line fields, where they are line breaks).
 */
char32_t format_control_in(std::string_view text, bool allow_newlines);
/** "U+202E" for 0x202E: how messages name a code point. */
std::string code_point_name(char32_t c);

}  // namespace samling::protocol
