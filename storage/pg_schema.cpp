// The PostgreSQL schema, its migrations, and samling_write(): one batch, checked and written in
// its own subtransaction.
#include <array>
#include <string>

#include "storage/pg_connection.hpp"
#include "storage/pg_store.hpp"

namespace samling::storage {
namespace {

// Version 1. Migration N (1-based) brings the database from N-1 to N. Append new scripts; never
// edit one that has shipped. The tables mirror the SQLite file's (schema.cpp, version 4), plus
// one lease row per workshop.
constexpr const char* pg_schema_v1 = R"sql(
CREATE TABLE workshops(
    id text PRIMARY KEY,
    title text NOT NULL,
    language text NOT NULL,
    created_at bigint NOT NULL,
    facilitator_key_hash text NOT NULL,
    join_code_hash text NOT NULL,
    organiser_key_hash text NOT NULL DEFAULT '',
    last_seq bigint NOT NULL DEFAULT 0,
    wall_key_hash text NOT NULL DEFAULT '',
    short_code text UNIQUE,
    join_code text NOT NULL DEFAULT '',
    closed_at bigint
);
CREATE TABLE events(
    workshop text NOT NULL REFERENCES workshops(id),
    seq bigint NOT NULL,
    at bigint NOT NULL,
    actor bigint NOT NULL,
    op text,
    type text NOT NULL,
    payload text NOT NULL,
    PRIMARY KEY(workshop, seq)
);
CREATE UNIQUE INDEX events_op ON events(workshop, actor, op) WHERE op IS NOT NULL;
CREATE TABLE snapshots(
    workshop text PRIMARY KEY REFERENCES workshops(id),
    seq bigint NOT NULL,
    state text NOT NULL
);
CREATE TABLE credentials(
    token_hash text PRIMARY KEY,
    workshop text NOT NULL REFERENCES workshops(id),
    participant bigint NOT NULL
);
CREATE INDEX credentials_workshop ON credentials(workshop);
-- Who may write a workshop: its owner, at its epoch, until expires_at (PostgreSQL's clock, so the
-- nodes' clocks never matter). wanted_by: another node asked for it.
CREATE TABLE leases(
    workshop text PRIMARY KEY,
    owner text NOT NULL,
    epoch bigint NOT NULL,
    expires_at timestamptz NOT NULL,
    wanted_by text
);
CREATE INDEX leases_owner ON leases(owner);

-- One write batch (write_batch as JSON), written by node `me` holding the workshop at epoch
-- `held`. Returns '' when written; 'lease' when `me` does not hold the workshop at that epoch
-- now; 'stale: ...' when the events do not continue the stored log (the writer's memory is not
-- the log); 'full: ...' or 'error: ...' otherwise. Everything it did is rolled back unless ''.
CREATE FUNCTION samling_write(b jsonb, me text, held bigint, lease_ms bigint) RETURNS text
LANGUAGE plpgsql AS $fn$
DECLARE
    w text := b->>'workshop';
    last bigint;
    n bigint := jsonb_array_length(b->'events');
    changed bigint;
BEGIN
    IF b ? 'create' THEN
        INSERT INTO leases(workshop, owner, epoch, expires_at)
            VALUES (w, me, 1, clock_timestamp() + lease_ms * interval '1 millisecond');
        INSERT INTO workshops(id, title, language, created_at, facilitator_key_hash, join_code_hash,
                              organiser_key_hash, last_seq, wall_key_hash, short_code, join_code)
            SELECT w, c->>'title', c->>'language', (c->>'created_at')::bigint, c->>'facilitator_key_hash',
                   c->>'join_code_hash', c->>'organiser_key_hash', 0, c->>'wall_key_hash',
                   NULLIF(c->>'short_code', ''), c->>'join_code'
            FROM (SELECT b->'create' AS c) AS x;
    ELSIF (b->>'erase')::boolean THEN
        -- An erasure (retention, or a facilitator) may also come from a node that does not hold
        -- the workshop, as long as nobody else does.
        PERFORM 1 FROM leases WHERE workshop = w
            AND ((owner = me AND epoch = held) OR expires_at <= clock_timestamp()) FOR UPDATE;
        IF NOT FOUND AND EXISTS (SELECT 1 FROM leases WHERE workshop = w) THEN RETURN 'lease'; END IF;
        DELETE FROM events WHERE workshop = w;
        DELETE FROM snapshots WHERE workshop = w;
        DELETE FROM credentials WHERE workshop = w;
        DELETE FROM workshops WHERE id = w;
        DELETE FROM leases WHERE workshop = w;
        RETURN '';
    ELSE
        PERFORM 1 FROM leases WHERE workshop = w AND owner = me AND epoch = held
            AND expires_at > clock_timestamp() FOR UPDATE;
        IF NOT FOUND THEN RETURN 'lease'; END IF;
    END IF;
    IF (b->>'release')::boolean THEN
        UPDATE leases SET expires_at = clock_timestamp(), wanted_by = NULL WHERE workshop = w;
        RETURN '';
    END IF;
    SELECT last_seq INTO last FROM workshops WHERE id = w FOR UPDATE;
    IF NOT FOUND THEN RAISE EXCEPTION 'unknown workshop ''%''', w; END IF;
    IF EXISTS (SELECT 1 FROM jsonb_array_elements(b->'events') WITH ORDINALITY AS t(e, i)
               WHERE (e->>'seq')::bigint <> last + i) THEN
        RETURN 'stale: the events of workshop ''' || w || ''' do not continue its log at seq ' || last;
    END IF;
    INSERT INTO events(workshop, seq, at, actor, op, type, payload)
        SELECT w, (e->>'seq')::bigint, (e->>'at')::bigint, (e->>'actor')::bigint, NULLIF(e->>'op', ''),
               e->>'type', e->>'payload'
        FROM jsonb_array_elements(b->'events') AS t(e);
    UPDATE workshops SET
        title = COALESCE(b->>'title', title),
        organiser_key_hash = COALESCE(b->>'organiser_key_hash', organiser_key_hash),
        join_code_hash = COALESCE(b->>'join_code_hash', join_code_hash),
        join_code = COALESCE(b->>'join_code', join_code),
        wall_key_hash = COALESCE(b->>'wall_key_hash', wall_key_hash),
        short_code = CASE WHEN b ? 'short_code' THEN NULLIF(b->>'short_code', '') ELSE short_code END,
        closed_at = CASE WHEN b ? 'closed_at' THEN NULLIF((b->>'closed_at')::bigint, 0) ELSE closed_at END,
        last_seq = last + n
    WHERE id = w;
    UPDATE events AS e SET payload = r->>'payload'
        FROM jsonb_array_elements(b->'replace') AS t(r)
        WHERE e.workshop = w AND e.seq = (r->>'seq')::bigint;
    GET DIAGNOSTICS changed = ROW_COUNT;
    IF changed <> jsonb_array_length(b->'replace') THEN
        RAISE EXCEPTION 'workshop ''%'' lacks an event to rewrite', w;
    END IF;
    INSERT INTO credentials(token_hash, workshop, participant)
        SELECT c->>'token_hash', w, (c->>'participant')::bigint FROM jsonb_array_elements(b->'credentials') AS t(c);
    IF b ? 'snapshot' THEN
        IF (b->'snapshot'->>'seq')::bigint > last + n THEN
            RAISE EXCEPTION 'snapshot of workshop ''%'' at seq % is ahead of its log (%)',
                w, b->'snapshot'->>'seq', last + n;
        END IF;
        INSERT INTO snapshots(workshop, seq, state) VALUES (w, (b->'snapshot'->>'seq')::bigint, b->'snapshot'->>'state')
            ON CONFLICT (workshop) DO UPDATE SET seq = EXCLUDED.seq, state = EXCLUDED.state;
    END IF;
    RETURN '';
EXCEPTION
    WHEN disk_full OR program_limit_exceeded THEN RETURN 'full: ' || SQLERRM;
    WHEN OTHERS THEN RETURN 'error: ' || SQLERRM;
END
$fn$;
)sql";

constexpr std::array<const char*, 1> pg_migrations = {pg_schema_v1};
static_assert(pg_migrations.size() == pg_schema_version_current, "one migration script per schema version");

}  // namespace

int pg_read_schema_version(pg_connection& db) {
    auto exists = db.exec("SELECT to_regclass('samling_schema') IS NOT NULL");
    if (pg_text(exists.get(), 0, 0) != "t") return 0;
    auto version = db.exec("SELECT version FROM samling_schema");
    return PQntuples(version.get()) > 0 ? static_cast<int>(pg_int(version.get(), 0, 0)) : 0;
}

void pg_migrate(pg_connection& db) {
    // Nodes that start together migrate one at a time: the advisory lock lasts the transaction.
    db.exec("BEGIN");
    try {
        db.exec("SELECT pg_advisory_xact_lock(7375616)", {}, false);
        db.exec("CREATE TABLE IF NOT EXISTS samling_schema(version integer NOT NULL)", {}, false);
        int version = pg_read_schema_version(db);
        if (version > pg_schema_version_current) {
            throw storage_error("database schema version " + std::to_string(version) +
                                " is newer than this build supports (" + std::to_string(pg_schema_version_current) + ")");
        }
        if (version == 0) db.exec("INSERT INTO samling_schema VALUES (0)", {}, false);
        for (; version < pg_schema_version_current; ++version) {
            db.exec(pg_migrations[static_cast<std::size_t>(version)], {}, false);
            db.exec("UPDATE samling_schema SET version = " + std::to_string(version + 1), {}, false);
        }
        db.exec("COMMIT", {}, false);
    } catch (...) {
        try {
            db.exec("ROLLBACK", {}, false);
        } catch (...) {
            db.reset();
        }
        throw;
    }
}

}  // namespace samling::storage
