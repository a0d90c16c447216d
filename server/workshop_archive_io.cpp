#include "server/workshop_archive_io.hpp"

#include "protocol/archive.hpp"
#include "protocol/messages.hpp"
#include "server/event_records.hpp"

namespace samling::server {

std::optional<std::string> read_archive(storage::event_store& store, const std::string& id) {
    auto record = store.find_workshop(id);
    if (!record) return std::nullopt;
    protocol::workshop_archive archive{id, record->facilitator_key_hash, record->join_code_hash,
                                       record->organiser_key_hash, {}, {}};
    for (const auto& stored : store.events_after(id, 0)) {
        archive.events.push_back(event_of(stored, id));
    }
    for (const auto& c : store.credentials(id)) archive.credentials.emplace_back(c.token_hash, c.participant);
    return protocol::encode_archive(archive);
}

}  // namespace samling::server
