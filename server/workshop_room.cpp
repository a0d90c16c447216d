#include "server/workshop_room.hpp"

#include <algorithm>
#include <chrono>

#include "core/forget.hpp"
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

workshop_room::workshop_room(net::any_io_executor executor, storage::event_store& store, metrics& counters,
                             const admission_limits& limits, room_seed seed)
    : strand_(net::make_strand(executor)),
      store_(store),
      metrics_(counters),
      limits_(limits),
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
    refresh_summary();
}

std::string workshop_room::op_key(entity_id actor, const std::string& op) {
    return std::to_string(actor) + '\n' + op;
}

void workshop_room::hello(std::shared_ptr<subscriber> who, protocol::hello message, std::string address) {
    net::post(strand_, [self = shared_from_this(), who = std::move(who), message = std::move(message),
                        address = std::move(address)] { self->on_hello(who, message, address); });
}

void workshop_room::command(std::shared_ptr<subscriber> who, entity_id participant, std::string op,
                            core::command cmd) {
    net::post(strand_, [self = shared_from_this(), who = std::move(who), participant, op = std::move(op),
                        cmd = std::move(cmd)]() mutable {
        self->on_command(who, participant, std::move(op), std::move(cmd));
    });
}

void workshop_room::on_command(const std::shared_ptr<subscriber>& who, entity_id participant, std::string op,
                               core::command cmd) {
    if (retired_) return who->disconnect(close_codes::deleted, "workshop deleted");
    if (participant == wall_participant) {
        who->deliver(share(protocol::encode_error(core::errc::forbidden,
                                                  "The wall shows the workshop; it cannot change it.", op)));
        return;
    }
    // A resent op id gets the original outcome, never a second event.
    if (auto it = ops_.find(op_key(participant, op)); it != ops_.end()) {
        if (it->second.committed) {
            who->deliver(share(protocol::encode_ack(op, it->second.seq, it->second.created, true)));
        } else {
            it->second.waiters.push_back(who);
        }
        return;
    }
    // One person on many connections gets one person's rate: the log grows no faster.
    if (commands_.take(std::to_string(participant))) {
        metrics_.rate_limited.fetch_add(1, std::memory_order_relaxed);
        who->deliver(share(protocol::encode_error(core::errc::rate_limited,
                                                  "You are sending too fast; wait a moment and try again.", op)));
        return;
    }
    std::string drawn;
    if (std::holds_alternative<core::short_code_rotate>(cmd) && !draw_short_code(*who, participant, op, cmd, drawn)) return;
    auto decided = core::decide(working_, participant, cmd, now_ms(), op);
    if (auto* refused = std::get_if<core::rejection>(&decided)) {
        if (!drawn.empty()) short_codes_->release(drawn, id_);
        metrics_.commands_refused.fetch_add(1, std::memory_order_relaxed);
        who->deliver(
            share(protocol::encode_error(refused->code, refused->message, op, refused->params)));
        return;
    }
    metrics_.commands_accepted.fetch_add(1, std::memory_order_relaxed);
    auto& ev = std::get<core::event>(decided);
    ops_[op_key(participant, op)] = op_entry{ev.seq, ev.created, false, {}};
    pending entry;
    entry.sender = who;
    accept(std::move(ev), std::move(entry));
}

void workshop_room::accept(core::event ev, pending entry) {
    core::apply(working_, ev);
    entry.record = protocol::encode_event_record(ev);
    entry.event = std::move(ev);
    next_.push_back(std::move(entry));
    submit_next();
}

void workshop_room::submit_next() {
    // One batch per room in flight: what arrives meanwhile forms the next batch.
    const bool snapshot_due = committed_.seq >= snapshot_seq_ + limits::snapshot_interval;
    if (retired_ || !in_flight_.empty() || (next_.empty() && !snapshot_due)) return;
    in_flight_.swap(next_);
    storage::write_batch batch;
    batch.workshop = id_;
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
        if (entry.joiner) {
            batch.credentials.push_back({storage::sha256_hex(entry.resume_token), entry.event.created});
            // Stored with the join itself: a retry after a crash finds the participant it made.
            if (!entry.join_id_hash.empty()) batch.credentials.push_back({entry.join_id_hash, entry.event.created});
        }
    }
    if (snapshot_due) {
        batch.snapshot = storage::snapshot_record{
            committed_.seq, protocol::encode_state(committed_, protocol::audience::full)};
        snapshot_seq_ = committed_.seq;
    }
    store_.submit(std::move(batch), [self = shared_from_this()](const storage::write_result& result) {
        net::post(self->strand_, [self, result] {
            if (result.ok) {
                self->on_committed(result);
            } else {
                self->on_failed(result);
            }
        });
    });
}

