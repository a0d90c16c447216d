#include "server/config.hpp"

#include <charconv>
#include <sstream>

namespace samling::server {

std::optional<std::uint64_t> parse_number(const std::string& text, std::uint64_t max) {
    std::uint64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value > max) return std::nullopt;
    return value;
}

namespace {

std::vector<std::string> split_commas(const std::string& text) {
    std::vector<std::string> parts;
    std::stringstream stream(text);
    for (std::string part; std::getline(stream, part, ',');) {
        if (!part.empty()) parts.push_back(part);
    }
    return parts;
}

/** The setting of a flag that takes a positive count, or nullptr. */
std::size_t* count_setting(config& c, const std::string& name) {
    if (name == "max-connections-per-ip") return &c.max_connections_per_ip;
    if (name == "max-connections") return &c.max_connections;
    if (name == "create-rate") return &c.admission.creations_per_minute;
    if (name == "max-live-workshops") return &c.admission.max_live_workshops;
    if (name == "max-workshops") return &c.admission.max_workshops;
    if (name == "join-burst") return &c.admission.join_burst;
    return nullptr;
}

/** --metrics-token: empty leaves /metrics public; else long enough to resist guessing, plain ASCII. */
std::optional<std::string> set_metrics_token(config& c, const std::string& value) {
    if (!value.empty() && value.size() < limits::metrics_token_min_chars) {
        return "--metrics-token must be at least " + std::to_string(limits::metrics_token_min_chars) + " characters.";
    }
    for (unsigned char ch : value) {
        if (ch <= 0x20 || ch >= 0x7f) return "--metrics-token takes printable ASCII characters without spaces.";
    }
    c.metrics_token = value;
    return std::nullopt;
}

/** Applies one setting by its flag name; returns an error message or nothing. */
std::optional<std::string> set(config& c, const std::string& name, const std::string& value) {
    auto number = [&](std::uint64_t max) -> std::optional<std::uint64_t> { return parse_number(value, max); };
    if (name == "port") {
        auto n = number(65535);
        if (!n) return "--port takes a number from 0 to 65535, not \"" + value + "\".";
        c.port = static_cast<std::uint16_t>(*n);
    } else if (name == "bind") {
        c.bind = value;
    } else if (name == "db") {
        if (value.empty()) return "--db needs a file path or a postgres:// URL.";
        c.db = value;
    } else if (name == "node") {
        if (value.empty() || value.size() > 64 || value.find_first_of(" /\t") != std::string::npos) {
            return "--node takes a name of 1 to 64 characters without spaces or '/'.";
        }
        c.node = value;
    } else if (name == "web-dir") {
        c.web_dir = value;
    } else if (name == "threads") {
        auto n = number(256);
        if (!n) return "--threads takes a number from 0 to 256.";
        c.threads = static_cast<unsigned>(*n);
    } else if (name == "allow-origin") {
        for (auto& origin : split_commas(value)) c.allowed_origins.push_back(origin);
    } else if (name == "public-url") {
        c.public_url = value;
        while (!c.public_url.empty() && c.public_url.back() == '/') c.public_url.pop_back();
    } else if (name == "create-key") {
        if (!value.empty() && value.size() < limits::create_key_min_chars) {
            return "--create-key must be at least " + std::to_string(limits::create_key_min_chars) + " characters.";
        }
        for (unsigned char ch : value) {
            if (ch <= 0x20 || ch >= 0x7f) return "--create-key takes printable ASCII characters without spaces.";
        }
        c.create_key = value;
    } else if (name == "metrics-token") {
        return set_metrics_token(c, value);
    } else if (name == "retention-days") {
        auto n = number(limits::max_retention_days);
        if (!n) return "--retention-days takes a number of days from 0 (keep workshops) to " +
                       std::to_string(limits::max_retention_days) + ".";
        c.admission.retention_days = static_cast<unsigned>(*n);
    } else if (auto* count = count_setting(c, name)) {
        auto n = number(10'000'000);
        if (!n || *n == 0) return "--" + name + " takes a positive number.";
        *count = *n;
    } else {
        return "Unknown option --" + name + ". Run samling --help.";
    }
    return std::nullopt;
}

/** Flag name and environment variable of each setting. */
const std::vector<std::pair<std::string, std::string>>& settings() {
    static const std::vector<std::pair<std::string, std::string>> table{
        {"port", "SAMLING_PORT"},
        {"bind", "SAMLING_BIND"},
        {"db", "SAMLING_DB"},
        {"node", "SAMLING_NODE"},
        {"web-dir", "SAMLING_WEB_DIR"},
        {"threads", "SAMLING_THREADS"},
        {"allow-origin", "SAMLING_ALLOWED_ORIGINS"},
        {"public-url", "SAMLING_PUBLIC_URL"},
        {"create-key", "SAMLING_CREATE_KEY"},
        {"metrics-token", "SAMLING_METRICS_TOKEN"},
        {"max-connections-per-ip", "SAMLING_MAX_CONNECTIONS_PER_IP"},
        {"max-connections", "SAMLING_MAX_CONNECTIONS"},
        {"create-rate", "SAMLING_CREATE_RATE"},
        {"max-live-workshops", "SAMLING_MAX_LIVE_WORKSHOPS"},
        {"max-workshops", "SAMLING_MAX_WORKSHOPS"},
        {"join-burst", "SAMLING_JOIN_BURST"},
        {"retention-days", "SAMLING_RETENTION_DAYS"},
    };
    return table;
}

}  // namespace

