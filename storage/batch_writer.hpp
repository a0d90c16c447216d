#pragma once
/** Writes the rows of one write_batch on the writer connection, inside the caller's transaction. */
#include <cstdint>

#include "storage/event_store.hpp"

namespace samling::storage {

class database;

/**
 * Turns one write_batch into rows: the workshop's index row, its events, credentials and
 * snapshot, and the new last_seq. Checks that the events continue the stored log without gaps.
 * Throws storage_error (or sqlite_error) on the first problem; the caller rolls back.
 * Uses the connection's cached statements.
 */
class batch_writer {
public:
    /** A writer for `db`, which must have a transaction open. */
    explicit batch_writer(database& db) : db_(db) {}

    /** Writes every row of `batch`. */
    void write(const write_batch& batch);

private:
    void erase_workshop(const std::string& workshop);
    void insert_workshop(const write_batch& batch);
    void update_index(const write_batch& batch);
    std::uint64_t stored_last_seq(const std::string& workshop);
    void check_sequence(const write_batch& batch, std::uint64_t last_seq) const;
    void replace_events(const write_batch& batch);
    void insert_events(const write_batch& batch);
    void insert_credentials(const write_batch& batch);
    void upsert_snapshot(const write_batch& batch, std::uint64_t last_seq);

    database& db_;
};

}  // namespace samling::storage
