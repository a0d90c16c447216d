#pragma once
/**
 * The short join codes of this server's workshops: which workshop a typed code leads to, and
 * fresh codes that no other workshop holds. Thread-safe.
 */
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace samling::server {

class short_code_directory {
public:
    /** Adds codes already stored (code, workshop id), as read at start. */
    void load(const std::vector<std::pair<std::string, std::string>>& codes);
    /** A random code no workshop holds, reserved for `workshop` from now on. */
    std::string draw(const std::string& workshop);
    /** Frees `code` if `workshop` holds it (after a rotation, or a draw that was not stored). */
    void release(const std::string& code, const std::string& workshop);
    /** Frees whatever code `workshop` holds (it was deleted). */
    void release_workshop(const std::string& workshop);
    /** The workshop that holds `code`. */
    std::optional<std::string> find(const std::string& code) const;

private:
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::string> workshops_;  ///< code -> workshop id
};

/** `digits` random decimal digits from the kernel's random source, without modulo bias. */
std::string random_digits(std::size_t digits);

}  // namespace samling::server
