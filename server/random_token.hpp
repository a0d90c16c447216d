#pragma once
/** Unguessable identifiers from the kernel's random source. */
#include <cstddef>
#include <string>

namespace samling::server {

/** `bits` of randomness (a multiple of 5 rounds up) as lower-case base32 (a-z, 2-7). */
std::string random_token(std::size_t bits);

inline std::string new_workshop_id() { return random_token(80); }  ///< 16 characters
inline std::string new_secret() { return random_token(130); }      ///< 26 characters, >= 128 bits

}  // namespace samling::server
