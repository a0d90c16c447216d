#include "storage/database.hpp"

#include <sqlite3.h>

#include "storage/sqlite_error.hpp"

namespace samling::storage {

void database::closer::operator()(sqlite3* db) const noexcept {
    // close_v2 defers the close until every statement is finalised, instead of failing.
    sqlite3_close_v2(db);
}

database::database(const std::string& path, int busy_timeout_ms) {
    sqlite3* raw = nullptr;
    // NOMUTEX: each connection is used by one thread at a time, guarded by its owner.
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    db_.reset(raw);  // closed even when the open failed
    if (rc != SQLITE_OK) {
        throw_sqlite_error(raw, rc);
    }
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, busy_timeout_ms);
}

database::~database() {
    cache_.clear();
}

void database::exec(const std::string& sql) {
    const int rc = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
        throw_sqlite_error(db_.get(), rc);
    }
}

statement database::prepare(std::string_view sql) {
    return statement(db_.get(), sql);
}

statement& database::cached(const std::string& sql) {
    auto found = cache_.find(sql);
    if (found == cache_.end()) {
        auto prepared = std::make_unique<statement>(db_.get(), sql);
        found = cache_.emplace(sql, std::move(prepared)).first;
    }
    found->second->reset();
    return *found->second;
}

void database::reset_cached() noexcept {
    for (auto& entry : cache_) {
        entry.second->reset();
    }
}

int database::changes() const noexcept { return sqlite3_changes(db_.get()); }

bool database::in_transaction() const noexcept {
    return sqlite3_get_autocommit(db_.get()) == 0;
}

}  // namespace samling::storage
