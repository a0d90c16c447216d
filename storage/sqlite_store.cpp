#include "storage/sqlite_store.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "storage/database.hpp"
#include "storage/group_writer.hpp"
#include "storage/schema.hpp"
#include "storage/wal_checkpointer.hpp"

namespace samling::storage {

sqlite_store::sqlite_store(store_options options) : options_(std::move(options)) {
    writer_db_ = std::make_unique<database>(options_.path);
    // Before any pragma changes the file: a newer build's file is not ours to touch.
    refuse_newer_schema(*writer_db_);
    configure_connection(*writer_db_);
    migrate(*writer_db_);
    // After the migration, so a small cap in tests never stops the schema itself.
    if (options_.max_page_count > 0) {
        writer_db_->exec("PRAGMA max_page_count = " + std::to_string(options_.max_page_count));
    }
    reader_db_ = std::make_unique<database>(options_.path);
    configure_connection(*reader_db_);
    reader_db_->exec("PRAGMA query_only = ON");
    checkpointer_ = std::make_unique<wal_checkpointer>(*writer_db_, options_.path, options_.checkpoint_pages);
    start_writer(options_.max_batch_events);
}

sqlite_store::~sqlite_store() { stop_writer(); }

std::uint64_t sqlite_store::checkpoints() const { return checkpointer_->checkpoints(); }

bool sqlite_store::await_checkpoints(std::uint64_t count, std::chrono::milliseconds timeout) const {
    return checkpointer_->await(count, timeout);
}

void sqlite_store::between_groups() { checkpointer_->between_transactions(); }

void sqlite_store::commit_group(std::vector<pending>& group) {
    const commit_observer observer = this->observer();
    std::vector<const write_batch*> batches;
    batches.reserve(group.size());
    for (const pending& item : group) {
        batches.push_back(&item.batch);
    }
    const auto started = std::chrono::steady_clock::now();
    group_outcome outcome = group_writer(*writer_db_).commit(batches);
    const auto elapsed = std::chrono::steady_clock::now() - started;
    const bool erased = std::any_of(group.begin(), group.end(), [](const pending& p) {
        return p.batch.erase || !p.batch.replace.empty();
    });
    if (outcome.committed && erased) scrub(outcome);

    write_result unknown;
    unknown.error = "storage writer failed";
    report(group, outcome.results, unknown);
    if (outcome.committed && observer) {
        try {
            observer(std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed), outcome.events);
        } catch (...) {
            // The observer is only metrics; the writer goes on.
        }
    }
}

void sqlite_store::scrub(group_outcome& outcome) {
    // The deleted rows' bytes are still in free pages and in the write-ahead log. VACUUM rebuilds
    // the file from the rows that remain; a TRUNCATE checkpoint then empties the log, into which
    // VACUUM wrote. Until both have run nobody hears that the workshop is gone.
    try {
        writer_db_->exec("VACUUM");
        if (!checkpointer_->truncate()) throw storage_error("the write-ahead log could not be truncated");
    } catch (const std::exception& e) {
        // The deletion itself committed; what did not finish is the clean-up, which the next
        // erasure repeats. Say so to those waiting.
        for (auto& result : outcome.results) {
            if (result.ok) result.error = std::string("deleted, but not yet wiped from the file: ") + e.what();
        }
    }
}

}  // namespace samling::storage
