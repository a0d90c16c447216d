#include "storage/transaction.hpp"

#include "storage/database.hpp"

namespace samling::storage {

transaction::transaction(database& db, const std::string& begin) : db_(db) {
    db_.exec(begin);
}

transaction::~transaction() {
    // SQLite may already have rolled back by itself (SQLITE_FULL, IOERR ...).
    if (committed_ || !db_.in_transaction()) {
        return;
    }
    try {
        db_.reset_cached();
        db_.exec("ROLLBACK");
    } catch (...) {
        // Nothing more to do from a destructor; the connection reports the next failure.
    }
}

void transaction::commit() {
    // A statement still stepping would make COMMIT fail with "SQL statements in progress".
    db_.reset_cached();
    db_.exec("COMMIT");
    committed_ = true;
}

}  // namespace samling::storage
