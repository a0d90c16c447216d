#pragma once
/** One SQLite connection, closed by its destructor, with a cache of prepared statements. */
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "storage/statement.hpp"

struct sqlite3;

namespace samling::storage {

/**
 * An open SQLite connection (created when the file is missing). Not thread-safe: one thread
 * uses it at a time. Failures throw sqlite_error.
 */
class database {
public:
    /**
     * Opens (or creates) the database file at `path`. A call that finds the file locked by
     * another connection retries for up to `busy_timeout_ms` before failing with SQLITE_BUSY.
     */
    explicit database(const std::string& path, int busy_timeout_ms = 5000);
    ~database();
    database(const database&) = delete;
    database& operator=(const database&) = delete;

    /** Runs one or more SQL statements that return nothing the caller needs. */
    void exec(const std::string& sql);
    /** Prepares one statement, finalised when the returned object dies. */
    statement prepare(std::string_view sql);
    /**
     * The cached statement for `sql`, prepared on first use and reset for this use.
     * It lives as long as the connection; reset it after reading if rows remain.
     */
    statement& cached(const std::string& sql);
    /** Resets every cached statement, so none holds a read or write in progress. */
    void reset_cached() noexcept;
    /** Rows the last INSERT, UPDATE or DELETE changed. */
    int changes() const noexcept;
    /** An explicit transaction is open (SQLite may roll one back by itself on some errors). */
    bool in_transaction() const noexcept;
    /** The raw handle, for the storage layer's own wrappers. */
    sqlite3* handle() const noexcept { return db_.get(); }

private:
    struct closer {
        void operator()(sqlite3* db) const noexcept;
    };

    // Declared before the cache so the cached statements are finalised before the close.
    std::unique_ptr<sqlite3, closer> db_;
    std::unordered_map<std::string, std::unique_ptr<statement>> cache_;
};

}  // namespace samling::storage
