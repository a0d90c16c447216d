#pragma once
/** Server settings from the command line and SAMLING_* environment variables. */
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "server/limits.hpp"

namespace samling::server {

/** Per-connection limits; the defaults are the named constants of limits.hpp. */
struct connection_limits {
    std::chrono::milliseconds http_read_timeout = limits::http_read_timeout;
    std::chrono::milliseconds ws_handshake_timeout = limits::ws_handshake_timeout;
    std::chrono::milliseconds ws_idle_timeout = limits::ws_idle_timeout;
    std::chrono::milliseconds ws_close_timeout = limits::ws_close_timeout;
    std::size_t write_queue_bytes = limits::write_queue_bytes;
    std::size_t write_queue_frames = limits::write_queue_frames;
    std::size_t catch_up_bytes_per_address = limits::catch_up_bytes_per_address;
    std::size_t catch_up_bytes_total = limits::catch_up_bytes_total;
    std::chrono::milliseconds catch_up_drain_timeout = limits::catch_up_drain_timeout;
    double commands_per_second = limits::commands_per_second;
    double command_burst = limits::command_burst;
    std::size_t flood_strikes = limits::flood_strikes;
    int socket_send_buffer = 0;  ///< SO_SNDBUF of accepted sockets; 0 leaves the kernel's autotuning
};

/** When idle workshops leave memory; the defaults are the named constants of limits.hpp. */
struct room_limits {
    std::chrono::milliseconds idle_unload = limits::room_idle_unload;
    std::chrono::milliseconds sweep_interval = limits::room_sweep_interval;
    std::chrono::milliseconds retention_sweep_interval = limits::retention_sweep_interval;
    /** The clock retention reads (ms since 1970); empty: the wall clock. Tests set it. */
    std::function<std::int64_t()> retention_clock;
};

/** Who may come in, how fast (creations, joins and commands per participant), and for how long. */
struct admission_limits {
    std::size_t creations_per_minute = limits::default_creations_per_minute;  ///< per address
    std::size_t max_live_workshops = limits::default_max_live_workshops;
    std::size_t max_workshops = limits::default_max_workshops;
    std::size_t join_burst = limits::default_join_burst;  ///< per address per workshop
    double joins_per_second = limits::joins_per_second;
    double participant_commands_per_second = limits::participant_commands_per_second;
    double participant_command_burst = limits::participant_command_burst;
    std::size_t connections_per_participant = limits::connections_per_participant;
    unsigned retention_days = 0;  ///< delete workshops closed for longer than this (facilitators are told); 0 keeps them
};

struct config {
    std::string bind = "0.0.0.0";
    std::uint16_t port = 8080;                 ///< 0 picks a free port (tests)
    std::string db = "./samling.db";          ///< an SQLite file, or a postgres:// URL shared by several nodes
    std::string node;                          ///< this node's name in lease rows (PostgreSQL); empty: the host name
    std::string web_dir;                       ///< serve the client from here instead of the embedded copy
    unsigned threads = 0;                      ///< 0: one per core
    std::vector<std::string> allowed_origins;  ///< extra origins allowed to open WebSockets
    std::string public_url;                    ///< base of links handed out; default from the Host header
    std::string create_key;                    ///< when set, creating a workshop needs it; empty: anyone may
    std::string metrics_token;                 ///< when set, /metrics needs it as a bearer token; empty: public
    std::size_t max_connections_per_ip = limits::default_connections_per_ip;
    std::size_t max_connections = limits::default_max_connections;
    admission_limits admission;
    connection_limits connection;  ///< not on the command line: tuned by tests and benchmarks
    room_limits rooms;             ///< not on the command line: tuned by tests
};

/** Reads an environment variable; nullopt when unset. */
using env_reader = std::function<std::optional<std::string>(const std::string&)>;

/** `text` as a whole decimal number no greater than `max`; nullopt otherwise. */
std::optional<std::uint64_t> parse_number(const std::string& text, std::uint64_t max);

/** The result of parsing `samling serve` arguments: settings or a message for the user. */
using config_result = std::variant<config, std::string>;

/** Parses the arguments after `serve`. Environment variables give defaults; flags override them. */
config_result parse_serve_arguments(const std::vector<std::string>& args, const env_reader& env);

/** The text of `samling --help`. */
std::string usage_text();

}  // namespace samling::server
