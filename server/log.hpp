#pragma once
/** One line per notable event, to standard error, safe from any thread. */
#include <string_view>

namespace samling::server {

enum class log_level { info, warning, error };

/** Writes "2026-11-22T10:00:00Z info message" as one line. */
void log(log_level level, std::string_view message);
inline void log_info(std::string_view message) { log(log_level::info, message); }
inline void log_warning(std::string_view message) { log(log_level::warning, message); }
inline void log_error(std::string_view message) { log(log_level::error, message); }

}  // namespace samling::server
