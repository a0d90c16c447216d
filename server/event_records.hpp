#pragma once
/**
 * The one mapping between an event and the row storage keeps of it, both ways: every writer (the
 * room, workshop creation, import, forget, the bench seed) and every reader (loading, exports,
 * the forget rewrite) goes through these two functions.
 */
#include <string>

#include "core/decide.hpp"
#include "protocol/messages.hpp"
#include "storage/event_store.hpp"

namespace samling::server {

/** The stored row of `ev`, whose protocol event record (protocol::encode_event_record) is `payload`. */
inline storage::event_record record_of(const core::event& ev, std::string payload) {
    return {ev.seq, ev.at, ev.actor, ev.op, std::string(core::info_of(ev.body).event_name), std::move(payload)};
}

inline storage::event_record record_of(const core::event& ev) { return record_of(ev, protocol::encode_event_record(ev)); }

/**
 * The event a stored row holds. Throws storage::storage_error when its payload does not decode
 * or names another seq than its row: a log that cannot be read is never read past.
 */
inline core::event event_of(const storage::event_record& stored, const std::string& workshop) {
    auto ev = protocol::decode_event_record(stored.payload);
    if (!ev || ev->seq != stored.seq) {
        throw storage::storage_error("event " + std::to_string(stored.seq) + " of workshop " + workshop +
                                     " is unreadable");
    }
    return std::move(*ev);
}

}  // namespace samling::server