void workshop_room::on_committed(const storage::write_result&) {
    std::vector<pending> batch;
    batch.swap(in_flight_);
    metrics_.events_committed.fetch_add(batch.size(), std::memory_order_relaxed);
    publish(batch);
    submit_next();
    retry_deferred_hellos();
}

void workshop_room::publish(std::vector<pending>& batch) {
    std::vector<std::string> objects;
    objects.reserve(batch.size());
    for (auto& entry : batch) {
        if (std::holds_alternative<core::short_code_rotate>(entry.event.body) && short_codes_ != nullptr) {
            short_codes_->release(committed_.short_code, id_);
        }
        core::apply(committed_, entry.event);
        objects.push_back(protocol::encode_event_object(
            entry.event, protocol::audience::public_,
            protocol::anonymous_theme_event(committed_, entry.event)));
        recent_.emplace_back(entry.event.seq, objects.back());
        if (recent_.size() > limits::replay_window) recent_.pop_front();
    }
    // The summary before anyone hears: a client that reads it over HTTP once acknowledged sees its change.
    refresh_summary();
    if (!objects.empty()) {
        auto frame = share(protocol::encode_events_frame(objects));
        for (auto& sub : subscribers_) {
            if (auto connection = sub.connection.lock()) connection->deliver(frame);
        }
    }
    std::vector<newcomer> newcomers;
    for (auto& entry : batch) {
        const auto& ev = entry.event;
        if (entry.joiner) {
            credentials_.tokens[digest_of_hex(storage::sha256_hex(entry.resume_token))] = ev.created;
            if (!entry.join_id_hash.empty()) credentials_.tokens[digest_of_hex(entry.join_id_hash)] = ev.created;
            newcomers.push_back({entry.joiner, ev.created, std::move(entry.resume_token)});
            continue;
        }
        if (ev.op.empty()) continue;
        auto& op = ops_[op_key(ev.actor, ev.op)];
        op.committed = true;
        auto ack = share(protocol::encode_ack(ev.op, ev.seq, ev.created, false));
        if (auto sender = entry.sender.lock()) sender->deliver(ack);
        auto duplicate = share(protocol::encode_ack(ev.op, ev.seq, ev.created, true));
        for (auto& waiter : op.waiters) {
            if (auto connection = waiter.lock()) connection->deliver(duplicate);
        }
        op.waiters.clear();
    }
    if (!newcomers.empty()) welcome_newcomers(newcomers);
    share_join_code_with_promoted(batch);
    // Only a leave or a removal ends anyone's membership: other batches need no look at everyone.
    const bool departures = std::any_of(batch.begin(), batch.end(), [](const pending& entry) {
        return std::holds_alternative<core::participant_leave>(entry.event.body) ||
               std::holds_alternative<core::participant_remove>(entry.event.body) ||
               std::holds_alternative<core::participant_forget>(entry.event.body);
    });
    if (departures) disconnect_departed();
    for (const auto& entry : batch) {
        if (auto* forget = std::get_if<core::participant_forget>(&entry.event.body)) {
            erase_from_history(forget->participant, forget->content, entry.event.seq);
        }
    }
}

void workshop_room::erase_from_history(entity_id participant, core::forget_content content, std::uint64_t through) {
    // The stored log still holds every name they had: it is read and rewritten off the strand
    // (a blocking read of the whole log), then stored in place and the file wiped.
    auto self = shared_from_this();
    net::post(strand_.get_inner_executor(), [self, participant, content, through] {
        std::vector<core::event> log;
        try {
            for (const auto& stored : self->store_.events_after(self->id_, 0)) {
                if (stored.seq > through) break;
                log.push_back(event_of(stored, self->id_));
            }
        } catch (const std::exception& e) {
            log_error("workshop " + self->id_ + ": participant " + std::to_string(participant) +
                      " could not be erased from the log: " + e.what());
            return;
        }
        const auto rewritten = core::forget_in_log(log, participant, content);
        std::vector<core::event> changed;
        for (std::size_t i = 0; i < log.size() && i < rewritten.size(); ++i) {
            if (!(rewritten[i] == log[i])) changed.push_back(rewritten[i]);
        }
        net::post(self->strand_, [self, participant, changed = std::move(changed)] {
            self->store_rewritten(participant, changed);
        });
    });
}

