#pragma once
/** What a client holds after applying the server's frames as docs/protocol.md says. */
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/integration/test_client.hpp"

namespace samling::test {

struct mirror {
    bool has_state = false;
    std::uint64_t seq = 0;                        ///< highest seq applied
    std::map<std::uint64_t, std::string> notes;   ///< note id → text, as the client would show them
    std::vector<std::string> added;               ///< texts of the note.added events applied, in seq order
    std::set<std::uint64_t> online;               ///< participants online, from snapshots and presence
    std::vector<std::string> faults;              ///< gaps, repeated seqs, events before any state

    /** Applies one frame from the server (snapshot, events, presence; others are ignored). */
    void apply(const nlohmann::json& frame);
    bool operator==(const mirror& other) const {
        return seq == other.seq && notes == other.notes && online == other.online;
    }
};

/**
 * What the server holds now, from the snapshot a facilitator's hello gets (which needs no write).
 * The snapshot is made after every commit acknowledged so far, unlike the HTTP summary, which
 * may lag an ack by a moment.
 */
mirror server_view(std::uint16_t port, const workshop_link& w);
/** Reads `client`'s frames into `view` until `done` holds; fails the test if none comes in time. */
void read_into(ws_client& client, mirror& view, const std::function<bool()>& done);
/** Reads into `view` until it holds `seq`. */
void read_until_seq(ws_client& client, mirror& view, std::uint64_t seq);
/** Sends a command and waits for its ack, feeding every frame on the way into `view`; fails on a refusal. */
nlohmann::json must_into(ws_client& client, mirror& view, nlohmann::json body);

}  // namespace samling::test
