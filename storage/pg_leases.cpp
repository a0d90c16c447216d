// The leases of pg_store: taking a workshop, renewing what this node holds, handing over what
// another node asks for, and noticing what was lost.
#include <thread>

#include "storage/pg_connection.hpp"
#include "storage/pg_store.hpp"

namespace samling::storage {

namespace {

// Takes the lease when it is free, expired or already this node's; the epoch goes up each time,
// so that whatever this node (or anyone) wrote under an older epoch can no longer commit.
constexpr const char* take_lease = R"sql(
INSERT INTO leases(workshop, owner, epoch, expires_at)
    VALUES ($1, $2, 1, clock_timestamp() + $3::bigint * interval '1 millisecond')
ON CONFLICT (workshop) DO UPDATE
    SET owner = EXCLUDED.owner, epoch = leases.epoch + 1, expires_at = EXCLUDED.expires_at, wanted_by = NULL
    WHERE leases.expires_at <= clock_timestamp() OR leases.owner = EXCLUDED.owner
RETURNING epoch
)sql";

}  // namespace

claim_result pg_store::claim(const std::string& id) {
    const auto deadline = std::chrono::steady_clock::now() + handover_wait;
    const std::string lease_ms = std::to_string(options_.lease.count());
    bool asked = false;
    for (;;) {
        std::string owner;
        try {
            std::lock_guard lock(leaser_mutex_);
            auto taken = leaser_->exec(take_lease, {id, owner_, lease_ms});
            if (PQntuples(taken.get()) == 1) {
                std::lock_guard held(held_mutex_);
                held_[id] = pg_int(taken.get(), 0, 0);
                handing_over_.erase(id);
                return {claim_result::status::owned, owner_};
            }
            // Held by a live node: ask it to hand the workshop over (once), then wait a moment.
            auto holder = leaser_->exec(
                asked ? "SELECT owner FROM leases WHERE workshop = $1"
                      : "UPDATE leases SET wanted_by = $2 WHERE workshop = $1 AND owner <> $2 RETURNING owner",
                asked ? std::vector<pg_param>{id} : std::vector<pg_param>{id, owner_});
            if (PQntuples(holder.get()) == 1) owner = pg_text(holder.get(), 0, 0);
            asked = true;
        } catch (const storage_error&) {
            return {claim_result::status::failed, ""};
        }
        if (std::chrono::steady_clock::now() >= deadline) return {claim_result::status::elsewhere, owner};
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

void pg_store::set_lease_listener(lease_listener listener) {
    std::lock_guard lock(listener_mutex_);
    listener_ = std::move(listener);
}

std::size_t pg_store::leases_held() const {
    std::lock_guard lock(held_mutex_);
    return held_.size();
}

void pg_store::end_leases(const std::vector<std::string>& ids, lease_end why) {
    if (ids.empty()) return;
    {
        std::lock_guard lock(held_mutex_);
        for (const auto& id : ids) {
            if (why != lease_end::handover) held_.erase(id);
        }
    }
    std::lock_guard lock(listener_mutex_);
    if (!listener_) return;
    for (const auto& id : ids) {
        try {
            listener_(id, why);
        } catch (...) {
            // The listener only closes rooms; the others are still told.
        }
    }
}

void pg_store::lease_loop() {
    auto next_renewal = std::chrono::steady_clock::now() + options_.renewal;
    for (;;) {
        {
            std::unique_lock lock(stop_mutex_);
            if (stop_changed_.wait_for(lock, handover_poll, [&] { return stopping_; })) return;
        }
        if (std::chrono::steady_clock::now() >= next_renewal) {
            renew();
            next_renewal = std::chrono::steady_clock::now() + options_.renewal;
        } else {
            poll_handovers();
        }
    }
}

namespace {

/** `ids` as a PostgreSQL array literal (workshop ids are tokens: nothing in them needs quoting). */
std::string array_literal(const std::vector<std::string>& items) {
    std::string out = "{";
    for (const auto& item : items) {
        if (out.size() > 1) out += ',';
        out += '"' + item + '"';
    }
    return out + '}';
}

}  // namespace

void pg_store::renew() {
    std::unordered_map<std::string, std::int64_t> held;
    {
        std::lock_guard lock(held_mutex_);
        held = held_;
    }
    const auto started = std::chrono::steady_clock::now();
    std::vector<std::string> lost;
    try {
        // Only the leases this node holds, at the epochs it holds them: a lease row it still owns
        // but dropped (a write whose outcome is unknown) is left to expire, or to be handed over.
        std::vector<std::string> ids;
        std::vector<std::string> epochs;
        for (const auto& [id, epoch] : held) {
            ids.push_back(id);
            epochs.push_back(std::to_string(epoch));
        }
        std::lock_guard lock(leaser_mutex_);
        auto renewed = leaser_->exec(
            "UPDATE leases AS l SET expires_at = clock_timestamp() + $2::bigint * interval '1 millisecond' "
            "FROM unnest($3::text[], $4::bigint[]) AS h(workshop, epoch) "
            "WHERE l.workshop = h.workshop AND l.epoch = h.epoch AND l.owner = $1 AND l.expires_at > clock_timestamp() "
            "RETURNING l.workshop, l.epoch",
            {owner_, std::to_string(options_.lease.count()), array_literal(ids), array_literal(epochs)});
        std::unordered_map<std::string, std::int64_t> now;
        for (int row = 0; row < PQntuples(renewed.get()); ++row) {
            now[pg_text(renewed.get(), row, 0)] = pg_int(renewed.get(), row, 1);
        }
        for (const auto& [id, epoch] : held) {
            auto it = now.find(id);
            if (it == now.end() || it->second != epoch) lost.push_back(id);
        }
        std::lock_guard held_lock(held_mutex_);
        renewed_at_ = started;
    } catch (const storage_error&) {
        // Not renewed: once a whole lease has passed since the last renewal, everything this
        // node held may be someone else's by now.
        std::lock_guard held_lock(held_mutex_);
        if (std::chrono::steady_clock::now() - renewed_at_ < options_.lease) return;
        for (const auto& [id, epoch] : held) lost.push_back(id);
    }
    // Claimed while the renewal ran: not lost.
    {
        std::lock_guard lock(held_mutex_);
        std::erase_if(lost, [&](const std::string& id) {
            auto it = held_.find(id);
            return it == held_.end() || it->second != held.at(id);
        });
    }
    end_leases(lost, lease_end::lost);
}

void pg_store::poll_handovers() {
    std::vector<std::string> wanted;
    try {
        std::lock_guard lock(leaser_mutex_);
        auto asked = leaser_->exec("SELECT workshop, epoch FROM leases WHERE owner = $1 AND wanted_by IS NOT NULL", {owner_});
        std::vector<std::pair<std::string, std::string>> dropped;
        {
            std::lock_guard held_lock(held_mutex_);
            for (int row = 0; row < PQntuples(asked.get()); ++row) {
                auto id = pg_text(asked.get(), row, 0);
                if (!held_.contains(id)) {
                    dropped.emplace_back(std::move(id), pg_text(asked.get(), row, 1));
                } else if (handing_over_.insert(id).second) {
                    wanted.push_back(std::move(id));
                }
            }
        }
        // Still this node's in the database but no longer in its memory (dropped after a write
        // whose outcome is unknown): nothing of this node can write it, so it is let go at once.
        for (const auto& [id, epoch] : dropped) {
            leaser_->exec("UPDATE leases SET expires_at = clock_timestamp(), wanted_by = NULL "
                          "WHERE workshop = $1 AND owner = $2 AND epoch = $3::bigint",
                          {id, owner_, epoch}, false);
        }
    } catch (const storage_error&) {
        return;  // asked again at the next poll
    }
    end_leases(wanted, lease_end::handover);
}

}  // namespace samling::storage
