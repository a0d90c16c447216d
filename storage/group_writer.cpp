#include "storage/group_writer.hpp"

#include <exception>

#include "storage/batch_writer.hpp"
#include "storage/database.hpp"
#include "storage/savepoint.hpp"
#include "storage/sqlite_error.hpp"
#include "storage/transaction.hpp"

namespace samling::storage {
namespace {

/** The write_result for the exception being handled. */
write_result failure_of(std::exception_ptr error) {
    write_result result;
    try {
        std::rethrow_exception(error);
    } catch (const sqlite_error& e) {
        result.error = e.what();
        result.full = e.is_full();
    } catch (const std::exception& e) {
        result.error = e.what();
    } catch (...) {
        result.error = "unknown error";
    }
    return result;
}

}  // namespace

group_outcome group_writer::commit(const std::vector<const write_batch*>& batches) noexcept {
    try {
        return try_commit(batches);
    } catch (...) {
        // BEGIN, COMMIT or a rollback failed, or SQLite abandoned the transaction:
        // the transaction object has rolled back, so nothing of the group is stored.
        const write_result failed = failure_of(std::current_exception());
        group_outcome outcome;
        try {
            outcome.results.assign(batches.size(), failed);
        } catch (...) {
            // Out of memory: the caller treats missing results as failures.
        }
        return outcome;
    }
}

group_outcome group_writer::try_commit(const std::vector<const write_batch*>& batches) {
    group_outcome outcome;
    outcome.results.resize(batches.size());
    transaction tx(db_);
    for (std::size_t i = 0; i < batches.size(); ++i) {
        if (write_one(*batches[i], outcome.results[i])) {
            outcome.events += batches[i]->events.size();
        }
    }
    tx.commit();
    outcome.committed = true;
    return outcome;
}

bool group_writer::write_one(const write_batch& batch, write_result& result) {
    savepoint point(db_, "batch");
    try {
        batch_writer(db_).write(batch);
    } catch (...) {
        result = failure_of(std::current_exception());
        // On SQLITE_FULL, IOERR or NOMEM SQLite may roll back the whole transaction itself;
        // then the batches already written are gone too, and the whole group must fail.
        if (!db_.in_transaction()) {
            throw;
        }
        point.rollback();
        return false;
    }
    point.release();
    result.ok = true;
    return true;
}

}  // namespace samling::storage
