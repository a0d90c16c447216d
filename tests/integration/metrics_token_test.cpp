// /metrics behind --metrics-token: only a request with the token as a bearer token reads it.
#include <catch2/catch.hpp>

#include "server/beast.hpp"
#include "tests/integration/test_client.hpp"

using namespace samling::test;
namespace srv = samling::server;

namespace {

struct answer {
    unsigned status = 0;
    std::string body;
    std::string www_authenticate;
};

/** GET `target` with `authorization` as its Authorization header (none when empty). */
answer get(std::uint16_t port, const std::string& target, const std::string& authorization = {}) {
    srv::net::io_context io;
    srv::tcp::socket socket(io);
    socket.connect(srv::tcp::endpoint(srv::net::ip::make_address("127.0.0.1"), port));
    srv::http::request<srv::http::empty_body> request{srv::http::verb::get, target, 11};
    request.set(srv::http::field::host, "127.0.0.1");
    if (!authorization.empty()) request.set(srv::http::field::authorization, authorization);
    srv::http::write(socket, request);
    srv::beast::flat_buffer buffer;
    srv::http::response<srv::http::string_body> response;
    srv::http::read(socket, buffer, response);
    return {response.result_int(), response.body(), std::string(response[srv::http::field::www_authenticate])};
}

}  // namespace

TEST_CASE("with a metrics token, /metrics needs it as a bearer token", "[integration][http][metrics]") {
    temp_dir dir;
    const std::string token = "scrape-2026-Zk3pQ9wX";
    running_server server(dir.file("samling.db"), [&](srv::config& c) { c.metrics_token = token; });
    const std::vector<std::string> wrong_headers{"", "Bearer", "Bearer scrape-2026-Zk3pQ9wx", "Basic " + token,
                                                 "Bearer " + token + "x", "Bearer" + token};
    for (const auto& wrong : wrong_headers) {
        INFO("Authorization: " << wrong);
        const auto refused = get(server.port(), "/metrics", wrong);
        CHECK(refused.status == 401);
        CHECK(refused.www_authenticate == "Bearer");
        CHECK(refused.body.find("samling_") == std::string::npos);
        CHECK(refused.body.find("bad_credentials") != std::string::npos);
    }
    // The token in the URL does not count: it would end up in access logs.
    CHECK(get(server.port(), "/metrics?key=" + token).status == 401);
    const auto allowed = get(server.port(), "/metrics", "Bearer " + token);
    CHECK(allowed.status == 200);
    CHECK(allowed.body.find("samling_live_workshops") != std::string::npos);
    // The scheme's name is case-insensitive (RFC 9110).
    CHECK(get(server.port(), "/metrics", "bearer " + token).status == 200);
    // Health stays open to the load balancer.
    CHECK(get(server.port(), "/healthz").status == 200);
}

TEST_CASE("without a metrics token, /metrics stays public", "[integration][http][metrics]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    CHECK(get(server.port(), "/metrics").status == 200);
    CHECK(get(server.port(), "/metrics", "Bearer anything").status == 200);
}
