#pragma once
/** Pure helpers for request targets (no Beast), so they can be tested and fuzzed alone. */
#include <optional>
#include <string>
#include <string_view>

namespace samling::server {

/** The path part of a request target: everything before the first '?'. */
std::string_view target_path(std::string_view target);

/**
 * The value of `name` in the query string of `target`, undecoded ("" when absent or empty).
 * The first occurrence wins; a pair without '=' has no value.
 */
std::string query_value(std::string_view target, std::string_view name);

/**
 * The file path a request target names: percent-decoded once, and nullopt for anything that could
 * leave the web root or confuse a file system (a dot or empty segment, a backslash, a NUL, a bad
 * escape). Query and fragment are dropped.
 */
std::optional<std::string> safe_path(std::string_view target);

/** True for a workshop id as the server makes them: 1 to protocol::max_token_chars lowercase base32 letters. */
bool valid_workshop_id(std::string_view id);

}  // namespace samling::server
