#include "protocol/command_table.hpp"

#include <array>
#include <utility>

namespace samling::protocol::detail {

namespace {

using reader = read_result (*)(const json&, core::command&);

template <class T> read_result read_as(const json& j, core::command& out) {
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
};

template <std::size_t... I> constexpr auto make_table(std::index_sequence<I...>) {
    return std::array<entry, sizeof...(I)>{entry{std::variant_alternative_t<I, core::command>::info.name,
                                                 std::variant_alternative_t<I, core::command>::info.event_name,
                                                 std::variant_alternative_t<I, core::command>::info.who.roles,
                                                 &read_as<std::variant_alternative_t<I, core::command>>}...};
}

constexpr auto table = make_table(std::make_index_sequence<std::variant_size_v<core::command>>{});

}  // namespace

command_read read_named_command(std::string_view name, const json& j) {
    for (const auto& e : table) {
        if (e.name != name) continue;
        command_read result;
        result.found = true;
        result.error = e.read(j, result.command);
        return result;
    }
    return {};
}

void write_command_fields(json& j, const core::command& c) {
    std::visit([&](const auto& body) { write_command(j, body); }, c);
}

std::optional<std::size_t> command_index_by_event(std::string_view event_name) {
    for (std::size_t i = 0; i < table.size(); ++i) {
        if (table[i].event_name == event_name) return i;
    }
    return std::nullopt;
}

std::string_view command_name_at(std::size_t index) { return table.at(index).name; }

std::optional<unsigned> command_roles(std::string_view name) {
    for (const auto& e : table) {
        if (e.name == name) return e.roles;
    }
    return std::nullopt;
}

}  // namespace samling::protocol::detail
