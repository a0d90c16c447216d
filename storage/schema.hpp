#pragma once
/** Connection settings and the schema migrations of the event store's SQLite file. */

namespace samling::storage {

class database;

/** Sets the pragmas every connection needs: foreign keys, WAL, synchronous=FULL. */
void configure_connection(database& db);

/** The schema version stored in the file (PRAGMA user_version; 0 for a new file). */
int read_schema_version(database& db);

/** Throws storage_error when the file was written by a newer version than this build. */
void refuse_newer_schema(database& db);

/**
 * Brings the file to schema_version_current, one transaction per migration script.
 * Throws storage_error for a file written by a newer version, which this build must not touch.
 */
void migrate(database& db);

}  // namespace samling::storage
