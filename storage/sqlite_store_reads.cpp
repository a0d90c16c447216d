// The read side of sqlite_store: every read runs on the reader connection under reader_mutex_.
#include <limits>

#include "storage/database.hpp"
#include "storage/sqlite_store.hpp"
#include "storage/schema.hpp"

namespace samling::storage {
namespace {

constexpr const char* workshop_columns =
    "SELECT id, title, language, created_at, facilitator_key_hash, join_code_hash, "
    "organiser_key_hash, last_seq, wall_key_hash, short_code, join_code, closed_at FROM workshops ";

workshop_record read_workshop(const statement& row) {
    workshop_record w;
    w.id = row.column_text(0);
    w.title = row.column_text(1);
    w.language = row.column_text(2);
    w.created_at = row.column_int64(3);
    w.facilitator_key_hash = row.column_text(4);
    w.join_code_hash = row.column_text(5);
    w.organiser_key_hash = row.column_text(6);
    w.last_seq = static_cast<std::uint64_t>(row.column_int64(7));
    w.wall_key_hash = row.column_text(8);
    w.short_code = row.column_text(9);  // NULL reads as ""
    w.join_code = row.column_text(10);
    w.closed_at = row.column_int64(11);  // NULL reads as 0
    return w;
}

event_record read_event(const statement& row) {
    event_record e;
    e.seq = static_cast<std::uint64_t>(row.column_int64(0));
    e.at = row.column_int64(1);
    e.actor = static_cast<std::uint64_t>(row.column_int64(2));
    e.op = row.column_text(3);  // NULL reads as ""
    e.type = row.column_text(4);
    e.payload = row.column_text(5);
    return e;
}

}  // namespace

// Statements are prepared per read and finalised at its end, so no read transaction stays
// open on the reader connection between calls (an open one would stall WAL checkpoints).

std::optional<workshop_record> sqlite_store::find_workshop(std::string_view id) {
    std::lock_guard lock(reader_mutex_);
    statement query = reader_db_->prepare(std::string(workshop_columns) + "WHERE id = ?1");
    query.bind_text(1, id);
    if (!query.step()) {
        return std::nullopt;
    }
    return read_workshop(query);
}

std::vector<workshop_record> sqlite_store::list_workshops() {
    std::lock_guard lock(reader_mutex_);
    statement query =
        reader_db_->prepare(std::string(workshop_columns) + "ORDER BY created_at, id");
    std::vector<workshop_record> workshops;
    while (query.step()) {
        workshops.push_back(read_workshop(query));
    }
    return workshops;
}

std::size_t sqlite_store::count_workshops() {
    std::lock_guard lock(reader_mutex_);
    statement query = reader_db_->prepare("SELECT count(*) FROM workshops");
    return query.step() ? static_cast<std::size_t>(query.column_int64(0)) : 0;
}

std::vector<std::pair<std::string, std::string>> sqlite_store::short_codes() {
    std::lock_guard lock(reader_mutex_);
    statement query = reader_db_->prepare("SELECT short_code, id FROM workshops WHERE short_code IS NOT NULL");
    std::vector<std::pair<std::string, std::string>> codes;
    while (query.step()) codes.emplace_back(query.column_text(0), query.column_text(1));
    return codes;
}

std::optional<std::string> sqlite_store::find_short_code(std::string_view code) {
    std::lock_guard lock(reader_mutex_);
    statement query = reader_db_->prepare("SELECT id FROM workshops WHERE short_code = ?1");
    query.bind_text(1, code);
    if (!query.step()) return std::nullopt;
    return query.column_text(0);
}

std::optional<snapshot_record> sqlite_store::snapshot(std::string_view workshop) {
    std::lock_guard lock(reader_mutex_);
    statement query = reader_db_->prepare("SELECT seq, state FROM snapshots WHERE workshop = ?1");
    query.bind_text(1, workshop);
    if (!query.step()) {
        return std::nullopt;
    }
    return snapshot_record{static_cast<std::uint64_t>(query.column_int64(0)), query.column_text(1)};
}

std::vector<event_record> sqlite_store::events_after(std::string_view workshop, std::uint64_t seq) {
    std::vector<event_record> events;
    if (seq >= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return events;  // no stored seq can be larger
    }
    std::lock_guard lock(reader_mutex_);
    statement query = reader_db_->prepare(
        "SELECT seq, at, actor, op, type, payload FROM events "
        "WHERE workshop = ?1 AND seq > ?2 ORDER BY seq");
    query.bind_text(1, workshop).bind_int64(2, static_cast<std::int64_t>(seq));
    while (query.step()) {
        events.push_back(read_event(query));
    }
    return events;
}

std::vector<credential_record> sqlite_store::credentials(std::string_view workshop) {
    std::lock_guard lock(reader_mutex_);
    statement query = reader_db_->prepare(
        "SELECT token_hash, participant FROM credentials WHERE workshop = ?1 ORDER BY rowid");
    query.bind_text(1, workshop);
    std::vector<credential_record> rows;
    while (query.step()) {
        rows.push_back(credential_record{query.column_text(0),
                                         static_cast<std::uint64_t>(query.column_int64(1))});
    }
    return rows;
}

std::vector<op_record> sqlite_store::op_index(std::string_view workshop) {
    std::lock_guard lock(reader_mutex_);
    statement query = reader_db_->prepare(
        "SELECT actor, op, seq FROM events WHERE workshop = ?1 AND op IS NOT NULL ORDER BY seq");
    query.bind_text(1, workshop);
    std::vector<op_record> ops;
    while (query.step()) {
        ops.push_back(op_record{static_cast<std::uint64_t>(query.column_int64(0)),
                                query.column_text(1),
                                static_cast<std::uint64_t>(query.column_int64(2))});
    }
    return ops;
}

bool sqlite_store::integrity_ok() {
    std::lock_guard lock(reader_mutex_);
    statement query = reader_db_->prepare("PRAGMA integrity_check");
    // A healthy file answers exactly one row, "ok"; a damaged one lists its problems.
    if (!query.step() || query.column_text(0) != "ok") {
        return false;
    }
    return !query.step();
}

void sqlite_store::backup_to(const std::string& path) {
    std::lock_guard lock(reader_mutex_);
    // One read transaction: the copy is the database as of one commit, compacted. The reader
    // connection is query-only, which refuses even a write to another file; lift it for this.
    reader_db_->exec("PRAGMA query_only = OFF");
    try {
        reader_db_->prepare("VACUUM INTO ?1").bind_text(1, path).run();
    } catch (...) {
        reader_db_->exec("PRAGMA query_only = ON");
        throw;
    }
    reader_db_->exec("PRAGMA query_only = ON");
}

int sqlite_store::schema_version() {
    std::lock_guard lock(reader_mutex_);
    return read_schema_version(*reader_db_);
}

}  // namespace samling::storage
