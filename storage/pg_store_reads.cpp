// The read side of pg_store: every read runs on the reader connection under reader_mutex_, and
// is run once more on a fresh connection when the first one had dropped.
#include "storage/pg_connection.hpp"
#include "storage/pg_store.hpp"

namespace samling::storage {
namespace {

constexpr const char* workshop_columns =
    "SELECT id, title, language, created_at, facilitator_key_hash, join_code_hash, organiser_key_hash, last_seq, "
    "wall_key_hash, short_code, join_code, closed_at FROM workshops ";

workshop_record read_workshop(const PGresult* r, int row) {
    workshop_record w;
    w.id = pg_text(r, row, 0);
    w.title = pg_text(r, row, 1);
    w.language = pg_text(r, row, 2);
    w.created_at = pg_int(r, row, 3);
    w.facilitator_key_hash = pg_text(r, row, 4);
    w.join_code_hash = pg_text(r, row, 5);
    w.organiser_key_hash = pg_text(r, row, 6);
    w.last_seq = static_cast<std::uint64_t>(pg_int(r, row, 7));
    w.wall_key_hash = pg_text(r, row, 8);
    w.short_code = pg_text(r, row, 9);  // NULL reads as ""
    w.join_code = pg_text(r, row, 10);
    w.closed_at = pg_int(r, row, 11);   // NULL reads as 0
    return w;
}

std::string text_of(std::string_view s) { return std::string(s); }

}  // namespace

std::optional<workshop_record> pg_store::find_workshop(std::string_view id) {
    std::lock_guard lock(reader_mutex_);
    auto r = reader_->exec(std::string(workshop_columns) + "WHERE id = $1", {text_of(id)});
    if (PQntuples(r.get()) == 0) return std::nullopt;
    return read_workshop(r.get(), 0);
}

std::vector<workshop_record> pg_store::list_workshops() {
    std::lock_guard lock(reader_mutex_);
    auto r = reader_->exec(std::string(workshop_columns) + "ORDER BY created_at, id");
    std::vector<workshop_record> out;
    for (int row = 0; row < PQntuples(r.get()); ++row) out.push_back(read_workshop(r.get(), row));
    return out;
}

std::size_t pg_store::count_workshops() {
    std::lock_guard lock(reader_mutex_);
    auto r = reader_->exec("SELECT count(*) FROM workshops");
    return static_cast<std::size_t>(pg_int(r.get(), 0, 0));
}

std::vector<std::pair<std::string, std::string>> pg_store::short_codes() {
    std::lock_guard lock(reader_mutex_);
    auto r = reader_->exec("SELECT short_code, id FROM workshops WHERE short_code IS NOT NULL");
    std::vector<std::pair<std::string, std::string>> codes;
    for (int row = 0; row < PQntuples(r.get()); ++row) codes.emplace_back(pg_text(r.get(), row, 0), pg_text(r.get(), row, 1));
    return codes;
}

std::optional<std::string> pg_store::find_short_code(std::string_view code) {
    std::lock_guard lock(reader_mutex_);
    auto r = reader_->exec("SELECT id FROM workshops WHERE short_code = $1", {text_of(code)});
    if (PQntuples(r.get()) == 0) return std::nullopt;
    return pg_text(r.get(), 0, 0);
}

std::optional<snapshot_record> pg_store::snapshot(std::string_view workshop) {
    std::lock_guard lock(reader_mutex_);
    auto r = reader_->exec("SELECT seq, state FROM snapshots WHERE workshop = $1", {text_of(workshop)});
    if (PQntuples(r.get()) == 0) return std::nullopt;
    return snapshot_record{static_cast<std::uint64_t>(pg_int(r.get(), 0, 0)), pg_text(r.get(), 0, 1)};
}

std::vector<event_record> pg_store::events_after(std::string_view workshop, std::uint64_t seq) {
    std::lock_guard lock(reader_mutex_);
    auto r = reader_->exec(
        "SELECT seq, at, actor, op, type, payload FROM events WHERE workshop = $1 AND seq > $2::bigint ORDER BY seq",
        {text_of(workshop), std::to_string(seq)});
    std::vector<event_record> out;
    out.reserve(static_cast<std::size_t>(PQntuples(r.get())));
    for (int row = 0; row < PQntuples(r.get()); ++row) {
        out.push_back(event_record{static_cast<std::uint64_t>(pg_int(r.get(), row, 0)), pg_int(r.get(), row, 1),
                                   static_cast<std::uint64_t>(pg_int(r.get(), row, 2)), pg_text(r.get(), row, 3),
                                   pg_text(r.get(), row, 4), pg_text(r.get(), row, 5)});
    }
    return out;
}

std::vector<credential_record> pg_store::credentials(std::string_view workshop) {
    std::lock_guard lock(reader_mutex_);
    auto r = reader_->exec("SELECT token_hash, participant FROM credentials WHERE workshop = $1 ORDER BY participant, token_hash",
                           {text_of(workshop)});
    std::vector<credential_record> out;
    for (int row = 0; row < PQntuples(r.get()); ++row) {
        out.push_back({pg_text(r.get(), row, 0), static_cast<std::uint64_t>(pg_int(r.get(), row, 1))});
    }
    return out;
}

std::vector<op_record> pg_store::op_index(std::string_view workshop) {
    std::lock_guard lock(reader_mutex_);
    auto r = reader_->exec("SELECT actor, op, seq FROM events WHERE workshop = $1 AND op IS NOT NULL ORDER BY seq",
                           {text_of(workshop)});
    std::vector<op_record> out;
    for (int row = 0; row < PQntuples(r.get()); ++row) {
        out.push_back({static_cast<std::uint64_t>(pg_int(r.get(), row, 0)), pg_text(r.get(), row, 1),
                       static_cast<std::uint64_t>(pg_int(r.get(), row, 2))});
    }
    return out;
}

bool pg_store::integrity_ok() {
    std::lock_guard lock(reader_mutex_);
    // Every log runs 1..last_seq with no gap, and no snapshot is ahead of its log.
    auto r = reader_->exec(R"sql(
SELECT
  (SELECT count(*) FROM workshops w WHERE w.last_seq <> (SELECT count(*) FROM events e WHERE e.workshop = w.id)
      OR w.last_seq <> COALESCE((SELECT max(seq) FROM events e WHERE e.workshop = w.id), 0))
+ (SELECT count(*) FROM snapshots s JOIN workshops w ON w.id = s.workshop WHERE s.seq > w.last_seq)
)sql");
    return pg_int(r.get(), 0, 0) == 0;
}

}  // namespace samling::storage
