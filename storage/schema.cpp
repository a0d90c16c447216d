#include "storage/schema.hpp"

#include <array>
#include <string>

#include "storage/database.hpp"
#include "storage/sqlite_store.hpp"
#include "storage/transaction.hpp"

namespace samling::storage {
namespace {

// Version 1: the initial schema. Migration N (1-based) brings the file from N-1 to N.
// Append new scripts; never edit one that has shipped.
constexpr const char* schema_v1 = R"sql(
CREATE TABLE workshops(
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    language TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    facilitator_key_hash TEXT NOT NULL,
    join_code_hash TEXT NOT NULL,
    organiser_key_hash TEXT NOT NULL DEFAULT '',
    last_seq INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE events(
    workshop TEXT NOT NULL REFERENCES workshops(id),
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    actor INTEGER NOT NULL,
    op TEXT,
    type TEXT NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY(workshop, seq)
) WITHOUT ROWID;
CREATE UNIQUE INDEX events_op ON events(workshop, actor, op) WHERE op IS NOT NULL;
CREATE TABLE snapshots(
    workshop TEXT PRIMARY KEY REFERENCES workshops(id),
    seq INTEGER NOT NULL,
    state TEXT NOT NULL
);
CREATE TABLE credentials(
    token_hash TEXT PRIMARY KEY,
    workshop TEXT NOT NULL REFERENCES workshops(id),
    participant INTEGER NOT NULL
);
CREATE INDEX credentials_workshop ON credentials(workshop);
)sql";

// Version 2: the wall's own read-only key and the short join code typed at /j/<code>, unique
// among the server's workshops (NULL, never '', for a workshop without one).
constexpr const char* schema_v2 = R"sql(
ALTER TABLE workshops ADD COLUMN wall_key_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE workshops ADD COLUMN short_code TEXT;
CREATE UNIQUE INDEX workshops_short_code ON workshops(short_code);
)sql";

// Version 3: the join code itself beside its hash, so that every facilitator's console can show
// the participant link and its QR code (it is meant for everyone in the room, unlike the keys).
// Workshops from before keep '' until a facilitator draws a new one.
constexpr const char* schema_v3 = R"sql(
ALTER TABLE workshops ADD COLUMN join_code TEXT NOT NULL DEFAULT '';
)sql";

// Version 4: when the workshop was closed (ms since 1970; NULL while it is open), for retention.
// Workshops closed before take the time of their last phase change, when that was to closed.
constexpr const char* schema_v4 = R"sql(
ALTER TABLE workshops ADD COLUMN closed_at INTEGER;
UPDATE workshops SET closed_at = (
    SELECT CASE WHEN json_extract(e.payload, '$.phase') = 'closed' THEN e.at END
    FROM events e WHERE e.workshop = workshops.id AND e.type = 'workshop.phase_set'
    ORDER BY e.seq DESC LIMIT 1);
)sql";

constexpr std::array<const char*, 4> migrations = {schema_v1, schema_v2, schema_v3, schema_v4};
static_assert(migrations.size() == schema_version_current,
              "one migration script per schema version");

void refuse_newer(int version) {
    if (version > schema_version_current) {
        throw storage_error("database schema version " + std::to_string(version) +
                            " is newer than this build supports (" +
                            std::to_string(schema_version_current) + ")");
    }
}

}  // namespace

void configure_connection(database& db) {
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = FULL");
}

int read_schema_version(database& db) {
    statement query = db.prepare("PRAGMA user_version");
    return query.step() ? static_cast<int>(query.column_int64(0)) : 0;
}

void refuse_newer_schema(database& db) {
    refuse_newer(read_schema_version(db));
}

void migrate(database& db) {
    refuse_newer_schema(db);
    for (;;) {
        // Read the version again under the write lock: another process may have migrated.
        transaction tx(db);
        const int version = read_schema_version(db);
        refuse_newer(version);
        if (version < 0) {
            throw storage_error("database schema version " + std::to_string(version) +
                                " is not valid");
        }
        if (version == schema_version_current) {
            return;  // the destructor ends the empty transaction
        }
        db.exec(migrations[static_cast<std::size_t>(version)]);
        db.exec("PRAGMA user_version = " + std::to_string(version + 1));
        tx.commit();
    }
}

}  // namespace samling::storage
