#pragma once
/**
 * The commands that run the wall and the room from the console: the presented group, the vote
 * reveal, the facilitator's message, a pausable timer and the short join code. Like every
 * command they are also the payloads of their events (see commands.hpp).
 */
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>

#include "core/field.hpp"
#include "core/limits.hpp"
#include "core/types.hpp"

namespace samling::core {

/** `wall.present` → `wall.presented`: the group whose board the wall shows; 0 for none. */
struct wall_present {
    static constexpr command_info info{"wall.present", "wall.presented", {roles::facilitators, phases::none}, false};
    entity_id group = 0;
    static constexpr auto fields() { return std::tuple{required("group", &wall_present::group, 0, 0)}; }
    bool operator==(const wall_present&) const = default;
};

/** `votes.reveal` → `votes.revealed`: shows the results that the `votes_hidden` option holds back. */
struct votes_reveal {
    static constexpr command_info info{"votes.reveal", "votes.revealed", {roles::facilitators, phases::none}, false};
    static constexpr auto fields() { return std::tuple{}; }
    bool operator==(const votes_reveal&) const = default;
};

/** `message.post` → `message.posted`: a line for the wall and every phone. */
struct message_post {
    static constexpr command_info info{"message.post", "message.posted", {roles::facilitators, phases::none}, false};
    std::string text;
    static constexpr auto fields() { return std::tuple{required("text", &message_post::text, 1, limits::message_chars)}; }
    bool operator==(const message_post&) const = default;
};

/** `message.clear` → `message.cleared` */
struct message_clear {
    static constexpr command_info info{"message.clear", "message.cleared", {roles::facilitators, phases::none}, false};
    static constexpr auto fields() { return std::tuple{}; }
    bool operator==(const message_clear&) const = default;
};

/** `timer.pause` → `timer.paused` */
struct timer_pause {
    static constexpr command_info info{"timer.pause", "timer.paused", {roles::facilitators, phases::none}, false};
    static constexpr auto fields() { return std::tuple{}; }
    bool operator==(const timer_pause&) const = default;
};

/** `timer.resume` → `timer.resumed` */
struct timer_resume {
    static constexpr command_info info{"timer.resume", "timer.resumed", {roles::facilitators, phases::none}, false};
    static constexpr auto fields() { return std::tuple{}; }
    bool operator==(const timer_resume&) const = default;
};

/** `timer.extend` → `timer.extended`: adds time to the running (or paused) timer. */
struct timer_extend {
    static constexpr command_info info{"timer.extend", "timer.extended", {roles::facilitators, phases::none}, false};
    std::int64_t seconds = 0;
    static constexpr auto fields() { return std::tuple{required("seconds", &timer_extend::seconds, 1, limits::max_timer_seconds)}; }
    bool operator==(const timer_extend&) const = default;
};

/**
 * `short_code.rotate` → `short_code.rotated`. The server draws the new code and writes it into
 * `short_code` before the command is decided (core takes no randomness); a value a client sends
 * is replaced.
 */
struct short_code_rotate {
    static constexpr command_info info{"short_code.rotate", "short_code.rotated", {roles::facilitators, phases::none}, false};
    std::string short_code;
    static constexpr auto fields() { return std::tuple{optional("short_code", &short_code_rotate::short_code, 0, limits::short_code_digits)}; }
    bool operator==(const short_code_rotate&) const = default;
};

/** A short join code: exactly limits::short_code_digits ASCII digits. */
constexpr bool is_short_code(std::string_view text) {
    if (text.size() != static_cast<std::size_t>(limits::short_code_digits)) return false;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

}  // namespace samling::core
