// The real binary's command line: every subcommand answers --help with its own usage and exit 0.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "server/config.hpp"

namespace {

struct outcome {
    int exit_code = -1;
    std::string output;  ///< standard output and standard error together
};

/** Runs the samling binary with `arguments` (no shell metacharacters) and waits for it. */
outcome run_samling(const std::string& arguments) {
    const std::string command = std::string(SAMLING_BINARY) + " " + arguments + " 2>&1";
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
    CHECK(names == std::vector<std::string>{"serve", "list", "export", "import", "backup", "check"});
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

TEST_CASE("samling --help lists the subcommands and exits 0; no arguments exit 2", "[integration][cli]") {
    const auto help = run_samling("--help");
    CHECK(help.exit_code == 0);
    CHECK(help.output == samling::server::usage_text());
    CHECK(run_samling("").exit_code == 2);
    CHECK(run_samling("frobnicate").exit_code == 2);
}
