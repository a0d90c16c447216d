#include "server/short_code_directory.hpp"

#include <sys/random.h>

#include <stdexcept>

#include "core/limits.hpp"

namespace samling::server {

std::string random_digits(std::size_t digits) {
    std::string code;
    while (code.size() < digits) {
        unsigned char byte = 0;
        if (getrandom(&byte, 1, 0) != 1) throw std::runtime_error("no randomness available from the kernel");
        // 250 is the largest multiple of 10 below 256: rejecting the rest keeps every digit equally likely.
        if (byte < 250) code.push_back(static_cast<char>('0' + byte % 10));
    }
    return code;
}

void short_code_directory::load(const std::vector<std::pair<std::string, std::string>>& codes) {
    std::lock_guard lock(mutex_);
    for (const auto& [code, workshop] : codes) workshops_[code] = workshop;
}

std::string short_code_directory::draw(const std::string& workshop) {
    const auto digits = static_cast<std::size_t>(core::limits::short_code_digits);
    std::lock_guard lock(mutex_);
    for (;;) {
        std::string code = random_digits(digits);
        if (workshops_.emplace(code, workshop).second) return code;
    }
}

void short_code_directory::release(const std::string& code, const std::string& workshop) {
    std::lock_guard lock(mutex_);
    if (auto it = workshops_.find(code); it != workshops_.end() && it->second == workshop) workshops_.erase(it);
}

void short_code_directory::release_workshop(const std::string& workshop) {
    std::lock_guard lock(mutex_);
    std::erase_if(workshops_, [&](const auto& entry) { return entry.second == workshop; });
}

std::optional<std::string> short_code_directory::find(const std::string& code) const {
    std::lock_guard lock(mutex_);
    if (auto it = workshops_.find(code); it != workshops_.end()) return it->second;
    return std::nullopt;
}

}  // namespace samling::server
