// The joining half of workshop_room: credentials, catch-up, presence and departures.
#include <algorithm>

#include "server/limits.hpp"
#include "server/random_token.hpp"
#include "server/workshop_room.hpp"

namespace samling::server {

using core::entity_id;

namespace {

std::shared_ptr<const std::string> share(std::string frame) {
    return std::make_shared<const std::string>(std::move(frame));
}

void refuse(subscriber& who, core::errc code, const std::string& message,
            const core::error_params& params = {}) {
    // The connection may take another hello before the error is even read: tell it first.
    who.hello_refused();
    who.deliver(share(protocol::encode_error(code, message, {}, params)));
}

}  // namespace

void workshop_room::on_hello(const std::shared_ptr<subscriber>& who, const protocol::hello& message) {
    const char* wrong = "That link is not valid for this workshop. Ask the facilitator for a new one.";
    entity_id participant = 0;
    if (!message.facilitator_key.empty()) {
        if (storage::sha256_hex(message.facilitator_key) != credentials_.facilitator_key_hash) {
            return refuse(*who, core::errc::bad_credentials, wrong);
        }
        participant = core::host_id;
    } else if (!message.wall_key.empty()) {
        if (credentials_.wall_key_hash.empty() || storage::sha256_hex(message.wall_key) != credentials_.wall_key_hash) {
            return refuse(*who, core::errc::bad_credentials, "That wall link is not valid (any more). Ask the facilitator for the current one.");
        }
        return attach_wall(who, message.last_seq);
    } else if (!message.resume_token.empty()) {
        auto it = credentials_.tokens.find(digest_of_hex(storage::sha256_hex(message.resume_token)));
        if (it == credentials_.tokens.end()) return refuse(*who, core::errc::bad_credentials, wrong);
        participant = it->second;
    } else {
        const bool by_code = !message.short_code.empty();
        const bool valid = by_code ? !committed_.short_code.empty() && message.short_code == committed_.short_code
                                   : storage::sha256_hex(message.join_code) == credentials_.join_code_hash;
        if (!valid) {
            return refuse(*who, core::errc::bad_credentials,
                          by_code ? "That code is not this workshop's (any more). Look at the wall for the current one." : wrong);
        }
        auto decided = core::decide(working_, 0, core::participant_join{message.name, message.role}, now_ms());
        if (auto* refused = std::get_if<core::rejection>(&decided)) {
            return refuse(*who, refused->code, refused->message, refused->params);
        }
        pending entry;
        entry.joiner = who;
        entry.resume_token = new_secret();
        return accept(std::move(std::get<core::event>(decided)), std::move(entry));
    }
    const core::participant& p = committed_.participants.at(participant);
    if (!p.active()) {
        refuse(*who, core::errc::participant_removed,
               p.removed ? "A facilitator removed you from this workshop."
                         : "You have left this workshop.",
               {{"reason", std::string(p.removed ? "removed" : "left")}});
        return who->disconnect(close_codes::removed, "not in the workshop");
    }
    attach(who, participant, message.last_seq, {});
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
    const auto online = online_ids();
    auto snapshot = share(protocol::encode_snapshot(committed_.seq, id_, online, public_state()));
    for (const auto& n : newcomers) {
        send_welcome(*n.connection, n.participant, n.resume_token);
        n.connection->deliver(snapshot);
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
    who.deliver(share(protocol::encode_welcome(welcome)));
}

std::string workshop_room::public_state() const {
    // Not kept: a workshop of thousands of notes encodes to megabytes, and a later join is at
    // another seq anyway.
    return protocol::encode_state(committed_, protocol::audience::public_);
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
        who.deliver(share(protocol::encode_snapshot(committed_.seq, id_, online_ids(), public_state())));
        return true;
    }
    std::vector<std::string> chunk;
    for (const auto& [seq, object] : recent_) {
        if (seq <= last_seq) continue;
        chunk.push_back(object);
        if (chunk.size() == limits::replay_frame_events) {
            who.deliver(share(protocol::encode_events_frame(chunk)));
            chunk.clear();
        }
    }
    if (!chunk.empty()) who.deliver(share(protocol::encode_events_frame(chunk)));
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
