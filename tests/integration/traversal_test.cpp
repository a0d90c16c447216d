// Static files never escape the web root, whatever the request target says: a corpus of
// traversal attempts (dot segments, encoded and double-encoded dots, backslashes, NUL).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "server/beast.hpp"
#include "tests/integration/test_client.hpp"

using namespace samling::test;
namespace srv = samling::server;

namespace {

/** Sends `target` byte for byte in a request line and returns the whole answer ("" if none). */
std::string raw_get(std::uint16_t port, const std::string& target) {
    srv::net::io_context io;
    srv::tcp::socket socket(io);
    socket.connect(srv::tcp::endpoint(srv::net::ip::make_address("127.0.0.1"), port));
    const std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    srv::net::write(socket, srv::net::buffer(request));
    std::string answer;
    char chunk[4096];
    srv::error_code ec;
    for (;;) {
        const std::size_t n = socket.read_some(srv::net::buffer(chunk), ec);
        if (ec) break;
        answer.append(chunk, n);
    }
    return answer;
}

}  // namespace

TEST_CASE("no request target reads outside the web root", "[integration][http][traversal]") {
    temp_dir dir;
    const std::string root = dir.file("web");
    std::filesystem::create_directories(root + "/js");
    std::ofstream(root + "/index.html") << "<!doctype html><title>inside</title>";
    std::ofstream(root + "/js/app.js") << "// inside";
    const std::string secret = "SECRET-OUTSIDE-THE-ROOT-7f3a";
    std::ofstream(dir.file("secret.txt")) << secret;
    running_server server(dir.file("samling.db"), [&](srv::config& c) { c.web_dir = root; });

    const std::vector<std::string> corpus{
        "/../secret.txt", "/js/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/.%2e/secret.txt",
        "/%2e%2e%2fsecret.txt", "/..%2fsecret.txt", "/js%2f..%2f..%2fsecret.txt", "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt", "/..\\secret.txt", "/js\\..\\..\\secret.txt", "/%5c..%5csecret.txt",
        "/..%5csecret.txt", "/%00/../secret.txt", "/index.html%00.js", "/secret.txt%00", "/./../secret.txt",
        "//secret.txt", "/js//../../secret.txt", "/w/../../secret.txt", "/%c0%ae%c0%ae/secret.txt",
        "/..;/secret.txt", "/.../secret.txt", "/....//secret.txt", "../secret.txt", "/js/..", "/%2e",
        "/" + dir.file("secret.txt"), "/%2f" + dir.file("secret.txt").substr(1),
    };
    for (const auto& target : corpus) {
        INFO(target);
        const std::string answer = raw_get(server.port(), target);
        CHECK(answer.find(secret) == std::string::npos);
        const bool refused = answer.empty() || answer.starts_with("HTTP/1.1 400") || answer.starts_with("HTTP/1.1 404");
        CHECK(refused);
    }
    // What is inside is still served, and the SPA routes still load the page.
    CHECK(raw_get(server.port(), "/js/app.js").find("// inside") != std::string::npos);
    CHECK(raw_get(server.port(), "/w/abc").find("<title>inside</title>") != std::string::npos);
}

TEST_CASE("symbolic links in the web folder do not lead out of it", "[integration][http][traversal]") {
    temp_dir dir;
    const std::string root = dir.file("web");
    std::filesystem::create_directories(root + "/js");
    std::filesystem::create_directories(dir.file("outside"));
    std::ofstream(root + "/index.html") << "<!doctype html><title>inside</title>";
    std::ofstream(root + "/js/app.js") << "// inside";
    const std::string secret = "SECRET-BEHIND-A-LINK-51c2";
    std::ofstream(dir.file("outside/secret.txt")) << secret;
    std::filesystem::create_symlink(dir.file("outside/secret.txt"), root + "/secret.txt");
    std::filesystem::create_directory_symlink(dir.file("outside"), root + "/linked");
    std::filesystem::create_symlink("../../outside/secret.txt", root + "/js/relative.js");
    // A link that stays inside the folder is fine.
    std::filesystem::create_symlink("app.js", root + "/js/alias.js");
    running_server server(dir.file("samling.db"), [&](srv::config& c) { c.web_dir = root; });

    for (const std::string target : {"/secret.txt", "/linked/secret.txt", "/js/relative.js"}) {
        INFO(target);
        const std::string answer = raw_get(server.port(), target);
        CHECK(answer.find(secret) == std::string::npos);
        CHECK(answer.starts_with("HTTP/1.1 404"));
    }
    CHECK(raw_get(server.port(), "/js/alias.js").find("// inside") != std::string::npos);
    CHECK(raw_get(server.port(), "/js/app.js").find("// inside") != std::string::npos);
}
