// Presence after a resume: replayed events do not say who came and went while a client was
// away, so the server replaces the client's online list (a presence frame with "replace").
#include <catch2/catch.hpp>

#include <functional>
#include <set>

#include "tests/integration/mirror.hpp"
#include "tests/integration/test_client.hpp"

using namespace samling::test;

namespace {

using ids = std::set<std::uint64_t>;

/** hello with a resume token, feeding every frame into `view`; returns the welcome. */
json resume_into(ws_client& client, const workshop_link& w, const std::string& token, mirror& view) {
    client.send({{"type", "hello"}, {"protocol", 1}, {"workshop", w.id}, {"resume_token", token},
                 {"last_seq", view.seq}});
    for (;;) {
        auto frame = client.receive();
        REQUIRE(frame);
        REQUIRE(frame->value("type", "") != "error");
        view.apply(*frame);
        if (frame->value("type", "") == "welcome") return *frame;
    }
}

}  // namespace

TEST_CASE("a resumed client learns who came and went while it was away", "[integration][presence]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    const auto link = create_workshop(server.port(), "Fælles haver 🌻");
    ws_client host(server.port());
    host.host(link);
    host.expect("snapshot");
    const auto group = open_group(host, "Bytte frø og stiklinger");
    mirror host_view;  // presence as the host sees it (it stays connected throughout)
    host_view.online = {1};

    // Åse and Bjørn are here; Åse's phone then loses its connection.
    mirror ase_view;
    std::string ase_token;
    std::uint64_t ase = 0, bjorn = 0;
    auto bjorn_client = std::make_unique<ws_client>(server.port());
    {
        ws_client ase_client(server.port());
        ase_client.send({{"type", "hello"}, {"protocol", 1}, {"workshop", link.id}, {"join_code", link.join_code},
                         {"name", "Åse"}, {"last_seq", 0}});
        const auto welcome = ase_client.expect("welcome");
        ase = welcome["participant"];
        ase_token = welcome["resume_token"];
        ase_view.apply(ase_client.expect("snapshot"));
        bjorn = bjorn_client->join(link, "Bjørn 🌱")["participant"];
        const std::uint64_t seq =
            must_into(host, host_view, {{"type", "note.add"}, {"group", group}, {"text", "Frøbibliotek på biblioteket"}})["seq"];
        read_into(ase_client, ase_view, [&] { return ase_view.seq >= seq; });
        CHECK(ase_view.online == ids{1, ase, bjorn});
    }
    read_into(host, host_view, [&] { return host_view.online == ids{1, bjorn}; });

    SECTION("with events to replay") {
        // While Åse is away, Bjørn leaves and Çelik comes; the host writes on.
        bjorn_client.reset();
        read_into(host, host_view, [&] { return host_view.online == ids{1}; });
        ws_client celik(server.port());
        const std::uint64_t celik_id = celik.join(link, "Çelik")["participant"];
        must_into(host, host_view, {{"type", "note.add"}, {"group", group}, {"text", "Stiklinger i marts, frø i april"}});

        ws_client back(server.port());
        resume_into(back, link, ase_token, ase_view);
        // An event committed after the resume marks the end of what the resume brought.
        const std::uint64_t seq =
            must_into(host, host_view, {{"type", "note.add"}, {"group", group}, {"text", "Mærkater på posen ✍️"}})["seq"];
        read_into(back, ase_view, [&] { return ase_view.seq >= seq; });
        CHECK(ase_view.faults.empty());
        CHECK(ase_view.notes.size() == 3);
        CHECK(ase_view.online == ids{1, ase, celik_id});
        CHECK(host_view.online == ase_view.online);
    }

    SECTION("with nothing to replay") {
        // Bjørn leaves and nothing is written: Åse resumes at the current seq.
        bjorn_client.reset();
        read_into(host, host_view, [&] { return host_view.online == ids{1}; });
        ws_client back(server.port());
        const auto welcome = resume_into(back, link, ase_token, ase_view);
        REQUIRE(welcome["seq"] == ase_view.seq);
        const std::uint64_t seq =
            must_into(host, host_view, {{"type", "note.add"}, {"group", group}, {"text", "Kompost til alle 🪱"}})["seq"];
        read_into(back, ase_view, [&] { return ase_view.seq >= seq; });
        CHECK(ase_view.faults.empty());
        CHECK(ase_view.online == ids{1, ase});
        CHECK(host_view.online == ase_view.online);
    }
}

TEST_CASE("a resume answered with a snapshot gets no replacement list", "[integration][presence]") {
    temp_dir dir;
    running_server server(dir.file("samling.db"));
    const auto link = create_workshop(server.port());
    ws_client host(server.port());
    host.host(link);
    host.expect("snapshot");
    ws_client ase(server.port());
    const std::string token = ase.join(link, "Åse")["resume_token"];
    ws_client again(server.port());
    again.send({{"type", "hello"}, {"protocol", 1}, {"workshop", link.id}, {"resume_token", token}, {"last_seq", 0}});
    again.expect("welcome");
    const auto snapshot = again.expect("snapshot");
    CHECK(snapshot["online"].size() == 2);  // the host and Åse's first connection
    // Up to the host's next event, no presence frame replaces the list the snapshot gave.
    const std::uint64_t seq = host.must({{"type", "workshop.set_phase"}, {"phase", "marketplace"}})["seq"];
    for (;;) {
        auto frame = again.receive();
        REQUIRE(frame);
        CHECK_FALSE(frame->value("replace", false));
        if (frame->value("type", "") == "events" && frame->at("events").back()["seq"] == seq) break;
    }
}
