// samling list / export / import / backup / check on database files.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/admin_commands.hpp"
#include "tests/integration/test_client.hpp"

using namespace samling::test;

namespace {

struct command_result {
    int code;
    std::string out, err;
};

command_result run(const std::string& command, const std::vector<std::string>& args) {
    std::ostringstream out, err;
    const int code = samling::server::run_admin_command(command, args, out, err);
    return {code, out.str(), err.str()};
}

/** A database holding one workshop with a group, notes and a participant's token. */
workshop_link fill(const std::string& db) {
    running_server server(db);
    auto link = create_workshop(server.port());
    ws_client host(server.port());
    host.host(link);
    host.expect("snapshot");
    const auto group = open_group(host, "Byrum og vand 🌊");
    ws_client ada(server.port());
    ada.join(link, "Åse");
    ada.must({{"type", "note.add"}, {"group", group}, {"text", "Line one\nline \"two\" | # <b>"}});
    return link;
}

void write_file(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

}  // namespace

TEST_CASE("export, import and export again give identical JSON", "[integration][admin]") {
    temp_dir dir;
    const auto link = fill(dir.file("a.db"));
    auto listed = run("list", {"--db", dir.file("a.db")});
    CHECK(listed.code == 0);
    CHECK(listed.out.find(link.id) != std::string::npos);
    auto first = run("export", {"--workshop", link.id, "--format", "json", "--db", dir.file("a.db")});
    REQUIRE(first.code == 0);
    write_file(dir.file("archive.json"), first.out);
    auto imported = run("import", {dir.file("archive.json"), "--db", dir.file("b.db")});
    INFO(imported.err);
    REQUIRE(imported.code == 0);
    auto second = run("export", {"--workshop", link.id, "--format", "json", "--db", dir.file("b.db")});
    CHECK(second.out == first.out);
    // The restored workshop is live: the host's link works on a server over the new file.
    running_server server(dir.file("b.db"));
    ws_client host(server.port());
    host.host(link);
    auto snapshot = host.expect("snapshot");
    CHECK(snapshot["workshop"]["notes"][0]["text"] == "Line one\nline \"two\" | # <b>");
}

TEST_CASE("importing over an existing workshop is refused", "[integration][admin]") {
    temp_dir dir;
    const auto link = fill(dir.file("a.db"));
    auto archive = run("export", {"--workshop", link.id, "--format", "json", "--db", dir.file("a.db")});
    write_file(dir.file("archive.json"), archive.out);
    auto again = run("import", {dir.file("archive.json"), "--db", dir.file("a.db")});
    CHECK(again.code == 1);
    CHECK(again.err.find("exists already") != std::string::npos);
}

TEST_CASE("a tampered or foreign archive is refused with a reason", "[integration][admin]") {
    temp_dir dir;
    const auto link = fill(dir.file("a.db"));
    auto archive = json::parse(run("export", {"--workshop", link.id, "--format", "json", "--db", dir.file("a.db")}).out);
    // A participant's event rewritten as a phase change: the rules refuse it.
    auto tampered = archive;
    for (auto& ev : tampered["events"]) {
        if (ev["type"] == "note.added") {
            ev = json{{"seq", ev["seq"]}, {"type", "workshop.phase_set"}, {"at", ev["at"]}, {"actor", ev["actor"]},
                      {"phase", "closed"}, {"op", ev["op"]}};
        }
    }
    write_file(dir.file("tampered.json"), tampered.dump());
    auto refused = run("import", {dir.file("tampered.json"), "--db", dir.file("b.db")});
    CHECK(refused.code == 1);
    CHECK(refused.err.find("Only facilitators") != std::string::npos);
    write_file(dir.file("other.json"), R"({"format":"something-else"})");
    CHECK(run("import", {dir.file("other.json"), "--db", dir.file("b.db")}).err.find("not a Samling archive") != std::string::npos);
    auto list = run("list", {"--db", dir.file("b.db")});
    CHECK(list.out.find(link.id) == std::string::npos);
}

TEST_CASE("recaps export from the database file", "[integration][admin]") {
    temp_dir dir;
    const auto link = fill(dir.file("a.db"));
    auto md = run("export", {"--workshop", link.id, "--format", "md", "--db", dir.file("a.db")});
    CHECK(md.out.find("## Byrum og vand 🌊") != std::string::npos);
    CHECK(md.out.find("\n---\n\n*") != std::string::npos);
    auto csv = run("export", {"--workshop", link.id, "--format", "csv", "-o", dir.file("notes.csv"), "--db", dir.file("a.db")});
    CHECK(csv.code == 0);
    std::ifstream file(dir.file("notes.csv"));
    std::string header;
    std::getline(file, header);
    CHECK(header == "\xEF\xBB\xBFgroup,section,position,text,author,created_at\r");
    auto steps = run("export", {"--workshop", link.id, "--format", "steps-csv", "--db", dir.file("a.db")});
    CHECK(steps.code == 0);
    CHECK(steps.out.rfind("\xEF\xBB\xBFgroup,position,step,owner,due,status\r\n", 0) == 0);
    auto workbook = run("export", {"--workshop", link.id, "--format", "xlsx", "--db", dir.file("a.db")});
    CHECK(workbook.code == 0);
    CHECK(workbook.out.rfind("PK\x03\x04", 0) == 0);
    auto document = run("export", {"--workshop", link.id, "--format", "docx", "--db", dir.file("a.db")});
    CHECK(document.code == 0);
    CHECK(document.out.rfind("PK\x03\x04", 0) == 0);
    CHECK(document.out.find("word/document.xml") != std::string::npos);
    CHECK(run("export", {"--workshop", "nosuch", "--db", dir.file("a.db")}).code == 1);
    CHECK(run("export", {"--workshop", link.id, "--format", "pdf", "--db", dir.file("a.db")}).code == 2);
}

TEST_CASE("a backup taken while the server writes is complete and consistent", "[integration][admin]") {
    temp_dir dir;
    const auto link = fill(dir.file("a.db"));
    running_server server(dir.file("a.db"));
    ws_client host(server.port());
    host.host(link);
    host.expect("snapshot");
    const auto group = open_group(host, "Skolevej og cykelstier 🚲");
    host.must({{"type", "note.add"}, {"group", group}, {"text", "Written before the backup"}});
    auto made = run("backup", {"-o", dir.file("copy.db"), "--db", dir.file("a.db")});
    INFO(made.err);
    REQUIRE(made.code == 0);
    CHECK(made.out.find("Backed up 1 workshops") != std::string::npos);
    auto md = run("export", {"--workshop", link.id, "--format", "md", "--db", dir.file("copy.db")});
    CHECK(md.out.find("- Written before the backup") != std::string::npos);
    CHECK(md.out.find("Skolevej og cykelstier 🚲") != std::string::npos);
    auto again = run("backup", {"-o", dir.file("copy.db"), "--db", dir.file("a.db")});
    CHECK(again.code == 1);
    CHECK(again.err.find("exists already") != std::string::npos);
    CHECK(run("backup", {"--db", dir.file("a.db")}).code == 2);
}

TEST_CASE("check reports the integrity of a database file", "[integration][admin]") {
    temp_dir dir;
    fill(dir.file("a.db"));
    auto checked = run("check", {"--db", dir.file("a.db")});
    CHECK(checked.code == 0);
    CHECK(checked.out.find("integrity ok") != std::string::npos);
    CHECK(checked.out.find("1 workshops") != std::string::npos);
}

TEST_CASE("reading commands never create a database at a mistyped path", "[integration][admin]") {
    temp_dir dir;
    for (const char* command : {"list", "export", "backup", "check"}) {
        INFO(command);
        auto result = run(command, {"--workshop", "x", "-o", dir.file("out"), "--db", dir.file("typo.db")});
        CHECK(result.code == 1);
        CHECK(result.err.find("there is no database at") != std::string::npos);
        CHECK_FALSE(std::filesystem::exists(dir.file("typo.db")));
    }
}
