// Every facilitator's console can show the participant link: the join code reaches each
// facilitator connection (the host's on any laptop, a co-facilitator's) and nobody else.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/integration/test_client.hpp"

using namespace samling::test;

namespace {

/** Every frame up to and including the ack of a command sent now, as text. */
std::vector<std::string> frames_until_ack(ws_client& client) {
    const std::string op = client.command({{"type", "participant.rename"}, {"name", "Ny Navn"}});
    std::vector<std::string> frames;
    for (;;) {
        auto frame = client.receive();
        REQUIRE(frame);
        frames.push_back(frame->dump());
        if (frame->value("type", "") == "ack" && frame->value("op", "") == op) return frames;
    }
}

bool mentions(const std::vector<std::string>& frames, const std::string& text) {
    for (const auto& frame : frames) {
        if (frame.find(text) != std::string::npos) return true;
    }
    return false;
}

json wall_welcome(ws_client& wall, const workshop_link& w) {
    wall.send({{"type", "hello"}, {"protocol", 1}, {"workshop", w.id}, {"wall_key", w.wall_key}});
    return wall.expect("welcome");
}

}  // namespace

TEST_CASE("the host's welcome carries the join code on every laptop and participants, observers and the wall get none",
          "[integration][links]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    const auto w = create_workshop(server.port());
    ws_client first(server.port());
    CHECK(first.host(w)["join_code"] == w.join_code);
    ws_client second_laptop(server.port());
    CHECK(second_laptop.host(w)["join_code"] == w.join_code);

    ws_client participant(server.port());
    CHECK_FALSE(participant.join(w, "Åse").contains("join_code"));
    CHECK_FALSE(mentions(frames_until_ack(participant), w.join_code));
    ws_client observer(server.port());
    CHECK_FALSE(observer.join(w, "Bo", "observer").contains("join_code"));
    CHECK_FALSE(mentions(frames_until_ack(observer), w.join_code));
    ws_client wall(server.port());
    const json welcome = wall_welcome(wall, w);
    CHECK_FALSE(welcome.contains("join_code"));
    CHECK_FALSE(mentions({wall.expect("snapshot").dump()}, w.join_code));
}

TEST_CASE("a promoted co-facilitator is handed the join code at once and in every later welcome",
          "[integration][links]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    const auto w = create_workshop(server.port());
    ws_client host(server.port());
    host.host(w);
    ws_client co(server.port());
    const json joined = co.join(w, "Ada");
    host.must({{"type", "participant.promote"}, {"participant", joined["participant"]}});
    CHECK(co.expect("join_code")["join_code"] == w.join_code);
    ws_client co_elsewhere(server.port());
    CHECK(co_elsewhere.resume(w, joined["resume_token"], 0)["join_code"] == w.join_code);
}

TEST_CASE("a rotated join code reaches every facilitator connection, not the participants, and outlives a restart",
          "[integration][links]") {
    temp_dir dir;
    workshop_link w;
    std::string code;
    std::string participant_token;
    {
        running_server server(dir.file("samling.db"));
        w = create_workshop(server.port());
        ws_client host(server.port());
        host.host(w);
        ws_client other_laptop(server.port());
        other_laptop.host(w);
        ws_client participant(server.port());
        participant_token = participant.join(w, "Åse")["resume_token"];
        auto rotated = http_call(server.port(), "POST", "/api/workshops/" + w.id + "/join-code", {}, {},
                                 w.facilitator_key);
        REQUIRE(rotated.status == 201);
        code = rotated.parsed()["join_code"];
        CHECK(host.expect("join_code")["join_code"] == code);
        CHECK(other_laptop.expect("join_code")["join_code"] == code);
        const auto frames = frames_until_ack(participant);
        CHECK_FALSE(mentions(frames, code));
        CHECK_FALSE(mentions(frames, "\"join_code\""));
    }
    running_server again(dir.file("samling.db"));
    ws_client host(again.port());
    CHECK(host.host(w)["join_code"] == code);
    ws_client participant(again.port());
    CHECK_FALSE(participant.resume(w, participant_token, 0).contains("join_code"));
}
