#include "server/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/web_assets.hpp"

namespace samling::server {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

std::optional<std::string> safe_path(std::string_view target) {
    target = target.substr(0, target.find_first_of("?#"));
    if (target.empty() || target.front() != '/') return std::nullopt;
    std::string path;
    for (std::size_t i = 0; i < target.size(); ++i) {
        char c = target[i];
        if (c == '%') {
            if (i + 2 >= target.size()) return std::nullopt;
            const int high = hex_value(target[i + 1]);
            const int low = hex_value(target[i + 2]);
            if (high < 0 || low < 0) return std::nullopt;
            c = static_cast<char>(high * 16 + low);
            i += 2;
        }
        if (c == '\0' || c == '\\') return std::nullopt;
        path.push_back(c);
    }
    // Refuse every dot segment and empty segment rather than resolving them.
    std::size_t start = 1;
    while (start <= path.size()) {
        const std::size_t end = std::min(path.find('/', start), path.size());
        const std::string_view segment(path.data() + start, end - start);
        if (segment == "." || segment == ".." || (segment.empty() && end != path.size())) return std::nullopt;
        start = end + 1;
    }
    return path;
}

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
    // The client is a single page: workshop links (/w/...) and the root load index.html.
    if (*path == "/" || path->rfind("/w/", 0) == 0) *path = "/index.html";
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
