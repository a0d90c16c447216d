// `samling serve` settings: flags, environment variables and the messages for bad values.
#include <catch2/catch.hpp>

#include <map>

#include "server/config.hpp"

using samling::server::config;
using samling::server::parse_serve_arguments;

namespace {

samling::server::config_result parse(const std::vector<std::string>& args,
                                     const std::map<std::string, std::string>& env = {}) {
    return parse_serve_arguments(args, [&](const std::string& name) -> std::optional<std::string> {
        if (auto it = env.find(name); it != env.end()) return it->second;
        return std::nullopt;
    });
}

std::string error_of(const samling::server::config_result& result) {
    const auto* message = std::get_if<std::string>(&result);
    return message ? *message : std::string();
}

}  // namespace

TEST_CASE("defaults hold without flags or environment", "[config]") {
    auto result = parse({});
    REQUIRE(std::holds_alternative<config>(result));
    const auto& c = std::get<config>(result);
    CHECK(c.port == 8080);
    CHECK(c.db == "./samling.db");
    CHECK(c.create_key.empty());
    CHECK(c.max_connections_per_ip == samling::server::limits::default_connections_per_ip);
}

TEST_CASE("flags win over environment variables", "[config]") {
    auto result = parse({"--port", "9000", "--public-url=https://møde.example/"},
                        {{"SAMLING_PORT", "7000"}, {"SAMLING_DB", "/tmp/x.db"}, {"SAMLING_CREATE_KEY", "abcdefghijkl"}});
    REQUIRE(std::holds_alternative<config>(result));
    const auto& c = std::get<config>(result);
    CHECK(c.port == 9000);
    CHECK(c.db == "/tmp/x.db");
    CHECK(c.public_url == "https://møde.example");
    CHECK(c.create_key == "abcdefghijkl");
}

TEST_CASE("bad settings are refused with a message naming them", "[config]") {
    CHECK(error_of(parse({"--port", "70000"})).find("--port") != std::string::npos);
    CHECK(error_of(parse({"--port"})).find("needs a value") != std::string::npos);
    CHECK(error_of(parse({"--colour", "blue"})).find("Unknown option --colour") != std::string::npos);
    CHECK(error_of(parse({"stray"})).find("Unexpected argument") != std::string::npos);
    CHECK(error_of(parse({}, {{"SAMLING_THREADS", "many"}})).rfind("SAMLING_THREADS: ", 0) == 0);
    CHECK(error_of(parse({"--max-connections", "0"})).find("positive") != std::string::npos);
}

TEST_CASE("a creation key must be long enough and plain ASCII", "[config]") {
    CHECK(error_of(parse({"--create-key", "short"})).find("at least 12") != std::string::npos);
    CHECK(error_of(parse({"--create-key", "nøgle-til-rådhuset"})).find("printable ASCII") != std::string::npos);
    CHECK(error_of(parse({"--create-key", "two words here"})).find("printable ASCII") != std::string::npos);
    auto ok = parse({"--create-key", "Radhus-2026-key"});
    REQUIRE(std::holds_alternative<config>(ok));
    CHECK(std::get<config>(ok).create_key == "Radhus-2026-key");
}

TEST_CASE("admission limits take flags and environment variables, and default to the named constants", "[config]") {
    namespace limits = samling::server::limits;
    auto defaults = parse({});
    REQUIRE(std::holds_alternative<config>(defaults));
    const auto& d = std::get<config>(defaults).admission;
    CHECK(d.creations_per_minute == limits::default_creations_per_minute);
    CHECK(d.max_live_workshops == limits::default_max_live_workshops);
    CHECK(d.max_workshops == limits::default_max_workshops);
    CHECK(d.join_burst == limits::default_join_burst);
    auto result = parse({"--create-rate", "3", "--max-live-workshops=50", "--join-burst", "400"},
                        {{"SAMLING_MAX_WORKSHOPS", "70"}, {"SAMLING_CREATE_RATE", "9"}});
    REQUIRE(std::holds_alternative<config>(result));
    const auto& a = std::get<config>(result).admission;
    CHECK(a.creations_per_minute == 3);
    CHECK(a.max_live_workshops == 50);
    CHECK(a.max_workshops == 70);
    CHECK(a.join_burst == 400);
    CHECK(error_of(parse({"--join-burst", "0"})).find("positive") != std::string::npos);
    for (const char* flag : {"--create-rate", "--max-live-workshops", "--max-workshops", "--join-burst"}) {
        CHECK(samling::server::usage_text().find(flag) != std::string::npos);
    }
}

TEST_CASE("a metrics token comes from the flag or the environment, long enough and plain ASCII", "[config]") {
    CHECK(std::get<config>(parse({})).metrics_token.empty());
    CHECK(error_of(parse({"--metrics-token", "short-token"})).find("at least 16") != std::string::npos);
    CHECK(error_of(parse({"--metrics-token", "målepunkt-hemmelighed"})).find("printable ASCII") != std::string::npos);
    CHECK(error_of(parse({}, {{"SAMLING_METRICS_TOKEN", "too short"}})).rfind("SAMLING_METRICS_TOKEN: ", 0) == 0);
    auto from_env = parse({}, {{"SAMLING_METRICS_TOKEN", "scrape-2026-abcdefgh"}});
    REQUIRE(std::holds_alternative<config>(from_env));
    CHECK(std::get<config>(from_env).metrics_token == "scrape-2026-abcdefgh");
    auto flag_wins = parse({"--metrics-token=scrape-flag-12345678"}, {{"SAMLING_METRICS_TOKEN", "scrape-2026-abcdefgh"}});
    REQUIRE(std::holds_alternative<config>(flag_wins));
    CHECK(std::get<config>(flag_wins).metrics_token == "scrape-flag-12345678");
}
