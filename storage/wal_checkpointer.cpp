#include "storage/wal_checkpointer.hpp"

#include <sqlite3.h>

#include "storage/database.hpp"
#include "storage/schema.hpp"

namespace samling::storage {

wal_checkpointer::wal_checkpointer(database& writer, const std::string& path, int threshold_pages)
    : writer_(writer.handle()), db_(std::make_unique<database>(path)), threshold_pages_(threshold_pages) {
    // A connection learns that the file is in WAL mode only once it has read it.
    configure_connection(*db_);
    // A log that grew past the hard limit is cut back to it when it starts over.
    writer.exec("PRAGMA journal_size_limit = " + std::to_string(std::int64_t{restart_factor} * threshold_pages * page_bytes));
    // Replaces SQLite's own hook, which is what runs the automatic checkpoint.
    sqlite3_wal_hook(writer_, &wal_checkpointer::on_commit, this);
    thread_ = std::thread([this] { run(); });
}

wal_checkpointer::~wal_checkpointer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    sqlite3_wal_hook(writer_, nullptr, nullptr);
}

int wal_checkpointer::on_commit(void* self, sqlite3*, const char*, int pages) {
    auto* checkpointer = static_cast<wal_checkpointer*>(self);
    bool due = false;
    {
        std::lock_guard lock(checkpointer->mutex_);
        checkpointer->pages_ = pages;
        ++checkpointer->commits_;
        due = pages >= checkpointer->threshold_pages_;
    }
    if (due) checkpointer->wake_.notify_one();
    return SQLITE_OK;
}

void wal_checkpointer::between_transactions() {
    {
        std::lock_guard lock(mutex_);
        if (pages_ < restart_factor * threshold_pages_) return;
    }
    // The log starts over only when a transaction begins after a checkpoint has caught up, so a
    // writer that never pauses keeps it growing, and on a slow disk the thread's PASSIVE
    // checkpoints never catch up. Past the hard limit the writer itself runs a RESTART checkpoint.
    checkpoint_on_writer(SQLITE_CHECKPOINT_RESTART);
}

bool wal_checkpointer::truncate() { return checkpoint_on_writer(SQLITE_CHECKPOINT_TRUNCATE); }

bool wal_checkpointer::checkpoint_on_writer(int mode) {
    {
        // SQLite refuses a second checkpoint while one runs (without calling the busy handler),
        // so the writer first waits for the thread's, and keeps it from starting another.
        std::unique_lock lock(mutex_);
        writer_waiting_ = true;
        idle_.wait(lock, [&] { return !running_; });
    }
    int log_pages = 0, copied = 0;
    const int rc = sqlite3_wal_checkpoint_v2(writer_, nullptr, mode, &log_pages, &copied);
    std::lock_guard lock(mutex_);
    writer_waiting_ = false;
    if (rc == SQLITE_OK) {
        pages_ = 0;
        ++checkpoints_;
        done_.notify_all();
    } else if (pages_ >= threshold_pages_) {
        wake_.notify_one();  // the thread held back while the writer waited
    }
    return rc == SQLITE_OK;
}

std::uint64_t wal_checkpointer::checkpoints() const {
    std::lock_guard lock(mutex_);
    return checkpoints_;
}

bool wal_checkpointer::await(std::uint64_t count, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return done_.wait_for(lock, timeout, [&] { return checkpoints_ >= count; });
}

void wal_checkpointer::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        // Once per commit at most: a checkpoint that could not catch up is tried after the next one.
        // pages_ itself stays as the last commit left it, so that the writer still sees the log's
        // true length and restarts it past the hard limit.
        wake_.wait(lock, [&] {
            return stopping_ || (pages_ >= threshold_pages_ && commits_ != checkpointed_commits_ && !writer_waiting_);
        });
        if (stopping_) return;
        checkpointed_commits_ = commits_;
        running_ = true;
        lock.unlock();
        int log_pages = 0, copied = 0;
        // PASSIVE: copies what it can without waiting for readers or the writer. A busy or
        // failed attempt is simply tried again after a later commit.
        sqlite3_wal_checkpoint_v2(db_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log_pages, &copied);
        lock.lock();
        running_ = false;
        idle_.notify_all();
        ++checkpoints_;
        done_.notify_all();
    }
}

}  // namespace samling::storage
