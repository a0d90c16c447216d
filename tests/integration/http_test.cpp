// The HTTP side: API, health, metrics, origins, limits.
#include <catch2/catch.hpp>

#include "server/beast.hpp"
#include "tests/integration/test_client.hpp"

using namespace samling::test;
namespace srv = samling::server;

namespace {

/** A TCP connection to the server from the loopback address `source` (all of 127/8 is local). */
srv::tcp::socket connect_from(srv::net::io_context& io, std::uint16_t port, const std::string& source) {
    srv::tcp::socket socket(io);
    socket.open(srv::tcp::v4());
    socket.bind(srv::tcp::endpoint(srv::net::ip::make_address(source), 0));
    socket.connect(srv::tcp::endpoint(srv::net::ip::make_address("127.0.0.1"), port));
    return socket;
}

/** The status of GET /healthz asked from `source`. */
int health_from(std::uint16_t port, const std::string& source) {
    srv::net::io_context io;
    srv::beast::tcp_stream stream(connect_from(io, port, source));
    stream.expires_after(std::chrono::seconds(10));
    srv::http::request<srv::http::string_body> request{srv::http::verb::get, "/healthz", 11};
    request.set(srv::http::field::host, "127.0.0.1");
    srv::http::write(stream, request);
    srv::beast::flat_buffer buffer;
    srv::http::response<srv::http::string_body> response;
    srv::http::read(stream, buffer, response);
    return static_cast<int>(response.result_int());
}

}  // namespace

TEST_CASE("creating a workshop returns links with 128-bit secrets", "[integration][http]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    auto reply = http_call(server.port(), "POST", "/api/workshops",
                           json{{"title", "Kommunalvalg"}, {"language", "sv"}}.dump());
    REQUIRE(reply.status == 201);
    auto body = reply.parsed();
    CHECK(body["facilitator_key"].get<std::string>().size() >= 26);
    CHECK(body["join_code"].get<std::string>().size() >= 26);
    CHECK(body["facilitator_key"] != body["join_code"]);
    CHECK(body["participant_url"].get<std::string>().find("/w/" + body["id"].get<std::string>() + "#join=") !=
          std::string::npos);
    auto info = http_call(server.port(), "GET", "/api/workshops/" + body["id"].get<std::string>());
    CHECK(info.status == 200);
    CHECK(info.parsed()["language"] == "sv");
    CHECK(info.parsed()["phase"] == "welcome");
    CHECK(info.body.find("join_code") == std::string::npos);
}

TEST_CASE("bad workshop requests get coded errors", "[integration][http]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    auto bad_json = http_call(server.port(), "POST", "/api/workshops", "{not json");
    CHECK(bad_json.status == 400);
    CHECK(bad_json.parsed()["error"]["code"] == "bad_json");
    auto no_title = http_call(server.port(), "POST", "/api/workshops", json{{"title", ""}}.dump());
    CHECK(no_title.status == 400);
    auto long_title = http_call(server.port(), "POST", "/api/workshops", json{{"title", std::string(201, 'a')}}.dump());
    CHECK(long_title.status == 400);
    auto bad_language = http_call(server.port(), "POST", "/api/workshops", json{{"title", "T"}, {"language", "fr"}}.dump());
    CHECK(bad_language.status == 400);
    CHECK(bad_language.parsed()["error"]["code"] == "invalid_value");
    CHECK(http_call(server.port(), "GET", "/api/workshops/nosuchworkshop").status == 404);
    CHECK(http_call(server.port(), "GET", "/api/workshops/../../etc").status == 404);
    auto too_big = http_call(server.port(), "POST", "/api/workshops", std::string(70 * 1024, ' '));
    CHECK(too_big.status == 413);
}

TEST_CASE("a workshop's title and host name refuse text that could display as something else", "[integration][http]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    const auto spoofed = http_call(server.port(), "POST", "/api/workshops",
                                   json{{"title", "Møde"}, {"facilitator_name", "Liv \u202Eresu"}}.dump());
    CHECK(spoofed.status == 400);
    CHECK(spoofed.parsed()["error"]["code"] == "invalid_text");
    CHECK(spoofed.parsed()["error"]["message"].get<std::string>().find("\"facilitator_name\"") != std::string::npos);
    const auto two_lines = http_call(server.port(), "POST", "/api/workshops", json{{"title", "Møde\u2028Admin"}}.dump());
    CHECK(two_lines.parsed()["error"]["code"] == "invalid_text");
    const auto too_long = http_call(server.port(), "POST", "/api/workshops", json{{"title", std::string(201, 'a')}}.dump());
    CHECK(too_long.parsed()["error"]["code"] == "text_too_long");
    // In the purpose, a multi-line text, a paragraph separator is a line break.
    CHECK(http_call(server.port(), "POST", "/api/workshops", json{{"title", "T"}, {"purpose", "a\u2029b"}}.dump()).status == 201);
}

TEST_CASE("a server with a creation key lets only its holders create workshops", "[integration][http]") {
    temp_dir dir;
    const std::string key = "radhus-nogle-42";
    running_server server(dir.file("samling.db"), [&](samling::server::config& c) { c.create_key = key; });
    auto info = http_call(server.port(), "GET", "/api/server");
    REQUIRE(info.status == 200);
    CHECK(info.parsed()["create_requires_key"] == true);
    CHECK(info.parsed()["protocol"] == 1);
    CHECK(info.parsed()["languages"].size() == 4);
    const std::string body = json{{"title", "Borgermøde"}}.dump();
    auto anonymous = http_call(server.port(), "POST", "/api/workshops", body);
    CHECK(anonymous.status == 401);
    CHECK(anonymous.parsed()["error"]["code"] == "bad_credentials");
    CHECK(http_call(server.port(), "POST", "/api/workshops?key=wrong-key-entirely", body).status == 401);
    CHECK(http_call(server.port(), "POST", "/api/workshops?key=" + key.substr(0, key.size() - 1), body).status == 401);
    CHECK(http_call(server.port(), "POST", "/api/workshops?key=" + key, body).status == 201);
}

