#pragma once
/** The web/ folder, embedded at build time by cmake/embed_web.cmake. */
#include <string_view>
#include <unordered_map>

namespace samling::server {

/** Path under web/ (with a leading "/") to file contents. */
const std::unordered_map<std::string_view, std::string_view>& embedded_web_assets();

}  // namespace samling::server
