// End to end over loopback: a real server, real WebSocket clients, a real database file.
#include <catch2/catch.hpp>

#include <thread>

#include "storage/sqlite_store.hpp"
#include "tests/integration/test_client.hpp"

using namespace samling::test;

namespace {

/** A workshop in the breakouts phase with one group, its host connected. */
struct live_workshop {
    temp_dir dir;
    std::optional<running_server> server;
    workshop_link link;
    std::unique_ptr<ws_client> host;
    std::uint64_t group = 0;

    live_workshop() {
        server.emplace(dir.file("samling.db"));
        link = create_workshop(port());
        host = std::make_unique<ws_client>(port());
        host->host(link);
        host->expect("snapshot");
        group = open_group(*host);
    }
    std::uint16_t port() const { return server->port(); }
    void restart() {
        server.reset();
        server.emplace(dir.file("samling.db"));
    }
};

/** Texts of note.added events in the frames a client receives until it has seen `count`. */
std::vector<std::string> collect_notes(ws_client& client, std::size_t count) {
    std::vector<std::string> texts;
    while (texts.size() < count) {
        auto frame = client.receive();
        REQUIRE(frame);
        if (frame->value("type", "") != "events") continue;
        for (const auto& ev : (*frame)["events"]) {
            if (ev["type"] == "note.added") texts.push_back(ev["text"]);
        }
    }
    return texts;
}

}  // namespace

TEST_CASE("two participants see each other's notes in one order", "[integration]") {
    live_workshop w;
    ws_client ada(w.port()), bo(w.port());
    auto ada_welcome = ada.join(w.link, "Åse");
    bo.join(w.link, "Bo");
    CHECK(ada_welcome["role"] == "participant");
    CHECK_FALSE(ada_welcome["resume_token"].get<std::string>().empty());
    for (int i = 0; i < 5; ++i) {
        ada.command({{"type", "note.add"}, {"group", w.group}, {"text", "Åse " + std::to_string(i)}});
        bo.command({{"type", "note.add"}, {"group", w.group}, {"text", "Bo " + std::to_string(i)}});
    }
    auto seen_by_ada = collect_notes(ada, 10);
    auto seen_by_bo = collect_notes(bo, 10);
    auto seen_by_host = collect_notes(*w.host, 10);
    CHECK(seen_by_ada == seen_by_bo);
    CHECK(seen_by_ada == seen_by_host);
}

TEST_CASE("a participant's facilitator-only command is refused", "[integration]") {
    live_workshop w;
    ws_client ada(w.port());
    ada.join(w.link, "Åse");
    const auto op = ada.command({{"type", "workshop.set_phase"}, {"phase", "closed"}});
    auto error = ada.expect("error");
    CHECK(error["code"] == "forbidden");
    CHECK(error["op"] == op);
    CHECK_FALSE(error["message"].get<std::string>().empty());
    // A role field in the message changes nothing: the role comes from the connection.
    ada.send({{"type", "workshop.set_phase"}, {"phase", "closed"}, {"op", "x"}, {"role", "facilitator"}});
    CHECK(ada.expect("error")["code"] == "forbidden");
}

TEST_CASE("a reconnecting client receives exactly the events it missed", "[integration]") {
    live_workshop w;
    std::string token;
    std::uint64_t seen = 0;
    {
        ws_client ada(w.port());
        token = ada.join(w.link, "Åse")["resume_token"];
        ada.must({{"type", "note.add"}, {"group", w.group}, {"text", "before"}});
        seen = ada.last_seq;
    }
    for (int i = 0; i < 3; ++i) w.host->must({{"type", "note.add"}, {"group", w.group}, {"text", "missed " + std::to_string(i)}});
    ws_client again(w.port());
    auto welcome = again.resume(w.link, token, seen);
    auto frame = again.expect("events");
    std::vector<std::uint64_t> seqs;
    for (const auto& ev : frame["events"]) seqs.push_back(ev["seq"]);
    REQUIRE_FALSE(seqs.empty());
    CHECK(seqs.front() == seen + 1);
    CHECK(seqs.back() == welcome["seq"].get<std::uint64_t>());
    for (std::size_t i = 1; i < seqs.size(); ++i) CHECK(seqs[i] == seqs[i - 1] + 1);
    CHECK(frame["events"].back()["text"] == "missed 2");
}

