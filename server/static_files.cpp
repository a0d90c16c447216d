#include "server/static_files.hpp"

#include <algorithm>
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

/**
 * True when `file` resolves, symbolic links followed, to a place under the folder `root`: a link
 * in the web folder that points out of it must not serve what it points at.
 */
bool resolves_inside(const std::string& root, const std::string& file) {
    std::error_code ec;
    const auto real_root = std::filesystem::canonical(root, ec);
    if (ec) return false;
    const auto real_file = std::filesystem::canonical(file, ec);
    if (ec) return false;
    const auto [root_end, file_at] =
        std::mismatch(real_root.begin(), real_root.end(), real_file.begin(), real_file.end());
    return root_end == real_root.end() && file_at != real_file.end();
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
    if (!resolves_inside(directory_, full)) return std::nullopt;
    std::ifstream file(full, std::ios::binary);
    std::ostringstream body;
    body << file.rdbuf();
    if (!file) return std::nullopt;
    return static_file{content_type_for(*path), body.str()};
}

}  // namespace samling::server
