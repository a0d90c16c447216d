// The wall's credential and the short join code against the real server: a read-only wall that
// every command is refused on, its revocation, joining by short code, its rotation and the
// rate limit on look-ups.
#include <algorithm>
#include <catch2/catch.hpp>

#include "protocol/messages.hpp"
#include "server/limits.hpp"
#include "tests/integration/test_client.hpp"

using namespace samling::test;

namespace {

json wall_hello(ws_client& wall, const workshop_link& w, const std::string& key) {
    wall.send({{"type", "hello"}, {"protocol", 1}, {"workshop", w.id}, {"wall_key", key}});
    auto reply = wall.receive();
    REQUIRE(reply);
    return *reply;
}

/** One body that every command decodes from: fields a command does not name are ignored. */
json any_command(std::string_view type, const std::string& op) {
    return {{"type", std::string(type)}, {"op", op}, {"theme", 1}, {"group", 1}, {"room", 1}, {"slot", 1}, {"note", 1},
            {"section", 1}, {"step", 1}, {"participant", 2}, {"into", 2}, {"title", "Tag"}, {"text", "Tekst"},
            {"name", "Navn"}, {"label", "Runde"}, {"start", "10:00"}, {"end", "11:00"}, {"phase", "voting"},
            {"language", "sv"}, {"purpose", "Formål"}, {"duration_seconds", 60}, {"seconds", 60}, {"position", 0},
            {"capacity", 5}, {"short_code", "123456"}, {"convener", 0}, {"content", "keep"}};
}

}  // namespace

TEST_CASE("the wall link opens a read-only connection on which every command is refused", "[integration][wall]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    auto reply = http_call(server.port(), "POST", "/api/workshops", R"({"title":"Havnen","language":"da"})");
    REQUIRE(reply.status == 201);
    const json created = reply.parsed();
    const workshop_link w{created["id"], created["facilitator_key"], created["join_code"], created["wall_key"],
                          created["short_code"]};
    const std::string url = created["wall_url"];
    CHECK(url.ends_with("/w/" + w.id + "#view=wall&wall=" + w.wall_key));
    CHECK(url.find(w.facilitator_key) == std::string::npos);
    CHECK(url.find(w.join_code) == std::string::npos);
    CHECK(created["short_url"].get<std::string>().ends_with("/j/" + w.short_code));

    ws_client wall(server.port());
    const json welcome = wall_hello(wall, w, w.wall_key);
    CHECK(welcome["type"] == "welcome");
    CHECK(welcome["view"] == "wall");
    CHECK(welcome["participant"] == 0);
    CHECK(wall.expect("snapshot")["workshop"]["short_code"] == w.short_code);

    int refused = 0;
    for (auto name : samling::protocol::command_names()) {
        if (!samling::protocol::is_client_command(name)) continue;
        const std::string op = "wall-" + std::to_string(refused);
        wall.send(any_command(name, op));
        const json error = wall.expect("error");
        INFO(name);
        CHECK(error["op"] == op);
        CHECK(error["code"] == "forbidden");
        ++refused;
    }
    const auto client_commands = std::ranges::count_if(samling::protocol::command_names(), [](auto name) {
        return samling::protocol::is_client_command(name);
    });
    CHECK(client_commands > 50);
    CHECK(refused == client_commands);

    // Nothing was stored, and what the host does reaches the wall live.
    ws_client host(server.port());
    host.host(w);
    CHECK(host.expect("snapshot")["seq"] == 1);
    const std::string op = host.command({{"type", "message.post"}, {"text", std::string(281, 'x')}});
    const json too_long = host.expect("error");
    CHECK(too_long["op"] == op);
    CHECK(too_long["code"] == "text_too_long");
    host.must({{"type", "message.post"}, {"text", "Runde 2 starter nu"}});
    const json events = wall.expect("events");
    CHECK(events["events"][0]["type"] == "message.posted");
    CHECK(events["events"][0]["text"] == "Runde 2 starter nu");
}