TEST_CASE("a repeated op id returns the original ack and adds nothing", "[integration]") {
    live_workshop w;
    ws_client ada(w.port());
    ada.join(w.link, "Åse");
    json note{{"type", "note.add"}, {"group", w.group}, {"text", "only once"}, {"op", "same-op"}};
    ada.send(note);
    auto first = ada.expect("ack");
    ada.send(note);
    auto second = ada.expect("ack");
    CHECK(second["seq"] == first["seq"]);
    CHECK(second["id"] == first["id"]);
    CHECK(second["duplicate"] == true);
    ws_client observer(w.port());
    observer.join(w.link, "Watcher", "observer");
    ws_client check(w.port());
    check.host(w.link);
    auto snapshot = check.expect("snapshot");
    int copies = 0;
    for (const auto& n : snapshot["workshop"]["notes"]) copies += n["text"] == "only once" ? 1 : 0;
    CHECK(copies == 1);
}

TEST_CASE("a server restart keeps everything", "[integration]") {
    live_workshop w;
    std::string token;
    {
        ws_client ada(w.port());
        token = ada.join(w.link, "Åse Ødegård")["resume_token"];
        ada.must({{"type", "note.add"}, {"group", w.group}, {"text", "Bænke langs kajen 🪑 – også i skyggen"}});
    }
    w.host.reset();
    w.restart();
    ws_client ada(w.port());
    auto welcome = ada.resume(w.link, token, 0);
    auto snapshot = ada.expect("snapshot");
    const auto& state = snapshot["workshop"];
    CHECK(state["title"] == "Åbent møde 😀");
    CHECK(state["phase"] == "breakouts");
    REQUIRE(state["notes"].size() == 1);
    CHECK(state["notes"][0]["text"] == "Bænke langs kajen 🪑 – også i skyggen");
    CHECK(welcome["seq"] == snapshot["seq"]);
    // And the workshop goes on where it stopped.
    auto ack = ada.must({{"type", "note.add"}, {"group", w.group}, {"text", "after restart"}});
    CHECK(ack["seq"].get<std::uint64_t>() == snapshot["seq"].get<std::uint64_t>() + 1);
}

TEST_CASE("SQL metacharacters are stored and read back verbatim", "[integration][injection]") {
    live_workshop w;
    const std::vector<std::string> payloads{
        "'; DROP TABLE events; --", "Robert'); DELETE FROM workshops WHERE ('1'='1", "\" OR 1=1 --",
        "x' UNION SELECT token_hash FROM credentials --", "%_\\ LIKE '%' ESCAPE '\\'", "NULL", "0x00 ' \" ` ;",
    };
    std::string token;
    {
        ws_client ada(w.port());
        token = ada.join(w.link, "O'Brien \"; --")["resume_token"];
        for (const auto& text : payloads) ada.must({{"type", "note.add"}, {"group", w.group}, {"text", text}});
    }
    w.host.reset();
    w.restart();
    ws_client ada(w.port());
    ada.resume(w.link, token, 0);
    const auto state = ada.expect("snapshot")["workshop"];
    REQUIRE(state["notes"].size() == payloads.size());
    for (std::size_t i = 0; i < payloads.size(); ++i) CHECK(state["notes"][i]["text"] == payloads[i]);
    CHECK(state["participants"].back()["name"] == "O'Brien \"; --");
    CHECK(http_call(w.port(), "GET", "/api/workshops/" + w.link.id).status == 200);
}

TEST_CASE("an oversized frame closes the connection with 1009", "[integration]") {
    live_workshop w;
    ws_client ada(w.port());
    ada.join(w.link, "Åse");
    ada.send_raw(std::string(70 * 1024, 'x'));
    auto closed = ada.wait_close();
    CHECK(closed.closed);
    CHECK(closed.code == 1009);
}

