#include "server/random_token.hpp"

#include <sys/random.h>

#include <stdexcept>
#include <vector>

namespace samling::server {

std::string random_token(std::size_t bits) {
    static constexpr char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
    const std::size_t chars = (bits + 4) / 5;
    std::vector<unsigned char> bytes(chars);
    std::size_t filled = 0;
    while (filled < bytes.size()) {
        const ssize_t got = getrandom(bytes.data() + filled, bytes.size() - filled, 0);
        if (got < 0) throw std::runtime_error("no randomness available from the kernel");
        filled += static_cast<std::size_t>(got);
    }
    std::string token(chars, 'a');
    for (std::size_t i = 0; i < chars; ++i) token[i] = alphabet[bytes[i] & 31];
    return token;
}

}  // namespace samling::server
