// The real binary's command line: every subcommand answers --help with its own usage and exit 0;
// purge and forget do their work on a stopped server's database.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "server/config.hpp"
#include "storage/database.hpp"
#include "tests/integration/test_client.hpp"

namespace {

struct outcome {
    int exit_code = -1;
    std::string output;  ///< standard output and standard error together
};

/** Runs the samling binary with `arguments` (no shell metacharacters) and waits for it. */
outcome run_samling(const std::string& arguments) {
    std::string command = SAMLING_BINARY;
    command.append(" ").append(arguments).append(" 2>&1");
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    outcome result;
    char chunk[4096];
    for (std::size_t n; (n = fread(chunk, 1, sizeof chunk, pipe)) > 0;) result.output.append(chunk, n);
    const int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

/** The subcommands `samling --help` lists, as "  samling NAME ..." lines, options excluded. */
std::vector<std::string> listed_subcommands() {
    std::vector<std::string> names;
    std::istringstream lines(samling::server::usage_text());
    for (std::string line; std::getline(lines, line);) {
        const std::string prefix = "  samling ";
        if (!line.starts_with(prefix) || line[prefix.size()] == '-') continue;
        names.push_back(line.substr(prefix.size(), line.find(' ', prefix.size()) - prefix.size()));
    }
    return names;
}

}  // namespace

TEST_CASE("every subcommand prints its usage for --help and -h, and exits 0", "[integration][cli]") {
    const auto names = listed_subcommands();
    CHECK(names == std::vector<std::string>{"serve", "list", "export", "import", "backup", "check", "purge", "forget"});
    for (const auto& name : names) {
        for (const char* flag : {"--help", "-h"}) {
            INFO("samling " << name << " " << flag);
            const auto result = run_samling(name + " " + flag);
            INFO(result.output);
            CHECK(result.exit_code == 0);
            CHECK(result.output.find("samling " + name) != std::string::npos);
            CHECK(result.output.find("Usage") != std::string::npos);
        }
    }
    // Help wins over other arguments, and touches no database.
    const auto export_help = run_samling("export --db /nonexistent/dir/x.db --help");
    CHECK(export_help.exit_code == 0);
    CHECK(export_help.output.starts_with("Usage: samling export"));
}

TEST_CASE("samling --help lists the subcommands and exits 0 and no arguments exit 2", "[integration][cli]") {
    const auto help = run_samling("--help");
    CHECK(help.exit_code == 0);
    CHECK(help.output == samling::server::usage_text());
    CHECK(run_samling("").exit_code == 2);
    CHECK(run_samling("frobnicate").exit_code == 2);
}

namespace {

/** How often `needle` occurs in the database file and in its write-ahead log. */
std::size_t bytes_in(const std::string& db, const std::string& needle) {
    std::size_t count = 0;
    for (const std::string& path : {db, db + "-wal"}) {
        FILE* file = std::fopen(path.c_str(), "rb");
        if (file == nullptr) continue;
        std::string bytes;
        char chunk[4096];
        for (std::size_t n; (n = std::fread(chunk, 1, sizeof chunk, file)) > 0;) bytes.append(chunk, n);
        std::fclose(file);
        for (auto at = bytes.find(needle); at != std::string::npos; at = bytes.find(needle, at + 1)) ++count;
    }
    return count;
}

}  // namespace

TEST_CASE("samling forget and samling purge erase on a stopped server's database", "[integration][cli][erasure]") {
    using namespace samling::test;
    temp_dir dir;
    const std::string db = dir.file("samling.db");
    workshop_link w;
    std::uint64_t ada = 0;
    {
        running_server server(db);
        w = create_workshop(server.port(), "Kystplanen");
        ws_client host(server.port());
        host.host(w);
        host.expect("snapshot");
        const auto group = open_group(host);
        ws_client person(server.port());
        ada = person.join(w, "Ådne Kaldestrand")["participant"];
        person.must({{"type", "group.join"}, {"group", group}});
        person.must({{"type", "note.add"}, {"group", group}, {"text", "Ådnes eget forslag"}});
        host.must({{"type", "workshop.set_phase"}, {"phase", "closed"}});
    }
    REQUIRE(bytes_in(db, "Kaldestrand") > 0);
    CHECK(run_samling("forget --workshop " + w.id + " --db " + db).exit_code == 2);
    CHECK(run_samling("forget --workshop " + w.id + " --participant 1 --db " + db).exit_code == 1);  // the host
    const auto forgot = run_samling("forget --workshop " + w.id + " --participant " + std::to_string(ada) + " --delete --db " + db);
    INFO(forgot.output);
    CHECK(forgot.exit_code == 0);
    CHECK(bytes_in(db, "Kaldestrand") == 0);
    CHECK(bytes_in(db, "Ådnes eget forslag") == 0);
    CHECK(run_samling("forget --workshop " + w.id + " --participant " + std::to_string(ada) + " --db " + db).exit_code == 1);
    // The rewritten workshop still reads and exports.
    const auto recap = run_samling("export --workshop " + w.id + " --db " + db);
    CHECK(recap.exit_code == 0);
    CHECK(recap.output.find("Kystplanen") != std::string::npos);

    CHECK(run_samling("purge --db " + db).exit_code == 2);
    const auto none = run_samling("purge --retention-days 30 --dry-run --db " + db);
    CHECK(none.exit_code == 0);
    CHECK(none.output.find(w.id) == std::string::npos);
    {
        // Closed long ago.
        samling::storage::database raw(db);
        raw.exec("UPDATE workshops SET closed_at = 86400000 WHERE id = '" + w.id + "'");
    }
    const auto listed = run_samling("purge --retention-days 30 --dry-run --db " + db);
    CHECK(listed.output.find(w.id + "\t1970-01-02\tKystplanen") != std::string::npos);
    CHECK(bytes_in(db, "Kystplanen") > 0);  // a dry run deletes nothing
    const auto purged = run_samling("purge --retention-days 30 --db " + db);
    INFO(purged.output);
    CHECK(purged.exit_code == 0);
    CHECK(bytes_in(db, "Kystplanen") == 0);
    CHECK(run_samling("export --workshop " + w.id + " --db " + db).exit_code == 1);
}