TEST_CASE("an open server says so and needs no key", "[integration][http]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    CHECK(http_call(server.port(), "GET", "/api/server").parsed()["create_requires_key"] == false);
    CHECK(http_call(server.port(), "POST", "/api/workshops?key=anything", json{{"title", "T"}}.dump()).status == 201);
}

TEST_CASE("health and metrics answer", "[integration][http]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    create_workshop(server.port());
    auto health = http_call(server.port(), "GET", "/healthz");
    CHECK(health.status == 200);
    CHECK(health.parsed()["status"] == "ok");
    auto metrics = http_call(server.port(), "GET", "/metrics");
    CHECK(metrics.status == 200);
    CHECK(metrics.body.find("samling_live_workshops 1") != std::string::npos);
    CHECK(metrics.body.find("samling_commit_seconds_bucket") != std::string::npos);
    CHECK(metrics.body.find("samling_websocket_connections") != std::string::npos);
}

TEST_CASE("the web client is served with a strict CSP, HEAD included", "[integration][http]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    auto page = http_call(server.port(), "GET", "/w/abc123");
    CHECK(page.status == 200);
    CHECK(page.content_type == "text/html; charset=utf-8");
    CHECK(page.body.find("<!doctype html>") == 0);
    CHECK(page.csp.find("default-src 'self'") != std::string::npos);
    CHECK(page.csp.find("frame-ancestors 'none'") != std::string::npos);
    auto head = http_call(server.port(), "HEAD", "/w/abc123");
    CHECK(head.status == 200);
    CHECK(head.body.empty());
    CHECK(head.content_length == std::to_string(page.body.size()));
    CHECK(http_call(server.port(), "GET", "/style.css").content_type == "text/css; charset=utf-8");
    CHECK(http_call(server.port(), "GET", "/../../etc/passwd").status == 404);
    CHECK(http_call(server.port(), "GET", "/%2e%2e/%2e%2e/etc/passwd").status == 404);
    CHECK(http_call(server.port(), "GET", "/nothing-here.js").status == 404);
}

TEST_CASE("WebSocket handshakes from foreign or null origins are refused", "[integration][http]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    const std::string self = "http://127.0.0.1:" + std::to_string(server.port());
    CHECK_NOTHROW(ws_client(server.port(), self));
    CHECK_THROWS(ws_client(server.port(), "https://evil.example"));
    CHECK_THROWS(ws_client(server.port(), "null"));
}

TEST_CASE("too many connections from one address are refused", "[integration][http]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"), [](auto& c) { c.max_connections_per_ip = 3; });
    ws_client a(server.port()), b(server.port()), c(server.port());
    CHECK_THROWS(ws_client(server.port()));
    auto refused = http_call(server.port(), "GET", "/healthz");
    CHECK(refused.status == 429);
}

TEST_CASE("connections are counted per address and in all, and a closed one frees its place", "[integration][http]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"), [](auto& c) {
        c.max_connections_per_ip = 2;
        c.max_connections = 3;
    });
    const auto port = server.port();
    srv::net::io_context io;
    auto first = std::make_unique<srv::tcp::socket>(connect_from(io, port, "127.0.0.1"));
    auto second = connect_from(io, port, "127.0.0.1");
    CHECK(health_from(port, "127.0.0.1") == 429);  // a third from the same address
    CHECK(health_from(port, "127.0.0.2") == 200);  // another address has its own count
    // That one has gone only when the server has seen it close: until then it holds a place.
    REQUIRE(wait_until([&] { return server.app->counters().http_connections.load(std::memory_order_acquire) == 2; }));
    auto third = connect_from(io, port, "127.0.0.2");
    CHECK(health_from(port, "127.0.0.3") == 429);  // three in all
    CHECK(server.app->counters().connections_refused.load() == 2);
    // Once a connection closes, its place is free again (the server notices in its own time).
    first.reset();
    CHECK(wait_until([&] { return health_from(port, "127.0.0.1") == 200; }));
}

TEST_CASE("idle workshops leave memory and come back whole on next use", "[integration][http]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"), [](samling::server::config& c) {
        c.rooms.idle_unload = std::chrono::milliseconds(0);
        c.rooms.sweep_interval = std::chrono::milliseconds(20);
    });
    auto& counters = server.app->counters();
    const auto busy = create_workshop(server.port());
    const auto quiet = create_workshop(server.port());
    std::uint64_t group = 0;
    {
        ws_client host(server.port());
        host.host(quiet);
        host.expect("snapshot");
        group = open_group(host, "Grønne tage 🌱");
        host.must({{"type", "note.add"}, {"group", group}, {"text", "Sedum på cykelskurene"}});
    }
    ws_client keeper(server.port());
    keeper.host(busy);
    keeper.expect("snapshot");
    // The quiet workshop goes once its host has left; the one with a connection stays. (The busy
    // one may have gone and come back before its keeper connected: only the count of live ones
    // tells that the quiet one has left.)
    REQUIRE(wait_until([&] { return counters.live_workshops.load() == 1; }));
    CHECK(counters.workshops_unloaded.load() >= 1);
    keeper.must({{"type", "workshop.set_phase"}, {"phase", "marketplace"}});
    // Using the quiet one again loads it from storage with everything it had.
    ws_client again(server.port());
    again.host(quiet);
    auto snapshot = again.expect("snapshot");
    CHECK(snapshot.dump().find("Sedum på cykelskurene") != std::string::npos);
    CHECK(counters.live_workshops.load() == 2);
}