void workshop_room::store_rewritten(entity_id participant, const std::vector<core::event>& changed) {
    if (retired_) return;
    storage::write_batch batch;
    batch.workshop = id_;
    for (const auto& ev : changed) batch.replace.push_back(record_of(ev));
    // The stored snapshot holds their name too: it is replaced by one of the state now.
    batch.snapshot = storage::snapshot_record{committed_.seq, protocol::encode_state(committed_, protocol::audience::full)};
    snapshot_seq_ = std::max(snapshot_seq_, committed_.seq);
    // So do the events kept for resumes.
    for (const auto& ev : changed) {
        for (auto& [seq, object] : recent_) {
            if (seq != ev.seq) continue;
            object = protocol::encode_event_object(ev, protocol::audience::public_,
                                                   protocol::anonymous_theme_event(committed_, ev));
        }
    }
    store_.submit(std::move(batch), [self = shared_from_this(), participant](const storage::write_result& result) {
        if (!result.ok || !result.error.empty()) {
            log_error("workshop " + self->id_ + ": participant " + std::to_string(participant) +
                      " is forgotten in the state, but the log could not be rewritten: " + result.error);
        } else {
            log_info("workshop " + self->id_ + ": participant " + std::to_string(participant) +
                     " forgotten and erased from the log");
        }
        // Everyone's screen gets the state of now, which no client could fold on its own for
        // content it was never shown (anonymous themes).
        net::post(self->strand_, [self] {
            const auto head = self->snapshot_head();
            const auto body = self->snapshot_body();
            for (auto& sub : self->subscribers_) {
                if (auto connection = sub.connection.lock()) connection->deliver_catch_up(head, body);
            }
        });
    });
}

void workshop_room::on_failed(const storage::write_result& result) {
    metrics_.storage_failures.fetch_add(1, std::memory_order_relaxed);
    log_error("workshop " + id_ + ": could not save " + std::to_string(in_flight_.size() + next_.size()) +
              " change(s): " + result.error);
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
            if (entry.joiner) {
                entry.joiner->hello_refused();
                entry.joiner->deliver(error);
            }
            if (auto it = joins_in_flight_.find(entry.join_id_hash); it != joins_in_flight_.end()) {
                for (auto& waiting : it->second) {
                    waiting.connection->hello_refused();
                    waiting.connection->deliver(error);
                }
                joins_in_flight_.erase(it);
            }
            if (auto sender = entry.sender.lock()) sender->deliver(error);
            if (auto it = ops_.find(op_key(ev.actor, ev.op)); !ev.op.empty() && it != ops_.end()) {
                for (auto& waiter : it->second.waiters) {
                    if (auto connection = waiter.lock()) connection->deliver(error);
                }
                ops_.erase(it);
            }
        }
        list->clear();
    }
    working_ = committed_;
}

void workshop_room::leave(const subscriber* who) {
    net::post(strand_, [self = shared_from_this(), who] {
        for (auto it = self->subscribers_.begin(); it != self->subscribers_.end(); ++it) {
            if (it->key != who) continue;
            const entity_id participant = it->participant;
            self->subscribers_.erase(it);
            if (participant != wall_participant) self->presence_changed(participant, false);
            return;
        }
    });
}

void workshop_room::refresh_summary() {
    std::size_t active = 0;
    for (const auto& [id, p] : committed_.participants) active += p.active() ? 1 : 0;
    std::lock_guard lock(summary_mutex_);
    summary_ = workshop_summary{committed_.title, committed_.language, committed_.phase, committed_.locked, active,
                                committed_.seq};
}

workshop_summary workshop_room::summary() const {
    std::lock_guard lock(summary_mutex_);
    return summary_;
}

}  // namespace samling::server
