// docs/security.md lists every limit with its value: this keeps the table and the constants equal.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "core/limits.hpp"
#include "protocol/messages.hpp"
#include "server/limits.hpp"
#include "storage/pg_store.hpp"

namespace {

std::string security_doc() {
    std::ifstream file(std::string(SAMLING_DOCS_DIR) + "/security.md");
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

template <class Rep, class Period>
std::string shown(std::chrono::duration<Rep, Period> d) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
    return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}
template <class T>
std::string shown(T value) {
    return std::to_string(value);
}

}  // namespace

TEST_CASE("docs/security.md gives every limit its value", "[docs][security]") {
    const std::string doc = security_doc();
    REQUIRE_FALSE(doc.empty());
    namespace c = samling::core::limits;
    namespace s = samling::server::limits;
    namespace p = samling::protocol;
    const std::vector<std::pair<std::string, std::string>> constants{
        {"core::limits::title_chars", shown(c::title_chars)},
        {"core::limits::purpose_chars", shown(c::purpose_chars)},
        {"core::limits::name_chars", shown(c::name_chars)},
        {"core::limits::details_chars", shown(c::details_chars)},
        {"core::limits::note_chars", shown(c::note_chars)},
        {"core::limits::label_chars", shown(c::label_chars)},
        {"core::limits::step_chars", shown(c::step_chars)},
        {"core::limits::message_chars", shown(c::message_chars)},
        {"core::limits::short_code_digits", shown(c::short_code_digits)},
        {"core::limits::participants", shown(c::participants)},
        {"core::limits::participants_ever", shown(c::participants_ever)},
        {"core::limits::themes", shown(c::themes)},
        {"core::limits::groups", shown(c::groups)},
        {"core::limits::rooms", shown(c::rooms)},
        {"core::limits::slots", shown(c::slots)},
        {"core::limits::sections_per_group", shown(c::sections_per_group)},
        {"core::limits::notes_per_group", shown(c::notes_per_group)},
        {"core::limits::steps_per_group", shown(c::steps_per_group)},
        {"core::limits::theme_history", shown(c::theme_history)},
        {"core::limits::max_dots", shown(c::max_dots)},
        {"core::limits::max_room_capacity", shown(c::max_room_capacity)},
        {"core::limits::max_timer_seconds", shown(c::max_timer_seconds)},
        {"core::limits::max_position", shown(c::max_position)},
        {"protocol::max_frame_bytes", shown(p::max_frame_bytes)},
        {"protocol::max_json_depth", shown(p::max_json_depth)},
        {"protocol::max_op_chars", shown(p::max_op_chars)},
        {"protocol::max_token_chars", shown(p::max_token_chars)},
        {"protocol::min_join_id_chars", shown(p::min_join_id_chars)},
        {"server::limits::http_body_bytes", shown(s::http_body_bytes)},
        {"server::limits::http_header_bytes", shown(s::http_header_bytes)},
        {"server::limits::http_read_timeout", shown(s::http_read_timeout)},
        {"server::limits::ws_handshake_timeout", shown(s::ws_handshake_timeout)},
        {"server::limits::ws_idle_timeout", shown(s::ws_idle_timeout)},
        {"server::limits::ws_close_timeout", shown(s::ws_close_timeout)},
        {"server::limits::write_queue_bytes", shown(s::write_queue_bytes)},
        {"server::limits::write_queue_frames", shown(s::write_queue_frames)},
        {"server::limits::catch_up_bytes_per_address", shown(s::catch_up_bytes_per_address)},
        {"server::limits::catch_up_bytes_total", shown(s::catch_up_bytes_total)},
        {"server::limits::catch_up_drain_timeout", shown(s::catch_up_drain_timeout)},
        {"server::limits::commands_per_second", shown(static_cast<int>(s::commands_per_second))},
        {"server::limits::command_burst", shown(static_cast<int>(s::command_burst))},
        {"server::limits::flood_strikes", shown(s::flood_strikes)},
        {"server::limits::default_connections_per_ip", shown(s::default_connections_per_ip)},
        {"server::limits::default_max_connections", shown(s::default_max_connections)},
        {"server::limits::create_key_min_chars", shown(s::create_key_min_chars)},
        {"server::limits::default_creations_per_minute", shown(s::default_creations_per_minute)},
        {"server::limits::default_max_live_workshops", shown(s::default_max_live_workshops)},
        {"server::limits::default_max_workshops", shown(s::default_max_workshops)},
        {"server::limits::default_join_burst", shown(s::default_join_burst)},
        {"server::limits::joins_per_second", shown(static_cast<int>(s::joins_per_second))},
        {"server::limits::participant_commands_per_second", shown(static_cast<int>(s::participant_commands_per_second))},
        {"server::limits::participant_command_burst", shown(static_cast<int>(s::participant_command_burst))},
        {"server::limits::connections_per_participant", shown(s::connections_per_participant)},
        {"server::limits::metrics_token_min_chars", shown(s::metrics_token_min_chars)},
        {"server::limits::replay_window", shown(s::replay_window)},
        {"server::limits::replay_frame_events", shown(s::replay_frame_events)},
        {"server::limits::snapshot_interval", shown(s::snapshot_interval)},
        {"server::limits::loader_threads", shown(s::loader_threads)},
        {"server::limits::loads_queued", shown(s::loads_queued)},
        {"storage::lease_duration", shown(samling::storage::lease_duration)},
        {"storage::lease_renewal", shown(samling::storage::lease_renewal)},
        {"storage::handover_poll", shown(samling::storage::handover_poll)},
        {"storage::handover_wait", shown(samling::storage::handover_wait)},
        {"storage::pipeline_batches", shown(samling::storage::pipeline_batches)},
        {"server::limits::room_idle_unload", shown(s::room_idle_unload)},
        {"server::limits::room_sweep_interval", shown(s::room_sweep_interval)},
        {"server::limits::retention_sweep_interval", shown(s::retention_sweep_interval)},
        {"server::limits::max_retention_days", shown(s::max_retention_days)},
        {"server::limits::code_lookups_per_minute", shown(static_cast<int>(s::code_lookups_per_minute))},
        {"server::limits::code_lookup_burst", shown(static_cast<int>(s::code_lookup_burst))},
        {"server::limits::code_lookup_addresses", shown(s::code_lookup_addresses)},
        {"server::limits::shutdown_grace", shown(s::shutdown_grace)},
        {"server::limits::accept_backoff_first", shown(s::accept_backoff_first)},
        {"server::limits::accept_backoff_cap", shown(s::accept_backoff_cap)},
    };
    for (const auto& [name, value] : constants) {
        INFO(name << " = " << value);
        CHECK(doc.find("| `" + name + "` | " + value + " |") != std::string::npos);
    }
    // And the table has no row for a constant this list does not know.
    std::size_t rows = 0;
    for (std::size_t at = doc.find("| `"); at != std::string::npos; at = doc.find("| `", at + 1)) {
        const std::string rest = doc.substr(at + 3, 20);
        if (rest.starts_with("core::") || rest.starts_with("protocol::") || rest.starts_with("server::") ||
            rest.starts_with("storage::")) {
            ++rows;
        }
    }
    CHECK(rows == constants.size());
}
