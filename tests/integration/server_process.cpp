#include "tests/integration/server_process.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "server/beast.hpp"
#include "tests/integration/test_client.hpp"

extern char** environ;

namespace samling::test {

namespace srv = samling::server;

std::uint16_t free_port() {
    srv::net::io_context io;
    srv::tcp::acceptor acceptor(io, srv::tcp::endpoint(srv::net::ip::make_address("127.0.0.1"), 0));
    return acceptor.local_endpoint().port();
}

server_process::server_process(std::string db, std::uint16_t port, std::vector<std::string> environment)
    : db_(std::move(db)), port_(port), environment_(std::move(environment)) {}

server_process::~server_process() { kill_hard(); }

void server_process::start() {
    REQUIRE(pid_ <= 0);
    const std::string port = std::to_string(port_);
    std::vector<std::string> args{SAMLING_BINARY, "serve", "--bind", "127.0.0.1", "--port", port, "--db", db_,
                                  "--threads", "2"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    // This process's environment, with the extra entries replacing any of the same name.
    std::vector<std::string> env_text;
    for (char** e = environ; *e; ++e) {
        const std::string entry(*e);
        const auto name = entry.substr(0, entry.find('=') + 1);
        bool replaced = false;
        for (const auto& extra : environment_) replaced = replaced || extra.rfind(name, 0) == 0;
        if (!replaced) env_text.push_back(entry);
    }
    for (const auto& extra : environment_) env_text.push_back(extra);
    std::vector<char*> envp;
    for (auto& e : env_text) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    REQUIRE(posix_spawn(&pid_, SAMLING_BINARY, &actions, nullptr, argv.data(), envp.data()) == 0);
    posix_spawn_file_actions_destroy(&actions);
    // Serving once a connection is accepted; the process may not have bound the port yet.
    REQUIRE(wait_until([&] {
        srv::net::io_context io;
        srv::tcp::socket socket(io);
        srv::error_code ec;
        socket.connect(srv::tcp::endpoint(srv::net::ip::make_address("127.0.0.1"), port_), ec);
        return !ec;
    }));
}

void server_process::kill_hard() { end(SIGKILL); }

int server_process::stop() { return end(SIGTERM); }

void server_process::terminate() {
    REQUIRE(pid_ > 0);
    ::kill(pid_, SIGTERM);
}

int server_process::wait() {
    REQUIRE(pid_ > 0);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
}

bool server_process::running() {
    if (pid_ <= 0) return false;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == 0) return true;
    pid_ = -1;
    return false;
}

int server_process::end(int signal) {
    if (pid_ <= 0) return -1;
    ::kill(pid_, signal);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
}

std::size_t server_process::memory_kib(const std::string& field) const {
    REQUIRE(pid_ > 0);
    return status_kib("/proc/" + std::to_string(pid_) + "/status", field);
}

std::size_t status_kib(const std::string& status_file, const std::string& field) {
    std::ifstream in(status_file);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(field + ":", 0) != 0) continue;
        std::istringstream fields(line.substr(field.size() + 1));
        std::size_t kib = 0;
        fields >> kib;
        return kib;
    }
    FAIL("no " << field << " in " << status_file);
    return 0;
}

}  // namespace samling::test
