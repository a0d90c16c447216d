// The commit pipeline of room_core: commands, batches stored and failed, and what is published.
#include "server/room_core.hpp"

#include <algorithm>
#include <chrono>

#include "server/event_records.hpp"
#include "server/limits.hpp"
#include "server/log.hpp"

namespace samling::server {

using core::entity_id;

token_digest digest_of_hex(std::string_view sha256_hex) {
    token_digest digest{};
    const auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    for (std::size_t i = 0; i < digest.size() && 2 * i + 1 < sha256_hex.size(); ++i) {
        digest[i] = static_cast<std::uint8_t>(nibble(sha256_hex[2 * i]) << 4 | nibble(sha256_hex[2 * i + 1]));
    }
    return digest;
}

core::time_ms now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

room_core::room_core(room_seed seed, metrics& counters, const admission_limits& limits, clock now)
    : metrics_(counters),
      limits_(limits),
      now_(std::move(now)),
      joins_(limits.joins_per_second, static_cast<double>(limits.join_burst)),
      commands_(limits.participant_commands_per_second, limits.participant_command_burst),
      id_(std::move(seed.id)),
      committed_(std::move(seed.state)),
      working_(committed_),
      credentials_(std::move(seed.credentials)),
      snapshot_seq_(seed.snapshot_seq),
      short_codes_(seed.short_codes) {
    for (auto& op : seed.ops) ops_[op_key(op.actor, op.op)] = op_entry{op.seq, 0, true, {}};
    for (const auto& ev : seed.recent) {
        if (!ev.op.empty()) ops_[op_key(ev.actor, ev.op)].created = ev.created;
        recent_.emplace_back(ev.seq, protocol::encode_event_object(
                                      ev, protocol::audience::public_, protocol::anonymous_theme_event(committed_, ev)));
        if (recent_.size() > limits::replay_window) recent_.pop_front();
    }
}

std::string room_core::op_key(entity_id actor, const std::string& op) {
    return std::to_string(actor) + '\n' + op;
}

void room_core::send_error(room_effects& out, connection_id to, core::errc code, const std::string& message,
                           const std::string& op, const core::error_params& params) {
    out.push_back(room_effect::send{to, share(protocol::encode_error(code, message, op, params))});
}

std::uint64_t room_core::submit(room_effects& out, storage::write_batch batch) {
    const std::uint64_t write = next_write_++;
    batch.workshop = id_;
    out.push_back(room_effect::store{write, std::move(batch)});
    return write;
}

room_effects room_core::command(connection_id from, entity_id participant, const std::string& op,
                                core::command cmd) {
    room_effects out;
    if (retired_) {
        out.push_back(room_effect::close{from, retired_code_, retired_reason_});
        return out;
    }
    if (participant == wall_participant) {
        send_error(out, from, core::errc::forbidden, "The wall shows the workshop; it cannot change it.", op);
        return out;
    }
    // A resent op id gets the original outcome, never a second event.
    if (auto it = ops_.find(op_key(participant, op)); it != ops_.end()) {
        if (it->second.committed) {
            out.push_back(room_effect::send{from, share(protocol::encode_ack(op, it->second.seq, it->second.created, true))});
        } else {
            it->second.waiters.push_back(from);
        }
        return out;
    }
    // One person on many connections gets one person's rate: the log grows no faster.
    if (commands_.take(std::to_string(participant))) {
        metrics_.rate_limited.fetch_add(1, std::memory_order_relaxed);
        send_error(out, from, core::errc::rate_limited, "You are sending too fast; wait a moment and try again.", op);
        return out;
    }
    std::string drawn;
    if (std::holds_alternative<core::short_code_rotate>(cmd) && !draw_short_code(out, from, participant, op, cmd, drawn)) {
        return out;
    }
    auto decided = core::decide(working_, participant, cmd, now_(), op);
    if (auto* refused = std::get_if<core::rejection>(&decided)) {
        if (!drawn.empty()) short_codes_->release(drawn, id_);
        metrics_.commands_refused.fetch_add(1, std::memory_order_relaxed);
        send_error(out, from, refused->code, refused->message, op, refused->params);
        return out;
    }
    metrics_.commands_accepted.fetch_add(1, std::memory_order_relaxed);
    auto& ev = std::get<core::event>(decided);
    ops_[op_key(participant, op)] = op_entry{ev.seq, ev.created, false, {}};
    pending entry;
    entry.sender = from;
    accept(out, std::move(ev), std::move(entry));
    return out;
}

void room_core::accept(room_effects& out, core::event ev, pending entry) {
    core::apply(working_, ev);
    entry.record = protocol::encode_event_record(ev);
    entry.event = std::move(ev);
    next_.push_back(std::move(entry));
    submit_next(out);
}

bool room_core::snapshot_due() const { return committed_.seq >= snapshot_seq_ + limits::snapshot_interval; }

void room_core::submit_next(room_effects& out) {
    // One batch per room in storage: what arrives meanwhile forms the next batch.
    const bool snapshot = snapshot_due();
    if (retired_ || pipeline_write_ != 0 || (next_.empty() && !snapshot)) return;
    in_flight_.swap(next_);
    storage::write_batch batch;
    for (auto& entry : in_flight_) {
        batch.events.push_back(record_of(entry.event, entry.record));
        if (std::holds_alternative<core::workshop_rename>(entry.event.body)) {
            batch.title = std::get<core::workshop_rename>(entry.event.body).title;
        }
        if (auto* rotate = std::get_if<core::short_code_rotate>(&entry.event.body)) batch.short_code = rotate->short_code;
        // The index row knows when the workshop was closed, for retention; reopening clears it.
        if (auto* phase = std::get_if<core::workshop_set_phase>(&entry.event.body)) {
            batch.closed_at = phase->phase == core::phase::closed ? entry.event.at : 0;
        }
        if (entry.joiner != 0) {
            batch.credentials.push_back({storage::sha256_hex(entry.resume_token), entry.event.created});
            // Stored with the join itself: a retry after a crash finds the participant it made.
            if (!entry.join_id_hash.empty()) batch.credentials.push_back({entry.join_id_hash, entry.event.created});
        }
    }
    // The snapshot counts as stored only once its batch is: a failed one is written again later.
    in_flight_snapshot_ = 0;
    if (snapshot) {
        batch.snapshot = storage::snapshot_record{committed_.seq, protocol::encode_state(committed_, protocol::audience::full)};
        in_flight_snapshot_ = committed_.seq;
    }
    pipeline_write_ = submit(out, std::move(batch));
}

room_effects room_core::stored(std::uint64_t write, const storage::write_result& result) {
    room_effects out;
    if (write == pipeline_write_) {
        pipeline_write_ = 0;
        if (result.ok) {
            on_committed(out);
        } else if (result.lost) {
            // Not stored, or maybe stored: either way what this room holds is no longer the log.
            log_warning("workshop " + id_ + ": " + result.error + "; its clients reconnect to whoever holds it next");
            in_flight_snapshot_ = 0;
            release_drawn_codes(in_flight_);
            in_flight_.clear();
            move_away(out);
        } else {
            on_failed(out, result);
        }
        return out;
    }
    auto it = side_writes_.find(write);
    if (it == side_writes_.end()) return out;  // nothing waits for it
    auto side = std::move(it->second);
    side_writes_.erase(it);
    on_side_stored(out, std::move(side), result);
    return out;
}

void room_core::on_committed(room_effects& out) {
    std::vector<pending> batch;
    batch.swap(in_flight_);
    snapshot_seq_ = std::max(snapshot_seq_, in_flight_snapshot_);
    in_flight_snapshot_ = 0;
    metrics_.events_committed.fetch_add(batch.size(), std::memory_order_relaxed);
    auto objects = fold(batch);
    // This batch is told first, then the next goes to storage. Measured the other way round (the
    // next batch submitted before this one's frames go out), the p99 of delivery rose at every
    // fan-out step on a server with one core: the writer's commit then competes with the frames of
    // the batch before it, and starts with fewer events (docs/performance.md, "Commit and publish").
    announce(out, batch, objects);
    submit_next(out);
    retry_deferred_hellos(out);
}

std::vector<std::string> room_core::fold(std::vector<pending>& batch) {
    std::vector<std::string> objects;
    objects.reserve(batch.size());
    for (auto& entry : batch) {
        if (std::holds_alternative<core::short_code_rotate>(entry.event.body) && short_codes_ != nullptr) {
            short_codes_->release(committed_.short_code, id_);
        }
        core::apply(committed_, entry.event);
        objects.push_back(protocol::encode_event_object(entry.event, protocol::audience::public_,
                                                        protocol::anonymous_theme_event(committed_, entry.event)));
        recent_.emplace_back(entry.event.seq, objects.back());
        if (recent_.size() > limits::replay_window) recent_.pop_front();
    }
    return objects;
}

void room_core::announce(room_effects& out, std::vector<pending>& batch, const std::vector<std::string>& objects) {
    // The summary before anyone hears: a client that reads it over HTTP once acknowledged sees its change.
    out.push_back(room_effect::summary{make_summary()});
    if (!objects.empty()) out.push_back(room_effect::send_all{share(protocol::encode_events_frame(objects))});
    std::vector<newcomer> newcomers;
    for (auto& entry : batch) {
        const auto& ev = entry.event;
        if (entry.joiner != 0) {
            credentials_.tokens[digest_of_hex(storage::sha256_hex(entry.resume_token))] = ev.created;
            if (!entry.join_id_hash.empty()) credentials_.tokens[digest_of_hex(entry.join_id_hash)] = ev.created;
            // A joiner who left before the join was stored is not subscribed; its token stays valid.
            if (connections_.contains(entry.joiner)) {
                newcomers.push_back({entry.joiner, ev.created, std::move(entry.resume_token)});
            }
            continue;
        }
        if (ev.op.empty()) continue;
        auto& op = ops_[op_key(ev.actor, ev.op)];
        op.committed = true;
        if (entry.sender != 0) {
            out.push_back(room_effect::send{entry.sender, share(protocol::encode_ack(ev.op, ev.seq, ev.created, false))});
        }
        if (!op.waiters.empty()) {
            auto duplicate = share(protocol::encode_ack(ev.op, ev.seq, ev.created, true));
            for (auto waiter : op.waiters) out.push_back(room_effect::send{waiter, duplicate});
            op.waiters.clear();
        }
    }
    if (!newcomers.empty()) welcome_newcomers(out, newcomers);
    for (const auto& entry : batch) {
        if (auto* promoted = std::get_if<core::participant_promote>(&entry.event.body)) {
            share_join_code(out, promoted->participant);
        }
    }
    // Only a leave or a removal ends anyone's membership: other batches need no look at everyone.
    const bool departures = std::any_of(batch.begin(), batch.end(), [](const pending& entry) {
        return std::holds_alternative<core::participant_leave>(entry.event.body) ||
               std::holds_alternative<core::participant_remove>(entry.event.body) ||
               std::holds_alternative<core::participant_forget>(entry.event.body);
    });
    if (departures) disconnect_departed(out);
    for (const auto& entry : batch) {
        if (auto* forget = std::get_if<core::participant_forget>(&entry.event.body)) {
            // The stored log still holds every name they had: it is read off the room's thread.
            out.push_back(room_effect::read_log{forget->participant, forget->content, entry.event.seq});
        }
    }
}

void room_core::on_failed(room_effects& out, const storage::write_result& result) {
    metrics_.storage_failures.fetch_add(1, std::memory_order_relaxed);
    log_error("workshop " + id_ + ": could not save " + std::to_string(in_flight_.size() + next_.size()) +
              " change(s): " + result.error);
    in_flight_snapshot_ = 0;  // not stored: the next batch writes one again
    const std::string message = result.full
        ? "The server's disk is full, so your change was not saved. Please tell the organiser."
        : "The server could not save your change. Please try again.";
    release_drawn_codes(in_flight_);
    release_drawn_codes(next_);
    // Everything decided after the failed batch built on it, so it fails too.
    for (auto* list : {&in_flight_, &next_}) {
        for (auto& entry : *list) {
            const auto& ev = entry.event;
            auto error = share(protocol::encode_error(core::errc::storage_failed, message, ev.op));
            if (entry.joiner != 0) {
                refuse_hello(out, entry.joiner);
                out.push_back(room_effect::send{entry.joiner, error});
            }
            if (auto it = joins_in_flight_.find(entry.join_id_hash); it != joins_in_flight_.end()) {
                for (auto& waiting : it->second) {
                    refuse_hello(out, waiting.connection);
                    out.push_back(room_effect::send{waiting.connection, error});
                }
                joins_in_flight_.erase(it);
            }
            if (entry.sender != 0) out.push_back(room_effect::send{entry.sender, error});
            if (auto it = ops_.find(op_key(ev.actor, ev.op)); !ev.op.empty() && it != ops_.end()) {
                for (auto waiter : it->second.waiters) out.push_back(room_effect::send{waiter, error});
                ops_.erase(it);
            }
        }
        list->clear();
    }
    working_ = committed_;
}

room_effects room_core::tick() {
    room_effects out;
    submit_next(out);
    return out;
}

room_effects room_core::log_read(entity_id participant, const std::vector<core::event>& changed) {
    room_effects out;
    if (retired_) return out;
    storage::write_batch batch;
    for (const auto& ev : changed) batch.replace.push_back(record_of(ev));
    // The stored snapshot holds their name too: it is replaced by one of the state now.
    batch.snapshot = storage::snapshot_record{committed_.seq, protocol::encode_state(committed_, protocol::audience::full)};
    // So do the events kept for resumes.
    for (const auto& ev : changed) {
        for (auto& [seq, object] : recent_) {
            if (seq != ev.seq) continue;
            object = protocol::encode_event_object(ev, protocol::audience::public_,
                                                   protocol::anonymous_theme_event(committed_, ev));
        }
    }
    const auto write = submit(out, std::move(batch));
    side_writes_.emplace(write, rewrite_write{participant, committed_.seq});
    return out;
}

void room_core::on_side_stored(room_effects& out, side_write write, const storage::write_result& result) {
    if (auto* rejoined = std::get_if<rejoin_write>(&write)) {
        if (!connections_.contains(rejoined->connection)) return;  // left meanwhile
        if (!result.ok) {
            return refuse(out, rejoined->connection, core::errc::storage_failed,
                          result.full ? "The server's disk is full. Please tell the organiser."
                                      : "The server could not save your join. Please try again.");
        }
        credentials_.tokens[digest_of_hex(storage::sha256_hex(rejoined->token))] = rejoined->participant;
        if (!admissible(out, rejoined->connection, rejoined->participant)) return;
        return attach(out, rejoined->connection, rejoined->participant, rejoined->last_seq, rejoined->token);
    }
    if (auto* links = std::get_if<links_write>(&write)) {
        if (!result.ok) {
            out.push_back(room_effect::answer{links->request, access_outcome::not_saved});
            return;
        }
        const auto& change = links->change;
        if (change.organiser_key_hash) credentials_.organiser_key_hash = *change.organiser_key_hash;
        if (change.wall_key_hash) {
            credentials_.wall_key_hash = *change.wall_key_hash;
            // Walls that came in with the old key are closed.
            for (const auto& sub : subscriptions_) {
                if (sub.participant != wall_participant) continue;
                out.push_back(room_effect::close{sub.connection, close_codes::wall_revoked, "wall link revoked"});
            }
        }
        if (change.join_code) {
            credentials_.join_code_hash = storage::sha256_hex(*change.join_code);
            credentials_.join_code = *change.join_code;
            // The other facilitators' consoles show the new link at once.
            share_join_code(out, 0);
        }
        out.push_back(room_effect::answer{links->request, access_outcome::done});
        return;
    }
    auto& rewrite = std::get<rewrite_write>(write);
    if (!result.ok || !result.error.empty()) {
        log_error("workshop " + id_ + ": participant " + std::to_string(rewrite.participant) +
                  " is forgotten in the state, but the log could not be rewritten: " + result.error);
    } else {
        log_info("workshop " + id_ + ": participant " + std::to_string(rewrite.participant) +
                 " forgotten and erased from the log");
    }
    if (result.ok) snapshot_seq_ = std::max(snapshot_seq_, rewrite.snapshot_seq);
    // Everyone's screen gets the state of now, which no client could fold on its own for
    // content it was never shown (anonymous themes).
    const auto head = snapshot_head();
    const auto body = snapshot_body();
    for (const auto& sub : subscriptions_) out.push_back(room_effect::send_catch_up{sub.connection, head, body});
}

room_effects room_core::leave(connection_id from) {
    room_effects out;
    connections_.erase(from);
    for (auto it = subscriptions_.begin(); it != subscriptions_.end(); ++it) {
        if (it->connection != from) continue;
        const entity_id participant = it->participant;
        subscriptions_.erase(it);
        out.push_back(room_effect::unsubscribe{from});
        if (participant != wall_participant) presence_changed(out, participant, false);
        break;
    }
    return out;
}

workshop_summary summary_of(const core::workshop_state& state) {
    std::size_t active = 0;
    for (const auto& [id, p] : state.participants) active += p.active() ? 1 : 0;
    return workshop_summary{state.title, state.language, state.phase, state.locked, active, state.seq};
}

workshop_summary room_core::make_summary() const { return summary_of(committed_); }

workshop_summary room_core::summary() const { return make_summary(); }

}  // namespace samling::server
