#pragma once
/**
 * The logic of one live workshop, with no sockets, strands, threads or clocks of its own.
 *
 * Its inputs are what happens to the room: a hello, a command, a write that was stored or
 * failed, a connection that left, a tick, and the requests of HTTP (a link changed, the
 * workshop retired). Each returns the effects the room's shell (workshop_room) must carry out,
 * in order: store this batch, send this frame to that connection or to all, subscribe or close
 * one, answer a request. Connections are only ids here; the shell maps them to sockets.
 *
 * The commit pipeline: a command is decided against the working state and queued; one batch of
 * a room is in storage at a time, and whatever arrives meanwhile forms the next, so deciding
 * never waits for the disk. When a batch is stored it is published (folded into the committed
 * state, broadcast to everyone, acknowledged to its senders) and the next one goes to storage, in
 * the same step, so acks and broadcasts stay in seq order. When a batch fails, it and everything
 * decided after it fail, and the working state returns to the committed one.
 */
#include <array>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "core/decide.hpp"
#include "core/forget.hpp"
#include "protocol/messages.hpp"
#include "server/config.hpp"
#include "server/keyed_rate_limiter.hpp"
#include "server/metrics.hpp"
#include "server/shared_frame.hpp"
#include "server/short_code_directory.hpp"
#include "storage/event_store.hpp"

namespace samling::server {

/**
 * A participant's resume token as the room looks it up: the first 16 bytes of its SHA-256, held
 * as bytes rather than 64 hex characters (a workshop keeps one per participant ever joined).
 */
using token_digest = std::array<std::uint8_t, 16>;
/** token_digest of a SHA-256 in hex, as storage keeps it. */
token_digest digest_of_hex(std::string_view sha256_hex);

struct token_digest_hash {
    std::size_t operator()(const token_digest& d) const {
        std::size_t h = 0;
        std::memcpy(&h, d.data(), sizeof h);  // the bytes of a hash are uniform already
        return h;
    }
};

/** The participant id a wall connection speaks for: nobody, so every command is refused. */
inline constexpr core::entity_id wall_participant = 0;

/** Hashes a room checks credentials against (tokens of participants by hash). */
struct room_credentials {
    std::string facilitator_key_hash;
    std::string join_code_hash;
    std::string organiser_key_hash;  ///< empty while no organiser link exists
    std::string wall_key_hash{};     ///< empty while the wall link is revoked
    std::string join_code{};         ///< the code itself, for facilitators' links; empty when unknown
    std::unordered_map<token_digest, core::entity_id, token_digest_hash> tokens;
};

/** A thread-safe copy of what the public info endpoint shows. */
struct workshop_summary {
    std::string title;
    std::string language;
    core::phase phase = core::phase::welcome;
    bool locked = false;
    std::size_t participants = 0;
    std::uint64_t seq = 0;
};

/** The public summary of a workshop in `state`. */
workshop_summary summary_of(const core::workshop_state& state);

/** What an HTTP request may do in a workshop (see http_identity.hpp). */
enum class access_outcome {
    done,       ///< allowed, and stored where it changed something
    denied,     ///< the request's key does not allow it
    not_saved,  ///< allowed, but storage failed
};

/** Everything a room is built from: the committed state and what storage knows about it. */
struct room_seed {
    std::string id;
    core::workshop_state state;
    room_credentials credentials;
    std::vector<storage::op_record> ops;
    std::vector<core::event> recent;  ///< the log's tail, to serve resumes after a restart
    std::uint64_t snapshot_seq = 0;
    short_code_directory* short_codes = nullptr;  ///< draws rotated codes; none: rotation is unavailable
};

/** A connection as the room knows it: a number the shell gives it, never 0. */
using connection_id = std::uint64_t;

/** The effects a room_core asks of its shell, carried out in the order given. */
namespace room_effect {
/** Send `frame` to one connection. */
struct send {
    connection_id to;
    shared_frame frame;
};
/** Send `frame` to every subscribed connection, in the order they subscribed. */
struct send_all {
    shared_frame frame;
};
/** Send a frame of a joiner's catch-up (subscriber::deliver_catch_up). */
struct send_catch_up {
    connection_id to;
    shared_frame head;
    shared_frame body;  ///< null for replayed events
};
/** The hello of `to` succeeded: it speaks for `participant` and receives send_all from now on. */
struct subscribe {
    connection_id to;
    core::entity_id participant;
};
/** `to` receives no more send_all (it left, or the workshop was retired). */
struct unsubscribe {
    connection_id to;
};
/** The hello of `to` was refused; the error frame follows. */
struct refuse_hello {
    connection_id to;
};
/** Close `to` with a WebSocket close code. */
struct close {
    connection_id to;
    std::uint16_t code;
    std::string reason;
};
/** Submit `batch` to storage; its outcome comes back as stored(write, result). */
struct store {
    std::uint64_t write;
    storage::write_batch batch;
};
/**
 * Read the stored log through seq `through`, off the room's thread, and hand back the events
 * that forgetting `participant` changes (log_read), or nothing if the log cannot be read.
 */
struct read_log {
    core::entity_id participant;
    core::forget_content content;
    std::uint64_t through;
};
/** The HTTP request `request` is answered. */
struct answer {
    std::uint64_t request;
    access_outcome outcome;
};
/** The public summary changed; published before anyone hears of the change. */
struct summary {
    workshop_summary now;
};
}  // namespace room_effect

using room_effects = std::vector<std::variant<room_effect::send, room_effect::send_all, room_effect::send_catch_up,
                                              room_effect::subscribe, room_effect::unsubscribe,
                                              room_effect::refuse_hello, room_effect::close, room_effect::store,
                                              room_effect::read_log, room_effect::answer, room_effect::summary>>;

/** A change of the links a facilitator manages; an empty optional leaves that one alone. */
struct link_change {
    std::optional<std::string> organiser_key_hash;  ///< "" revokes the organiser link
    std::optional<std::string> join_code;           ///< a new join code (its hash is stored)
    std::optional<std::string> wall_key_hash;       ///< "" revokes the wall link
};

class room_core {
public:
    using clock = std::function<core::time_ms()>;

