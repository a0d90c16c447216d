#pragma once
/**
 * Who an HTTP request speaks for in one workshop. Every endpoint that takes a key asks this one
 * function, so the facilitator key, a co-facilitator's resume token and the organiser key open
 * the same doors wherever they are accepted; another kind of key is one more branch here.
 */
#include <string_view>

#include "core/types.hpp"
#include "core/workshop_state.hpp"

namespace samling::server {

struct room_credentials;

enum class http_role {
    nobody,       ///< no key, or one this workshop does not know
    organiser,    ///< the read-only organiser link: exports only
    facilitator,  ///< the facilitator key, or the resume token of a participant promoted to
                  ///< facilitator
};

struct http_identity {
    http_role role = http_role::nobody;
    core::entity_id participant = 0;  ///< who, for a facilitator (the host or a co-facilitator)
};

/** Decides who `key` (the request's bearer key) is in the workshop with these credentials and
 * state. */
http_identity identify(const room_credentials& credentials, const core::workshop_state& state,
                       std::string_view key);

/** May `who` read the exports? */
inline bool may_export(const http_identity& who) {
    return who.role != http_role::nobody;
}
/** May `who` manage the workshop's links (organiser link, join code)? */
inline bool may_manage_links(const http_identity& who) {
    return who.role == http_role::facilitator;
}

}  // namespace samling::server
