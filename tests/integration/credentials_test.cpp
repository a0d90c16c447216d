// Credentials belong to one workshop: a key, join code, resume token or organiser key of one
// workshop opens nothing in another, and a refused hello leaves no trace.
#include <catch2/catch.hpp>

#include "tests/integration/test_client.hpp"

using namespace samling::test;

namespace {

json refused_hello(ws_client& client, json hello) {
    hello["type"] = "hello";
    hello["protocol"] = 1;
    client.send(hello);
    return client.expect("error");
}

}  // namespace

TEST_CASE("credentials of one workshop open nothing in another", "[integration][authz]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    const auto mine = create_workshop(server.port(), "Skolevejen");
    const auto theirs = create_workshop(server.port(), "Havnebadet");
    ws_client ada(server.port());
    const std::string token = ada.join(mine, "Åse")["resume_token"];

    ws_client intruder(server.port());
    for (const json& hello : {json{{"workshop", theirs.id}, {"facilitator_key", mine.facilitator_key}},
                              json{{"workshop", theirs.id}, {"join_code", mine.join_code}, {"name", "Mallory"}},
                              json{{"workshop", theirs.id}, {"resume_token", token}},
                              json{{"workshop", theirs.id}, {"facilitator_key", mine.join_code}},
                              json{{"workshop", mine.id}, {"facilitator_key", token}}}) {
        INFO(hello.dump());
        CHECK(refused_hello(intruder, hello)["code"] == "bad_credentials");
    }
    // The connection stays usable, and the refusals joined no one anywhere.
    const auto welcome = intruder.host(theirs);
    CHECK(welcome["participant"] == 1);
    auto snapshot = intruder.expect("snapshot");
    CHECK(snapshot["workshop"]["participants"].size() == 1);

    const std::string link = "/api/workshops/" + mine.id + "/organiser-link?key=" + mine.facilitator_key;
    const std::string organiser = http_call(server.port(), "POST", link).parsed()["organiser_key"];
    CHECK(http_call(server.port(), "GET", "/api/workshops/" + mine.id + "/export.md?key=" + organiser).status == 200);
    CHECK(http_call(server.port(), "GET", "/api/workshops/" + theirs.id + "/export.md?key=" + organiser).status == 401);
    CHECK(http_call(server.port(), "GET", "/api/workshops/" + theirs.id + "/export.json?key=" + mine.facilitator_key).status ==
          401);
    CHECK(http_call(server.port(), "POST", "/api/workshops/" + theirs.id + "/organiser-link?key=" + mine.facilitator_key)
              .status == 401);
}