    room_core(room_seed seed, metrics& counters, const admission_limits& limits, clock now);

    /** Authenticates a hello of connection `from`, coming from `address`. */
    room_effects hello(connection_id from, const protocol::hello& message, const std::string& address);
    /** A command of `participant`, who joined through connection `from`. */
    room_effects command(connection_id from, core::entity_id participant, const std::string& op, core::command cmd);
    /** The outcome of the write a store effect asked for. */
    room_effects stored(std::uint64_t write, const storage::write_result& result);
    /** Connection `from` has closed. */
    room_effects leave(connection_id from);
    /** Time passes: a snapshot that is due and was not written (storage was busy or failed) goes now. */
    room_effects tick();
    /** The events of the log that forgetting `participant` rewrote, as a read_log effect asked. */
    room_effects log_read(core::entity_id participant, const std::vector<core::event>& changed);
    /** Changes the links if `key` speaks for a facilitator; answered once stored. */
    room_effects change_links(std::uint64_t request, const std::string& key, link_change change);
    /**
     * Closes every connection with close_codes::deleted, refuses every later hello and command,
     * and stores nothing more, so that the erasure that follows is the workshop's last write.
     * With a `key`, only if it speaks for a facilitator.
     */
    room_effects retire(std::uint64_t request, const std::optional<std::string>& key);
    /**
     * This node stops holding the workshop (several nodes on one database: its lease ended, or
     * another node asked for it). Closes every connection with close_codes::moved, so that its
     * clients reconnect, through the load balancer, to whoever holds the workshop next; refuses
     * every later hello and command the same way; stores nothing more. Commands decided but not
     * stored are dropped without an error: their senders resend them with the same op ids.
     */
    room_effects hand_over(std::uint64_t request);

    const std::string& id() const { return id_; }
    const core::workshop_state& committed() const { return committed_; }
    const core::workshop_state& working() const { return working_; }
    const room_credentials& credentials() const { return credentials_; }
    workshop_summary summary() const;
    /** Seq of the latest snapshot storage holds. */
    std::uint64_t snapshot_seq() const { return snapshot_seq_; }
    /** Events decided but not yet stored: in storage now, and waiting behind them. */
    std::size_t in_flight() const { return in_flight_.size(); }
    std::size_t waiting() const { return next_.size(); }
    /** Participants online, by id, ascending. */
    std::vector<core::entity_id> online_ids() const;
    std::size_t subscribers() const { return subscriptions_.size(); }
    bool retired() const { return retired_; }

private:
    struct subscription {
        connection_id connection;
        core::entity_id participant;
    };
    struct pending {
        core::event event;
        std::string record;
        connection_id sender = 0;
        connection_id joiner = 0;  ///< set for a participant.join made from a hello
        std::string resume_token;
        std::string join_id_hash;  ///< the hello's join id, hashed; empty without one
    };
    /** A hello waiting for the join it retries, which is being stored, to commit. */
    struct deferred_hello {
        connection_id connection;
        protocol::hello message;
        std::string address;
    };
    struct op_entry {
        std::uint64_t seq = 0;
        core::entity_id created = 0;
        bool committed = false;
        std::vector<connection_id> waiters;  ///< resent while the first was in flight
    };
    /** Writes outside the pipeline, by write id, and what to do once they are stored. */
    struct rejoin_write {
        connection_id connection;
        core::entity_id participant;
        std::uint64_t last_seq;
        std::string token;
    };
    struct links_write {
        std::uint64_t request;
        link_change change;
    };
    struct rewrite_write {
        core::entity_id participant;
        std::uint64_t snapshot_seq;
    };
    using side_write = std::variant<rejoin_write, links_write, rewrite_write>;

