#include "protocol/command_table.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace samling::protocol::detail {

namespace {

using reader = read_result (*)(const json&, core::command&);

template <class T>
read_result read_as(const json& j, core::command& out) {
    T value{};
    if (auto error = read_command(j, value)) return error;
    out = std::move(value);
    return std::nullopt;
}

struct entry {
    std::string_view name;
    std::string_view event_name;
    unsigned roles;
    reader read;
    std::size_t index;  ///< position of the type in core::command
};

constexpr std::size_t command_count = std::variant_size_v<core::command>;

template <std::size_t... I>
constexpr auto make_table(std::index_sequence<I...>) {
    return std::array<entry, sizeof...(I)>{
        entry{std::variant_alternative_t<I, core::command>::info.name,
              std::variant_alternative_t<I, core::command>::info.event_name,
              std::variant_alternative_t<I, core::command>::info.who.roles,
              &read_as<std::variant_alternative_t<I, core::command>>, I}...};
}

/** The commands in declaration order. */
constexpr auto table = make_table(std::make_index_sequence<command_count>{});

/** The commands sorted by `key` (built once, at compile time), for binary search. */
template <std::string_view entry::*key>
constexpr auto sorted_by() {
    auto sorted = table;
    std::sort(sorted.begin(), sorted.end(),
              [](const entry& a, const entry& b) { return a.*key < b.*key; });
    return sorted;
}

constexpr auto by_name = sorted_by<&entry::name>();
constexpr auto by_event = sorted_by<&entry::event_name>();

template <std::string_view entry::*key>
constexpr bool unique(const std::array<entry, command_count>& sorted) {
    for (std::size_t i = 1; i < sorted.size(); ++i) {
        if (sorted[i - 1].*key == sorted[i].*key) return false;
    }
    return true;
}
static_assert(unique<&entry::name>(by_name), "two commands share a wire name");
static_assert(unique<&entry::event_name>(by_event), "two commands share an event name");

constexpr bool is_envelope_field(std::string_view name) {
    return std::find(envelope_fields.begin(), envelope_fields.end(), name) != envelope_fields.end();
}

// Events are flat objects: a command field named like an envelope field would be overwritten.
template <std::size_t... I>
constexpr bool fields_clear_of_envelope(std::index_sequence<I...>) {
    const auto clear = [](const auto& fields) {
        return std::apply(
            [](const auto&... f) { return (true && ... && !is_envelope_field(f.name)); }, fields);
    };
    return (true && ... && clear(std::variant_alternative_t<I, core::command>::fields()));
}
static_assert(fields_clear_of_envelope(std::make_index_sequence<command_count>{}),
              "a command field is named like an event envelope field");

template <std::string_view entry::*key>
const entry* find_in(const std::array<entry, command_count>& sorted, std::string_view wanted) {
    auto it = std::lower_bound(sorted.begin(), sorted.end(), wanted,
                               [](const entry& e, std::string_view w) { return e.*key < w; });
    return it != sorted.end() && (*it).*key == wanted ? &*it : nullptr;
}

}  // namespace

command_read read_named_command(std::string_view name, const json& j) {
    const entry* e = find_in<&entry::name>(by_name, name);
    if (e == nullptr) return {};
    command_read result;
    result.found = true;
    result.error = e->read(j, result.command);
    return result;
}

read_result check_client_text(const core::command& c) {
    return std::visit([](const auto& body) { return check_command_text(body); }, c);
}

void write_command_fields(json& j, const core::command& c) {
    std::visit([&](const auto& body) { write_command(j, body); }, c);
}

std::optional<std::size_t> command_index_by_event(std::string_view event_name) {
    const entry* e = find_in<&entry::event_name>(by_event, event_name);
    if (e == nullptr) return std::nullopt;
    return e->index;
}

std::string_view command_name_at(std::size_t index) {
    return table.at(index).name;
}

std::optional<unsigned> command_roles(std::string_view name) {
    const entry* e = find_in<&entry::name>(by_name, name);
    if (e == nullptr) return std::nullopt;
    return e->roles;
}

}  // namespace samling::protocol::detail
