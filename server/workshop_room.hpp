#pragma once
/**
 * One live workshop. Everything runs on the room's strand: commands are decided against a
 * working state, stored through the event store, and only after the commit applied to the
 * committed state, acknowledged to the sender and broadcast (serialised once) to subscribers.
 */
#include <array>
#include <cstring>
#include <deque>
#include <functional>
#include <optional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/decide.hpp"
#include "protocol/messages.hpp"
#include "server/config.hpp"
#include "server/keyed_rate_limiter.hpp"
#include "server/metrics.hpp"
#include "server/net.hpp"
#include "server/short_code_directory.hpp"
#include "server/subscriber.hpp"
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

class workshop_room : public std::enable_shared_from_this<workshop_room> {
public:
    workshop_room(net::any_io_executor executor, storage::event_store& store, metrics& counters,
                  const admission_limits& limits, room_seed seed);

    /** Authenticates a hello from `address` and, on success, subscribes `who` and brings it up to date. */
    void hello(std::shared_ptr<subscriber> who, protocol::hello message, std::string address);
    /** Runs a command for `participant` (who must have joined through `who`). */
    void command(std::shared_ptr<subscriber> who, core::entity_id participant, std::string op,
                 core::command cmd);
    /** The connection has closed. */
    void leave(const subscriber* who);
    workshop_summary summary() const;
    /**
     * Renders the committed state with `render` if `key` is the facilitator key or the organiser
     * link's key; `done` gets the text, or nullopt for a wrong key. Runs on the room's strand.
     */
    void render_for_reader(std::string key, std::function<std::string(const core::workshop_state&)> render,
                           std::function<void(std::optional<std::string>)> done);
    /**
     * Replaces (or with an empty `organiser_key`, revokes) the read-only organiser link, if `key`
     * speaks for a facilitator. `done` runs once stored.
     */
    void set_organiser_key(std::string key, std::string organiser_key, std::function<void(access_outcome)> done);
    /** Replaces the join code, if `key` speaks for a facilitator: links with the old one stop working. */
    void set_join_code(std::string key, std::string join_code, std::function<void(access_outcome)> done);
    /**
     * Replaces (or with an empty `wall_key`, revokes) the wall link, if `key` speaks for a
     * facilitator; walls connected with the old key are closed with close_codes::wall_revoked.
     */
    void set_wall_key(std::string key, std::string wall_key, std::function<void(access_outcome)> done);
    /**
     * Deletes nothing itself: closes every connection with close_codes::deleted, refuses every
     * later hello and command, and stores nothing more, so that the erasure `then` submits is the
     * workshop's last write. With a `key`, only if it speaks for a facilitator. Runs on the strand.
     */
    void retire(std::string key, std::function<void(access_outcome)> then);
    void retire(std::function<void()> then);
    const std::string& id() const { return id_; }

private:
    struct subscription {
        std::weak_ptr<subscriber> connection;
        const subscriber* key;
        core::entity_id participant;
    };
    struct pending {
        core::event event;
        std::string record;
        std::weak_ptr<subscriber> sender;
        std::shared_ptr<subscriber> joiner;  ///< set for a participant.join made from a hello
        std::string resume_token;
        std::string join_id_hash;  ///< the hello's join id, hashed; empty without one
    };
    /** A hello waiting for the join it retries, which is being stored, to commit. */
    struct deferred_hello {
        std::shared_ptr<subscriber> connection;
        protocol::hello message;
        std::string address;
    };
    struct op_entry {
        std::uint64_t seq = 0;
        core::entity_id created = 0;
        bool committed = false;
        std::vector<std::weak_ptr<subscriber>> waiters;  ///< resent while the first was in flight
    };

