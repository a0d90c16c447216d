#pragma once
/** Helpers for storage tests: a private temporary directory and records to write. */
#include <catch2/catch.hpp>

#include <filesystem>
#include <future>
#include <memory>
#include <random>
#include <string>
#include <system_error>

#include "storage/sqlite_store.hpp"

namespace samling::test {

using namespace samling::storage;

/** A fresh directory under the system temp directory, removed with everything in it. */
struct temp_dir {
    std::filesystem::path path;

    temp_dir() {
        std::random_device random;
        const auto name = "samling-storage-" + std::to_string(random()) + std::to_string(random());
        path = std::filesystem::temp_directory_path() / name;
        std::filesystem::create_directories(path);
    }
    ~temp_dir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;

    /** Store options for a database file `name` in this directory. */
    store_options options(const std::string& name = "samling.db") const {
        store_options o;
        o.path = (path / name).string();
        return o;
    }
};

inline workshop_record make_workshop(const std::string& id, std::int64_t created_at = 1000) {
    workshop_record w;
    w.id = id;
    w.title = "Workshop " + id;
    w.language = "da";
    w.created_at = created_at;
    w.facilitator_key_hash = sha256_hex("facilitator-" + id);
    w.join_code_hash = sha256_hex("join-" + id);
    return w;
}

inline event_record make_event(std::uint64_t seq, std::uint64_t actor, const std::string& op,
                               const std::string& payload = "{}") {
    event_record e;
    e.seq = seq;
    e.at = 1'700'000'000'000 + static_cast<std::int64_t>(seq);
    e.actor = actor;
    e.op = op;
    e.type = "note.added";
    e.payload = payload;
    return e;
}

/** A batch creating workshop `id` with its first event (seq 1, server-made). */
inline write_batch creation_batch(const std::string& id, std::int64_t created_at = 1000) {
    write_batch b;
    b.workshop = id;
    b.create = make_workshop(id, created_at);
    event_record created = make_event(1, 0, "");
    created.type = "workshop.created";
    b.events.push_back(created);
    return b;
}

/** A batch of events `first`..`first + count - 1` by `actor`, op ids "op-<seq>". */
inline write_batch events_batch(const std::string& id, std::uint64_t first, std::size_t count,
                                std::uint64_t actor = 1) {
    write_batch b;
    b.workshop = id;
    for (std::uint64_t seq = first; seq < first + count; ++seq) {
        b.events.push_back(make_event(seq, actor, "op-" + std::to_string(seq)));
    }
    return b;
}

/** Submits `batch` and waits for its callback (not for other batches). */
inline write_result submit_and_wait(event_store& store, write_batch batch) {
    // Shared with the callback, so the promise outlives set_value on the writer thread.
    auto result = std::make_shared<std::promise<write_result>>();
    auto future = result->get_future();
    store.submit(std::move(batch), [result](const write_result& r) { result->set_value(r); });
    return future.get();
}

/**
 * Holds the writer thread inside a write callback, so batches submitted meanwhile queue up
 * and are taken as one group once it is released. Declare it after the store: its destructor
 * releases the writer before the store joins it.
 */
class writer_gate {
public:
    /** Submits a creation batch for `workshop` and returns once the writer is held in it. */
    writer_gate(event_store& store, const std::string& workshop) {
        auto released = release_.get_future().share();
        auto entered = entered_.get_future();
        store.submit(creation_batch(workshop), [this, released](const write_result&) {
            entered_.set_value();
            released.wait();
        });
        entered.wait();
    }
    ~writer_gate() { release(); }
    writer_gate(const writer_gate&) = delete;
    writer_gate& operator=(const writer_gate&) = delete;

    /** Lets the writer go on. */
    void release() {
        if (!released_) {
            released_ = true;
            release_.set_value();
        }
    }

private:
    std::promise<void> entered_;
    std::promise<void> release_;
    bool released_ = false;
};

}  // namespace samling::test
