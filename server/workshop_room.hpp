#pragma once
/**
 * One live workshop: the shell around its room_core. The logic (deciding, the commit pipeline,
 * duplicates, snapshots, presence, resumes, credentials) is room_core's; the shell owns the
 * room's strand, maps connections to the ids the core knows them by, hands the core's store
 * effects to the event store and posts their outcome back, and carries out every other effect
 * on the strand, in the order the core gives.
 */
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/net.hpp"
#include "server/room_core.hpp"
#include "server/subscriber.hpp"

namespace samling::server {

class workshop_loader;

class workshop_room : public std::enable_shared_from_this<workshop_room> {
public:
    workshop_room(net::any_io_executor executor, storage::event_store& store, workshop_loader& loader,
                  metrics& counters, const admission_limits& limits, room_seed seed);

    /** Authenticates a hello from `address` and, on success, subscribes `who` and brings it up to date. */
    void hello(std::shared_ptr<subscriber> who, protocol::hello message, std::string address);
    /** Runs a command for `participant` (who must have joined through `who`). */
    void command(std::shared_ptr<subscriber> who, core::entity_id participant, std::string op,
                 core::command cmd);
    /** The connection has closed (or its hello's connection has). */
    void leave(const subscriber* who);
    workshop_summary summary() const;
    /**
     * Renders the committed state with `render` if `key` is the facilitator key or the organiser
     * link's key; `done` gets the text, or nullopt for a wrong key. The key is checked on the
     * room's strand, which copies the state; the rendering runs off it.
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
    /**
     * This node stops holding the workshop: closes every connection with close_codes::moved and
     * stores nothing more (room_core::hand_over); `then` runs after, on the strand, once every
     * write submitted before has been queued ahead of whatever `then` submits.
     */
    void hand_over(std::function<void()> then);
    const std::string& id() const { return id_; }

private:
    /** Carries out `effects` in order, on the strand. */
    void run(room_effects effects);
    /** The id `who` has here, given one at its first hello. */
    connection_id id_of(const std::shared_ptr<subscriber>& who);
    std::shared_ptr<subscriber> connection(connection_id id) const;
    /** Drops the connection's id: it left, or its hello was refused. */
    void forget(connection_id id);
    void change_links(std::string key, link_change change, std::function<void(access_outcome)> done);
    /** Reads the stored log off the strand for a forgetting, and hands the core what changed. */
    void read_log(const room_effect::read_log& request);

    net::strand<net::any_io_executor> strand_;
    storage::event_store& store_;
    workshop_loader& loader_;
    const std::string id_;
    room_core core_;
    std::unordered_map<const subscriber*, connection_id> ids_;
    struct known {
        std::weak_ptr<subscriber> connection;
        const subscriber* key;  ///< its entry in ids_
    };
    std::unordered_map<connection_id, known> connections_;
    /** The subscribed connections, in the order they subscribed (send_all's order). */
    std::vector<std::pair<connection_id, std::weak_ptr<subscriber>>> subscribed_;
    std::unordered_map<std::uint64_t, std::function<void(access_outcome)>> requests_;
    connection_id next_connection_ = 1;
    std::uint64_t next_request_ = 1;
    mutable std::mutex summary_mutex_;
    workshop_summary summary_;
};

}  // namespace samling::server
