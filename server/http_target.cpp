#include "server/http_target.hpp"

#include <algorithm>

#include "protocol/messages.hpp"

namespace samling::server {

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
