#include "storage/sqlite_error.hpp"

#include <sqlite3.h>

namespace samling::storage {

sqlite_error::sqlite_error(int code, const std::string& message)
    : storage_error(message), code_(code & 0xff) {}

bool sqlite_error::is_full() const noexcept {
    return code_ == SQLITE_FULL;
}

void throw_sqlite_error(sqlite3* db, int rc) {
    // sqlite3_errmsg describes the connection's most recent failure; without a handle
    // (out of memory on open) only the generic text for the code is available.
    const char* message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    throw sqlite_error(rc, message != nullptr ? message : "unknown SQLite error");
}

}  // namespace samling::storage
