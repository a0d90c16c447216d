// The joining half of workshop_room: credentials, catch-up, presence and departures.
#include <algorithm>

#include "server/limits.hpp"
#include "server/random_token.hpp"
#include "server/workshop_room.hpp"

namespace samling::server {

using core::entity_id;

namespace {

const char* const wrong_link = "That link is not valid for this workshop. Ask the facilitator for a new one.";

/** A join id as credentials keep it: its own prefix keeps it apart from every resume token. */
std::string join_id_digest(const std::string& join_id) { return storage::sha256_hex("join-id:" + join_id); }

void refuse(subscriber& who, core::errc code, const std::string& message,
            const core::error_params& params = {}) {
    // The connection may take another hello before the error is even read: tell it first.
    who.hello_refused();
    who.deliver(share(protocol::encode_error(code, message, {}, params)));
}

}  // namespace

void workshop_room::on_hello(const std::shared_ptr<subscriber>& who, const protocol::hello& message,
                             const std::string& address) {
    if (retired_) return who->disconnect(close_codes::deleted, "workshop deleted");
    entity_id participant = 0;
    if (!message.facilitator_key.empty()) {
        if (storage::sha256_hex(message.facilitator_key) != credentials_.facilitator_key_hash) {
            return refuse(*who, core::errc::bad_credentials, wrong_link);
        }
        participant = core::host_id;
    } else if (!message.wall_key.empty()) {
        if (credentials_.wall_key_hash.empty() || storage::sha256_hex(message.wall_key) != credentials_.wall_key_hash) {
            return refuse(*who, core::errc::bad_credentials, "That wall link is not valid (any more). Ask the facilitator for the current one.");
        }
        return attach_wall(who, message.last_seq);
    } else if (!message.resume_token.empty()) {
        auto it = credentials_.tokens.find(digest_of_hex(storage::sha256_hex(message.resume_token)));
        if (it == credentials_.tokens.end()) return refuse(*who, core::errc::bad_credentials, wrong_link);
        participant = it->second;
    } else {
        return on_join(who, message, address);
    }
    if (!admissible(*who, participant)) return;
    attach(who, participant, message.last_seq, {});
}

bool workshop_room::admissible(subscriber& who, entity_id participant) {
    const core::participant& p = committed_.participants.at(participant);
    if (!p.active()) {
        refuse(who, core::errc::participant_removed,
               p.removed ? "A facilitator removed you from this workshop." : "You have left this workshop.",
               {{"reason", std::string(p.removed ? "removed" : "left")}});
        who.disconnect(close_codes::removed, "not in the workshop");
        return false;
    }
    if (auto it = online_.find(participant);
        it != online_.end() && static_cast<std::size_t>(it->second) >= limits_.connections_per_participant) {
        refuse(who, core::errc::limit_reached,
               "You are connected from too many tabs or devices at once (" +
                   std::to_string(limits_.connections_per_participant) + "). Close one and try again.");
        return false;
    }
    return true;
}

void workshop_room::on_join(const std::shared_ptr<subscriber>& who, const protocol::hello& message,
                            const std::string& address) {
    const bool by_code = !message.short_code.empty();
    const bool valid = by_code ? !committed_.short_code.empty() && message.short_code == committed_.short_code
                               : storage::sha256_hex(message.join_code) == credentials_.join_code_hash;
    if (!valid) {
        return refuse(*who, core::errc::bad_credentials,
                      by_code ? "That code is not this workshop's (any more). Look at the wall for the current one."
                              : wrong_link);
    }
    const std::string join_id_hash = message.join_id.empty() ? std::string() : join_id_digest(message.join_id);
    if (!join_id_hash.empty()) {
        if (auto it = credentials_.tokens.find(digest_of_hex(join_id_hash)); it != credentials_.tokens.end()) {
            return rejoin(who, it->second, message.last_seq);
        }
        // The join this retries is being stored: answer once it is.
        if (auto it = joins_in_flight_.find(join_id_hash); it != joins_in_flight_.end()) {
            it->second.push_back(deferred_hello{who, message, address});
            return;
        }
    }
    if (auto wait = joins_.take(address)) {
        metrics_.rate_limited.fetch_add(1, std::memory_order_relaxed);
        return refuse(*who, core::errc::rate_limited,
                      "Many people have just joined from your network. Try again in " + std::to_string(*wait) +
                          " seconds.");
    }
    auto decided = core::decide(working_, 0, core::participant_join{message.name, message.role}, now_ms());
    if (auto* refused = std::get_if<core::rejection>(&decided)) {
        return refuse(*who, refused->code, refused->message, refused->params);
    }
    pending entry;
    entry.joiner = who;
    entry.resume_token = new_secret();
    entry.join_id_hash = join_id_hash;
    if (!join_id_hash.empty()) joins_in_flight_[join_id_hash];
    accept(std::move(std::get<core::event>(decided)), std::move(entry));
}

void workshop_room::rejoin(const std::shared_ptr<subscriber>& who, entity_id participant, std::uint64_t last_seq) {
    if (!admissible(*who, participant)) return;
    // The first welcome, and the token in it, may never have arrived: the same participant gets
    // a new token, stored before it is handed out.
    std::string token = new_secret();
    storage::write_batch batch;
    batch.workshop = id_;
    batch.credentials.push_back({storage::sha256_hex(token), participant});
    store_.submit(std::move(batch), [self = shared_from_this(), who, participant, last_seq,
                                     token](const storage::write_result& r) {
        net::post(self->strand_, [self, who, participant, last_seq, token, ok = r.ok, full = r.full] {
            if (!ok) {
                return refuse(*who, core::errc::storage_failed,
                              full ? "The server's disk is full. Please tell the organiser."
                                   : "The server could not save your join. Please try again.");
            }
            self->credentials_.tokens[digest_of_hex(storage::sha256_hex(token))] = participant;
            if (!self->admissible(*who, participant)) return;
            self->attach(who, participant, last_seq, token);
        });
    });
}

void workshop_room::retry_deferred_hellos() {
    std::vector<deferred_hello> ready;
    for (auto it = joins_in_flight_.begin(); it != joins_in_flight_.end();) {
        if (credentials_.tokens.contains(digest_of_hex(it->first))) {
            for (auto& waiting : it->second) ready.push_back(std::move(waiting));
            it = joins_in_flight_.erase(it);
        } else {
            ++it;
        }
    }
    for (auto& waiting : ready) on_hello(waiting.connection, waiting.message, waiting.address);
}

void workshop_room::attach(const std::shared_ptr<subscriber>& who, entity_id participant, std::uint64_t last_seq,
                           const std::string& resume_token) {
    subscribers_.push_back(subscription{who, who.get(), participant});
    who->joined(shared_from_this(), participant);
    send_welcome(*who, participant, resume_token);
    const bool snapshot = catch_up(*who, last_seq);
    presence_changed(participant, true);
    // Replayed events say nothing of who came and went meanwhile: without a snapshot, the
    // client's online list is replaced by the one of now (which includes itself).
    if (!snapshot) who->deliver(share(protocol::encode_presence_list(online_ids())));
}

void workshop_room::welcome_newcomers(std::vector<newcomer>& newcomers) {
    // Everyone whose join committed in this batch gets the same snapshot (one encoding, one
    // shared frame, however many join at once), already listing the others of the batch as
    // online; those already here get one presence frame for all of them.
    const std::size_t before = subscribers_.size();
    std::vector<entity_id> arrived;
    for (const auto& n : newcomers) {
        subscribers_.push_back(subscription{n.connection, n.connection.get(), n.participant});
        n.connection->joined(shared_from_this(), n.participant);
        if (++online_[n.participant] == 1) arrived.push_back(n.participant);
    }
    if (!arrived.empty()) {
        auto frame = share(protocol::encode_presence(arrived, {}));
        for (std::size_t i = 0; i < before; ++i) {
            if (auto connection = subscribers_[i].connection.lock()) connection->deliver(frame);
        }
    }
    const auto head = snapshot_head();
    const auto body = snapshot_body();
    for (const auto& n : newcomers) {
        send_welcome(*n.connection, n.participant, n.resume_token);
        n.connection->deliver_catch_up(head, body);
    }
}

void workshop_room::send_welcome(subscriber& who, entity_id participant, const std::string& resume_token) {
    protocol::welcome_info welcome;
    welcome.workshop = id_;
    welcome.participant = participant;
    welcome.role = committed_.participants.at(participant).role;
    welcome.resume_token = resume_token;
    welcome.seq = committed_.seq;
    welcome.server_time = now_ms();
    // Every facilitator's console shows the participant link; nobody else is handed its code.
    if (welcome.role == core::role::facilitator) {
        welcome.join_code = credentials_.join_code;
        welcome.retention_days = limits_.retention_days;  // the console says when a closed workshop goes
    }
    who.deliver(share(protocol::encode_welcome(welcome)));
}

std::shared_ptr<const std::string> workshop_room::snapshot_body() {
    // Not kept beyond its joiners: a workshop of thousands of notes encodes to megabytes, and a
    // later join is often at another seq anyway.
    auto body = snapshot_body_.lock();
    if (body && snapshot_body_seq_ == committed_.seq) return body;
    std::string encoded = protocol::encode_state(committed_, protocol::audience::public_);
    encoded += '}';
    body = share(std::move(encoded));
    snapshot_body_ = body;
    snapshot_body_seq_ = committed_.seq;
    return body;
}

std::shared_ptr<const std::string> workshop_room::snapshot_head() const {
    // The frame around an empty state ends with the state's place and the closing brace.
    std::string head = protocol::encode_snapshot(committed_.seq, id_, online_ids(), "");
    head.pop_back();
    return share(std::move(head));
}

std::vector<entity_id> workshop_room::online_ids() const {
    std::vector<entity_id> online;
    online.reserve(online_.size());
    for (const auto& [id, count] : online_) online.push_back(id);
    std::sort(online.begin(), online.end());
    return online;
}

bool workshop_room::catch_up(subscriber& who, std::uint64_t last_seq) {
    if (last_seq == committed_.seq) return false;
    const bool replayable = last_seq != 0 && last_seq < committed_.seq && !recent_.empty() &&
                            recent_.front().first <= last_seq + 1;
    if (!replayable) {
        who.deliver_catch_up(snapshot_head(), snapshot_body());
        return true;
    }
    std::vector<std::string> chunk;
    for (const auto& [seq, object] : recent_) {
        if (seq <= last_seq) continue;
        chunk.push_back(object);
        if (chunk.size() == limits::replay_frame_events) {
            who.deliver_catch_up(share(protocol::encode_events_frame(chunk)), nullptr);
            chunk.clear();
        }
    }
    if (!chunk.empty()) who.deliver_catch_up(share(protocol::encode_events_frame(chunk)), nullptr);
    return false;
}

void workshop_room::presence_changed(entity_id participant, bool online) {
    int& connections = online_[participant];
    connections += online ? 1 : -1;
    const bool announce = online ? connections == 1 : connections == 0;
    if (connections <= 0) online_.erase(participant);
    if (!announce) return;
    const std::vector<entity_id> who{participant};
    const std::vector<entity_id> none;
    auto frame = share(online ? protocol::encode_presence(who, none) : protocol::encode_presence(none, who));
    for (auto& sub : subscribers_) {
        if (auto connection = sub.connection.lock()) connection->deliver(frame);
    }
}

void workshop_room::disconnect_departed() {
    for (auto& sub : subscribers_) {
        auto it = committed_.participants.find(sub.participant);
        if (it == committed_.participants.end() || it->second.active()) continue;
        if (auto connection = sub.connection.lock()) {
            connection->disconnect(close_codes::removed, it->second.removed ? "removed" : "left");
        }
    }
}

}  // namespace samling::server
