#include "server/log.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>

namespace samling::server {

void log(log_level level, std::string_view message) {
    static std::mutex mutex;
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
    const char* name = level == log_level::info ? "info" : level == log_level::warning ? "warning" : "error";
    std::string line = std::string(stamp) + " " + name + " " + std::string(message) + "\n";
    std::lock_guard lock(mutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace samling::server
