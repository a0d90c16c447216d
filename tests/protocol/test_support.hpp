#pragma once
// Helpers shared by the protocol tests: decoding raw frames and building sample commands.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/commands.hpp"
#include "protocol/messages.hpp"

namespace protocol_test {

using nlohmann::json;
using namespace samling;

/** The refusal of a frame that must not decode. */
inline protocol::decode_error refusal_of(std::string_view frame) {
    auto result = protocol::decode_client_message(frame);
    REQUIRE(std::holds_alternative<protocol::decode_error>(result));
    return std::get<protocol::decode_error>(result);
}

/** The error code a frame that must not decode gets. */
inline core::errc refusal(std::string_view frame) {
    return refusal_of(frame).code;
}

/** The message a frame that must decode becomes. */
inline protocol::client_message accepted(std::string_view frame) {
    auto result = protocol::decode_client_message(frame);
    if (auto* error = std::get_if<protocol::decode_error>(&result)) FAIL(error->message);
    return std::get<protocol::client_message>(result);
}

/** The command of a command frame that must decode. */
inline core::command decoded_command(const json& frame) {
    return std::get<protocol::command_message>(accepted(frame.dump())).command;
}

/** Nordic text with emoji, one of them a ZWJ sequence of five code points. */
inline constexpr const char* sample_text = "Æble på ø 😀 👩‍👩‍👧";

/** A valid value for every field of T, so each command type can be tested generically. */
template <class T>
T sample() {
    T value{};
    std::apply(
        [&](const auto&... f) {
            [[maybe_unused]] auto fill = [&](auto& member, const auto& field) {
                using M = std::decay_t<decltype(member)>;
                if constexpr (std::is_same_v<M, std::string> ||
                              std::is_same_v<M, std::optional<std::string>>) {
                    member = field.min == 5    ? "09:30"
                             : field.max == 10 ? "2026-12-01"
                             : field.max == 6  ? "482913"
                             : field.min == 2  ? "da"
                                               : sample_text;
                } else if constexpr (std::is_same_v<M, bool> ||
                                     std::is_same_v<M, std::optional<bool>>) {
                    member = true;
                } else if constexpr (std::is_integral_v<M>) {
                    member = static_cast<M>(field.min > 0 ? field.min + 2 : 3);
                } else if constexpr (std::is_same_v<M, std::optional<std::int64_t>>) {
                    member = 2;
                } else if constexpr (std::is_same_v<M, core::role>) {
                    member = core::role::observer;
                } else if constexpr (std::is_same_v<M, core::phase>) {
                    member = core::phase::voting;
                } else if constexpr (std::is_same_v<M, core::step_status> ||
                                     std::is_same_v<M, std::optional<core::step_status>>) {
                    member = core::step_status::done;
                } else if constexpr (std::is_same_v<M, core::forget_content>) {
                    member = core::forget_content::erase;
                } else {
                    static_assert(!sizeof(M), "a member type the protocol tests do not know");
                }
            };
            (fill(value.*(f.member), f), ...);
        },
        T::fields());
    return value;
}

/** Calls `visit.template operator()<T>()` for every command type T. */
template <class Visit, std::size_t... I>
void for_each_command(Visit&& visit, std::index_sequence<I...>) {
    (visit.template operator()<std::variant_alternative_t<I, core::command>>(), ...);
}

template <class Visit>
void for_each_command(Visit&& visit) {
    for_each_command(visit, std::make_index_sequence<std::variant_size_v<core::command>>{});
}

}  // namespace protocol_test
