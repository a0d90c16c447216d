// The joining half of room_core: credentials, catch-up, presence, departures, links and retiring.
#include <algorithm>

#include "server/http_identity.hpp"
#include "server/limits.hpp"
#include "server/random_token.hpp"
#include "server/room_core.hpp"

namespace samling::server {

using core::entity_id;

namespace {

const char* const wrong_link = "That link is not valid for this workshop. Ask the facilitator for a new one.";

/** A join id as credentials keep it: its own prefix keeps it apart from every resume token. */
std::string join_id_digest(const std::string& join_id) { return storage::sha256_hex("join-id:" + join_id); }

}  // namespace

void room_core::refuse(room_effects& out, connection_id who, core::errc code, const std::string& message,
                       const core::error_params& params) {
    // The connection may take another hello before the error is even read: tell it first.
    refuse_hello(out, who);
    send_error(out, who, code, message, {}, params);
}

void room_core::refuse_hello(room_effects& out, connection_id who) {
    connections_.erase(who);
    out.push_back(room_effect::refuse_hello{who});
}

room_effects room_core::hello(connection_id from, const protocol::hello& message, const std::string& address) {
    room_effects out;
    if (retired_) {
        out.push_back(room_effect::close{from, retired_code_, retired_reason_});
        return out;
    }
    connections_.try_emplace(from, false);
    on_hello(out, from, message, address);
    return out;
}

void room_core::on_hello(room_effects& out, connection_id from, const protocol::hello& message,
                         const std::string& address) {
    entity_id participant = 0;
    if (!message.facilitator_key.empty()) {
        if (storage::sha256_hex(message.facilitator_key) != credentials_.facilitator_key_hash) {
            return refuse(out, from, core::errc::bad_credentials, wrong_link);
        }
        participant = core::host_id;
    } else if (!message.wall_key.empty()) {
        if (credentials_.wall_key_hash.empty() || storage::sha256_hex(message.wall_key) != credentials_.wall_key_hash) {
            return refuse(out, from, core::errc::bad_credentials,
                          "That wall link is not valid (any more). Ask the facilitator for the current one.");
        }
        return attach_wall(out, from, message.last_seq);
    } else if (!message.resume_token.empty()) {
        auto it = credentials_.tokens.find(digest_of_hex(storage::sha256_hex(message.resume_token)));
        if (it == credentials_.tokens.end()) return refuse(out, from, core::errc::bad_credentials, wrong_link);
        participant = it->second;
    } else {
        return on_join(out, from, message, address);
    }
    if (!admissible(out, from, participant)) return;
    attach(out, from, participant, message.last_seq, {});
}

bool room_core::admissible(room_effects& out, connection_id who, entity_id participant) {
    const core::participant& p = committed_.participants.at(participant);
    if (!p.active()) {
        refuse(out, who, core::errc::participant_removed,
               p.removed ? "A facilitator removed you from this workshop." : "You have left this workshop.",
               {{"reason", std::string(p.removed ? "removed" : "left")}});
        out.push_back(room_effect::close{who, close_codes::removed, "not in the workshop"});
        return false;
    }
    if (auto it = online_.find(participant);
        it != online_.end() && static_cast<std::size_t>(it->second) >= limits_.connections_per_participant) {
        refuse(out, who, core::errc::limit_reached,
               "You are connected from too many tabs or devices at once (" +
                   std::to_string(limits_.connections_per_participant) + "). Close one and try again.");
        return false;
    }
    return true;
}

void room_core::on_join(room_effects& out, connection_id from, const protocol::hello& message,
                        const std::string& address) {
    const bool by_code = !message.short_code.empty();
    const bool valid = by_code ? !committed_.short_code.empty() && message.short_code == committed_.short_code
                               : storage::sha256_hex(message.join_code) == credentials_.join_code_hash;
    if (!valid) {
        return refuse(out, from, core::errc::bad_credentials,
                      by_code ? "That code is not this workshop's (any more). Look at the wall for the current one."
                              : wrong_link);
    }
    const std::string join_id_hash = message.join_id.empty() ? std::string() : join_id_digest(message.join_id);
    if (!join_id_hash.empty()) {
        if (auto it = credentials_.tokens.find(digest_of_hex(join_id_hash)); it != credentials_.tokens.end()) {
            return rejoin(out, from, it->second, message.last_seq);
        }
        // The join this retries is being stored: answer once it is.
        if (auto it = joins_in_flight_.find(join_id_hash); it != joins_in_flight_.end()) {
            it->second.push_back(deferred_hello{from, message, address});
            return;
        }
    }
    if (auto wait = joins_.take(address)) {
        metrics_.rate_limited.fetch_add(1, std::memory_order_relaxed);
        return refuse(out, from, core::errc::rate_limited,
                      "Many people have just joined from your network. Try again in " + std::to_string(*wait) +
                          " seconds.");
    }
    auto decided = core::decide(working_, 0, core::participant_join{message.name, message.role}, now_());
    if (auto* refused = std::get_if<core::rejection>(&decided)) {
        return refuse(out, from, refused->code, refused->message, refused->params);
    }
    pending entry;
    entry.joiner = from;
    entry.resume_token = new_secret();
    entry.join_id_hash = join_id_hash;
    if (!join_id_hash.empty()) joins_in_flight_[join_id_hash];
    accept(out, std::move(std::get<core::event>(decided)), std::move(entry));
}

void room_core::rejoin(room_effects& out, connection_id from, entity_id participant, std::uint64_t last_seq) {
    if (!admissible(out, from, participant)) return;
    // The first welcome, and the token in it, may never have arrived: the same participant gets
    // a new token, stored before it is handed out.
    std::string token = new_secret();
    storage::write_batch batch;
    batch.credentials.push_back({storage::sha256_hex(token), participant});
    const auto write = submit(out, std::move(batch));
    side_writes_.emplace(write, rejoin_write{from, participant, last_seq, std::move(token)});
}

void room_core::retry_deferred_hellos(room_effects& out) {
    std::vector<deferred_hello> ready;
    for (auto it = joins_in_flight_.begin(); it != joins_in_flight_.end();) {
        if (credentials_.tokens.contains(digest_of_hex(it->first))) {
            for (auto& waiting : it->second) ready.push_back(std::move(waiting));
            it = joins_in_flight_.erase(it);
        } else {
            ++it;
        }
    }
    for (auto& waiting : ready) {
        if (connections_.contains(waiting.connection)) on_hello(out, waiting.connection, waiting.message, waiting.address);
    }
}

void room_core::attach(room_effects& out, connection_id who, entity_id participant, std::uint64_t last_seq,
                       const std::string& resume_token) {
    subscriptions_.push_back(subscription{who, participant});
    connections_[who] = true;
    out.push_back(room_effect::subscribe{who, participant});
    send_welcome(out, who, participant, resume_token);
    const bool snapshot = catch_up(out, who, last_seq);
    presence_changed(out, participant, true);
    // Replayed events say nothing of who came and went meanwhile: without a snapshot, the
    // client's online list is replaced by the one of now (which includes itself).
    if (!snapshot) out.push_back(room_effect::send{who, share(protocol::encode_presence_list(online_ids()))});
}

void room_core::attach_wall(room_effects& out, connection_id who, std::uint64_t last_seq) {
    subscriptions_.push_back(subscription{who, wall_participant});
    connections_[who] = true;
    out.push_back(room_effect::subscribe{who, wall_participant});
    protocol::welcome_info welcome;
    welcome.workshop = id_;
    welcome.participant = wall_participant;
    welcome.role = core::role::observer;
    welcome.seq = committed_.seq;
    welcome.server_time = now_();
    welcome.wall = true;
    out.push_back(room_effect::send{who, share(protocol::encode_welcome(welcome))});
    // A wall is nobody: it is never announced online, but it learns who is, like everyone.
    if (!catch_up(out, who, last_seq)) {
        out.push_back(room_effect::send{who, share(protocol::encode_presence_list(online_ids()))});
    }
}

void room_core::welcome_newcomers(room_effects& out, std::vector<newcomer>& newcomers) {
    // Everyone whose join committed in this batch gets the same snapshot (one encoding, one
    // shared frame, however many join at once), already listing the others of the batch as
    // online; those already here get one presence frame for all of them, sent before the
    // newcomers subscribe.
    std::vector<entity_id> arrived;
    for (const auto& n : newcomers) {
        if (++online_[n.participant] == 1) arrived.push_back(n.participant);
    }
    if (!arrived.empty() && !subscriptions_.empty()) {
        out.push_back(room_effect::send_all{share(protocol::encode_presence(arrived, {}))});
    }
    for (const auto& n : newcomers) {
        subscriptions_.push_back(subscription{n.connection, n.participant});
        connections_[n.connection] = true;
        out.push_back(room_effect::subscribe{n.connection, n.participant});
    }
    const auto head = snapshot_head();
    const auto body = snapshot_body();
    for (const auto& n : newcomers) {
        send_welcome(out, n.connection, n.participant, n.resume_token);
        out.push_back(room_effect::send_catch_up{n.connection, head, body});
    }
}

void room_core::send_welcome(room_effects& out, connection_id who, entity_id participant,
                             const std::string& resume_token) {
    protocol::welcome_info welcome;
    welcome.workshop = id_;
    welcome.participant = participant;
    welcome.role = committed_.participants.at(participant).role;
    welcome.resume_token = resume_token;
    welcome.seq = committed_.seq;
    welcome.server_time = now_();
    // Every facilitator's console shows the participant link; nobody else is handed its code.
    if (welcome.role == core::role::facilitator) {
        welcome.join_code = credentials_.join_code;
        welcome.retention_days = limits_.retention_days;  // the console says when a closed workshop goes
    }
    out.push_back(room_effect::send{who, share(protocol::encode_welcome(welcome))});
}

shared_frame room_core::snapshot_body() {
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

shared_frame room_core::snapshot_head() const {
    // The frame around an empty state ends with the state's place and the closing brace.
    std::string head = protocol::encode_snapshot(committed_.seq, id_, online_ids(), "");
    head.pop_back();
    return share(std::move(head));
}

std::vector<entity_id> room_core::online_ids() const {
    std::vector<entity_id> online;
    online.reserve(online_.size());
    for (const auto& [id, count] : online_) online.push_back(id);
    std::sort(online.begin(), online.end());
    return online;
}

bool room_core::catch_up(room_effects& out, connection_id who, std::uint64_t last_seq) {
    if (last_seq == committed_.seq) return false;
    const bool replayable = last_seq != 0 && last_seq < committed_.seq && !recent_.empty() &&
                            recent_.front().first <= last_seq + 1;
    if (!replayable) {
        out.push_back(room_effect::send_catch_up{who, snapshot_head(), snapshot_body()});
        return true;
    }
    std::vector<std::string> chunk;
    for (const auto& [seq, object] : recent_) {
        if (seq <= last_seq) continue;
        chunk.push_back(object);
        if (chunk.size() == limits::replay_frame_events) {
            out.push_back(room_effect::send_catch_up{who, share(protocol::encode_events_frame(chunk)), nullptr});
            chunk.clear();
        }
    }
    if (!chunk.empty()) {
        out.push_back(room_effect::send_catch_up{who, share(protocol::encode_events_frame(chunk)), nullptr});
    }
    return false;
}

void room_core::presence_changed(room_effects& out, entity_id participant, bool online) {
    int& connections = online_[participant];
    connections += online ? 1 : -1;
    const bool announce = online ? connections == 1 : connections == 0;
    if (connections <= 0) online_.erase(participant);
    if (!announce) return;
    const std::vector<entity_id> who{participant};
    const std::vector<entity_id> none;
    out.push_back(room_effect::send_all{
        share(online ? protocol::encode_presence(who, none) : protocol::encode_presence(none, who))});
}

void room_core::disconnect_departed(room_effects& out) {
    for (const auto& sub : subscriptions_) {
        auto it = committed_.participants.find(sub.participant);
        if (it == committed_.participants.end() || it->second.active()) continue;
        out.push_back(room_effect::close{sub.connection, close_codes::removed, it->second.removed ? "removed" : "left"});
    }
}

void room_core::share_join_code(room_effects& out, entity_id only) {
    if (credentials_.join_code.empty()) return;
    shared_frame frame;
    for (const auto& sub : subscriptions_) {
        if (only != 0 && sub.participant != only) continue;
        auto it = committed_.participants.find(sub.participant);
        if (it == committed_.participants.end() || it->second.role != core::role::facilitator) continue;
        if (!frame) frame = share(protocol::encode_join_code(credentials_.join_code));
        out.push_back(room_effect::send{sub.connection, frame});
    }
}

bool room_core::draw_short_code(room_effects& out, connection_id from, entity_id participant, const std::string& op,
                                core::command& cmd, std::string& drawn) {
    // Only a facilitator's rotation draws a code: anyone else's is refused by decide() without one,
    // and no code is held back for it.
    auto it = working_.participants.find(participant);
    const bool facilitator = it != working_.participants.end() && it->second.active() &&
                             it->second.role == core::role::facilitator;
    if (!facilitator) return true;
    if (short_codes_ == nullptr) {
        send_error(out, from, core::errc::unavailable, "Short codes are not available here.", op);
        return false;
    }
    drawn = short_codes_->draw(id_);
    std::get<core::short_code_rotate>(cmd).short_code = drawn;
    return true;
}

void room_core::release_drawn_codes(const std::vector<pending>& failed) {
    if (short_codes_ == nullptr) return;
    for (const auto& entry : failed) {
        if (auto* rotate = std::get_if<core::short_code_rotate>(&entry.event.body)) {
            short_codes_->release(rotate->short_code, id_);
        }
    }
}

room_effects room_core::change_links(std::uint64_t request, const std::string& key, link_change change) {
    room_effects out;
    if (!may_manage_links(identify(credentials_, committed_, key))) {
        out.push_back(room_effect::answer{request, access_outcome::denied});
        return out;
    }
    storage::write_batch batch;
    batch.organiser_key_hash = change.organiser_key_hash;
    batch.wall_key_hash = change.wall_key_hash;
    if (change.join_code) {
        batch.join_code_hash = storage::sha256_hex(*change.join_code);
        batch.join_code = change.join_code;
    }
    const auto write = submit(out, std::move(batch));
    side_writes_.emplace(write, links_write{request, std::move(change)});
    return out;
}

room_effects room_core::retire(std::uint64_t request, const std::optional<std::string>& key) {
    room_effects out;
    if (key && !may_manage_links(identify(credentials_, committed_, *key))) {
        out.push_back(room_effect::answer{request, access_outcome::denied});
        return out;
    }
    retired_ = true;
    next_.clear();
    for (const auto& sub : subscriptions_) {
        out.push_back(room_effect::unsubscribe{sub.connection});
        out.push_back(room_effect::close{sub.connection, close_codes::deleted, "workshop deleted"});
    }
    subscriptions_.clear();
    // A batch in flight was submitted before this, so it is stored (and erased) first.
    out.push_back(room_effect::answer{request, access_outcome::done});
    return out;
}

room_effects room_core::hand_over(std::uint64_t request) {
    room_effects out;
    if (!retired_) move_away(out);
    out.push_back(room_effect::answer{request, access_outcome::done});
    return out;
}

void room_core::move_away(room_effects& out) {
    if (retired_) return;
    retired_ = true;
    retired_code_ = close_codes::moved;
    retired_reason_ = "workshop moved to another server";
    release_drawn_codes(next_);
    next_.clear();
    joins_in_flight_.clear();
    // Everyone: the subscribed, and those whose hello waits for a join being stored. A batch in
    // flight still hears back, but nobody is left to tell; its senders resend, and whoever holds
    // the workshop next answers them from the log.
    for (const auto& sub : subscriptions_) out.push_back(room_effect::unsubscribe{sub.connection});
    subscriptions_.clear();
    std::vector<connection_id> everyone;
    for (const auto& [connection, subscribed] : connections_) everyone.push_back(connection);
    std::sort(everyone.begin(), everyone.end());
    for (auto connection : everyone) {
        out.push_back(room_effect::close{connection, close_codes::moved, retired_reason_});
    }
}

}  // namespace samling::server
