#pragma once
/**
 * Durable storage of every workshop: an event log per workshop, the latest snapshot, a workshops
 * index and hashed credentials. The records and the store's interface; sqlite_store.hpp and
 * pg_store.hpp hold its two implementations.
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
     * Gives up this node's lease of the workshop (several nodes on one database), after every
     * batch queued before it; the batch holds nothing else. An embedded store ignores it.
     */
    bool release = false;
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
    std::string error;  ///< the database's message when !ok
    bool full = false;  ///< the database or disk is full
    /**
     * Not written because this node no longer holds the workshop, or the database connection
     * dropped with the outcome unknown (it may have committed): the room must not carry on from
     * its memory, but go, and be read again from the database (see lease_end).
     */
    bool lost = false;
};

using write_callback = std::function<void(const write_result&)>;

/** Called on the writer thread after each transaction: its duration and event count. */
using commit_observer = std::function<void(std::chrono::nanoseconds, std::size_t events)>;

/** What claim() found: whether this node may now write the workshop. */
struct claim_result {
    enum class status {
        owned,      ///< this node holds the workshop's lease now (an embedded store: always)
        elsewhere,  ///< another live node holds it; it was asked to hand it over
        failed,     ///< the database could not be asked
    } state = status::owned;
    std::string owner{};  ///< the node holding it, when elsewhere
};

/**
 * Why this node stopped holding a workshop it held (several nodes on one database): its lease
 * expired or was taken, another node asked for it (handover), or the database connection dropped
 * while a write of it was in flight, so that its outcome is unknown. In every case the workshop's
 * state in memory can no longer be trusted to be the stored one: its room must go, its clients
 * reconnect, and whoever holds it next reads it from the database.
 */
enum class lease_end { lost, handover, uncertain };
using lease_listener = std::function<void(const std::string& workshop, lease_end why)>;

/**
 * The durable store of every workshop, behind which sit an embedded SQLite file (sqlite_store,
 * the default) or a PostgreSQL database shared by several nodes (pg_store). Both keep the same
 * guarantees: a batch is acknowledged only after it committed, a workshop's seqs run without gaps,
 * and a client op id is stored once. The write queue and its one writer thread live here; each
 * store commits a group of batches its own way.
 */
class event_store {
public:
    virtual ~event_store();
    event_store(const event_store&) = delete;
    event_store& operator=(const event_store&) = delete;

    /**
     * Queues a batch; never blocks on the database. `done` runs on the writer thread once the
     * batch's transaction has committed (ok) or rolled back (not ok). Callbacks run in submission
     * order.
     */
    void submit(write_batch batch, write_callback done);
    /** Blocks until every batch submitted before the call has been committed or has failed. */
    void flush();
    void set_commit_observer(commit_observer observer);

    // Reads: thread-safe, on a separate read connection. They throw storage_error.
    virtual std::optional<workshop_record> find_workshop(std::string_view id) = 0;
    virtual std::vector<workshop_record> list_workshops() = 0;
    /** How many workshops the database holds. */
    virtual std::size_t count_workshops() = 0;
    /** Every short join code in use, with its workshop id. */
    virtual std::vector<std::pair<std::string, std::string>> short_codes() = 0;
    /** The workshop a short join code names, if any (one node may not know another's codes). */
    virtual std::optional<std::string> find_short_code(std::string_view code) = 0;
    virtual std::optional<snapshot_record> snapshot(std::string_view workshop) = 0;
    virtual std::vector<event_record> events_after(std::string_view workshop, std::uint64_t seq) = 0;
    virtual std::vector<credential_record> credentials(std::string_view workshop) = 0;
    virtual std::vector<op_record> op_index(std::string_view workshop) = 0;
    /** The database's own consistency check passes, and every log runs 1..last_seq. */
    virtual bool integrity_ok() = 0;
    /**
     * Writes a consistent copy of the whole database to `path` while writes go on. Throws
     * storage_error when `path` exists already or cannot be written, or when the store has its
     * own tool for it (PostgreSQL: pg_dump).
     */
    virtual void backup_to(const std::string& path) = 0;
    /** The schema version the database is at. */
    virtual int schema_version() = 0;
    /** What and where the database is, for logs, without secrets. */
    virtual std::string describe() const = 0;

    // Ownership, for several nodes on one database. An embedded store owns every workshop.
    /** Whether other nodes may write this database too (then claim() is needed before loading). */
    virtual bool shared() const { return false; }
    /**
     * Takes workshop `id` for this node, before its log is read: only once this returns owned
     * may this node load and write it. Blocking (it may wait a moment for a handover): call it
     * off the I/O threads.
     */
    virtual claim_result claim(const std::string& id) {
        (void)id;
        return {};
    }
    /** Tells `listener` (on a store thread) of each workshop this node stops holding. */
    virtual void set_lease_listener(lease_listener listener) { (void)listener; }
    /** Workshops this node holds now. */
    virtual std::size_t leases_held() const { return 0; }

protected:
    event_store() = default;
    struct pending {
        write_batch batch;
        write_callback done;
    };
    /** Starts the writer thread; a store calls it last in its constructor. */
    void start_writer(std::size_t max_batch_events);
    /** Writes what is queued and joins the writer; a store calls it first in its destructor. */
    void stop_writer();
    /** Commits `group` and runs each batch's callback, in order. On the writer thread. */
    virtual void commit_group(std::vector<pending>& group) = 0;
    /** Runs on the writer thread between two groups. */
    virtual void between_groups() {}
    /** Runs every callback of `group` with its result (the missing ones with `fallback`). */
    static void report(std::vector<pending>& group, const std::vector<write_result>& results,
                       const write_result& fallback);
    commit_observer observer();
    bool on_writer_thread() const { return std::this_thread::get_id() == writer_.get_id(); }

private:
    void writer_loop();

    std::size_t max_batch_events_ = 8192;
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

/** Where and how to open a store: an SQLite file path, or a postgres:// (postgresql://) URL. */
struct store_settings {
    std::string location;
    std::string node{};  ///< this node's name in lease rows (several nodes); empty: the host name
};

/** True when `location` names a PostgreSQL database rather than an SQLite file. */
bool is_postgres_url(std::string_view location);

/** Opens the store `settings` names: an SQLite file (created when missing) or PostgreSQL. */
std::unique_ptr<event_store> open_store(const store_settings& settings);

/** Lower-case hex SHA-256 of `data` (tokens are stored only as this hash). */
std::string sha256_hex(std::string_view data);


}  // namespace samling::storage
