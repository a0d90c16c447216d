// The wall's half of workshop_room: its read-only connections, its key, and the short join code.
#include "server/limits.hpp"
#include "server/workshop_room.hpp"

namespace samling::server {

using core::entity_id;

void workshop_room::attach_wall(const std::shared_ptr<subscriber>& who, std::uint64_t last_seq) {
    subscribers_.push_back(subscription{who, who.get(), wall_participant});
    who->joined(shared_from_this(), wall_participant);
    protocol::welcome_info welcome;
    welcome.workshop = id_;
    welcome.participant = wall_participant;
    welcome.role = core::role::observer;
    welcome.seq = committed_.seq;
    welcome.server_time = now_ms();
    welcome.wall = true;
    who->deliver(share(protocol::encode_welcome(welcome)));
    // A wall is nobody: it is never announced online, but it learns who is, like everyone.
    if (!catch_up(*who, last_seq)) who->deliver(share(protocol::encode_presence_list(online_ids())));
}

bool workshop_room::draw_short_code(subscriber& who, entity_id participant, const std::string& op, core::command& cmd,
                                    std::string& drawn) {
    // Only a facilitator's rotation draws a code: anyone else's is refused by decide() without one,
    // and no code is held back for it.
    auto it = working_.participants.find(participant);
    const bool facilitator = it != working_.participants.end() && it->second.active() &&
                             it->second.role == core::role::facilitator;
    if (!facilitator) return true;
    if (short_codes_ == nullptr) {
        who.deliver(share(protocol::encode_error(core::errc::unavailable, "Short codes are not available here.", op)));
        return false;
    }
    drawn = short_codes_->draw(id_);
    std::get<core::short_code_rotate>(cmd).short_code = drawn;
    return true;
}

void workshop_room::release_drawn_codes(const std::vector<pending>& failed) {
    if (short_codes_ == nullptr) return;
    for (const auto& entry : failed) {
        if (auto* rotate = std::get_if<core::short_code_rotate>(&entry.event.body)) {
            short_codes_->release(rotate->short_code, id_);
        }
    }
}

void workshop_room::set_wall_key(std::string key, std::string wall_key, std::function<void(access_outcome)> done) {
    const std::string hash = wall_key.empty() ? std::string() : storage::sha256_hex(wall_key);
    // Runs on the strand once stored: walls that came in with the old key are closed.
    change_credentials(
        std::move(key), [hash](storage::write_batch& batch) { batch.wall_key_hash = hash; },
        [self = shared_from_this(), hash](room_credentials& credentials) {
            credentials.wall_key_hash = hash;
            for (auto& sub : self->subscribers_) {
                if (sub.participant != wall_participant) continue;
                if (auto connection = sub.connection.lock()) {
                    connection->disconnect(close_codes::wall_revoked, "wall link revoked");
                }
            }
        },
        std::move(done));
}

}  // namespace samling::server