    void on_hello(const std::shared_ptr<subscriber>& who, const protocol::hello& message, const std::string& address);
    void on_join(const std::shared_ptr<subscriber>& who, const protocol::hello& message, const std::string& address);
    /** A retried join that was stored: the same participant, with a new resume token. */
    void rejoin(const std::shared_ptr<subscriber>& who, core::entity_id participant, std::uint64_t last_seq);
    void retry_deferred_hellos();
    /** Whether `participant` may have one more connection; refuses `who` (and says why) if not. */
    bool admissible(subscriber& who, core::entity_id participant);
    /** Stores a changed index column (`change` fills the batch) if `key` speaks for a facilitator. */
    void change_credentials(std::string key, std::function<void(storage::write_batch&)> change,
                            std::function<void(room_credentials&)> committed, std::function<void(access_outcome)> done);
    void on_command(const std::shared_ptr<subscriber>& who, core::entity_id participant, std::string op,
                    core::command cmd);
    /**
     * Writes a freshly drawn code (also into `drawn`) into a facilitator's short_code.rotate;
     * false, answered, when no code can be drawn here.
     */
    bool draw_short_code(subscriber& who, core::entity_id participant, const std::string& op, core::command& cmd,
                         std::string& drawn);
    /** Frees the codes a failed batch had drawn. */
    void release_drawn_codes(const std::vector<pending>& failed);
    void accept(core::event ev, pending entry);
    void submit_next();
    void on_committed(const storage::write_result& result);
    void on_failed(const storage::write_result& result);
    void publish(std::vector<pending>& batch);
    struct newcomer {
        std::shared_ptr<subscriber> connection;
        core::entity_id participant;
        std::string resume_token;
    };
    void welcome_newcomers(std::vector<newcomer>& newcomers);
    void send_welcome(subscriber& who, core::entity_id participant, const std::string& resume_token);
    /**
     * The body of a snapshot at the committed seq: the state for audience::public_ and the
     * frame's closing brace. Every joiner at one seq shares one encoding, kept while any of them
     * still holds it.
     */
    std::shared_ptr<const std::string> snapshot_body();
    /** The joiner's own start of a snapshot frame, up to its state. */
    std::shared_ptr<const std::string> snapshot_head() const;
    std::vector<core::entity_id> online_ids() const;
    void attach(const std::shared_ptr<subscriber>& who, core::entity_id participant, std::uint64_t last_seq,
                const std::string& resume_token);
    /** Brings `who` up to date from `last_seq`; true when that took a snapshot. */
    bool catch_up(subscriber& who, std::uint64_t last_seq);
    void presence_changed(core::entity_id participant, bool online);
    /** Subscribes a wall: the public state and every event, no presence of its own. */
    void attach_wall(const std::shared_ptr<subscriber>& who, std::uint64_t last_seq);
    void disconnect_departed();
    /** Hands the join code to every connection of the facilitators (all, or only `only` when not 0). */
    void share_join_code(core::entity_id only);
    /** Hands the join code to those the batch promoted to facilitator. */
    void share_join_code_with_promoted(const std::vector<pending>& batch);
    void refresh_summary();
    /** After participant.forgotten at seq `through`: rewrites the stored log without them. */
    void erase_from_history(core::entity_id participant, core::forget_content content, std::uint64_t through);
    void store_rewritten(core::entity_id participant, const std::vector<core::event>& changed);
    static std::string op_key(core::entity_id actor, const std::string& op);

    net::strand<net::any_io_executor> strand_;
    storage::event_store& store_;
    metrics& metrics_;
    const admission_limits& limits_;
    keyed_rate_limiter joins_;     ///< by address
    keyed_rate_limiter commands_;  ///< by participant, over all their connections
    std::unordered_map<std::string, std::vector<deferred_hello>> joins_in_flight_;  ///< by join id hash
    const std::string id_;
    core::workshop_state committed_;
    core::workshop_state working_;
    room_credentials credentials_;
    std::unordered_map<std::string, op_entry> ops_;
    std::deque<std::pair<std::uint64_t, std::string>> recent_;  ///< seq, wire object
    std::vector<subscription> subscribers_;
    std::unordered_map<core::entity_id, int> online_;  ///< open connections per participant
    std::vector<pending> in_flight_;
    std::vector<pending> next_;
    std::uint64_t snapshot_seq_ = 0;
    std::weak_ptr<const std::string> snapshot_body_;
    std::uint64_t snapshot_body_seq_ = 0;
    short_code_directory* short_codes_ = nullptr;
    bool retired_ = false;  ///< being deleted: nothing more is accepted or stored
    mutable std::mutex summary_mutex_;
    workshop_summary summary_;
};

/** Wall-clock milliseconds since the epoch: the time the server stamps on events. */
core::time_ms now_ms();

}  // namespace samling::server
