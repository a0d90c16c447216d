#pragma once
/**
 * The JSON archive of a workshop: everything needed to restore it elsewhere (its log and the
 * hashes of its credentials), versioned. Export → import → export gives identical bytes.
 */
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/event.hpp"
#include "core/workshop_state.hpp"

namespace samling::protocol {

inline constexpr std::string_view archive_format = "samling-archive";
inline constexpr std::int64_t archive_version = 1;
inline constexpr std::size_t max_archive_bytes = 256 * 1024 * 1024;  ///< larger files are refused on import

struct workshop_archive {
    std::string id;
    std::string facilitator_key_hash;
    std::string join_code_hash;
    std::string organiser_key_hash;
    std::vector<core::event> events;                                 ///< the whole log, seq 1..n
    std::vector<std::pair<std::string, core::entity_id>> credentials;  ///< resume-token hash, participant
};

/**
 * The archive with every personal name taken out of its log, so that nothing in it names a
 * person: a participant's name (when joining, renaming, or creating the workshop as its host)
 * becomes "Participant N" with their id, and each next step's owner is left empty. The rules
 * accept the result as they accepted the original, so it imports like any archive.
 */
workshop_archive without_names(workshop_archive archive);

/** The archive as JSON; it also carries the state the log replays to, for readers. */
std::string encode_archive(const workshop_archive& archive);

/**
 * Reads and checks an archive: format and version, ids and hashes well formed, the log gap-free
 * from 1, and every event one that the rules accept in order (each is decided again). Returns the
 * archive and its replayed state, or a message saying what is wrong.
 */
std::variant<std::pair<workshop_archive, core::workshop_state>, std::string> decode_archive(std::string_view json);

}  // namespace samling::protocol
