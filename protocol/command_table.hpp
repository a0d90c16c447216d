#pragma once
/** Finds a command type by its wire name and reads or writes it. Internal to protocol/. */
#include <array>
#include <optional>
#include <string_view>

#include "core/commands.hpp"
#include "protocol/json_fields.hpp"

namespace samling::protocol::detail {

/** Reads a command named `name` from `j`; `found` is false when no command has that name. */
struct command_read {
    bool found = false;
    core::command command;
    read_result error;
};
command_read read_named_command(std::string_view name, const json& j);

/** Field names of the event envelope; no command may have a field of these names. */
inline constexpr std::array<std::string_view, 6> envelope_fields{"seq",   "type", "at",
                                                                 "actor", "id",   "op"};

/** Refuses format controls in the text fields of a command from a client (check_command_text). */
read_result check_client_text(const core::command& c);

/** Writes the command's fields into `j`. */
void write_command_fields(json& j, const core::command& c);

/** The command type whose event is called `event_name`, or nullopt. */
std::optional<std::size_t> command_index_by_event(std::string_view event_name);
std::string_view command_name_at(std::size_t index);
/** The roles that may send the command named `name`; nullopt when there is no such command. */
std::optional<unsigned> command_roles(std::string_view name);

}  // namespace samling::protocol::detail
