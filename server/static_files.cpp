#include "server/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/http_target.hpp"
#include "server/web_assets.hpp"

namespace samling::server {

namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

std::string content_type_for(std::string_view path) {
    if (ends_with(path, ".html")) return "text/html; charset=utf-8";
    if (ends_with(path, ".js") || ends_with(path, ".mjs")) return "text/javascript; charset=utf-8";
    if (ends_with(path, ".css")) return "text/css; charset=utf-8";
    if (ends_with(path, ".json")) return "application/json";
    if (ends_with(path, ".svg")) return "image/svg+xml";
    if (ends_with(path, ".png")) return "image/png";
    if (ends_with(path, ".ico")) return "image/x-icon";
    if (ends_with(path, ".woff2")) return "font/woff2";
    return "application/octet-stream";
}

std::optional<static_file> static_files::find(std::string_view target) const {
    auto path = safe_path(target);
    if (!path) return std::nullopt;
    // The client is a single page: workshop links (/w/...), short links (/j/<code>) and the
    // root load index.html.
    if (*path == "/" || path->rfind("/w/", 0) == 0 || path->rfind("/j/", 0) == 0) *path = "/index.html";
    auto from_binary = [&]() -> std::optional<static_file> {
        const auto& assets = embedded_web_assets();
        auto it = assets.find(*path);
        if (it == assets.end()) return std::nullopt;
        return static_file{content_type_for(*path), std::string(it->second)};
    };
    if (directory_.empty()) return from_binary();
    const std::string full = directory_ + *path;
    std::error_code ec;
    // The libraries under /vendor/ live in the binary, not in web/: those come from there.
    if (!std::filesystem::is_regular_file(full, ec)) return from_binary();
    std::ifstream file(full, std::ios::binary);
    std::ostringstream body;
    body << file.rdbuf();
    if (!file) return std::nullopt;
    return static_file{content_type_for(*path), body.str()};
}

}  // namespace samling::server
