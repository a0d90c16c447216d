// samling: command-line entry point.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "server/admin_commands.hpp"
#include "server/config.hpp"
#include "server/server.hpp"

namespace {

std::optional<std::string> read_env(const std::string& name) {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
}

int serve(const std::vector<std::string>& args) {
    for (const auto& arg : args) {
        if (arg == "--help" || arg == "-h") return std::cout << samling::server::usage_text(), 0;
    }
    auto parsed = samling::server::parse_serve_arguments(args, read_env);
    if (auto* error = std::get_if<std::string>(&parsed)) {
        std::cerr << "samling: " << *error << "\n";
        return 2;
    }
    try {
        samling::server::server app(std::get<samling::server::config>(parsed));
        app.run_until_signalled();
    } catch (const std::exception& e) {
        std::cerr << "samling: " << e.what() << "\n";
        return 1;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << samling::server::usage_text();
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version" || args[0] == "version") {
        std::cout << "samling " << SAMLING_VERSION << "\n";
        return 0;
    }
    if (args[0] == "serve") return serve({args.begin() + 1, args.end()});
    if (args[0] == "list" || args[0] == "export" || args[0] == "import" || args[0] == "backup" ||
        args[0] == "check" || args[0] == "purge" || args[0] == "forget") {
        return samling::server::run_admin_command(args[0], {args.begin() + 1, args.end()}, std::cout, std::cerr);
    }
    std::cerr << "samling: unknown command \"" << args[0] << "\". Run samling --help.\n";
    return 2;
}