TEST_CASE("bad JSON gets an error and the connection stays open", "[integration]") {
    live_workshop w;
    ws_client ada(w.port());
    ada.send_raw("{\"type\": \"hello\",");
    CHECK(ada.expect("error")["code"] == "bad_json");
    ada.send_raw("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");
    CHECK(ada.expect("error")["code"] == "bad_json");
    ada.send({{"type", "no.such.thing"}, {"op", "1"}});
    CHECK(ada.expect("error")["code"] == "unknown_type");
    ada.send({{"type", "note.add"}, {"op", "2"}, {"group", 1}, {"text", "not joined"}});
    CHECK(ada.expect("error")["code"] == "not_joined");
    ada.send({{"type", "ping"}});
    ada.expect("pong");
    ada.join(w.link, "Still here");
}

TEST_CASE("UTF-8 text survives the round trip", "[integration]") {
    live_workshop w;
    ws_client ada(w.port()), bo(w.port());
    ada.join(w.link, "Ærø Åse");
    bo.join(w.link, "Björn Öst");
    const std::string text = "æøå ÆØÅ äö ÄÖ — emoji 😀🚲👩‍👩‍👧 and 中文\nsecond line";
    ada.must({{"type", "note.add"}, {"group", w.group}, {"text", text}});
    auto notes = collect_notes(bo, 1);
    CHECK(notes[0] == text);
    auto info = http_call(w.port(), "GET", "/api/workshops/" + w.link.id).parsed();
    CHECK(info["title"] == "Åbent møde 😀");
}

TEST_CASE("a hello with wrong credentials is refused", "[integration]") {
    live_workshop w;
    ws_client stranger(w.port());
    stranger.send({{"type", "hello"}, {"protocol", 1}, {"workshop", w.link.id}, {"join_code", "wrongcode"},
                   {"name", "X"}, {"last_seq", 0}});
    CHECK(stranger.expect("error")["code"] == "bad_credentials");
    stranger.send({{"type", "hello"}, {"protocol", 1}, {"workshop", "nosuchworkshop"}, {"join_code", w.link.join_code},
                   {"name", "X"}, {"last_seq", 0}});
    CHECK(stranger.expect("error")["code"] == "bad_credentials");
    stranger.send({{"type", "hello"}, {"protocol", 2}, {"workshop", w.link.id}, {"join_code", w.link.join_code},
                   {"name", "X"}, {"last_seq", 0}});
    CHECK(stranger.expect("error")["code"] == "unsupported_protocol");
}

TEST_CASE("a removed participant is disconnected and cannot come back", "[integration]") {
    live_workshop w;
    ws_client ada(w.port());
    auto welcome = ada.join(w.link, "Åse");
    const std::string token = welcome["resume_token"];
    w.host->must({{"type", "participant.remove"}, {"participant", welcome["participant"]}});
    CHECK(ada.wait_close().code == 4003);
    ws_client again(w.port());
    again.send({{"type", "hello"}, {"protocol", 1}, {"workshop", w.link.id}, {"resume_token", token}, {"last_seq", 0}});
    CHECK(again.expect("error")["code"] == "participant_removed");
}

TEST_CASE("stopping the server closes connections with 1001 and keeps what was acknowledged", "[integration]") {
    live_workshop w;
    ws_client ada(w.port());
    const std::string token = ada.join(w.link, "Åse")["resume_token"];
    auto ack = ada.must({{"type", "note.add"}, {"group", w.group}, {"text", "acknowledged before stop"}});
    std::thread stopper([&] { w.server->app->stop(); });
    CHECK(ada.wait_close().code == 1001);
    stopper.join();
    w.host.reset();
    w.restart();
    ws_client again(w.port());
    again.resume(w.link, token, 0);
    auto snapshot = again.expect("snapshot");
    CHECK(snapshot["seq"].get<std::uint64_t>() >= ack["seq"].get<std::uint64_t>());
    CHECK(snapshot["workshop"]["notes"].back()["text"] == "acknowledged before stop");
}

