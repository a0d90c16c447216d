#pragma once
/** UTF-8 checks for untrusted text. */
#include <cstddef>
#include <optional>
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

}  // namespace samling::protocol
