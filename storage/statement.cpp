#include "storage/statement.hpp"

#include <sqlite3.h>

#include "storage/sqlite_error.hpp"

namespace samling::storage {

void statement::finalizer::operator()(sqlite3_stmt* stmt) const noexcept {
    sqlite3_finalize(stmt);
}

statement::statement(sqlite3* db, std::string_view sql) : db_(db) {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
    stmt_.reset(raw);
    if (rc != SQLITE_OK) {
        throw_sqlite_error(db_, rc);
    }
    if (raw == nullptr) {
        throw storage_error("empty SQL statement");
    }
}

statement& statement::bind_int64(int index, std::int64_t value) {
    check_bind(sqlite3_bind_int64(stmt_.get(), index, value));
    return *this;
}

statement& statement::bind_text(int index, std::string_view value) {
    // A non-null pointer even for empty text, so SQLite stores '' and not NULL.
    const char* data = value.empty() ? "" : value.data();
    check_bind(
        sqlite3_bind_text64(stmt_.get(), index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    return *this;
}

statement& statement::bind_null(int index) {
    check_bind(sqlite3_bind_null(stmt_.get(), index));
    return *this;
}

bool statement::step() {
    const int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    throw_sqlite_error(db_, rc);
}

void statement::run() {
    while (step()) {
    }
}

std::int64_t statement::column_int64(int index) const {
    return sqlite3_column_int64(stmt_.get(), index);
}

std::string statement::column_text(int index) const {
    // Ask for the text before its length, as SQLite's documentation recommends.
    const auto* text = sqlite3_column_text(stmt_.get(), index);
    const int bytes = sqlite3_column_bytes(stmt_.get(), index);
    if (text == nullptr || bytes <= 0) {
        return {};
    }
    return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(bytes));
}

bool statement::column_is_null(int index) const {
    return sqlite3_column_type(stmt_.get(), index) == SQLITE_NULL;
}

void statement::reset() noexcept {
    // sqlite3_reset repeats the last step's error, which its caller has already seen.
    sqlite3_reset(stmt_.get());
    sqlite3_clear_bindings(stmt_.get());
}

void statement::check_bind(int rc) const {
    if (rc != SQLITE_OK) {
        throw_sqlite_error(db_, rc);
    }
}

}  // namespace samling::storage
