// Out of file descriptors, accepting fails at once every time it is tried. The real server runs
// in a child process with a descriptor limit just above what it holds, and more clients connect
// than it can take: it must back off (rather than spin) and log the trouble once, not once per
// attempt, then take connections again once descriptors are free.
#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "server/beast.hpp"
#include "tests/integration/server_process.hpp"
#include "tests/integration/test_client.hpp"

using namespace samling::test;
namespace srv = samling::server;
using namespace std::chrono_literals;

namespace {

std::size_t lines_with(const std::string& file, const std::string& text) {
    std::ifstream in(file);
    std::size_t count = 0;
    for (std::string line; std::getline(in, line);) count += line.find(text) != std::string::npos ? 1 : 0;
    return count;
}

std::string text_of(const std::string& file) {
    std::ifstream in(file);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("out of descriptors, the listener backs off and logs it once", "[integration][limits][emfile]") {
    temp_dir dir;
    const std::string log = dir.file("server.log");
    server_process server(dir.file("samling.db"), free_port());
    server.log_to(log);
    server.start();
    // It accepts before it has said so; once it has, it opens nothing more by itself.
    REQUIRE(wait_until([&] { return lines_with(log, "samling listening") == 1; }));
    const auto fds = std::filesystem::path("/proc") / std::to_string(server.pid()) / "fd";
    const auto open = static_cast<rlim_t>(std::distance(std::filesystem::directory_iterator(fds), {}));
    const rlimit tight{open + 4, open + 4};
    REQUIRE(::prlimit(server.pid(), RLIMIT_NOFILE, &tight, nullptr) == 0);

    // Twelve clients connect and say nothing: the server can take four, the rest wait in the backlog.
    srv::net::io_context io;
    std::vector<srv::tcp::socket> clients;
    for (int i = 0; i < 12; ++i) {
        clients.emplace_back(io).connect(srv::tcp::endpoint(srv::net::ip::make_address("127.0.0.1"), server.port()));
    }
    REQUIRE(wait_until([&] { return lines_with(log, "accept failed") > 0; }));
    // Over a second at the limit (a measuring period, not a wait for anything).
    const auto before = lines_with(log, "accept failed");
    std::this_thread::sleep_for(1s);
    const auto per_second = lines_with(log, "accept failed") - before;
    INFO("warnings in a second at the limit: " << per_second);
    INFO("the server's log:\n" << text_of(log).substr(0, 2000));
    CHECK(per_second == 0);
    CHECK(lines_with(log, "accept failed") == 1);
    CHECK(server.running());

    // Once the clients go, descriptors are free and the server takes connections again.
    clients.clear();
    CHECK(http_call(server.port(), "GET", "/healthz").status == 200);
    CHECK(wait_until([&] { return lines_with(log, "accepting connections again") == 1; }));
}
