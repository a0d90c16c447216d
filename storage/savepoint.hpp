#pragma once
/** A named savepoint inside a transaction: released on success, rolled back otherwise. */
#include <string>

namespace samling::storage {

class database;

/** Opens SAVEPOINT `name`; the destructor rolls back to it and releases it unless released. */
class savepoint {
public:
    /** Runs SAVEPOINT `name` (an SQL identifier chosen by the caller). */
    savepoint(database& db, std::string name);
    /** Rolls back to the savepoint unless it was released or rolled back; never throws. */
    ~savepoint();
    savepoint(const savepoint&) = delete;
    savepoint& operator=(const savepoint&) = delete;

    /** Keeps the work since the savepoint (RELEASE); throws sqlite_error on failure. */
    void release();
    /** Undoes the work since the savepoint (ROLLBACK TO, then RELEASE); throws on failure. */
    void rollback();

private:
    database& db_;
    std::string name_;
    bool done_ = false;
};

}  // namespace samling::storage
