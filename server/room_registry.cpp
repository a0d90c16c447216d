#include "server/room_registry.hpp"

#include "core/decide.hpp"
#include "protocol/messages.hpp"
#include "server/event_records.hpp"
#include "server/limits.hpp"
#include "server/log.hpp"
#include "server/random_token.hpp"

namespace samling::server {

room_registry::room_registry(net::any_io_executor executor, storage::event_store& store, metrics& counters,
                             const admission_limits& limits)
    : executor_(std::move(executor)), store_(store), metrics_(counters), limits_(limits),
      stored_(store.count_workshops()) {
    short_codes_.load(store_.short_codes());
    store_.set_lease_listener([this](const std::string& id, storage::lease_end why) { on_lease_end(id, why); });
}

room_registry::~room_registry() {
    // After this returns the store calls no more into this registry.
    store_.set_lease_listener({});
}

std::optional<std::string> room_registry::find_short_code(const std::string& code) {
    if (auto id = short_codes_.find(code)) return id;
    if (!store_.shared()) return std::nullopt;
    try {
        return store_.find_short_code(code);
    } catch (const std::exception& e) {
        log_warning(std::string("short code lookup failed: ") + e.what());
        return std::nullopt;
    }
}

void room_registry::release(const std::string& id) {
    if (!store_.shared()) return;
    storage::write_batch batch;
    batch.workshop = id;
    batch.release = true;
    store_.submit(std::move(batch), [](const storage::write_result&) {});
}

void room_registry::on_lease_end(const std::string& id, storage::lease_end why) {
    std::shared_ptr<workshop_room> room;
    {
        std::lock_guard lock(mutex_);
        if (auto it = rooms_.find(id); it != rooms_.end()) {
            room = std::move(it->second.room);
            rooms_.erase(it);
            metrics_.live_workshops.fetch_sub(1, std::memory_order_relaxed);
        }
    }
    const bool handover = why == storage::lease_end::handover;
    (handover ? metrics_.workshops_handed_over : metrics_.leases_lost).fetch_add(1, std::memory_order_relaxed);
    log_info("workshop " + id + (handover ? " handed over: another node asked for it"
                                 : why == storage::lease_end::lost ? ": this node's lease of it ended"
                                                                   : ": a write's outcome is unknown, so it is read again on next use"));
    if (!room) {
        if (handover) release(id);
        return;
    }
    room->hand_over([this, id, handover] {
        if (handover) release(id);
    });
}

std::size_t room_registry::size() const {
    std::lock_guard lock(mutex_);
    return rooms_.size();
}

void room_registry::open(const std::string& id, std::function<void(open_result)> done) {
    std::shared_ptr<workshop_room> room;
    bool erasing = false;
    {
        std::lock_guard lock(mutex_);
        erasing = erasing_.contains(id);
        if (auto it = rooms_.find(id); !erasing && it != rooms_.end()) {
            it->second.unused_since.reset();
            it->second.last_used = std::chrono::steady_clock::now();
            room = it->second.room;
        } else if (!erasing) {
            // One load per workshop: whoever comes while it runs waits for the same one.
            auto [waiting, first] = loading_.try_emplace(id);
            waiting->second.push_back(std::move(done));
            if (!first) return;
        }
    }
    // `done` runs without the lock: it may open another workshop, or this one again.
    if (erasing) return done({});
    if (room) return done({std::move(room), false});
    if (loader_.run([this, id] { load(id); })) return;
    log_warning("workshop " + id + " not loaded: " + std::to_string(limits::loads_queued) + " loads already wait");
    std::vector<std::function<void(open_result)>> refused;
    {
        std::lock_guard lock(mutex_);
        refused = std::move(loading_[id]);
        loading_.erase(id);
    }
    for (auto& waiter : refused) waiter({nullptr, true});
}

void room_registry::summarize(const std::string& id, std::function<void(summary_result)> done) {
    std::shared_ptr<workshop_room> room;
    {
        std::lock_guard lock(mutex_);
        if (auto it = rooms_.find(id); it != rooms_.end() && !erasing_.contains(id)) room = it->second.room;
    }
    if (room) return done({room->summary(), false});
    if (!store_.shared()) {
        return open(id, [done = std::move(done)](open_result opened) {
            if (opened.room) return done({opened.room->summary(), false});
            done({std::nullopt, opened.failed});
        });
    }
    auto read = [this, id, done] {
        try {
            auto seed = load_seed(store_, id);
            done({seed ? std::optional<workshop_summary>(summary_of(seed->state)) : std::nullopt, false});
        } catch (const std::exception& e) {
            log_warning("reading workshop " + id + " for its summary failed: " + e.what());
            done({std::nullopt, true});
        }
    };
    if (!loader_.run(read)) done({std::nullopt, true});
}

bool room_registry::make_room_locked() {
    if (rooms_.size() < limits_.max_live_workshops) return true;
    // Only a room nobody holds may go (see unload_idle); of those, the one used longest ago.
    auto oldest = rooms_.end();
    for (auto it = rooms_.begin(); it != rooms_.end(); ++it) {
        if (it->second.room.use_count() > 1) continue;
        if (oldest == rooms_.end() || it->second.last_used < oldest->second.last_used) oldest = it;
    }
    if (oldest == rooms_.end()) return false;
    log_info("workshop " + oldest->first + " unloaded to make room for another");
    release(oldest->first);
    rooms_.erase(oldest);
    metrics_.live_workshops.fetch_sub(1, std::memory_order_relaxed);
    metrics_.workshops_unloaded.fetch_add(1, std::memory_order_relaxed);
    return true;
}

std::size_t room_registry::unload_idle(std::chrono::steady_clock::duration idle_for) {
    const auto now = std::chrono::steady_clock::now();
    std::size_t unloaded = 0;
    std::lock_guard lock(mutex_);
    for (auto it = rooms_.begin(); it != rooms_.end();) {
        auto& entry = it->second;
        // Every holder (a connection, a queued handler, a storage callback, a request) got its
        // pointer through open() under this lock or from the room itself, so a count of one
        // means nothing is using the room or can reach it without coming back here.
        if (entry.room.use_count() > 1) {
            entry.unused_since.reset();
        } else if (!entry.unused_since) {
            entry.unused_since = now;
        } else if (now - *entry.unused_since >= idle_for) {
            log_info("workshop " + it->first + " unloaded after being idle");
            release(it->first);
            it = rooms_.erase(it);
            ++unloaded;
            continue;
        }
        ++it;
    }
    metrics_.live_workshops.fetch_sub(static_cast<std::int64_t>(unloaded), std::memory_order_relaxed);
    metrics_.workshops_unloaded.fetch_add(unloaded, std::memory_order_relaxed);
    return unloaded;
}

void room_registry::forget_creation() {
    std::lock_guard lock(mutex_);
    --stored_;
}

void room_registry::load(const std::string& id) {
    open_result result;
    try {
        // With several nodes, this node takes the workshop before it reads the log: whatever the
        // previous holder wrote is in it, and nothing that holder still tries can commit.
        if (store_.shared() && store_.find_workshop(id)) {
            const auto claimed = store_.claim(id);
            if (claimed.state == storage::claim_result::status::elsewhere) {
                // Not an error: the holder was asked to let go, and the client tries again.
                metrics_.workshops_elsewhere.fetch_add(1, std::memory_order_relaxed);
                log_info("workshop " + id + " is held by " + claimed.owner + ", who was asked to hand it over");
                return finish_load(id, {nullptr, true});
            }
            if (claimed.state == storage::claim_result::status::failed) {
                throw storage::storage_error("the database could not be asked who holds it");
            }
        }
        if (auto seed = load_seed(store_, id)) {
            seed->short_codes = &short_codes_;
            log_info("workshop " + id + " loaded at seq " + std::to_string(seed->state.seq));
            result.room = std::make_shared<workshop_room>(executor_, store_, loader_, metrics_, limits_, std::move(*seed));
        }
    } catch (const std::exception& e) {
        log_error("loading workshop " + id + " failed: " + e.what());
        result.failed = true;
    }
    finish_load(id, std::move(result));
}

void room_registry::finish_load(const std::string& id, open_result result) {
    std::vector<std::function<void(open_result)>> waiters;
    {
        std::lock_guard lock(mutex_);
        waiters = std::move(loading_[id]);
        loading_.erase(id);
        if (result.room && erasing_.contains(id)) {
            result.room = nullptr;
        } else if (result.room && !make_room_locked()) {
            log_warning("workshop " + id + " not loaded: every one of the " +
                        std::to_string(limits_.max_live_workshops) + " workshops in memory is in use");
            release(id);  // another node may hold it meanwhile
            result = {nullptr, true};
        } else if (result.room) {
            rooms_.emplace(id, loaded_room{result.room, std::nullopt});
            metrics_.live_workshops.fetch_add(1, std::memory_order_relaxed);
            metrics_.workshops_loaded.fetch_add(1, std::memory_order_relaxed);
        }
    }
    for (auto& waiter : waiters) waiter(result);
}

std::optional<core::rejection> room_registry::refuse_creation() {
    std::lock_guard lock(mutex_);
    if (stored_ >= limits_.max_workshops) {
        return core::rejection{core::errc::limit_reached,
                               "This server holds as many workshops as it may (" +
                                   std::to_string(limits_.max_workshops) + "). Ask its operator to make room.", {}};
    }
    if (!make_room_locked()) {
        return core::rejection{core::errc::unavailable,
                               "The server is busy with as many workshops as it can hold. Try again later.", {}};
    }
    ++stored_;
    return std::nullopt;
}

void room_registry::create(core::workshop_create params, std::function<void(create_result)> done) {
    if (auto refused = refuse_creation()) return done(*refused);
    core::workshop_state state;
    const core::time_ms now = now_ms();
    created_workshop secrets{new_workshop_id(), new_secret(), new_secret(), new_secret(), ""};
    secrets.short_code = params.short_code = short_codes_.draw(secrets.id);
    auto decided = core::decide(state, 0, params, now);
    if (auto* refused = std::get_if<core::rejection>(&decided)) {
        forget_creation();
        short_codes_.release(secrets.short_code, secrets.id);
        return done(*refused);
    }
    const auto& ev = std::get<core::event>(decided);
    core::apply(state, ev);

    storage::write_batch batch;
    batch.workshop = secrets.id;
    batch.create = storage::workshop_record{secrets.id, state.title, state.language, now,
                                            storage::sha256_hex(secrets.facilitator_key),
                                            storage::sha256_hex(secrets.join_code), "", 0,
                                            storage::sha256_hex(secrets.wall_key), secrets.short_code,
                                            secrets.join_code};
    batch.events.push_back(record_of(ev));

    room_seed seed;
    seed.id = secrets.id;
    seed.state = std::move(state);
    seed.credentials = {batch.create->facilitator_key_hash, batch.create->join_code_hash, "",
                        batch.create->wall_key_hash, secrets.join_code, {}};
    seed.recent.push_back(ev);
    seed.short_codes = &short_codes_;
    auto room = std::make_shared<workshop_room>(executor_, store_, loader_, metrics_, limits_, std::move(seed));
    store_.submit(std::move(batch), [this, room, secrets, done = std::move(done)](const storage::write_result& r) {
        if (!r.ok) {
            forget_creation();
            metrics_.storage_failures.fetch_add(1, std::memory_order_relaxed);
            log_error("could not create a workshop: " + r.error);
            short_codes_.release(secrets.short_code, secrets.id);
            return done(core::rejection{core::errc::storage_failed, "The workshop could not be saved: " +
                                                                        std::string(r.full ? "the disk is full." : "a storage error."), {}});
        }
        {
            std::lock_guard lock(mutex_);
            // The place was made when the creation began; a load since may have taken it.
            make_room_locked();
            rooms_.emplace(secrets.id, loaded_room{room, std::nullopt});
        }
        metrics_.live_workshops.fetch_add(1, std::memory_order_relaxed);
        metrics_.workshops_created.fetch_add(1, std::memory_order_relaxed);
        log_info("workshop " + secrets.id + " created");
        done(secrets);
    });
}

void room_registry::erase(const std::string& id, std::optional<std::string> key,
                          std::function<void(access_outcome)> done) {
    if (key) {
        // A facilitator's key is checked by the room, so it is opened first.
        return open(id, [this, id, key = std::move(*key), done = std::move(done)](open_result opened) mutable {
            if (opened.failed) return done(access_outcome::not_saved);
            if (!opened.room) return done(access_outcome::denied);
            retire_and_wipe(id, std::move(opened.room), std::move(key), std::move(done));
        });
    }
    std::shared_ptr<workshop_room> room;
    {
        // Retention: a workshop not in memory is not loaded just to go.
        std::lock_guard lock(mutex_);
        if (auto it = rooms_.find(id); it != rooms_.end()) room = it->second.room;
    }
    retire_and_wipe(id, std::move(room), std::nullopt, std::move(done));
}

void room_registry::retire_and_wipe(const std::string& id, std::shared_ptr<workshop_room> room,
                                    std::optional<std::string> key, std::function<void(access_outcome)> done) {
    auto wipe = [this, id, done, by_facilitator = key.has_value()] {
        {
            std::lock_guard lock(mutex_);
            erasing_.insert(id);
            if (auto it = rooms_.find(id); it != rooms_.end()) {
                rooms_.erase(it);
                metrics_.live_workshops.fetch_sub(1, std::memory_order_relaxed);
            }
        }
        storage::write_batch batch;
        batch.workshop = id;
        batch.erase = true;
        store_.submit(std::move(batch), [this, id, done, by_facilitator](const storage::write_result& result) {
            {
                std::lock_guard lock(mutex_);
                erasing_.erase(id);
                if (result.ok && stored_ > 0) --stored_;
            }
            if (!result.ok) {
                log_error("workshop " + id + " could not be deleted: " + result.error);
                return done(access_outcome::not_saved);
            }
            short_codes_.release_workshop(id);
            (by_facilitator ? metrics_.workshops_deleted : metrics_.workshops_deleted_retention)
                .fetch_add(1, std::memory_order_relaxed);
            if (!result.error.empty()) log_warning("workshop " + id + ": " + result.error);
            log_info("workshop " + id + (by_facilitator ? " deleted by a facilitator" : " deleted: closed for longer than the retention period"));
            done(access_outcome::done);
        });
    };
    if (!room) return wipe();
    if (key) {
        room->retire(std::move(*key), [wipe, done](access_outcome outcome) {
            if (outcome != access_outcome::done) return done(outcome);
            wipe();
        });
    } else {
        room->retire(wipe);
    }
}

}  // namespace samling::server
