#pragma once
/**
 * Durable storage of every workshop: an event log per workshop, the latest snapshot, a workshops
 * index and hashed credentials, in one SQLite file (WAL, synchronous=FULL).
 * Writes go through one writer thread that commits many workshops' batches in one transaction
 * (group commit); reads use their own connection and may run on any thread.
 */
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace samling::storage {

class database;
class wal_checkpointer;
struct group_outcome;

/** Thrown by reads and by opening; the writer reports failures through write_result instead. */
class storage_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct workshop_record {
    std::string id;
    std::string title;
    std::string language;
    std::int64_t created_at = 0;
    std::string facilitator_key_hash;
    std::string join_code_hash;
    std::string organiser_key_hash;  ///< empty when no organiser link exists
    std::uint64_t last_seq = 0;
    std::string wall_key_hash{};  ///< empty when the wall link is revoked
    std::string short_code{};     ///< empty when the workshop has none
    std::string join_code{};      ///< shown to facilitators; empty when unknown (before version 3, imports)
    std::int64_t closed_at = 0;   ///< when the workshop was closed (ms since 1970); 0 while open
    bool operator==(const workshop_record&) const = default;
};

struct event_record {
    std::uint64_t seq = 0;
    std::int64_t at = 0;
    std::uint64_t actor = 0;
    std::string op;       ///< empty for server-made events (stored as NULL)
    std::string type;     ///< event type, e.g. "note.added"
    std::string payload;  ///< the protocol's event record JSON
    bool operator==(const event_record&) const = default;
};

struct credential_record {
    std::string token_hash;  ///< sha256_hex of the resume token
    std::uint64_t participant = 0;
    bool operator==(const credential_record&) const = default;
};

struct snapshot_record {
    std::uint64_t seq = 0;
    std::string state;  ///< the protocol's full state JSON at `seq`
    bool operator==(const snapshot_record&) const = default;
};

/** One client op id already in the log, for duplicate detection. */
struct op_record {
    std::uint64_t actor = 0;
    std::string op;
    std::uint64_t seq = 0;
};

/** Everything one workshop writes in one go; a batch commits whole or not at all. */
struct write_batch {
    std::string workshop;
    std::optional<workshop_record> create;  ///< insert the workshop's index row first
    std::optional<std::string> title;       ///< new title for the index row
    std::optional<std::string> organiser_key_hash;  ///< new organiser link hash; "" revokes it
    std::optional<std::string> join_code_hash;      ///< a rotated join code's hash (the old one stops working)
    std::optional<std::string> join_code;           ///< the rotated join code itself, for facilitators' links
    std::optional<std::string> wall_key_hash;       ///< new wall link hash; "" revokes it
    std::optional<std::string> short_code;          ///< the workshop's new short join code
    std::optional<std::int64_t> closed_at;          ///< when it was closed; 0: it is open again
    /**
     * Deletes the workshop entirely (index row, log, snapshot, credentials) instead of writing;
     * the batch holds nothing else. After its transaction the file is vacuumed and the log
     * truncated before anyone hears back, so none of its bytes remain in the database file or
     * its write-ahead log.
     */
    bool erase = false;
    /**
     * Stored events rewritten in place (same seq, new payload): a person forgotten is taken out
     * of the log. The file is then wiped as after an erasure, so the old payloads do not remain.
     */
    std::vector<event_record> replace;
    std::vector<event_record> events;       ///< consecutive seqs continuing the log
    std::vector<credential_record> credentials;
    std::optional<snapshot_record> snapshot;  ///< replaces the workshop's snapshot
};

struct write_result {
    bool ok = false;
    std::string error;  ///< SQLite's message when !ok
    bool full = false;  ///< the database or disk is full
};

using write_callback = std::function<void(const write_result&)>;

struct store_options {
    std::string path;                     ///< file path, created when missing
    std::size_t max_batch_events = 8192;  ///< events per transaction at most (group commit)
    std::int64_t max_page_count = 0;      ///< 0: SQLite's default; else caps the file (tests)
    int checkpoint_pages = 1000;          ///< log pages that start a checkpoint (SQLite's own default)
};

/** Called on the writer thread after each transaction: its duration and event count. */
using commit_observer = std::function<void(std::chrono::nanoseconds, std::size_t events)>;

class event_store {
public:
    /** Opens (or creates) the database, sets the pragmas, migrates the schema, starts the writer. */
    explicit event_store(store_options options);
    ~event_store();
    event_store(const event_store&) = delete;
    event_store& operator=(const event_store&) = delete;

    /**
     * Queues a batch; never blocks on disk. `done` runs on the writer thread once the batch's
     * transaction has committed (ok) or rolled back (not ok). Callbacks run in submission order.
     */
    void submit(write_batch batch, write_callback done);
    /** Blocks until every batch submitted before the call has been committed or has failed. */
    void flush();
    void set_commit_observer(commit_observer observer);

    // Reads: thread-safe, on a separate read connection.
    std::optional<workshop_record> find_workshop(std::string_view id);
    std::vector<workshop_record> list_workshops();
    /** How many workshops the database holds. */
    std::size_t count_workshops();
    /** Every short join code in use, with its workshop id. */
    std::vector<std::pair<std::string, std::string>> short_codes();
    std::optional<snapshot_record> snapshot(std::string_view workshop);
    std::vector<event_record> events_after(std::string_view workshop, std::uint64_t seq);
    std::vector<credential_record> credentials(std::string_view workshop);
    std::vector<op_record> op_index(std::string_view workshop);
    /** PRAGMA integrity_check says "ok". */
    bool integrity_ok();
    /**
     * Writes a consistent copy of the whole database to `path` (VACUUM INTO), while writes go on.
     * Throws storage_error when `path` exists already or cannot be written.
     */
    void backup_to(const std::string& path);
    /** The schema version the file is at (PRAGMA user_version). */
    int schema_version();
    /** Checkpoints of the write-ahead log run so far. */
    std::uint64_t checkpoints() const;
    /** Waits until `count` checkpoints have run; false if `timeout` passes first. */
    bool await_checkpoints(std::uint64_t count, std::chrono::milliseconds timeout) const;

private:
    struct pending {
        write_batch batch;
        write_callback done;
    };
    void writer_loop();
    void commit_group(std::vector<pending>& group);
    /** After an erasure: vacuums the file and truncates the write-ahead log. */
    void scrub(group_outcome& outcome);

    store_options options_;
    std::unique_ptr<database> writer_db_;
    std::unique_ptr<database> reader_db_;
    std::unique_ptr<wal_checkpointer> checkpointer_;
    std::mutex reader_mutex_;

    std::mutex queue_mutex_;
    std::condition_variable queue_changed_;
    std::condition_variable drained_;
    std::deque<pending> queue_;
    std::uint64_t submitted_ = 0;
    std::uint64_t completed_ = 0;
    bool stopping_ = false;
    commit_observer observer_;
    std::thread writer_;
};

/** Lower-case hex SHA-256 of `data` (tokens are stored only as this hash). */
std::string sha256_hex(std::string_view data);

/** The schema version this build writes; older files are migrated on open. */
inline constexpr int schema_version_current = 4;

}  // namespace samling::storage
