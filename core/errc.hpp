#pragma once
/** Coded errors of Samling's own conditions, shared by every layer and sent on the wire by name. */
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <variant>
#include <vector>

namespace samling::core {

enum class errc {
    ok = 0,
    // Frame and message level (protocol).
    bad_json,              ///< not valid JSON, nested too deep, or not an object
    bad_message,           ///< a field is missing, of the wrong type or out of range
    unknown_type,          ///< "type" names no message this server knows
    text_too_long,         ///< a text is longer than its limit
    invalid_text,          ///< a text is not valid UTF-8 or contains control characters
    unsupported_protocol,  ///< the client's protocol version is not served
    // Session level.
    not_joined,            ///< a command before a successful hello
    already_joined,        ///< a second hello on one connection
    bad_credentials,       ///< unknown workshop, join code, key or resume token
    participant_removed,   ///< the participant was removed by a facilitator or left
    rate_limited,          ///< too many commands per second
    // Domain level.
    forbidden,             ///< the sender's role may not do this
    wrong_phase,           ///< not allowed in the current phase
    not_found,             ///< an id names nothing in this workshop
    not_owner,             ///< only the author (or a facilitator) may do this
    locked,                ///< the workshop is locked against new participants
    limit_reached,         ///< a count limit of the workshop is reached
    over_budget,           ///< no dots left to place
    conflict,              ///< the change contradicts the current state (slot taken, nothing to remove ...)
    invalid_value,         ///< a value is well-formed but not acceptable (time format, same theme ...)
    // Server level.
    storage_failed,        ///< the change could not be saved; nothing was applied
    unavailable,           ///< the server is shutting down or overloaded
    internal,              ///< a bug; reported, the connection stays usable
    count_                 ///< not a code: the number of codes
};

/** Wire names of the codes, indexed by value. */
inline constexpr std::array<std::string_view, static_cast<std::size_t>(errc::count_)> errc_names{
    "ok",           "bad_json",      "bad_message",     "unknown_type",     "text_too_long",
    "invalid_text", "unsupported_protocol", "not_joined", "already_joined", "bad_credentials",
    "participant_removed", "rate_limited", "forbidden",  "wrong_phase",      "not_found",
    "not_owner",    "locked",        "limit_reached",   "over_budget",      "conflict",
    "invalid_value", "storage_failed", "unavailable",   "internal"};

static_assert(errc_names.back() == "internal", "every code has its wire name, in order");

/** The wire name of `code`; "internal" for a value outside the enum. */
constexpr std::string_view to_string(errc code) {
    const auto index = static_cast<std::size_t>(code);
    return index < errc_names.size() ? errc_names[index] : errc_names.back();
}

/** The std::error_category of errc, so our conditions travel in std::error_code too. */
const std::error_category& samling_category() noexcept;
inline std::error_code make_error_code(errc code) noexcept {
    return {static_cast<int>(code), samling_category()};
}

/**
 * One named value that a client needs to say a refusal in its own language, e.g. the field
 * "title" and its limit 200. Numbers stay numbers on the wire.
 */
struct error_param {
    std::string name;
    std::variant<std::string, std::int64_t> value;
    bool operator==(const error_param&) const = default;
};
using error_params = std::vector<error_param>;

/**
 * A refused command or message: a code for programs, a sentence in English for API clients,
 * and the parameters a client fills into its own translation of the code.
 */
struct rejection {
    errc code = errc::internal;
    std::string message;
    error_params params;
    bool operator==(const rejection&) const = default;
};

}  // namespace samling::core

template <> struct std::is_error_code_enum<samling::core::errc> : std::true_type {};