TEST_CASE("revoking the wall link closes the walls, and a new link replaces it", "[integration][wall]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    const auto w = create_workshop(server.port());
    ws_client wall(server.port());
    REQUIRE(wall_hello(wall, w, w.wall_key)["type"] == "welcome");
    const std::string link = "/api/workshops/" + w.id + "/wall-link";

    CHECK(http_call(server.port(), "DELETE", link + "?key=" + w.wall_key).status == 401);
    CHECK(http_call(server.port(), "DELETE", link + "?key=" + w.facilitator_key).status == 200);
    CHECK(wall.wait_close().code == samling::server::close_codes::wall_revoked);
    ws_client late(server.port());
    const json refused = wall_hello(late, w, w.wall_key);
    CHECK(refused["type"] == "error");
    CHECK(refused["code"] == "bad_credentials");

    const json fresh = http_call(server.port(), "POST", link + "?key=" + w.facilitator_key).parsed();
    const std::string key = fresh["wall_key"];
    CHECK(fresh["wall_url"].get<std::string>().ends_with("#view=wall&wall=" + key));
    CHECK(wall_hello(late, w, key)["type"] == "welcome");
}

TEST_CASE("a short code leads to its workshop, joins, rotates and survives a restart", "[integration][wall]") {
    temp_dir dir;
    workshop_link w;
    std::string rotated;
    {
        running_server server(dir.file("samling.db"));
        w = create_workshop(server.port());
        REQUIRE(w.short_code.size() == 6);
        auto found = http_call(server.port(), "GET", "/api/codes/" + w.short_code);
        CHECK(found.status == 200);
        CHECK(found.parsed()["workshop"] == w.id);
        CHECK(http_call(server.port(), "GET", "/j/" + w.short_code).content_type.starts_with("text/html"));

        ws_client ada(server.port());
        ada.send({{"type", "hello"}, {"protocol", 1}, {"workshop", w.id}, {"short_code", w.short_code}, {"name", "Åse"}});
        const json welcome = ada.expect("welcome");
        CHECK(welcome["participant"] == 2);
        CHECK(welcome.contains("resume_token"));

        ws_client host(server.port());
        host.host(w);
        host.must({{"type", "short_code.rotate"}, {"short_code", w.short_code}});
        const json ev = ada.expect("events")["events"][0];
        CHECK(ev["type"] == "short_code.rotated");
        rotated = ev["short_code"];
        CHECK(rotated.size() == 6);
        CHECK(rotated != w.short_code);
        CHECK(http_call(server.port(), "GET", "/api/codes/" + w.short_code).status == 404);
        ws_client late(server.port());
        late.send({{"type", "hello"}, {"protocol", 1}, {"workshop", w.id}, {"short_code", w.short_code}, {"name", "Bo"}});
        CHECK(late.expect("error")["code"] == "bad_credentials");
    }
    running_server again(dir.file("samling.db"));
    CHECK(http_call(again.port(), "GET", "/api/codes/" + rotated).parsed()["workshop"] == w.id);
    ws_client wall(again.port());
    CHECK(wall_hello(wall, w, w.wall_key)["type"] == "welcome");
}

TEST_CASE("short-code look-ups are rate-limited per address", "[integration][wall][limits]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    const auto burst = static_cast<int>(samling::server::limits::code_lookup_burst);
    for (int i = 0; i < burst; ++i) {
        const auto reply = http_call(server.port(), "GET", "/api/codes/00000" + std::to_string(i % 10));
        INFO(reply.body);
        CHECK(reply.status == 404);
        CHECK(reply.parsed()["error"]["code"] == "not_found");
    }
    const auto limited = http_call(server.port(), "GET", "/api/codes/000000");
    CHECK(limited.status == 429);
    CHECK(limited.parsed()["error"]["code"] == "rate_limited");
    CHECK(std::stoi(limited.retry_after) >= 1);
    // Other routes are not limited by it.
    CHECK(http_call(server.port(), "GET", "/api/server").status == 200);
}
