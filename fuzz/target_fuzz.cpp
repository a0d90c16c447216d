// Fuzzes request-target handling: the static-file path and query parsing. Any path accepted
// must stay under the web root: absolute, no dot or empty segment, no backslash, no NUL.
#include <cstdint>
#include <string>
#include <string_view>

#include "server/http_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view target(reinterpret_cast<const char*>(data), size);
    using namespace samling::server;
    if (auto path = safe_path(target)) {
        if (path->empty() || path->front() != '/') __builtin_trap();
        if (path->find('\0') != std::string::npos || path->find('\\') != std::string::npos) __builtin_trap();
        const std::string wrapped = *path + "/";
        if (wrapped.find("/../") != std::string::npos || wrapped.find("/./") != std::string::npos) __builtin_trap();
        if (path->size() > 1 && path->find("//") != std::string::npos) __builtin_trap();
    }
    const std::string key = query_value(target, "key");
    if (key.find('&') != std::string::npos) __builtin_trap();
    if (target_path(target).find('?') != std::string_view::npos) __builtin_trap();
    (void)valid_workshop_id(target);
    return 0;
}