TEST_CASE("a restart past a stored snapshot rebuilds an identical state", "[integration]") {
    temp_dir dir;
    const auto fast = [](samling::server::config& c) {
        c.connection.commands_per_second = 1e6;
        c.connection.command_burst = 1e6;
        c.admission.participant_commands_per_second = 1e9;
        c.admission.participant_command_burst = 1e9;
    };
    std::optional<running_server> server(std::in_place, dir.file("samling.db"), fast);
    auto link = create_workshop(server->port());
    json before;
    {
        ws_client host(server->port());
        host.host(link);
        host.expect("snapshot");
        const auto group_id = open_group(host, "Nattelys 🌙");
        auto section = host.must({{"type", "section.add"}, {"group", group_id}, {"title", "Økonomi"}});
        // Past the snapshot interval (500 events), so recovery reads a snapshot plus the tail.
        for (int i = 0; i < 620; ++i) {
            host.command({{"type", "note.add"}, {"group", group_id}, {"section", i % 2 ? section["id"] : json(0)},
                          {"text", "Note " + std::to_string(i) + " æøå"}});
        }
        host.must({{"type", "note.move"}, {"note", 8}, {"section", 0}, {"position", 0}});
        // Acknowledged one by one: any snapshot due is stored by now, so these form a tail after it.
        host.must({{"type", "note.edit"}, {"note", 9}, {"text", "Edited after the burst"}});
        auto last = host.must({{"type", "note.delete"}, {"note", 10}});
        ws_client reader(server->port());
        reader.host(link);
        before = reader.expect("snapshot");
        REQUIRE(before["seq"] == last["seq"]);
    }
    server.reset();
    {
        samling::storage::sqlite_store store(samling::storage::store_options{dir.file("samling.db")});
        auto snapshot = store.snapshot(link.id);
        REQUIRE(snapshot);
        CHECK(snapshot->seq >= 500);
        CHECK(snapshot->seq < before["seq"].get<std::uint64_t>());
    }
    server.emplace(dir.file("samling.db"), fast);
    ws_client reader(server->port());
    reader.host(link);
    auto after = reader.expect("snapshot");
    CHECK(after["workshop"] == before["workshop"]);
    CHECK(after["workshop"]["notes"].size() == 619);
}

