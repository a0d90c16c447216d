#pragma once
/** The live workshops of this server: loads each from storage on first use, creates new ones. */
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

#include "core/commands.hpp"
#include "core/errc.hpp"
#include "server/config.hpp"
#include "server/metrics.hpp"
#include "server/net.hpp"
#include "server/workshop_loader.hpp"
#include "server/workshop_room.hpp"
#include "storage/event_store.hpp"

namespace samling::server {

/** The secrets of a new workshop, shown once to its creator. */
struct created_workshop {
    std::string id;
    std::string facilitator_key;
    std::string join_code;
    std::string wall_key{};    ///< the projector's read-only key
    std::string short_code{};  ///< typed at /j/<code>
};

using create_result = std::variant<created_workshop, core::rejection>;

/** What room_registry::open found. */
struct open_result {
    std::shared_ptr<workshop_room> room;  ///< null: no such workshop, or (failed) not now
    bool failed = false;  ///< it could not be opened now: unreadable, memory full, or the loader busy
};

/** What room_registry::summarize found. */
struct summary_result {
    std::optional<workshop_summary> summary;  ///< none: no such workshop, or (failed) not now
    bool failed = false;
};

class room_registry {
public:
    room_registry(net::any_io_executor executor, storage::event_store& store, metrics& counters,
                  const admission_limits& limits);
    ~room_registry();

    /**
     * Hands `done` the room of workshop `id`: at once when it is in memory, otherwise once a
     * loader thread has read it (from the loader's thread then). Joiners arriving together wait
     * on one load. `done` must not block: it posts what it does next to its own executor.
     */
    void open(const std::string& id, std::function<void(open_result)> done);

    /**
     * Hands `done` the public summary of workshop `id` (title, language, phase, lock, people):
     * from its room when it is in memory here, or when the store is this node's alone (which
     * loads it as open() does). With a shared store and the room not here, it is read from the
     * database on a loader thread without taking the workshop over from the node that holds it,
     * so that a short code or a link looked up on any node moves nobody.
     */
    void summarize(const std::string& id, std::function<void(summary_result)> done);

    /** Creates a workshop; `done` runs (on the storage thread) after it is committed, or failed. */
    void create(core::workshop_create params, std::function<void(create_result)> done);

    std::size_t size() const;

    /**
     * Deletes workshop `id` for good: its room (if loaded) closes every connection with
     * close_codes::deleted and stores nothing more, then the store erases every row of it and
     * wipes the file (see storage::write_batch::erase). `done(ok)` runs on the storage thread.
     * Meanwhile open() finds nothing for it. With a `key`, only if it speaks for a facilitator
     * (`done` gets denied otherwise); without one (retention), unconditionally.
     */
    void erase(const std::string& id, std::optional<std::string> key, std::function<void(access_outcome)> done);

    /**
     * Drops from memory the workshops nobody has used for `idle_for`: no connection, no request
     * and no write in flight holds them. They reload from storage on next use. Returns how many.
     */
    std::size_t unload_idle(std::chrono::steady_clock::duration idle_for);
    net::any_io_executor executor() const { return executor_; }
    storage::event_store& store() { return store_; }
    /** The threads for blocking whole-log reads (loads, the archive export, a forgetting's rewrite). */
    workshop_loader& loader() { return loader_; }
    short_code_directory& short_codes() { return short_codes_; }
    /**
     * The workshop a short join code names. With several nodes, a code another node drew is not
     * in this node's directory, so a miss asks the database (one indexed read).
     */
    std::optional<std::string> find_short_code(const std::string& code);

private:
    /** Retires `room` (if loaded; with `key`, only if it speaks for a facilitator), then erases `id`. */
    void retire_and_wipe(const std::string& id, std::shared_ptr<workshop_room> room, std::optional<std::string> key,
                         std::function<void(access_outcome)> done);
    /** On a loader thread: reads workshop `id` and hands it to everyone waiting for it. */
    void load(const std::string& id);
    /** Hands the outcome of loading `id` to everyone waiting for it, keeping the room if there is one. */
    void finish_load(const std::string& id, open_result result);
    /**
     * This node stopped holding workshop `id` (several nodes, see storage::lease_end): its room
     * goes from memory and closes its connections with close_codes::moved; after a handover the
     * lease is given up, behind the room's last write.
     */
    void on_lease_end(const std::string& id, storage::lease_end why);
    /** Gives up this node's lease of `id`, if the store has leases, after every write queued before. */
    void release(const std::string& id);
    /** Makes room for one more workshop under the cap, unloading the least recently used idle one. */
    bool make_room_locked();
    /** Counts a creation about to be stored, or refuses it when a cap is reached. */
    std::optional<core::rejection> refuse_creation();
    void forget_creation();

    net::any_io_executor executor_;
    storage::event_store& store_;
    metrics& metrics_;
    const admission_limits& limits_;
    short_code_directory short_codes_;
    struct loaded_room {
        std::shared_ptr<workshop_room> room;
        /** When a sweep first found nobody else holding the room; reset by every use. */
        std::optional<std::chrono::steady_clock::time_point> unused_since;
        std::chrono::steady_clock::time_point last_used = std::chrono::steady_clock::now();
    };
    std::size_t stored_ = 0;  ///< workshops in the database, and those being created
    std::unordered_set<std::string> erasing_;  ///< being deleted: not to be loaded again

    mutable std::mutex mutex_;
    std::unordered_map<std::string, loaded_room> rooms_;
    /** Workshops being loaded, and who waits for each. */
    std::unordered_map<std::string, std::vector<std::function<void(open_result)>>> loading_;
    // Last, so it goes first: a load still running finishes while everything it touches lives.
    workshop_loader loader_;
};

}  // namespace samling::server
