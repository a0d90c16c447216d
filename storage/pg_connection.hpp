#pragma once
/** One libpq connection, reconnected on demand, and the errors it reports. */
#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/event_store.hpp"

namespace samling::storage {

/** A PostgreSQL error: its SQLSTATE, and whether the connection itself is gone. */
class pg_error : public storage_error {
public:
    pg_error(const std::string& message, std::string sqlstate, bool broken)
        : storage_error(message), sqlstate_(std::move(sqlstate)), broken_(broken) {}
    const std::string& sqlstate() const { return sqlstate_; }
    bool broken() const { return broken_; }

private:
    std::string sqlstate_;
    bool broken_;
};

struct pg_result_free {
    void operator()(PGresult* r) const { PQclear(r); }
};
using pg_result = std::unique_ptr<PGresult, pg_result_free>;

/** A text parameter; nullopt is SQL NULL. */
using pg_param = std::optional<std::string>;

class pg_connection {
public:
    explicit pg_connection(std::string url) : url_(std::move(url)) {}
    ~pg_connection();
    pg_connection(const pg_connection&) = delete;
    pg_connection& operator=(const pg_connection&) = delete;

    /** The live connection, connecting (again) first if there is none; throws pg_error. */
    PGconn* get();
    /** Drops the connection; the next get() connects afresh. */
    void reset();
    /**
     * Runs one statement with text parameters and returns its result; throws pg_error on an
     * error. A dropped connection is reconnected and the statement run once more only when
     * `retry` (reads and other statements that are safe to repeat).
     */
    pg_result exec(const std::string& sql, const std::vector<pg_param>& params = {}, bool retry = true);
    /** Where the connection goes, without the password: user@host:port/database. */
    std::string describe();

private:
    pg_result run(const std::string& sql, const std::vector<pg_param>& params);

    std::string url_;
    PGconn* conn_ = nullptr;
};

/** Field `column` of row `row` as text ("" for NULL). */
std::string pg_text(const PGresult* r, int row, int column);
/** Field `column` of row `row` as an integer (0 for NULL). */
std::int64_t pg_int(const PGresult* r, int row, int column);
/** A pg_error from a failed result (or, without one, from the connection). */
pg_error pg_failure(PGconn* conn, const PGresult* r);

}  // namespace samling::storage
