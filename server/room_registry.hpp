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

#include "core/commands.hpp"
#include "core/errc.hpp"
#include "server/config.hpp"
#include "server/metrics.hpp"
#include "server/net.hpp"
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

/** Every workshop held in memory is in use, so no other may be loaded now. */
class registry_full : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class room_registry {
public:
    room_registry(net::any_io_executor executor, storage::event_store& store, metrics& counters,
                  const admission_limits& limits);

    /**
     * The room of workshop `id`, loading it from storage on first use (a blocking read);
     * nullptr when no such workshop exists. Throws storage::storage_error when the data is
     * unreadable, registry_full when the memory cap is reached and no idle workshop can leave.
     */
    std::shared_ptr<workshop_room> find(const std::string& id);

    /** Creates a workshop; `done` runs (on the storage thread) after it is committed, or failed. */
    void create(core::workshop_create params, std::function<void(create_result)> done);

    std::size_t size() const;

    /**
     * Deletes workshop `id` for good: its room (if loaded) closes every connection with
     * close_codes::deleted and stores nothing more, then the store erases every row of it and
     * wipes the file (see storage::write_batch::erase). `done(ok)` runs on the storage thread.
     * Meanwhile find() answers nullptr for it. With a `key`, only if it speaks for a facilitator
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
    short_code_directory& short_codes() { return short_codes_; }

private:
    std::shared_ptr<workshop_room> load(const std::string& id);
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
};

}  // namespace samling::server
