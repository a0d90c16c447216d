#pragma once
/** A transaction that rolls back in its destructor unless it was committed. */
#include <string>

namespace samling::storage {

class database;

/** Begins a transaction (BEGIN IMMEDIATE by default, so the write lock is taken up front). */
class transaction {
public:
    /** Runs `begin` on `db`; throws sqlite_error when it fails. */
    explicit transaction(database& db, const std::string& begin = "BEGIN IMMEDIATE");
    /** Rolls back unless committed; never throws. */
    ~transaction();
    transaction(const transaction&) = delete;
    transaction& operator=(const transaction&) = delete;

    /** Commits; throws sqlite_error when COMMIT fails (the destructor then rolls back). */
    void commit();

private:
    database& db_;
    bool committed_ = false;
};

}  // namespace samling::storage