TEST_CASE("the facilitator downloads the recap and the notes as CSV", "[integration][export]") {
    live_workshop w;
    ws_client ada(w.port());
    ada.join(w.link, "Åse");
    ada.must({{"type", "note.add"}, {"group", w.group}, {"text", "Bænke langs kajen 🪑"}});
    ada.must({{"type", "note.add"}, {"group", w.group}, {"text", "=HYPERLINK(\"x\")"}});
    const std::string base = "/api/workshops/" + w.link.id + "/export.";
    auto md = http_call(w.port(), "GET", base + "md?key=" + w.link.facilitator_key);
    REQUIRE(md.status == 200);
    CHECK(md.content_type == "text/markdown; charset=utf-8");
    CHECK(md.body.rfind("# Åbent møde 😀", 0) == 0);
    CHECK(md.body.find("## Liv på havnefronten") != std::string::npos);
    CHECK(md.body.find("- Bænke langs kajen 🪑") != std::string::npos);
    // Exports made by the server say when they were made (a date line after a rule, at the end).
    CHECK(md.body.find("\n---\n\n*") != std::string::npos);
    auto csv = http_call(w.port(), "GET", base + "csv?key=" + w.link.facilitator_key);
    REQUIRE(csv.status == 200);
    CHECK(csv.body.rfind("\xEF\xBB\xBFgroup,section,position,text,author,created_at\r\n", 0) == 0);
    CHECK(csv.body.find(",\"'=HYPERLINK(\"\"x\"\")\",Åse,") != std::string::npos);
    ada.must({{"type", "next_step.add"}, {"group", w.group}, {"text", "Ring til kommunen"}, {"owner", "Åse"},
              {"due", "2027-01-15"}});
    auto steps = http_call(w.port(), "GET", base + "csv?table=next_steps&key=" + w.link.facilitator_key);
    REQUIRE(steps.status == 200);
    CHECK(steps.body == "\xEF\xBB\xBFgroup,position,step,owner,due,status\r\n"
                        "Liv på havnefronten,1,Ring til kommunen,Åse,2027-01-15,open\r\n");
    CHECK(http_call(w.port(), "GET", base + "csv?table=votes&key=" + w.link.facilitator_key).status == 400);
    auto workbook = http_call(w.port(), "GET", base + "xlsx?key=" + w.link.facilitator_key);
    REQUIRE(workbook.status == 200);
    CHECK(workbook.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    CHECK(workbook.body.rfind("PK\x03\x04", 0) == 0);
    CHECK(http_call(w.port(), "GET", base + "xlsx?key=" + w.link.join_code).status == 401);
    auto document = http_call(w.port(), "GET", base + "docx?key=" + w.link.facilitator_key);
    REQUIRE(document.status == 200);
    CHECK(document.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    CHECK(document.disposition == "attachment; filename=\"samling-" + w.link.id + ".docx\"");
    CHECK(document.body.rfind("PK\x03\x04", 0) == 0);
    CHECK(http_call(w.port(), "GET", base + "docx?key=" + w.link.join_code).status == 401);
    CHECK(http_call(w.port(), "GET", base + "docx").status == 401);
    auto html = http_call(w.port(), "GET", base + "html?key=" + w.link.facilitator_key);
    REQUIRE(html.status == 200);
    CHECK(html.body.find("<li>Bænke langs kajen 🪑</li>") != std::string::npos);
    CHECK(html.csp.find("default-src 'none'") != std::string::npos);
    CHECK(html.csp.find("script") == std::string::npos);
    auto archive = http_call(w.port(), "GET", base + "json?key=" + w.link.facilitator_key);
    REQUIRE(archive.status == 200);
    auto parsed = archive.parsed();
    CHECK(parsed["format"] == "samling-archive");
    CHECK(parsed["state"]["notes"].size() == 2);
    CHECK(parsed["events"].back()["seq"] == parsed["state"]["seq"]);
    CHECK(http_call(w.port(), "GET", base + "json?key=" + w.link.join_code).status == 401);
    CHECK(http_call(w.port(), "GET", base + "md").status == 401);
    CHECK(http_call(w.port(), "GET", base + "md?key=" + w.link.join_code).status == 401);
    CHECK(http_call(w.port(), "GET", base + "pdf?key=" + w.link.facilitator_key).status == 404);
    CHECK(http_call(w.port(), "GET", "/api/workshops/nosuchworkshop/export.md?key=x").status == 404);
}

TEST_CASE("a read-only organiser link exports until the facilitator revokes it", "[integration][export]") {
    live_workshop w;
    w.host->must({{"type", "note.add"}, {"group", w.group}, {"text", "For the recap"}});
    const std::string link_path = "/api/workshops/" + w.link.id + "/organiser-link";
    CHECK(http_call(w.port(), "POST", link_path).status == 401);
    CHECK(http_call(w.port(), "POST", link_path + "?key=" + w.link.join_code).status == 401);
    auto created = http_call(w.port(), "POST", link_path + "?key=" + w.link.facilitator_key);
    REQUIRE(created.status == 201);
    const std::string organiser = created.parsed()["organiser_key"];
    CHECK(organiser.size() >= 26);
    for (const char* format : {"md", "html", "csv", "json", "xlsx", "docx"}) {
        const std::string url = created.parsed()["exports"][format].get<std::string>();
        // The key goes in an Authorization header: no link handed out has it in its query.
        CHECK(url.ends_with("/api/workshops/" + w.link.id + "/export." + format));
    }
    const std::string export_md = "/api/workshops/" + w.link.id + "/export.md?key=" + organiser;
    auto md = http_call(w.port(), "GET", export_md);
    CHECK(md.status == 200);
    CHECK(md.body.find("- For the recap") != std::string::npos);
    auto document = http_call(w.port(), "GET", "/api/workshops/" + w.link.id + "/export.docx", {}, {}, organiser);
    CHECK(document.status == 200);
    CHECK(document.body.rfind("PK\x03\x04", 0) == 0);
    // Read-only: the organiser key manages nothing and opens no WebSocket as the host.
    CHECK(http_call(w.port(), "DELETE", link_path + "?key=" + organiser).status == 401);
    ws_client intruder(w.port());
    intruder.send({{"type", "hello"}, {"protocol", 1}, {"workshop", w.link.id}, {"facilitator_key", organiser}});
    CHECK(intruder.expect("error")["code"] == "bad_credentials");
    // It survives a restart, and revoking it ends it.
    w.host.reset();
    w.restart();
    CHECK(http_call(w.port(), "GET", export_md).status == 200);
    CHECK(http_call(w.port(), "DELETE", link_path + "?key=" + w.link.facilitator_key).status == 200);
    CHECK(http_call(w.port(), "GET", export_md).status == 401);
    w.restart();
    CHECK(http_call(w.port(), "GET", export_md).status == 401);
}
