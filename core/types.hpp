#pragma once
/** Basic vocabulary of the workshop domain: ids, phases, roles and statuses. */
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace samling::core {

/** Id of an entity inside one workshop (participant, theme, group, note ...). 0 means "none". */
using entity_id = std::uint64_t;
/** Milliseconds since the Unix epoch, always supplied from outside (core has no clock). */
using time_ms = std::int64_t;

/** The phases of an open-space day, in their usual order. */
enum class phase : std::uint8_t { welcome, marketplace, voting, breakouts, convergence, closed };
/** What a participant may do; the role comes from the server-side record, never from a message. */
enum class role : std::uint8_t { facilitator, participant, observer };
/** Where a proposed theme stands. */
enum class theme_status : std::uint8_t { open, merged, withdrawn };
/** Progress of a next step agreed in a group. */
enum class step_status : std::uint8_t { open, in_progress, done };
/** What becomes of a forgotten participant's notes, themes, next steps and dots ("delete" on the wire). */
enum class forget_content : std::uint8_t { keep, erase };

/** Names used on the wire and in exports, indexed by the enum's value. */
inline constexpr std::array<std::string_view, 6> phase_names{"welcome",     "marketplace", "voting",
                                                             "breakouts",   "convergence", "closed"};
inline constexpr std::array<std::string_view, 3> role_names{"facilitator", "participant", "observer"};
inline constexpr std::array<std::string_view, 3> theme_status_names{"open", "merged", "withdrawn"};
inline constexpr std::array<std::string_view, 3> step_status_names{"open", "in_progress", "done"};
inline constexpr std::array<std::string_view, 2> forget_content_names{"keep", "delete"};
/** Languages a workshop (and its exports) can be in. */
inline constexpr std::array<std::string_view, 4> language_codes{"en", "da", "sv", "nb"};

/** Maps an enum type to its table of names. */
template <class E> struct enum_names;
template <> struct enum_names<phase> { static constexpr const auto& table = phase_names; };
template <> struct enum_names<role> { static constexpr const auto& table = role_names; };
template <> struct enum_names<theme_status> { static constexpr const auto& table = theme_status_names; };
template <> struct enum_names<step_status> { static constexpr const auto& table = step_status_names; };
template <> struct enum_names<forget_content> { static constexpr const auto& table = forget_content_names; };

// Each table ends with the name of the enum's last value, so adding a value without its name fails to build.
static_assert(phase_names.back() == "closed" && phase_names.size() == static_cast<std::size_t>(phase::closed) + 1);
static_assert(role_names.back() == "observer" && role_names.size() == static_cast<std::size_t>(role::observer) + 1);
static_assert(theme_status_names.size() == static_cast<std::size_t>(theme_status::withdrawn) + 1);
static_assert(step_status_names.size() == static_cast<std::size_t>(step_status::done) + 1);
static_assert(forget_content_names.size() == static_cast<std::size_t>(forget_content::erase) + 1);

/** The wire name of `value`; "unknown" for a value outside the enum (never produced by the code). */
template <class E> constexpr std::string_view to_string(E value) {
    const auto index = static_cast<std::size_t>(value);
    return index < enum_names<E>::table.size() ? enum_names<E>::table[index] : std::string_view("unknown");
}

/** Parses a wire name into an enum value; nullopt when the name is unknown. */
template <class E> constexpr std::optional<E> parse_enum(std::string_view name) {
    const auto& table = enum_names<E>::table;
    for (std::size_t i = 0; i < table.size(); ++i) {
        if (table[i] == name) return static_cast<E>(i);
    }
    return std::nullopt;
}

constexpr bool is_language(std::string_view code) {
    for (auto known : language_codes) {
        if (known == code) return true;
    }
    return false;
}

}  // namespace samling::core