    void on_hello(room_effects& out, connection_id from, const protocol::hello& message, const std::string& address);
    void on_join(room_effects& out, connection_id from, const protocol::hello& message, const std::string& address);
    void rejoin(room_effects& out, connection_id from, core::entity_id participant, std::uint64_t last_seq);
    void retry_deferred_hellos(room_effects& out);
    bool admissible(room_effects& out, connection_id who, core::entity_id participant);
    bool draw_short_code(room_effects& out, connection_id from, core::entity_id participant, const std::string& op,
                         core::command& cmd, std::string& drawn);
    void release_drawn_codes(const std::vector<pending>& failed);
    void accept(room_effects& out, core::event ev, pending entry);
    void submit_next(room_effects& out);
    void on_committed(room_effects& out);
    void on_failed(room_effects& out, const storage::write_result& result);
    /** Retires the room as moved (see hand_over). */
    void move_away(room_effects& out);
    void on_side_stored(room_effects& out, side_write write, const storage::write_result& result);
    /** Folds a stored batch into the committed state; returns the events' wire objects. */
    std::vector<std::string> fold(std::vector<pending>& batch);
    /** Tells everyone of a stored, folded batch: broadcast, acks, newcomers, departures. */
    void announce(room_effects& out, std::vector<pending>& batch, const std::vector<std::string>& objects);
    struct newcomer {
        connection_id connection;
        core::entity_id participant;
        std::string resume_token;
    };
    void welcome_newcomers(room_effects& out, std::vector<newcomer>& newcomers);
    void send_welcome(room_effects& out, connection_id who, core::entity_id participant,
                      const std::string& resume_token);
    shared_frame snapshot_body();
    shared_frame snapshot_head() const;
    void attach(room_effects& out, connection_id who, core::entity_id participant, std::uint64_t last_seq,
                const std::string& resume_token);
    void attach_wall(room_effects& out, connection_id who, std::uint64_t last_seq);
    bool catch_up(room_effects& out, connection_id who, std::uint64_t last_seq);
    void presence_changed(room_effects& out, core::entity_id participant, bool online);
    void disconnect_departed(room_effects& out);
    void share_join_code(room_effects& out, core::entity_id only);
    void refuse(room_effects& out, connection_id who, core::errc code, const std::string& message,
                const core::error_params& params = {});
    /** Tells the shell `who`'s hello failed and forgets it: another hello may follow, as a new connection. */
    void refuse_hello(room_effects& out, connection_id who);
    void send_error(room_effects& out, connection_id to, core::errc code, const std::string& message,
                    const std::string& op, const core::error_params& params = {});
    std::uint64_t submit(room_effects& out, storage::write_batch batch);
    bool snapshot_due() const;
    workshop_summary make_summary() const;
    static std::string op_key(core::entity_id actor, const std::string& op);

    metrics& metrics_;
    const admission_limits& limits_;
    clock now_;
    keyed_rate_limiter joins_;     ///< by address
    keyed_rate_limiter commands_;  ///< by participant, over all their connections
    std::unordered_map<std::string, std::vector<deferred_hello>> joins_in_flight_;  ///< by join id hash
    const std::string id_;
    core::workshop_state committed_;
    core::workshop_state working_;
    room_credentials credentials_;
    std::unordered_map<std::string, op_entry> ops_;
    std::deque<std::pair<std::uint64_t, std::string>> recent_;  ///< seq, wire object
    /** Every connection that said hello and has not left; true once subscribed. */
    std::unordered_map<connection_id, bool> connections_;
    std::vector<subscription> subscriptions_;
    std::unordered_map<core::entity_id, int> online_;  ///< open connections per participant
    std::vector<pending> in_flight_;
    std::vector<pending> next_;
    std::uint64_t pipeline_write_ = 0;       ///< the in-flight batch's write id; 0 when none
    std::uint64_t in_flight_snapshot_ = 0;  ///< seq of the snapshot the in-flight batch stores; 0: none
    std::uint64_t snapshot_seq_ = 0;        ///< the latest snapshot storage has confirmed
    std::uint64_t next_write_ = 1;
    std::unordered_map<std::uint64_t, side_write> side_writes_;
    std::weak_ptr<const std::string> snapshot_body_;
    std::uint64_t snapshot_body_seq_ = 0;
    short_code_directory* short_codes_ = nullptr;
    bool retired_ = false;
    std::uint16_t retired_code_ = close_codes::deleted;  ///< what a retired room closes connections with
    const char* retired_reason_ = "workshop deleted";
};

/** Wall-clock milliseconds since the epoch: the time the server stamps on events. */
core::time_ms now_ms();

}  // namespace samling::server
