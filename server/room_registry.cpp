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
}

std::size_t room_registry::size() const {
    std::lock_guard lock(mutex_);
    return rooms_.size();
}

std::shared_ptr<workshop_room> room_registry::find(const std::string& id) {
    {
        std::lock_guard lock(mutex_);
        if (erasing_.contains(id)) return nullptr;
        if (auto it = rooms_.find(id); it != rooms_.end()) {
            it->second.unused_since.reset();
            it->second.last_used = std::chrono::steady_clock::now();
            return it->second.room;
        }
    }
    auto loaded = load(id);
    if (!loaded) return nullptr;
    std::lock_guard lock(mutex_);
    if (erasing_.contains(id)) return nullptr;
    // Another thread may have loaded it meanwhile; the first one wins.
    if (auto it = rooms_.find(id); it != rooms_.end()) {
        it->second.last_used = std::chrono::steady_clock::now();
        return it->second.room;
    }
    if (!make_room_locked()) {
        throw registry_full("every one of the " + std::to_string(limits_.max_live_workshops) +
                            " workshops in memory is in use");
    }
    rooms_.emplace(id, loaded_room{loaded, std::nullopt});
    metrics_.live_workshops.fetch_add(1, std::memory_order_relaxed);
    return loaded;
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
        // pointer through find() under this lock or from the room itself, so a count of one
        // means nothing is using the room or can reach it without coming back here.
        if (entry.room.use_count() > 1) {
            entry.unused_since.reset();
        } else if (!entry.unused_since) {
            entry.unused_since = now;
        } else if (now - *entry.unused_since >= idle_for) {
            log_info("workshop " + it->first + " unloaded after being idle");
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

std::shared_ptr<workshop_room> room_registry::load(const std::string& id) {
    auto record = store_.find_workshop(id);
    if (!record) return nullptr;
    room_seed seed;
    seed.id = id;
    if (auto snapshot = store_.snapshot(id)) {
        auto state = protocol::decode_state(snapshot->state);
        if (!state) throw storage::storage_error("the stored snapshot of workshop " + id + " is unreadable");
        seed.state = std::move(*state);
        seed.snapshot_seq = snapshot->seq;
    }
    // Read a little before the snapshot too, so that recent resumes can be served by replay.
    const std::uint64_t from = std::min<std::uint64_t>(
        seed.state.seq, record->last_seq > limits::replay_window ? record->last_seq - limits::replay_window : 0);
    for (const auto& stored : store_.events_after(id, from)) {
        auto ev = event_of(stored, id);
        if (ev.seq > seed.state.seq) core::apply(seed.state, ev);
        seed.recent.push_back(std::move(ev));
    }
    seed.credentials.facilitator_key_hash = record->facilitator_key_hash;
    seed.credentials.join_code_hash = record->join_code_hash;
    seed.credentials.organiser_key_hash = record->organiser_key_hash;
    seed.credentials.wall_key_hash = record->wall_key_hash;
    seed.credentials.join_code = record->join_code;
    seed.short_codes = &short_codes_;
    for (const auto& credential : store_.credentials(id)) {
        seed.credentials.tokens[digest_of_hex(credential.token_hash)] = credential.participant;
    }
    seed.ops = store_.op_index(id);
    log_info("workshop " + id + " loaded at seq " + std::to_string(seed.state.seq));
    return std::make_shared<workshop_room>(executor_, store_, metrics_, limits_, std::move(seed));
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
    auto room = std::make_shared<workshop_room>(executor_, store_, metrics_, limits_, std::move(seed));
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
    std::shared_ptr<workshop_room> room;
    if (key) {
        // A facilitator's key is checked by the room, so it is loaded (the caller found it).
        try {
            room = find(id);
        } catch (const std::exception&) {
            return done(access_outcome::not_saved);
        }
        if (!room) return done(access_outcome::denied);
    } else {
        // Retention: a workshop not in memory is not loaded just to go.
        std::lock_guard lock(mutex_);
        if (auto it = rooms_.find(id); it != rooms_.end()) room = it->second.room;
    }
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
