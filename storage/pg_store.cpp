#include "storage/pg_store.hpp"

#include <nlohmann/json.hpp>

#include <random>
#include <unistd.h>

#include "storage/pg_connection.hpp"

namespace samling::storage {

int pg_read_schema_version(pg_connection& db);
void pg_migrate(pg_connection& db);

namespace {

std::string host_name() {
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "node";
    return name;
}

/** A token of this process, so that a node restarted under the same name is another owner. */
std::string process_token() {
    std::random_device random;
    static constexpr char digits[] = "0123456789abcdef";
    std::string token;
    for (int i = 0; i < 8; ++i) token += digits[random() % 16];
    return token;
}

nlohmann::json event_json(const event_record& e) {
    return {{"seq", e.seq}, {"at", e.at}, {"actor", e.actor}, {"op", e.op}, {"type", e.type}, {"payload", e.payload}};
}

/** The batch as samling_write() reads it: every array present, absent optionals left out. */
std::string batch_json(const write_batch& b) {
    nlohmann::json j = {{"workshop", b.workshop}, {"events", nlohmann::json::array()},
                        {"replace", nlohmann::json::array()}, {"credentials", nlohmann::json::array()}};
    if (b.create) {
        const auto& w = *b.create;
        j["create"] = {{"title", w.title},
                       {"language", w.language},
                       {"created_at", w.created_at},
                       {"facilitator_key_hash", w.facilitator_key_hash},
                       {"join_code_hash", w.join_code_hash},
                       {"organiser_key_hash", w.organiser_key_hash},
                       {"wall_key_hash", w.wall_key_hash},
                       {"short_code", w.short_code},
                       {"join_code", w.join_code}};
    }
    const std::pair<const std::optional<std::string>*, const char*> texts[] = {
        {&b.title, "title"},
        {&b.organiser_key_hash, "organiser_key_hash"},
        {&b.join_code_hash, "join_code_hash"},
        {&b.join_code, "join_code"},
        {&b.wall_key_hash, "wall_key_hash"},
        {&b.short_code, "short_code"},
    };
    for (const auto& [value, name] : texts) {
        if (*value) j[name] = **value;
    }
    if (b.closed_at) j["closed_at"] = *b.closed_at;
    if (b.erase) j["erase"] = true;
    if (b.release) j["release"] = true;
    for (const auto& e : b.events) j["events"].push_back(event_json(e));
    for (const auto& e : b.replace) j["replace"].push_back({{"seq", e.seq}, {"payload", e.payload}});
    for (const auto& c : b.credentials) {
        j["credentials"].push_back({{"token_hash", c.token_hash}, {"participant", c.participant}});
    }
    if (b.snapshot) j["snapshot"] = {{"seq", b.snapshot->seq}, {"state", b.snapshot->state}};
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

pg_store::pg_store(pg_options options) : options_(std::move(options)) {
    owner_ = (options_.node.empty() ? host_name() : options_.node) + "/" + process_token();
    writer_ = std::make_unique<pg_connection>(options_.url);
    reader_ = std::make_unique<pg_connection>(options_.url);
    leaser_ = std::make_unique<pg_connection>(options_.url);
    pg_migrate(*writer_);
    description_ = writer_->describe() + ", node " + owner_;
    renewed_at_ = std::chrono::steady_clock::now();
    lease_thread_ = std::thread([this] { lease_loop(); });
    start_writer(options_.max_batch_events);
}

pg_store::~pg_store() {
    stop_writer();
    {
        std::lock_guard lock(stop_mutex_);
        stopping_ = true;
    }
    stop_changed_.notify_all();
    if (lease_thread_.joinable()) lease_thread_.join();
    // A node that stops in order gives its workshops up at once, rather than in a lease.
    try {
        std::lock_guard lock(leaser_mutex_);
        leaser_->exec("UPDATE leases SET expires_at = clock_timestamp() WHERE owner = $1", {owner_}, false);
    } catch (...) {
        // They expire on their own.
    }
}

std::int64_t pg_store::epoch_of(const std::string& id) const {
    std::lock_guard lock(held_mutex_);
    auto it = held_.find(id);
    return it == held_.end() ? 0 : it->second;
}

void pg_store::commit_group(std::vector<pending>& group) {
    const commit_observer observer = this->observer();
    std::vector<write_result> results(group.size());
    std::size_t events = 0;
    const auto started = std::chrono::steady_clock::now();
    std::vector<std::string> uncertain;
    for (std::size_t first = 0; first < group.size(); first += pipeline_batches) {
        const std::size_t count = std::min(pipeline_batches, group.size() - first);
        std::vector<pending*> part;
        std::vector<write_result> part_results(count);
        for (std::size_t i = 0; i < count; ++i) part.push_back(&group[first + i]);
        if (!pipeline(part, part_results)) {
            for (auto* p : part) uncertain.push_back(p->batch.workshop);
        }
        for (std::size_t i = 0; i < count; ++i) {
            results[first + i] = std::move(part_results[i]);
            if (results[first + i].ok) events += group[first + i].batch.events.size();
        }
    }
    // What this node holds changes with the batches written: before anyone hears of them.
    std::vector<std::string> lost;
    {
        std::lock_guard lock(held_mutex_);
        for (std::size_t i = 0; i < group.size(); ++i) {
            const auto& b = group[i].batch;
            if (results[i].ok && b.create) held_[b.workshop] = 1;
            if (b.erase || b.release) {
                held_.erase(b.workshop);
                handing_over_.erase(b.workshop);
            }
            if (results[i].lost && !b.release && held_.erase(b.workshop) > 0) lost.push_back(b.workshop);
        }
    }
    end_leases(uncertain, lease_end::uncertain);
    end_leases(lost, lease_end::lost);
    const auto elapsed = std::chrono::steady_clock::now() - started;
    report(group, results, write_result{false, "storage writer failed", false, false});
    if (observer && events > 0) {
        try {
            observer(std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed), events);
        } catch (...) {
            // The observer is only metrics; the writer goes on.
        }
    }
}

bool pg_store::pipeline(std::vector<pending*>& group, std::vector<write_result>& results) {
    PGconn* conn = nullptr;
    try {
        conn = writer_->get();
    } catch (const pg_error& e) {
        for (auto& r : results) r = write_result{false, e.what(), false, false};
        return true;  // nothing was sent: these simply failed
    }
    if (PQpipelineStatus(conn) == PQ_PIPELINE_OFF && PQenterPipelineMode(conn) != 1) {
        for (auto& r : results) r = write_result{false, PQerrorMessage(conn), false, false};
        return true;
    }
    const std::string lease_ms = std::to_string(options_.lease.count());
    bool sent = PQsendQueryParams(conn, "BEGIN", 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
    // A workshop created in this group is held at epoch 1 by the batches behind its creation.
    std::unordered_map<std::string, std::int64_t> created;
    for (auto* p : group) {
        if (!sent) break;
        const std::string json = batch_json(p->batch);
        if (p->batch.create) created[p->batch.workshop] = 1;
        const auto it = created.find(p->batch.workshop);
        const std::string epoch = std::to_string(it != created.end() ? it->second : epoch_of(p->batch.workshop));
        const char* values[] = {json.c_str(), owner_.c_str(), epoch.c_str(), lease_ms.c_str()};
        sent = PQsendQueryParams(conn, "SELECT samling_write($1::jsonb, $2, $3::bigint, $4::bigint)", 4, nullptr,
                                 values, nullptr, nullptr, 0) == 1;
    }
    sent = sent && PQsendQueryParams(conn, "COMMIT", 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
    sent = sent && PQpipelineSync(conn) == 1;
    // Results come in the order sent: BEGIN, one row per batch, COMMIT, then the sync.
    std::string failure;
    bool committed = false;
    const std::size_t expected = group.size() + 2;
    for (std::size_t index = 0; sent;) {
        pg_result r(PQgetResult(conn));
        if (!r) {
            if (PQstatus(conn) != CONNECTION_OK) break;
            continue;  // the end of one statement's results
        }
        const auto status = PQresultStatus(r.get());
        if (status == PGRES_PIPELINE_SYNC) {
            if (index >= expected) break;
            continue;
        }
        if (status == PGRES_FATAL_ERROR || status == PGRES_PIPELINE_ABORTED) {
            if (failure.empty()) failure = pg_failure(conn, r.get()).what();
        } else if (index >= 1 && index <= group.size() && status == PGRES_TUPLES_OK) {
            const std::string outcome = pg_text(r.get(), 0, 0);
            auto& result = results[index - 1];
            result.ok = outcome.empty();
            result.lost = outcome == "lease" || outcome.starts_with("stale");
            result.full = outcome.starts_with("full");
            result.error = outcome == "lease" ? "this node no longer holds the workshop" : outcome;
        } else if (index == expected - 1 && status == PGRES_COMMAND_OK) {
            committed = true;
        }
        ++index;
    }
    if (PQstatus(conn) != CONNECTION_OK || !sent) {
        // Gone with COMMIT sent and no answer: it may have committed, or not.
        const std::string message = std::string("the database connection dropped: ") + PQerrorMessage(conn);
        writer_->reset();
        for (auto& r : results) r = write_result{false, message, false, true};
        return false;
    }
    if (!committed) {
        if (failure.empty()) failure = "the transaction did not commit";
        for (auto& r : results) r = write_result{false, failure, failure.find("space") != std::string::npos, false};
    }
    return true;
}

int pg_store::schema_version() {
    std::lock_guard lock(reader_mutex_);
    return pg_read_schema_version(*reader_);
}

void pg_store::backup_to(const std::string& path) {
    (void)path;
    throw storage_error("a PostgreSQL database is backed up with pg_dump (see docs/scaling.md)");
}

}  // namespace samling::storage
