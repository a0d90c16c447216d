#pragma once
/**
 * The embedded store: every workshop in one SQLite file (WAL, synchronous=FULL). One writer
 * connection commits each group of batches in one transaction, a savepoint per batch; reads use
 * their own connection. It owns every workshop: one server per file.
 */
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "storage/event_store.hpp"

namespace samling::storage {

class database;
class wal_checkpointer;
struct group_outcome;

struct store_options {
    std::string path;                     ///< file path, created when missing
    std::size_t max_batch_events = 8192;  ///< events per transaction at most (group commit)
    std::int64_t max_page_count = 0;      ///< 0: SQLite's default; else caps the file (tests)
    int checkpoint_pages = 1000;          ///< log pages that start a checkpoint (SQLite's own default)
};

class sqlite_store final : public event_store {
public:
    /** Opens (or creates) the database, sets the pragmas, migrates the schema, starts the writer. */
    explicit sqlite_store(store_options options);
    ~sqlite_store() override;

    std::optional<workshop_record> find_workshop(std::string_view id) override;
    std::vector<workshop_record> list_workshops() override;
    std::size_t count_workshops() override;
    std::vector<std::pair<std::string, std::string>> short_codes() override;
    std::optional<std::string> find_short_code(std::string_view code) override;
    std::optional<snapshot_record> snapshot(std::string_view workshop) override;
    std::vector<event_record> events_after(std::string_view workshop, std::uint64_t seq) override;
    std::vector<credential_record> credentials(std::string_view workshop) override;
    std::vector<op_record> op_index(std::string_view workshop) override;
    /** PRAGMA integrity_check says "ok". */
    bool integrity_ok() override;
    /** VACUUM INTO `path`: the database as of one commit, compacted. */
    void backup_to(const std::string& path) override;
    /** PRAGMA user_version. */
    int schema_version() override;
    std::string describe() const override { return "SQLite file " + options_.path; }

    /** Checkpoints of the write-ahead log run so far. */
    std::uint64_t checkpoints() const;
    /** Waits until `count` checkpoints have run; false if `timeout` passes first. */
    bool await_checkpoints(std::uint64_t count, std::chrono::milliseconds timeout) const;

private:
    void commit_group(std::vector<pending>& group) override;
    void between_groups() override;
    /** After an erasure: vacuums the file and truncates the write-ahead log. */
    void scrub(group_outcome& outcome);

    store_options options_;
    std::unique_ptr<database> writer_db_;
    std::unique_ptr<database> reader_db_;
    std::unique_ptr<wal_checkpointer> checkpointer_;
    std::mutex reader_mutex_;
};

/** The schema version this build writes; older files are migrated on open. */
inline constexpr int schema_version_current = 4;

}  // namespace samling::storage
