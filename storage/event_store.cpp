#include "storage/event_store.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "storage/database.hpp"
#include "storage/group_writer.hpp"
#include "storage/schema.hpp"
#include "storage/wal_checkpointer.hpp"

namespace samling::storage {

event_store::event_store(store_options options) : options_(std::move(options)) {
    writer_db_ = std::make_unique<database>(options_.path);
    // Before any pragma changes the file: a newer build's file is not ours to touch.
    refuse_newer_schema(*writer_db_);
    configure_connection(*writer_db_);
    migrate(*writer_db_);
    // After the migration, so a small cap in tests never stops the schema itself.
    if (options_.max_page_count > 0) {
        writer_db_->exec("PRAGMA max_page_count = " + std::to_string(options_.max_page_count));
    }
    reader_db_ = std::make_unique<database>(options_.path);
    configure_connection(*reader_db_);
    reader_db_->exec("PRAGMA query_only = ON");
    checkpointer_ = std::make_unique<wal_checkpointer>(*writer_db_, options_.path, options_.checkpoint_pages);
    writer_ = std::thread([this] { writer_loop(); });
}

std::uint64_t event_store::checkpoints() const { return checkpointer_->checkpoints(); }

bool event_store::await_checkpoints(std::uint64_t count, std::chrono::milliseconds timeout) const {
    return checkpointer_->await(count, timeout);
}

event_store::~event_store() {
    {
        std::lock_guard lock(queue_mutex_);
        stopping_ = true;
    }
    queue_changed_.notify_all();
    try {
        if (writer_.joinable()) {
            writer_.join();
        }
    } catch (...) {
        // join only fails for a thread that cannot be joined; nothing to do in a destructor.
    }
}

void event_store::submit(write_batch batch, write_callback done) {
    {
        std::lock_guard lock(queue_mutex_);
        queue_.push_back(pending{std::move(batch), std::move(done)});
        ++submitted_;
    }
    queue_changed_.notify_one();
}

void event_store::flush() {
    if (std::this_thread::get_id() == writer_.get_id()) {
        // A write callback waiting for the writer that runs it would never return.
        throw storage_error("flush() called from a write callback");
    }
    std::unique_lock lock(queue_mutex_);
    const std::uint64_t target = submitted_;
    drained_.wait(lock, [&] { return completed_ >= target; });
}

void event_store::set_commit_observer(commit_observer observer) {
    std::lock_guard lock(queue_mutex_);
    observer_ = std::move(observer);
}

void event_store::writer_loop() {
    for (;;) {
        std::vector<pending> group;
        try {
            std::unique_lock lock(queue_mutex_);
            queue_changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) {
                return;  // stopping, and everything queued has been written
            }
            // Group commit: whole batches up to max_batch_events events, at least one batch.
            std::size_t events = 0;
            do {
                events += queue_.front().batch.events.size();
                group.push_back(std::move(queue_.front()));
                queue_.pop_front();
            } while (!queue_.empty() &&
                     events + queue_.front().batch.events.size() <= options_.max_batch_events);
        } catch (...) {
            // Out of memory while taking the group: commit what was taken.
        }
        try {
            commit_group(group);
            // After the callbacks: no acknowledgement waits for a checkpoint.
            checkpointer_->between_transactions();
        } catch (...) {
            // commit_group reports through the callbacks; the writer must keep running.
        }
        {
            std::lock_guard lock(queue_mutex_);
            completed_ += group.size();
        }
        drained_.notify_all();
    }
}

void event_store::commit_group(std::vector<pending>& group) {
    commit_observer observer;
    {
        std::lock_guard lock(queue_mutex_);
        observer = observer_;
    }
    std::vector<const write_batch*> batches;
    batches.reserve(group.size());
    for (const pending& item : group) {
        batches.push_back(&item.batch);
    }
    const auto started = std::chrono::steady_clock::now();
    group_outcome outcome = group_writer(*writer_db_).commit(batches);
    const auto elapsed = std::chrono::steady_clock::now() - started;
    const bool erased = std::any_of(group.begin(), group.end(), [](const pending& p) {
        return p.batch.erase || !p.batch.replace.empty();
    });
    if (outcome.committed && erased) scrub(outcome);

    // Only now, after COMMIT returned, may anyone learn about the batches: in submission order.
    write_result unknown;
    unknown.error = "storage writer failed";
    for (std::size_t i = 0; i < group.size(); ++i) {
        if (!group[i].done) {
            continue;
        }
        try {
            group[i].done(i < outcome.results.size() ? outcome.results[i] : unknown);
        } catch (...) {
            // A throwing callback must not keep the other batches from hearing back.
        }
    }
    if (outcome.committed && observer) {
        try {
            observer(std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed), outcome.events);
        } catch (...) {
            // The observer is only metrics; the writer goes on.
        }
    }
}

void event_store::scrub(group_outcome& outcome) {
    // The deleted rows' bytes are still in free pages and in the write-ahead log. VACUUM rebuilds
    // the file from the rows that remain; a TRUNCATE checkpoint then empties the log, into which
    // VACUUM wrote. Until both have run nobody hears that the workshop is gone.
    try {
        writer_db_->exec("VACUUM");
        if (!checkpointer_->truncate()) throw storage_error("the write-ahead log could not be truncated");
    } catch (const std::exception& e) {
        // The deletion itself committed; what did not finish is the clean-up, which the next
        // erasure repeats. Say so to those waiting.
        for (auto& result : outcome.results) {
            if (result.ok) result.error = std::string("deleted, but not yet wiped from the file: ") + e.what();
        }
    }
}

}  // namespace samling::storage
