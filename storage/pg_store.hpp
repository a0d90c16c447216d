#pragma once
/**
 * The shared store: PostgreSQL, written by several Samling nodes, each workshop owned by one
 * node at a time through a lease row (owner, epoch, expiry).
 *
 * Writes: one writer thread sends a whole group of batches, of many workshops, in one round trip
 * with libpq's pipeline mode: BEGIN, one samling_write() per batch, COMMIT, sync. samling_write
 * (pg_schema.cpp) runs each batch in its own subtransaction: it checks this node's lease and
 * epoch on the row it locks, that the events continue the log without a gap, then writes; a
 * batch that fails is rolled back alone. So a node that was paused or cut off past its lease can
 * never commit: its epoch no longer matches.
 *
 * Leases: claim() takes a workshop that is free or expired (the epoch goes up), or asks its
 * owner to hand it over and waits a moment. A lease thread renews this node's leases, hands over
 * those asked for, and reports those lost (lease_listener).
 */
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>

#include "storage/event_store.hpp"

namespace samling::storage {

class pg_connection;

/** How long a lease lasts unless renewed; a dead node's workshops resume elsewhere within it. */
inline constexpr std::chrono::milliseconds lease_duration{10'000};
/** How often a node renews its leases (a third of the lease: two renewals may fail). */
inline constexpr std::chrono::milliseconds lease_renewal{3'000};
/** How often a node looks whether another asks it to hand a workshop over. */
inline constexpr std::chrono::milliseconds handover_poll{200};
/** How long claim() waits for a handover it asked for before answering elsewhere. */
inline constexpr std::chrono::milliseconds handover_wait{1'500};
/** Batches in one pipeline at most (their results wait in the socket until read). */
inline constexpr std::size_t pipeline_batches = 256;
/** The PostgreSQL schema version this build writes; older databases are migrated on open. */
inline constexpr int pg_schema_version_current = 1;

struct pg_options {
    std::string url;                      ///< postgres:// or postgresql:// URL (libpq's syntax)
    std::string node;                     ///< this node's name; empty: the host name
    std::size_t max_batch_events = 8192;  ///< events per transaction at most (group commit)
    std::chrono::milliseconds lease = lease_duration;
    std::chrono::milliseconds renewal = lease_renewal;
};

class pg_store final : public event_store {
public:
    /** Connects, migrates the schema (one node at a time), starts the writer and lease threads. */
    explicit pg_store(pg_options options);
    ~pg_store() override;

    std::optional<workshop_record> find_workshop(std::string_view id) override;
    std::vector<workshop_record> list_workshops() override;
    std::size_t count_workshops() override;
    std::vector<std::pair<std::string, std::string>> short_codes() override;
    std::optional<std::string> find_short_code(std::string_view code) override;
    std::optional<snapshot_record> snapshot(std::string_view workshop) override;
    std::vector<event_record> events_after(std::string_view workshop, std::uint64_t seq) override;
    std::vector<credential_record> credentials(std::string_view workshop) override;
    std::vector<op_record> op_index(std::string_view workshop) override;
    /** Every workshop's log runs 1..last_seq, and every snapshot is within its log. */
    bool integrity_ok() override;
    /** Throws: a PostgreSQL database is backed up with pg_dump (docs/scaling.md). */
    void backup_to(const std::string& path) override;
    int schema_version() override;
    std::string describe() const override { return description_; }

    bool shared() const override { return true; }
    claim_result claim(const std::string& id) override;
    void set_lease_listener(lease_listener listener) override;
    std::size_t leases_held() const override;
    /** This node's name in lease rows: the node's name and a token of this process. */
    const std::string& owner() const { return owner_; }

private:
    void commit_group(std::vector<pending>& group) override;
    /** Sends `group` in one pipeline; fills `results`. False when the connection dropped. */
    bool pipeline(std::vector<pending*>& group, std::vector<write_result>& results);
    void lease_loop();
    void renew();
    void poll_handovers();
    /** Forgets `ids` as held and tells the listener why. */
    void end_leases(const std::vector<std::string>& ids, lease_end why);
    /** The epoch this node holds workshop `id` at; 0 when it holds none. */
    std::int64_t epoch_of(const std::string& id) const;

    pg_options options_;
    std::string owner_;
    std::string description_;
    std::unique_ptr<pg_connection> writer_;
    std::unique_ptr<pg_connection> reader_;
    std::unique_ptr<pg_connection> leaser_;
    std::mutex reader_mutex_;
    std::mutex leaser_mutex_;

    mutable std::mutex held_mutex_;
    std::unordered_map<std::string, std::int64_t> held_;  ///< workshop -> epoch
    std::set<std::string> handing_over_;                    ///< asked for, told the listener
    std::mutex listener_mutex_;  ///< held while the listener runs, so that it can be taken away
    lease_listener listener_;
    std::chrono::steady_clock::time_point renewed_at_;      ///< start of the last renewal that worked

    std::mutex stop_mutex_;
    std::condition_variable stop_changed_;
    bool stopping_ = false;
    std::thread lease_thread_;
};

}  // namespace samling::storage
