#pragma once
/** A prepared SQLite statement: bind by index, step, read columns; finalised by its destructor. */
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace samling::storage {

/**
 * One prepared statement of one connection. Parameter and column indexes follow SQLite:
 * parameters count from 1, columns from 0. Failures throw sqlite_error. Not thread-safe:
 * use it only on the thread that owns its connection.
 */
class statement {
public:
    /** Prepares `sql` (one statement) on `db`. */
    statement(sqlite3* db, std::string_view sql);

    /** Binds a 64-bit integer to parameter `index`. */
    statement& bind_int64(int index, std::int64_t value);
    /** Binds text (copied, so `value` may die before the step) to parameter `index`. */
    statement& bind_text(int index, std::string_view value);
    /** Binds SQL NULL to parameter `index`. */
    statement& bind_null(int index);

    /** Runs one step: true when a row is ready to read, false when the statement is done. */
    bool step();
    /** Steps a statement that returns no rows (INSERT, UPDATE ...) to completion. */
    void run();

    /** Column `index` of the current row as an integer (0 for NULL). */
    std::int64_t column_int64(int index) const;
    /** Column `index` of the current row as text (empty for NULL); embedded NULs are kept. */
    std::string column_text(int index) const;
    /** Column `index` of the current row is SQL NULL. */
    bool column_is_null(int index) const;

    /** Rewinds the statement and clears its bindings, ready for the next use; never throws. */
    void reset() noexcept;

private:
    struct finalizer {
        void operator()(sqlite3_stmt* stmt) const noexcept;
    };
    void check_bind(int rc) const;

    sqlite3* db_;
    std::unique_ptr<sqlite3_stmt, finalizer> stmt_;
};

}  // namespace samling::storage
