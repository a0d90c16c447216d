#include "server/metrics.hpp"

namespace samling::server {

void latency_histogram::observe(std::chrono::nanoseconds duration) {
    const double seconds = std::chrono::duration<double>(duration).count();
    std::size_t bucket = 0;
    while (bucket < bounds.size() && seconds > bounds[bucket]) ++bucket;
    counts_[bucket].fetch_add(1, std::memory_order_relaxed);
    total_nanoseconds_.fetch_add(static_cast<std::uint64_t>(duration.count()), std::memory_order_relaxed);
}

void latency_histogram::render(std::string& out, const std::string& name, const std::string& help) const {
    out += "# HELP " + name + " " + help + "\n# TYPE " + name + " histogram\n";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
        cumulative += counts_[i].load(std::memory_order_relaxed);
        const std::string le = i < bounds.size() ? std::to_string(bounds[i]) : "+Inf";
        out += name + "_bucket{le=\"" + le + "\"} " + std::to_string(cumulative) + "\n";
    }
    const double sum = static_cast<double>(total_nanoseconds_.load(std::memory_order_relaxed)) / 1e9;
    out += name + "_sum " + std::to_string(sum) + "\n";
    out += name + "_count " + std::to_string(cumulative) + "\n";
}

namespace {

template <class T>
void add(std::string& out, const char* name, const char* type, const char* help, const std::atomic<T>& value) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
    out += std::string(name) + " " + std::to_string(value.load(std::memory_order_relaxed)) + "\n";
}

}  // namespace

std::string metrics::render() const {
    std::string out;
    add(out, "samling_http_connections", "gauge", "Open TCP connections (HTTP and WebSocket).", http_connections);
    add(out, "samling_websocket_connections", "gauge", "Open WebSocket connections.", websocket_connections);
    add(out, "samling_live_workshops", "gauge", "Workshops loaded in memory.", live_workshops);
    add(out, "samling_workshops_created_total", "counter", "Workshops created.", workshops_created);
    add(out, "samling_workshops_unloaded_total", "counter", "Idle workshops dropped from memory (reloaded on use).",
        workshops_unloaded);
    add(out, "samling_workshops_loaded_total", "counter", "Workshops read from storage into memory (once per load, however many wait).",
        workshops_loaded);
    add(out, "samling_workshops_handed_over_total", "counter",
        "Workshops this node gave up because another node asked for them (several nodes).", workshops_handed_over);
    add(out, "samling_leases_lost_total", "counter",
        "Workshops this node stopped holding because its lease ended or a write's outcome was unknown (several nodes).",
        leases_lost);
    add(out, "samling_workshops_elsewhere_total", "counter",
        "Opens refused because another node holds the workshop and did not hand it over in time (several nodes).",
        workshops_elsewhere);
    add(out, "samling_workshops_deleted_total", "counter", "Workshops deleted by a facilitator, wiped from the file.",
        workshops_deleted);
    add(out, "samling_workshops_expired_total", "counter",
        "Workshops deleted because they had been closed for longer than the retention period.",
        workshops_deleted_retention);
    add(out, "samling_retention_sweeps_total", "counter", "Looks for workshops closed for longer than the retention period.",
        retention_sweeps);
    add(out, "samling_commands_accepted_total", "counter", "Commands accepted.", commands_accepted);
    add(out, "samling_commands_refused_total", "counter", "Commands refused with an error.", commands_refused);
    add(out, "samling_events_committed_total", "counter", "Events committed to storage.", events_committed);
    add(out, "samling_frames_sent_total", "counter", "WebSocket frames written.", frames_sent);
    add(out, "samling_send_calls_total", "counter",
        "Write calls on WebSockets; frames sent divided by this is frames per write.", send_calls);
    add(out, "samling_slow_consumers_closed_total", "counter",
        "Connections closed because their write queue passed its bound.", slow_consumers_closed);
    add(out, "samling_rate_limited_total", "counter", "Commands refused by the rate limit.", rate_limited);
    add(out, "samling_connections_refused_total", "counter",
        "Connections refused by the per-address or total limit.", connections_refused);
    add(out, "samling_storage_failures_total", "counter", "Write batches that failed to commit.",
        storage_failures);
    commit_latency.render(out, "samling_commit_seconds", "Duration of storage transactions.");
    return out;
}

}  // namespace samling::server
