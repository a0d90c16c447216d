// Who may come in, and how fast: workshop creation, joins, connections and commands per
// participant, the join code's rotation and who an HTTP request speaks for.
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <vector>

#include "tests/integration/test_client.hpp"

using namespace samling::test;
namespace srv = samling::server;

namespace {

json workshop_body(const std::string& title) {
    return json{{"title", title}, {"purpose", ""}, {"language", "en"}, {"facilitator_name", "Liv"}};
}

json hello_join(const workshop_link& w, const std::string& code, const std::string& name,
                const std::string& join_id = {}) {
    json hello{{"type", "hello"},
               {"protocol", 1},
               {"workshop", w.id},
               {"join_code", code},
               {"name", name}};
    if (!join_id.empty()) hello["join_id"] = join_id;
    return hello;
}

/** Participants present, as the public info endpoint counts them (the host included). */
int present(std::uint16_t port, const std::string& id) {
    return http_call(port, "GET", "/api/workshops/" + id).parsed()["participants"].get<int>();
}

}  // namespace

TEST_CASE("one address creates workshops at its rate, then gets 429 with Retry-After",
          "[integration][admission]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    const auto body = workshop_body("Rate").dump();
    int created = 0;
    http_reply refused;
    for (int i = 0; i < 50; ++i) {
        auto reply = http_call(server.port(), "POST", "/api/workshops", body);
        if (reply.status != 201) {
            refused = reply;
            break;
        }
        ++created;
    }
    CHECK(created == static_cast<int>(srv::limits::default_creations_per_minute));
    CHECK(refused.status == 429);
    CHECK(refused.parsed()["error"]["code"] == "rate_limited");
    REQUIRE_FALSE(refused.retry_after.empty());
    CHECK(std::stoi(refused.retry_after) >= 1);
    CHECK(std::stoi(refused.retry_after) <= 60);
}

TEST_CASE("workshops in memory stay under the cap, the least recently used idle one leaving first",
          "[integration][admission]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"),
                          [](srv::config& c) { c.admission.max_live_workshops = 3; });
    auto& counters = server.app->counters();
    const auto first = create_workshop(server.port(), "First");
    const auto second = create_workshop(server.port(), "Second");
    ws_client keeper(server.port());
    keeper.host(first);  // the oldest, but in use: it must stay
    keeper.expect("snapshot");
    const auto third = create_workshop(server.port(), "Third");
    const auto fourth = create_workshop(server.port(), "Fourth");
    CHECK(counters.live_workshops.load() == 3);
    CHECK(counters.workshops_unloaded.load() == 1);
    keeper.must({{"type", "workshop.rename"}, {"title", "Still here"}});
    // With every workshop in memory held by a connection, no other can be loaded or created.
    ws_client third_host(server.port());
    third_host.host(third);
    ws_client fourth_host(server.port());
    fourth_host.host(fourth);
    auto busy = http_call(server.port(), "POST", "/api/workshops", workshop_body("Fifth").dump());
    CHECK(busy.status == 503);
    CHECK(busy.parsed()["error"]["code"] == "unavailable");
    ws_client late(server.port());
    late.send({{"type", "hello"},
               {"protocol", 1},
               {"workshop", second.id},
               {"facilitator_key", second.facilitator_key}});
    CHECK(late.expect("error")["code"] == "unavailable");
    CHECK(counters.live_workshops.load() == 3);
}

TEST_CASE("the stored workshop cap answers clearly, also after a restart",
          "[integration][admission]") {
    temp_dir dir;
    const auto tune = [](srv::config& c) { c.admission.max_workshops = 2; };
    {
        running_server server(dir.file("samling.db"), tune);
        create_workshop(server.port());
        create_workshop(server.port());
        auto full =
            http_call(server.port(), "POST", "/api/workshops", workshop_body("Third").dump());
        CHECK(full.status == 507);
        CHECK(full.parsed()["error"]["code"] == "limit_reached");
        CHECK(full.parsed()["error"]["message"].get<std::string>().find("operator") !=
              std::string::npos);
    }
    running_server again(dir.file("samling.db"), tune);
    CHECK(http_call(again.port(), "POST", "/api/workshops", workshop_body("Third").dump()).status ==
          507);
}

