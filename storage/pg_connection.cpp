#include "storage/pg_connection.hpp"

#include <cstdlib>

namespace samling::storage {

pg_connection::~pg_connection() { reset(); }

void pg_connection::reset() {
    if (conn_ != nullptr) PQfinish(conn_);
    conn_ = nullptr;
}

PGconn* pg_connection::get() {
    if (conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK) return conn_;
    reset();
    conn_ = PQconnectdb(url_.c_str());
    if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
        std::string message = conn_ != nullptr ? PQerrorMessage(conn_) : "out of memory";
        reset();
        while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
        throw pg_error("could not connect to PostgreSQL: " + message, "08001", true);
    }
    // A transaction is never left open by a node that stalls (a paused process holds no lock
    // past this), and the notices of the schema's own statements stay out of the server's log.
    for (const char* setting : {"SET idle_in_transaction_session_timeout = '5s'", "SET client_min_messages = warning",
                                "SET synchronous_commit = on"}) {
        pg_result r(PQexec(conn_, setting));
        if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
            auto error = pg_failure(conn_, r.get());
            reset();
            throw error;
        }
    }
    return conn_;
}

pg_result pg_connection::run(const std::string& sql, const std::vector<pg_param>& params) {
    PGconn* conn = get();
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    // Without parameters a script of several statements may run (the schema's migrations).
    pg_result r(params.empty() ? PQexec(conn, sql.c_str())
                               : PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                              values.data(), nullptr, nullptr, 0));
    const auto status = PQresultStatus(r.get());
    if (r && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)) return r;
    throw pg_failure(conn, r.get());
}

pg_result pg_connection::exec(const std::string& sql, const std::vector<pg_param>& params, bool retry) {
    try {
        return run(sql, params);
    } catch (const pg_error& e) {
        if (!e.broken()) throw;
        reset();
        if (!retry) throw;
    }
    return run(sql, params);
}

std::string pg_connection::describe() {
    try {
        PGconn* conn = get();
        return std::string("PostgreSQL ") + PQuser(conn) + "@" + PQhost(conn) + ":" + PQport(conn) + "/" + PQdb(conn);
    } catch (const pg_error&) {
        return "PostgreSQL (not connected)";
    }
}

std::string pg_text(const PGresult* r, int row, int column) {
    if (PQgetisnull(r, row, column)) return {};
    return {PQgetvalue(r, row, column), static_cast<std::size_t>(PQgetlength(r, row, column))};
}

std::int64_t pg_int(const PGresult* r, int row, int column) {
    if (PQgetisnull(r, row, column)) return 0;
    return std::strtoll(PQgetvalue(r, row, column), nullptr, 10);
}

pg_error pg_failure(PGconn* conn, const PGresult* r) {
    std::string message = r != nullptr ? PQresultErrorMessage(r) : "";
    if (message.empty() && conn != nullptr) message = PQerrorMessage(conn);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    const char* state = r != nullptr ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    const bool broken = conn == nullptr || PQstatus(conn) != CONNECTION_OK;
    return pg_error(message.empty() ? "PostgreSQL error" : message, state != nullptr ? state : (broken ? "08006" : ""),
                    broken);
}

}  // namespace samling::storage
