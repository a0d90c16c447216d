#pragma once
/**
 * Moves committed pages from the write-ahead log into the database file on a thread of its own.
 *
 * SQLite's automatic checkpoint runs inside the COMMIT that crosses its threshold, on the writer
 * thread: that commit, and every acknowledgement waiting for it, then also waits for the log to
 * be copied and the database file synced (hundreds of milliseconds under load). Here the writer
 * only counts the log's pages; this thread checkpoints on its own connection in PASSIVE mode,
 * which never blocks the writer, and the log is reused from its start once a checkpoint has
 * caught up. A writer that never pauses would keep the log from starting over; past
 * restart_factor times the threshold, one checkpoint waits for it.
 */
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace samling::storage {

class database;

class wal_checkpointer {
public:
    /** The log may grow to this many times the threshold before a checkpoint waits for the writer. */
    static constexpr int restart_factor = 8;
    /** SQLite's default page size, which the schema keeps. */
    static constexpr int page_bytes = 4096;

    /**
     * Watches `writer` (the connection that commits; its automatic checkpoint is turned off) and
     * checkpoints `path` once the log holds `threshold_pages` or more.
     */
    wal_checkpointer(database& writer, const std::string& path, int threshold_pages);
    ~wal_checkpointer();
    wal_checkpointer(const wal_checkpointer&) = delete;
    wal_checkpointer& operator=(const wal_checkpointer&) = delete;

    /**
     * Called by the writer thread between its transactions: when the log has grown past
     * restart_factor times the threshold anyway, waits for the thread's checkpoint in progress
     * (SQLite lets only one run at a time and refuses the second at once) and checkpoints it on
     * the writer's connection, so the log starts over.
     */
    void between_transactions();
    /**
     * On the writer thread: waits for the thread's checkpoint in progress, then checkpoints
     * everything and truncates the log to zero bytes (waiting, up to the busy timeout, for
     * readers). True when the log is empty.
     */
    bool truncate();
    /** Checkpoints that have run so far (for tests and metrics). */
    std::uint64_t checkpoints() const;
    /** Waits until `count` checkpoints have run; false if `timeout` passes first. */
    bool await(std::uint64_t count, std::chrono::milliseconds timeout) const;

private:
    static int on_commit(void* self, sqlite3*, const char*, int pages);
    void run();
    /** A checkpoint in `mode` on the writer's connection, once the thread's is done; true if it ran whole. */
    bool checkpoint_on_writer(int mode);

    sqlite3* writer_;
    std::unique_ptr<database> db_;
    const int threshold_pages_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    mutable std::condition_variable done_;
    int pages_ = 0;  ///< pages in the log after the last commit (0 once the writer restarted it)
    std::uint64_t commits_ = 0;               ///< commits seen
    std::uint64_t checkpointed_commits_ = 0;  ///< commits seen when the thread last began a checkpoint
    bool stopping_ = false;
    bool running_ = false;         ///< the thread is inside a checkpoint
    bool writer_waiting_ = false;  ///< the writer waits to restart the log; the thread holds back
    std::condition_variable idle_;
    std::uint64_t checkpoints_ = 0;
    std::thread thread_;
};

}  // namespace samling::storage
