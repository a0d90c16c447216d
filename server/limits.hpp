#pragma once
/** Server limits and close codes. Every value is documented in docs/protocol.md and docs/security.md. */
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace samling::server::limits {

using namespace std::chrono_literals;

inline constexpr std::size_t http_body_bytes = 64 * 1024;     ///< largest HTTP request body
inline constexpr std::size_t http_header_bytes = 8 * 1024;    ///< largest HTTP request header
inline constexpr auto http_read_timeout = 10s;                ///< a request must arrive whole in this time
inline constexpr auto ws_handshake_timeout = 10s;             ///< WebSocket upgrade, then its hello, must complete in this time
inline constexpr auto ws_idle_timeout = 60s;                  ///< silent peers are pinged at half, closed at this
inline constexpr auto ws_close_timeout = 5s;                  ///< a closing handshake must end in this time
inline constexpr std::size_t write_queue_bytes = 4 * 1024 * 1024;  ///< queued output per connection
inline constexpr std::size_t write_queue_frames = 8192;       ///< queued frames per connection
/// Undrained catch-up (snapshot or replayed events) of one address's connections; one is always let through.
inline constexpr std::size_t catch_up_bytes_per_address = 64 * 1024 * 1024;
/// Undrained catch-up of all connections; one is always let through.
inline constexpr std::size_t catch_up_bytes_total = 256 * 1024 * 1024;
inline constexpr auto catch_up_drain_timeout = 30s;           ///< a joiner must have taken its catch-up in this time
inline constexpr double commands_per_second = 30;             ///< sustained command rate per connection
inline constexpr double command_burst = 60;                   ///< commands a connection may send at once
inline constexpr std::size_t flood_strikes = 100;             ///< refused frames in a row before closing
inline constexpr std::size_t default_connections_per_ip = 500;  ///< venue NAT puts many people behind one address
inline constexpr std::size_t default_max_connections = 20'000;
inline constexpr std::size_t create_key_min_chars = 12;       ///< shortest --create-key accepted
inline constexpr std::size_t default_creations_per_minute = 10;  ///< workshops one address may create a minute (and at once)
inline constexpr std::size_t default_max_live_workshops = 2'000;  ///< workshops held in memory; idle ones unload first
inline constexpr std::size_t default_max_workshops = 10'000;  ///< workshops the database may hold
inline constexpr std::size_t default_join_burst = 120;        ///< joins one address may make in one workshop at once
inline constexpr double joins_per_second = 1;                 ///< joins per address per workshop, sustained
inline constexpr double participant_commands_per_second = 30; ///< sustained commands per participant, all connections
inline constexpr double participant_command_burst = 60;       ///< commands a participant may send at once
inline constexpr std::size_t connections_per_participant = 8; ///< open connections (tabs, devices) per participant
inline constexpr std::size_t metrics_token_min_chars = 16;    ///< shortest --metrics-token accepted
inline constexpr std::size_t replay_window = 1000;            ///< recent events kept per workshop for resume
inline constexpr std::size_t replay_frame_events = 200;       ///< events per frame when replaying
inline constexpr std::uint64_t snapshot_interval = 500;       ///< events between stored snapshots
inline constexpr std::size_t loader_threads = 2;             ///< threads that load workshops and read logs off the I/O threads
inline constexpr std::size_t loads_queued = 256;              ///< loads and log reads waiting for a loader thread; more are refused
inline constexpr auto room_idle_unload = 10min;              ///< a workshop nobody uses leaves memory after this
inline constexpr auto room_sweep_interval = 1min;             ///< how often idle workshops are looked for
inline constexpr auto retention_sweep_interval = 1h;         ///< how often closed workshops past retention are looked for
inline constexpr std::uint64_t max_retention_days = 36'500;  ///< --retention-days at most (a hundred years)
inline constexpr double code_lookups_per_minute = 20;        ///< short-code look-ups per address, sustained
inline constexpr double code_lookup_burst = 10;               ///< short-code look-ups an address may make at once
inline constexpr std::size_t code_lookup_addresses = 100'000; ///< addresses the look-up limiter remembers
inline constexpr auto shutdown_grace = 3s;                    ///< time given to connections to close on stop
inline constexpr auto accept_backoff_first = 10ms;            ///< wait after a failed accept (out of descriptors)
inline constexpr auto accept_backoff_cap = 1s;                ///< the wait doubles after each failure up to this

}  // namespace samling::server::limits

namespace samling::server::close_codes {
inline constexpr std::uint16_t going_away = 1001;     ///< server shutting down
inline constexpr std::uint16_t policy = 1008;         ///< refused origin, protocol misuse, or no hello in time
inline constexpr std::uint16_t too_big = 1009;        ///< frame over the size limit
inline constexpr std::uint16_t internal = 1011;
inline constexpr std::uint16_t try_again_later = 1013;  ///< too many joiners are being caught up; reconnect soon
inline constexpr std::uint16_t slow_consumer = 4001;  ///< the client read too slowly; reconnect and resume
inline constexpr std::uint16_t removed = 4003;        ///< removed from the workshop (or left it)
inline constexpr std::uint16_t wall_revoked = 4004;   ///< the wall link was revoked or replaced
inline constexpr std::uint16_t deleted = 4010;        ///< the workshop was deleted; do not reconnect
inline constexpr std::uint16_t moved = 4012;          ///< this node no longer holds the workshop; reconnect at once
inline constexpr std::uint16_t flooding = 4029;       ///< too many commands; slow down
}  // namespace samling::server::close_codes
