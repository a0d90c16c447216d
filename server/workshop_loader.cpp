#include "server/workshop_loader.hpp"

#include <algorithm>
#include <deque>
#include <iterator>

#include "server/event_records.hpp"
#include "server/log.hpp"

namespace samling::server {

std::optional<room_seed> load_seed(storage::event_store& store, const std::string& id) {
    auto record = store.find_workshop(id);
    if (!record) return std::nullopt;
    room_seed seed;
    seed.id = id;
    if (auto snapshot = store.snapshot(id)) {
        if (auto state = protocol::decode_state(snapshot->state); state && state->seq == snapshot->seq) {
            seed.state = std::move(*state);
            seed.snapshot_seq = snapshot->seq;
        } else {
            // The log is the truth and a snapshot only a shortcut: a bad one costs a replay.
            log_warning("workshop " + id + ": the snapshot at seq " + std::to_string(snapshot->seq) +
                        " does not decode; replaying the whole log");
        }
    }
    // Read a little before the snapshot too, so that recent resumes can be served by replay.
    const std::uint64_t from = std::min<std::uint64_t>(
        seed.state.seq, record->last_seq > limits::replay_window ? record->last_seq - limits::replay_window : 0);
    // The replay window and a snapshot interval's worth (all a normal load reads; the room takes
    // the ids of ops resent from them), however long a replay after a bad snapshot is.
    constexpr std::size_t kept = limits::replay_window + limits::snapshot_interval;
    std::deque<core::event> recent;
    for (const auto& stored : store.events_after(id, from)) {
        auto ev = event_of(stored, id);
        if (ev.seq > seed.state.seq) core::apply(seed.state, ev);
        recent.push_back(std::move(ev));
        if (recent.size() > kept) recent.pop_front();
    }
    seed.recent.assign(std::make_move_iterator(recent.begin()), std::make_move_iterator(recent.end()));
    seed.credentials.facilitator_key_hash = record->facilitator_key_hash;
    seed.credentials.join_code_hash = record->join_code_hash;
    seed.credentials.organiser_key_hash = record->organiser_key_hash;
    seed.credentials.wall_key_hash = record->wall_key_hash;
    seed.credentials.join_code = record->join_code;
    for (const auto& credential : store.credentials(id)) {
        seed.credentials.tokens[digest_of_hex(credential.token_hash)] = credential.participant;
    }
    seed.ops = store.op_index(id);
    return seed;
}

workshop_loader::workshop_loader(std::size_t threads, std::size_t queued) : pool_(threads), limit_(queued) {}

workshop_loader::~workshop_loader() { stop(); }

bool workshop_loader::run(std::function<void()> job) {
    if (waiting_.fetch_add(1, std::memory_order_relaxed) >= limit_) {
        waiting_.fetch_sub(1, std::memory_order_relaxed);
        return false;
    }
    net::post(pool_, [this, job = std::move(job)] {
        waiting_.fetch_sub(1, std::memory_order_relaxed);
        job();
    });
    return true;
}

void workshop_loader::stop() { pool_.join(); }

}  // namespace samling::server
