#include "storage/event_store.hpp"

#include <utility>

namespace samling::storage {

event_store::~event_store() = default;

void event_store::start_writer(std::size_t max_batch_events) {
    max_batch_events_ = max_batch_events;
    writer_ = std::thread([this] { writer_loop(); });
}

void event_store::stop_writer() {
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
    if (on_writer_thread()) {
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

commit_observer event_store::observer() {
    std::lock_guard lock(queue_mutex_);
    return observer_;
}

void event_store::report(std::vector<pending>& group, const std::vector<write_result>& results,
                         const write_result& fallback) {
    // Only after the commit returned may anyone learn about the batches: in submission order.
    for (std::size_t i = 0; i < group.size(); ++i) {
        if (!group[i].done) {
            continue;
        }
        try {
            group[i].done(i < results.size() ? results[i] : fallback);
        } catch (...) {
            // A throwing callback must not keep the other batches from hearing back.
        }
    }
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
            } while (!queue_.empty() && events + queue_.front().batch.events.size() <= max_batch_events_);
        } catch (...) {
            // Out of memory while taking the group: commit what was taken.
        }
        try {
            commit_group(group);
            // After the callbacks: no acknowledgement waits for housekeeping.
            between_groups();
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

}  // namespace samling::storage
