#include "server/http_target.hpp"

#include <algorithm>

#include "protocol/messages.hpp"

namespace samling::server {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
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


std::string_view target_path(std::string_view target) { return target.substr(0, target.find('?')); }

std::string query_value(std::string_view target, std::string_view name) {
    const auto query = target.find('?');
    if (query == std::string_view::npos) return {};
    std::size_t start = query + 1;
    while (start < target.size()) {
        const std::size_t end = std::min(target.find('&', start), target.size());
        const std::string_view pair = target.substr(start, end - start);
        if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=') {
            return std::string(pair.substr(name.size() + 1));
        }
        start = end + 1;
    }
    return {};
}

bool valid_workshop_id(std::string_view id) {
    return !id.empty() && id.size() <= protocol::max_token_chars &&
           id.find_first_not_of("abcdefghijklmnopqrstuvwxyz234567") == std::string_view::npos;
}

}  // namespace samling::server