config_result parse_serve_arguments(const std::vector<std::string>& args, const env_reader& env) {
    config c;
    for (const auto& [flag, variable] : settings()) {
        if (auto value = env(variable)) {
            if (auto error = set(c, flag, *value)) return variable + ": " + *error;
        }
    }
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg.rfind("--", 0) != 0) return "Unexpected argument \"" + arg + "\". Run samling --help.";
        std::string name = arg.substr(2);
        std::string value;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name.resize(eq);
        } else if (i + 1 < args.size()) {
            value = args[++i];
        } else {
            return "--" + name + " needs a value.";
        }
        if (auto error = set(c, name, value)) return *error;
    }
    return c;
}

std::string usage_text() {
    return R"(Samling - live open-space workshops

Usage:
  samling serve [options]     run the server (HTTP, WebSocket and the web client on one port)
  samling list [--db PATH]    list the workshops in a database
  samling export --workshop ID [--format md|html|csv|steps-csv|xlsx|docx|json] [--no-names] [-o FILE] [--db PATH]
                              write a workshop's recap, notes or archive (to standard output without -o)
  samling import FILE [--db PATH]
                              restore a workshop from a JSON archive (refused if it exists already)
  samling backup -o FILE [--db PATH]
                              write a consistent copy of the database, safe while the server runs
  samling check [--db PATH]   run SQLite's integrity check and count workshops and events
  samling purge --retention-days N [--dry-run] [--db PATH]
                              delete (or list) the workshops closed for more than N days
  samling forget --workshop ID --participant N [--delete] [--db PATH]
                              erase a participant's name everywhere (and with --delete what they wrote)
  samling --help              show this text
  samling --version           show the version

Options of serve (environment variable in brackets; flags win):
  --port N                    TCP port, 0 for any free one            [SAMLING_PORT, default 8080]
  --bind ADDRESS              address to listen on                    [SAMLING_BIND, default 0.0.0.0]
  --db PATH|URL               SQLite database file, created if absent, or a postgres:// URL
                              shared by several nodes (docs/scaling.md) [SAMLING_DB, default ./samling.db]
  --node NAME                 this node's name among several on one PostgreSQL [SAMLING_NODE, default: host name]
  --web-dir DIR               serve the web client from DIR           [SAMLING_WEB_DIR, default embedded]
  --threads N                 I/O threads, 0 for one per core         [SAMLING_THREADS, default 0]
  --allow-origin URL[,URL]    extra origins allowed to open WebSockets [SAMLING_ALLOWED_ORIGINS]
  --public-url URL            base of the links handed out            [SAMLING_PUBLIC_URL]
  --create-key KEY            only holders of KEY may create workshops [SAMLING_CREATE_KEY, default: anyone]
  --metrics-token TOKEN       /metrics needs "Authorization: Bearer TOKEN" [SAMLING_METRICS_TOKEN, default: public]
  --max-connections-per-ip N  connections from one address            [SAMLING_MAX_CONNECTIONS_PER_IP, default 500]
  --max-connections N         connections in all                      [SAMLING_MAX_CONNECTIONS, default 20000]
  --create-rate N             workshops one address may create a minute [SAMLING_CREATE_RATE, default 10]
  --max-live-workshops N      workshops held in memory (idle ones unload first) [SAMLING_MAX_LIVE_WORKSHOPS, default 2000]
  --max-workshops N           workshops the database may hold         [SAMLING_MAX_WORKSHOPS, default 10000]
  --join-burst N              joins one address may make in a workshop at once, then one a second
                                                                      [SAMLING_JOIN_BURST, default 120]
  --retention-days N          delete each workshop, wiped from the file, once it has been closed
                              for N days; 0 keeps them                [SAMLING_RETENTION_DAYS, default 0]
)";
}

}  // namespace samling::server
