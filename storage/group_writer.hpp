#pragma once
/** Commits a group of write batches in one transaction, one savepoint per batch. */
#include <cstddef>
#include <vector>

#include "storage/event_store.hpp"

namespace samling::storage {

class database;

/** What a group commit did: one result per batch, in the order given. */
struct group_outcome {
    std::vector<write_result> results;
    bool committed = false;     ///< the transaction committed (some batches may still have failed)
    std::size_t events = 0;     ///< events in the batches that committed
};

/**
 * Group commit on the writer connection: BEGIN IMMEDIATE, each batch inside its own savepoint
 * (a failing batch is rolled back alone and the others go on), then COMMIT. When BEGIN or
 * COMMIT fails, or SQLite rolls back the whole transaction itself, every batch fails.
 */
class group_writer {
public:
    /** A group writer for the writer connection `db`. */
    explicit group_writer(database& db) : db_(db) {}

    /** Writes and commits `batches`; never throws, failures are in the outcome. */
    group_outcome commit(const std::vector<const write_batch*>& batches) noexcept;

private:
    group_outcome try_commit(const std::vector<const write_batch*>& batches);
    bool write_one(const write_batch& batch, write_result& result);

    database& db_;
};

}  // namespace samling::storage
