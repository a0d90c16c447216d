#pragma once
/**
 * The wire format: JSON text frames between browser and server, documented in docs/protocol.md.
 * Decoding never throws and never trusts its input; encoding returns complete frames.
 */
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/errc.hpp"
#include "core/event.hpp"
#include "core/workshop_state.hpp"

namespace samling::protocol {

/** The protocol version this server speaks; a hello with another version is refused. */
inline constexpr std::int64_t version = 1;

// Limits of the wire format (documented in docs/protocol.md, "Limits").
inline constexpr std::size_t max_frame_bytes = 64 * 1024;  ///< larger frames close with 1009
inline constexpr int max_json_depth = 8;                   ///< nesting of objects and arrays
inline constexpr std::size_t max_op_chars = 64;            ///< client op id length (ASCII)
inline constexpr std::size_t max_token_chars = 64;         ///< workshop id, codes, keys, tokens
inline constexpr std::size_t min_join_id_chars = 16;       ///< a join id is a secret: long enough not to guess

/** First message on a connection: which workshop, and who is asking. */
struct hello {
    std::int64_t protocol = 0;
    std::string workshop;
    // Exactly one of the five credentials is set.
    std::string join_code;                      ///< joins as a new participant; needs `name`
    std::string short_code;                     ///< as join_code, with the code shown on the wall
    std::string wall_key;                       ///< the read-only wall: public state, every event, no command
    std::string resume_token;                   ///< resumes an earlier participant
    std::string facilitator_key;                ///< the workshop's host
    std::string name;                           ///< display name, with join_code
    std::string join_id;                        ///< with join_code: chosen by the client, the same on every retry
    core::role role = core::role::participant;  ///< participant or observer, with join_code
    std::uint64_t last_seq = 0;                 ///< last event seq the client holds; 0 for none
};

/** A domain command with the client's op id. */
struct command_message {
    std::string op;
    core::command command;
};

/** Application-level keep-alive (browsers cannot send WebSocket pings). */
struct ping_message {};

using client_message = std::variant<hello, command_message, ping_message>;

/** Why a frame was refused; `op` is set when the frame's op id could be read. */
struct decode_error {
    core::errc code = core::errc::bad_message;
    std::string message;
    std::string op;
    core::error_params params;  ///< e.g. the field and its limit
};

using decode_result = std::variant<client_message, decode_error>;

/**
 * Parses one text frame from a client. Commands whose access lists no role (server-made ones)
 * decode as unknown_type. Text fields are checked for UTF-8, control characters and length;
 * a frame that is not valid UTF-8 at all is refused with invalid_text.
 */
decode_result decode_client_message(std::string_view frame);

/** What the server says after a successful hello. */
struct welcome_info {
    std::string workshop;
    core::entity_id participant = 0;
    core::role role = core::role::participant;
    std::string resume_token;  ///< only for a participant who has just joined
    std::uint64_t seq = 0;     ///< the workshop's current seq
    core::time_ms server_time = 0;
    bool wall = false;         ///< a wall connection: participant 0, `view: "wall"`, no commands
    std::string join_code{};   ///< only for a facilitator (and only when known): the participant link's code
    unsigned retention_days = 0;  ///< only for a facilitator: closed workshops are deleted after this many days; 0 never
};

/** How much of the state a reader may see. */
enum class audience : std::uint8_t {
    full,    ///< storage and exports: everything
    public_  ///< the wire: proposers of themes hidden when proposals are anonymous
};

/** The `welcome` frame; `resume_token` and `join_code` only when not empty. */
std::string encode_welcome(const welcome_info& info);
/** The `join_code` frame: a facilitator's new participant link code, after a rotation or a promotion. */
std::string encode_join_code(std::string_view join_code);
/**
 * One event as a JSON object (not a frame): seq, type (the event name), at, actor, id (when
 * something was created) and the command's fields. Never writes `op`; for the stored form with
 * `op` use encode_event_record. With this overload nothing is hidden (not anonymous).
 */
std::string encode_event_object(const core::event& ev, audience who);
/**
 * As above; with audience::public_ and `anonymous_theme` true, the actor of theme.propose,
 * theme.edit and theme.withdraw events is written as 0 so proposals stay anonymous. A
 * theme.proposed event also says whether its theme is anonymous.
 */
std::string encode_event_object(const core::event& ev, audience who, bool anonymous_theme);
/** Whether `ev` proposes, edits, withdraws or restores a theme proposed anonymously, judged by `state`. */
bool anonymous_theme_event(const core::workshop_state& state, const core::event& ev);
/** A frame carrying already encoded event objects, in order. */
std::string encode_events_frame(std::span<const std::string> event_objects);
/** The `snapshot` frame: seq, workshop_id, the online ids and the state for audience::public_. */
std::string encode_snapshot(const core::workshop_state& state, std::string_view workshop_id,
                            std::span<const core::entity_id> online);
/** The same frame around a state already encoded with encode_state(state, audience::public_). */
std::string encode_snapshot(std::uint64_t seq, std::string_view workshop_id, std::span<const core::entity_id> online,
                            std::string_view public_state);
/** The `ack` frame; `id` only when `created` is not 0, `duplicate` only when true. */
std::string encode_ack(std::string_view op, std::uint64_t seq, core::entity_id created,
                       bool duplicate);
/**
 * The `error` frame; `op` only when not empty, `params` (an object) only when there are any.
 * A message that is not UTF-8 is repaired.
 */
std::string encode_error(core::errc code, std::string_view message, std::string_view op = {},
                         const core::error_params& params = {});
/** The `presence` frame: who came online and who went offline. */
std::string encode_presence(std::span<const core::entity_id> online,
                            std::span<const core::entity_id> offline);
/**
 * The `presence` frame that replaces a client's whole list: `online` is everyone online now,
 * `offline` is empty and `replace` is true. Sent after a resume that got no snapshot.
 */
std::string encode_presence_list(std::span<const core::entity_id> online);
/** The `pong` frame, answer to a `ping`. */
std::string encode_pong();

// Storage encodings: complete and never redacted.
/** The event as stored in the log: the full object including `op`. */
std::string encode_event_record(const core::event& ev);
/** Reads a stored event (any command type, server-made ones too); nullopt on any problem. */
std::optional<core::event> decode_event_record(std::string_view json);
/** The whole state as JSON (the `workshop` object of a snapshot frame). */
std::string encode_state(const core::workshop_state& state, audience who);
/** Reads encode_state(…, audience::full) back exactly; nullopt on any problem. */
std::optional<core::workshop_state> decode_state(std::string_view json);

/** The command type named `name` (e.g. "note.add") exists and clients may send it. */
bool is_client_command(std::string_view name);
/** Every command type name, in declaration order (for docs and tests). */
std::vector<std::string_view> command_names();

}  // namespace samling::protocol
