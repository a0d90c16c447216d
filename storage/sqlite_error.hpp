#pragma once
/** The storage_error raised by a failed SQLite call, carrying SQLite's primary result code. */
#include <string>

#include "storage/event_store.hpp"

struct sqlite3;

namespace samling::storage {

/** A failed SQLite call: SQLite's message, and its primary result code (SQLITE_FULL, ...). */
class sqlite_error : public storage_error {
public:
    /** An error with SQLite's primary result `code` and its message. */
    sqlite_error(int code, const std::string& message);

    /** SQLite's primary result code (extended codes are reduced to their primary). */
    int code() const noexcept { return code_; }
    /** The database or the disk is full (SQLITE_FULL). */
    bool is_full() const noexcept;

private:
    int code_;
};

/** Throws the sqlite_error for result `rc`, with the message `db` holds for its last call. */
[[noreturn]] void throw_sqlite_error(sqlite3* db, int rc);

}  // namespace samling::storage
