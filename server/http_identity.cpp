#include "server/http_identity.hpp"

#include "server/room_core.hpp"
#include "storage/event_store.hpp"

namespace samling::server {

http_identity identify(const room_credentials& credentials, const core::workshop_state& state,
                       std::string_view key) {
    // Keys, codes and tokens are letters, digits, '-' and '_': anything else is nobody's (and
    // cannot reach the join ids, which are hashed with a ':' in front).
    if (key.empty() || key.size() > 64) return {};
    for (char c : key) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) return {};
    }
    const std::string hash = storage::sha256_hex(key);
    if (hash == credentials.facilitator_key_hash) return {http_role::facilitator, core::host_id};
    if (auto it = credentials.tokens.find(digest_of_hex(hash)); it != credentials.tokens.end()) {
        // A resume token speaks for its participant only while they are a facilitator and present.
        auto p = state.participants.find(it->second);
        if (p != state.participants.end() && p->second.active() &&
            p->second.role == core::role::facilitator) {
            return {http_role::facilitator, it->second};
        }
        return {};
    }
    if (!credentials.organiser_key_hash.empty() && hash == credentials.organiser_key_hash) {
        return {http_role::organiser, 0};
    }
    return {};
}

}  // namespace samling::server