TEST_CASE("one participant on many connections gets one participant's rate and connection count",
          "[integration][admission]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    const auto w = create_workshop(server.port());
    ws_client first(server.port());
    const std::string token = first.join(w, "Bo")["resume_token"];
    std::vector<std::unique_ptr<ws_client>> connections;
    for (std::size_t i = 1; i < srv::limits::connections_per_participant; ++i) {
        connections.push_back(std::make_unique<ws_client>(server.port()));
        connections.back()->resume(w, token, 0);
    }
    ws_client one_too_many(server.port());
    one_too_many.send(
        {{"type", "hello"}, {"protocol", 1}, {"workshop", w.id}, {"resume_token", token}});
    CHECK(one_too_many.expect("error")["code"] == "limit_reached");
    // Each connection stays under its own rate; together they are one person.
    constexpr int per_connection = 55;  // under the burst of one connection, far over one person's
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < per_connection; ++i) {
        first.command({{"type", "participant.rename"}, {"name", "Bo " + std::to_string(i)}});
        for (auto& c : connections)
            c->command({{"type", "participant.rename"}, {"name", "Bo " + std::to_string(i)}});
    }
    int acks = 0;
    int limited = 0;
    auto collect = [&](ws_client& c) {
        for (int answers = 0; answers < per_connection;) {
            auto frame = c.receive();
            REQUIRE(frame);
            const auto type = frame->value("type", "");
            if (type == "ack") ++acks;
            if (type == "error" && (*frame)["code"] == "rate_limited") ++limited;
            if (type == "ack" || type == "error") ++answers;
        }
    };
    collect(first);
    for (auto& c : connections) collect(*c);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const int sent = per_connection * static_cast<int>(connections.size() + 1);
    INFO("sent " << sent << ", stored " << acks << " in " << seconds << " s");
    CHECK(acks <= static_cast<int>(srv::limits::participant_command_burst +
                                   srv::limits::participant_commands_per_second * seconds) +
                      1);
    CHECK(limited == sent - acks);
    CHECK(limited > 0);
}

TEST_CASE("a venue's room joins at once from one address, and a flood of joins is bounded",
          "[integration][admission]") {
    temp_dir dir;
    {
        running_server server(dir.file("samling.db"));
        const auto w = create_workshop(server.port());
        // Sixty people behind one NAT open the link in the same moment: nobody is refused.
        std::vector<std::unique_ptr<ws_client>> room;
        for (int i = 0; i < 60; ++i) {
            room.push_back(std::make_unique<ws_client>(server.port()));
            room.back()->send(hello_join(w, w.join_code, "P" + std::to_string(i)));
        }
        for (auto& c : room) CHECK(c->expect("welcome").contains("resume_token"));
        CHECK(present(server.port(), w.id) == 61);
    }
    running_server server(dir.file("flood.db"), [](srv::config& c) {
        c.admission.join_burst = 5;
        c.admission.joins_per_second = 0.001;
    });
    const auto w = create_workshop(server.port());
    for (int i = 0; i < 5; ++i) ws_client(server.port()).join(w, "P" + std::to_string(i));
    ws_client refused(server.port());
    refused.send(hello_join(w, w.join_code, "Sixth"));
    auto error = refused.expect("error");
    CHECK(error["code"] == "rate_limited");
    CHECK(error["message"].get<std::string>().find("seconds") != std::string::npos);
    CHECK(present(server.port(), w.id) == 6);
    // The host, and those already in, are not joins: they come back whatever the join rate.
    ws_client host(server.port());
    host.host(w);
    // Another workshop has a bucket of its own.
    const auto other = create_workshop(server.port());
    ws_client(server.port()).join(other, "Elsewhere");
}

TEST_CASE(
    "the facilitator rotates the join code: old links fail, the new one works, also after a "
    "restart",
    "[integration][admission]") {
    temp_dir dir;
    workshop_link w;
    std::string code;
    std::string participant_token;
    {
        running_server server(dir.file("samling.db"));
        w = create_workshop(server.port());
        const std::string path = "/api/workshops/" + w.id + "/join-code";
        ws_client member(server.port());
        participant_token = member.join(w, "Bo")["resume_token"];
        CHECK(http_call(server.port(), "POST", path).status == 401);
        CHECK(http_call(server.port(), "POST", path, {}, {}, participant_token).status == 401);
        auto rotated = http_call(server.port(), "POST", path, {}, {}, w.facilitator_key);
        REQUIRE(rotated.status == 201);
        code = rotated.parsed()["join_code"];
        CHECK(code != w.join_code);
        CHECK(code.size() >= 22);
        const std::string url = rotated.parsed()["participant_url"];
        CHECK(url.ends_with("/w/" + w.id + "#join=" + code));
        ws_client old_link(server.port());
        old_link.send(hello_join(w, w.join_code, "Late"));
        auto error = old_link.expect("error");
        CHECK(error["code"] == "bad_credentials");
        CHECK(error["message"].get<std::string>().find("new one") != std::string::npos);
        ws_client fresh(server.port());
        fresh.join(workshop_link{w.id, w.facilitator_key, code}, "On time");
        // Someone already in stays in.
        member.must({{"type", "participant.rename"}, {"name", "Bo B."}});
    }
    running_server again(dir.file("samling.db"));
    ws_client old_link(again.port());
    old_link.send(hello_join(w, w.join_code, "Later"));
    CHECK(old_link.expect("error")["code"] == "bad_credentials");
    ws_client fresh(again.port());
    fresh.join(workshop_link{w.id, w.facilitator_key, code}, "Next morning");
    ws_client member(again.port());
    member.resume(w, participant_token, 0);
}

