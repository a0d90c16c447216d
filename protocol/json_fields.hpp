#pragma once
/**
 * Generic, descriptor-driven reading and writing of command fields (core/field.hpp) as JSON.
 * Internal to protocol/.
 */
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>

#include "core/errc.hpp"
#include "core/field.hpp"
#include "core/types.hpp"
#include "protocol/utf8.hpp"

namespace samling::protocol::detail {

using nlohmann::json;

struct field_error {
    core::errc code;
    std::string message;
    core::error_params params;  ///< always the field's name, and its bounds where they matter
};

/** A refusal about the field `name`, with the field's name as a parameter. */
inline field_error field_refusal(core::errc code, std::string_view name, std::string message,
                                 core::error_params more = {}) {
    core::error_params params{{"field", std::string(name)}};
    for (auto& p : more) params.push_back(std::move(p));
    return field_error{code, std::move(message), std::move(params)};
}
using read_result = std::optional<field_error>;

template <class T>
struct optional_of {
    using type = void;
};
template <class T>
struct optional_of<std::optional<T>> {
    using type = T;
};
template <class E>
concept wire_enum = std::is_enum_v<E> && requires {
    core::enum_names<E>::table;
};

/** Fields whose text may span several lines. */
inline bool multiline(std::string_view name) {
    return name == "purpose" || name == "details" || name == "text";
}

inline std::string quote(std::string_view name) {
    return "\"" + std::string(name) + "\"";
}

inline read_result read_value(const json& j, std::string& out, std::string_view name,
                              std::int64_t min, std::int64_t max) {
    if (!j.is_string())
        return field_refusal(core::errc::bad_message, name,
                             "The field " + quote(name) + " must be a string.");
    const auto& text = j.get_ref<const std::string&>();
    if (!is_valid_utf8(text))
        return field_refusal(core::errc::invalid_text, name,
                             "The field " + quote(name) + " is not valid UTF-8.");
    if (has_control_characters(text, multiline(name))) {
        return field_refusal(core::errc::invalid_text, name,
                             "The field " + quote(name) + " contains control characters.");
    }
    const auto length = static_cast<std::int64_t>(code_points(text));
    if (max > 0 && length > max) {
        return field_refusal(
            core::errc::text_too_long, name,
            "The field " + quote(name) + " is longer than " + std::to_string(max) + " characters.",
            {{"limit", max}, {"length", length}});
    }
    if (length < min) {
        return field_refusal(core::errc::bad_message, name,
                             min == 1 ? "The field " + quote(name) + " must not be empty."
                                      : "The field " + quote(name) + " is too short.",
                             {{"min", min}});
    }
    out = text;
    return std::nullopt;
}

/** Integers: JSON integers only (no fractions), within [min, max] (max 0: no upper bound). */
template <class I>
requires std::is_integral_v<I> &&(!std::is_same_v<I, bool>)read_result
    read_value(const json& j, I& out, std::string_view name, std::int64_t min, std::int64_t max) {
    const auto bad = [&] {
        core::error_params bounds{{"min", min}};
        if (max > 0) bounds.push_back({"max", max});
        return field_refusal(
            core::errc::bad_message, name,
            "The field " + quote(name) + " must be a whole number" +
                (max > 0 ? " from " + std::to_string(min) + " to " + std::to_string(max)
                         : " of at least " + std::to_string(min)) +
                ".",
            std::move(bounds));
    };
    if (!j.is_number_integer()) return bad();
    // Ids stay within 2^53 so JavaScript clients hold them exactly.
    constexpr std::int64_t largest = std::int64_t{1} << 53;
    std::int64_t value = 0;
    if (j.is_number_unsigned()) {
        const auto u = j.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(largest)) return bad();
        value = static_cast<std::int64_t>(u);
    } else {
        value = j.get<std::int64_t>();
    }
    if (value < min || (max > 0 && value > max) || value > largest ||
        (std::is_unsigned_v<I> && value < 0))
        return bad();
    out = static_cast<I>(value);
    return std::nullopt;
}

inline read_result read_value(const json& j, bool& out, std::string_view name, std::int64_t,
                              std::int64_t) {
    if (!j.is_boolean())
        return field_refusal(core::errc::bad_message, name,
                             "The field " + quote(name) + " must be true or false.");
    out = j.get<bool>();
    return std::nullopt;
}

template <wire_enum E>
read_result read_value(const json& j, E& out, std::string_view name, std::int64_t, std::int64_t) {
    std::optional<E> parsed;
    if (j.is_string()) parsed = core::parse_enum<E>(j.get_ref<const std::string&>());
    if (!parsed) {
        std::string names;
        for (auto n : core::enum_names<E>::table)
            names += (names.empty() ? "" : ", ") + std::string(n);
        return field_refusal(core::errc::bad_message, name,
                             "The field " + quote(name) + " must be one of " + names + ".");
    }
    out = *parsed;
    return std::nullopt;
}

/** Reads one described field of `out` from the object `j`. */
template <class Owner, class Member>
read_result read_field(const json& j, Owner& out, const core::field<Owner, Member>& f) {
    auto it = j.find(f.name);
    if (it == j.end() || it->is_null()) {
        if (f.need == core::presence::required) {
            return field_refusal(core::errc::bad_message, f.name,
                                 "The field " + quote(f.name) + " is missing.");
        }
        return std::nullopt;
    }
    using inner = typename optional_of<Member>::type;
    if constexpr (std::is_void_v<inner>) {
        return read_value(*it, out.*f.member, f.name, f.min, f.max);
    } else {
        inner value{};
        if (auto error = read_value(*it, value, f.name, f.min, f.max)) return error;
        out.*f.member = std::move(value);
        return std::nullopt;
    }
}

template <class V>
json write_value(const V& value) {
    if constexpr (wire_enum<V>) {
        return std::string(core::to_string(value));
    } else {
        return value;
    }
}

/** Writes one described field of `in` into the object `j` (absent optionals are left out). */
template <class Owner, class Member>
void write_field(json& j, const Owner& in, const core::field<Owner, Member>& f) {
    const Member& value = in.*f.member;
    if constexpr (std::is_void_v<typename optional_of<Member>::type>) {
        j[std::string(f.name)] = write_value(value);
    } else if (value) {
        j[std::string(f.name)] = write_value(*value);
    }
}

/** Reads every field of command type T from `j`. */
template <class T>
read_result read_command(const json& j, T& out) {
    read_result error;
    std::apply(
        [&](const auto&... f) { ((error ? void() : void(error = read_field(j, out, f))), ...); },
        T::fields());
    return error;
}

template <class T>
void write_command(json& j, const T& in) {
    std::apply([&](const auto&... f) { (write_field(j, in, f), ...); }, T::fields());
}

}  // namespace samling::protocol::detail
