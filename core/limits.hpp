#pragma once
/** Domain limits. Every number here is documented in docs/protocol.md ("Limits"). */
#include <cstddef>
#include <cstdint>

namespace samling::core::limits {

// Text lengths, counted in Unicode code points.
inline constexpr std::int64_t title_chars = 200;         ///< workshop title, theme title, section title
inline constexpr std::int64_t purpose_chars = 10'000;    ///< workshop purpose (framing text)
inline constexpr std::int64_t name_chars = 60;           ///< display name
inline constexpr std::int64_t details_chars = 2'000;     ///< theme details
inline constexpr std::int64_t note_chars = 2'000;        ///< one bullet note
inline constexpr std::int64_t label_chars = 100;         ///< room name, slot label, timer label, step owner
inline constexpr std::int64_t step_chars = 500;          ///< next-step text
inline constexpr std::int64_t message_chars = 280;       ///< the facilitator's message to the room

// Counts per workshop.
inline constexpr std::size_t participants = 2'000;       ///< participants present (not removed, not left)
inline constexpr std::size_t participants_ever = 10'000; ///< participants ever joined, removed ones included
inline constexpr std::size_t themes = 500;               ///< themes proposed (all statuses)
inline constexpr std::size_t groups = 200;               ///< breakout groups
inline constexpr std::size_t rooms = 100;
inline constexpr std::size_t slots = 50;
inline constexpr std::size_t sections_per_group = 50;
inline constexpr std::size_t notes_per_group = 2'000;
inline constexpr std::size_t steps_per_group = 100;
inline constexpr std::size_t theme_history = 10;         ///< earlier wordings kept per theme: the first and the latest

// Values.
inline constexpr std::int64_t max_dots = 20;             ///< dots per participant option, 0..max_dots
inline constexpr std::int64_t default_dots = 5;
inline constexpr std::int64_t max_room_capacity = 10'000;
inline constexpr std::int64_t max_timer_seconds = 24 * 60 * 60;
inline constexpr std::int64_t short_code_digits = 6;    ///< the short join code typed from the back of the room
inline constexpr std::int64_t max_position = 1'000'000;  ///< reorder positions are clamped to the list

}  // namespace samling::core::limits