TEST_CASE("a retried join with the same join id is the same participant",
          "[integration][admission]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    const auto w = create_workshop(server.port());
    const std::string join_id = "3f9c2a7d5e1b4c8a9d0e6f2b7a1c5d3e";
    ws_client first(server.port());
    first.send(hello_join(w, w.join_code, "Åse", join_id));
    auto welcome = first.expect("welcome");
    // The welcome was lost with the network: the client says the same hello again.
    ws_client retry(server.port());
    retry.send(hello_join(w, w.join_code, "Åse", join_id));
    auto again = retry.expect("welcome");
    CHECK(again["participant"] == welcome["participant"]);
    const std::string token = again["resume_token"];
    CHECK(token != welcome["resume_token"].get<std::string>());
    CHECK(present(server.port(), w.id) == 2);
    // The new token resumes; so does the first one, which was stored too.
    ws_client resumed(server.port());
    CHECK(resumed.resume(w, token, 0)["participant"] == welcome["participant"]);
    // Another join id is another person; a short one is refused as guessable.
    ws_client other(server.port());
    other.send(hello_join(w, w.join_code, "Bo", "a0b1c2d3e4f5a6b7c8d9"));
    CHECK(other.expect("welcome")["participant"] != welcome["participant"]);
    ws_client short_id(server.port());
    short_id.send(hello_join(w, w.join_code, "Cy", "abc"));
    CHECK(short_id.expect("error")["code"] == "bad_message");
    CHECK(present(server.port(), w.id) == 3);
}

TEST_CASE("co-facilitators download exports and manage the links, with their sign-in",
          "[integration][admission]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    const auto w = create_workshop(server.port());
    ws_client host(server.port());
    host.host(w);
    ws_client co(server.port());
    auto welcome = co.join(w, "Ada");
    const std::string token = welcome["resume_token"];
    ws_client plain(server.port());
    const std::string plain_token = plain.join(w, "Bo")["resume_token"];
    const std::string base = "/api/workshops/" + w.id;
    CHECK(http_call(server.port(), "GET", base + "/export.md", {}, {}, token).status == 401);
    host.must({{"type", "participant.promote"}, {"participant", welcome["participant"]}});
    for (const char* ext : {"md", "html", "csv", "json"}) {
        INFO(ext);
        CHECK(http_call(server.port(), "GET", base + "/export." + ext, {}, {}, token).status ==
              200);
        CHECK(
            http_call(server.port(), "GET", base + "/export." + ext, {}, {}, plain_token).status ==
            401);
    }
    auto link = http_call(server.port(), "POST", base + "/organiser-link", {}, {}, token);
    REQUIRE(link.status == 201);
    // No link Samling hands out carries a key in its query.
    const json answer = link.parsed();
    const std::string organiser = answer["organiser_key"];
    CHECK(answer["organiser_url"].get<std::string>().ends_with("/w/" + w.id + "#view=summary&organiser=" +
                                                               organiser));
    for (const auto& [ext, url] : answer["exports"].items()) {
        INFO(url);
        CHECK(url.get<std::string>().find('?') == std::string::npos);
        CHECK(http_call(server.port(), "GET", base + "/export." + ext, {}, {}, organiser).status ==
              200);
    }
    CHECK(http_call(server.port(), "POST", base + "/organiser-link", {}, {}, organiser).status ==
          401);
    CHECK(http_call(server.port(), "POST", base + "/join-code", {}, {}, token).status == 201);
    CHECK(http_call(server.port(), "POST", base + "/join-code", {}, {}, plain_token).status == 401);
    CHECK(
        http_call(server.port(), "DELETE", base + "/organiser-link", {}, {}, plain_token).status ==
        401);
    // A removed co-facilitator's token opens nothing any more.
    host.must({{"type", "participant.remove"}, {"participant", welcome["participant"]}});
    CHECK(http_call(server.port(), "GET", base + "/export.md", {}, {}, token).status == 401);
    CHECK(http_call(server.port(), "DELETE", base + "/organiser-link", {}, {}, token).status ==
          401);
}
