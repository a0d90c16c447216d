#pragma once
/** The server's half of the WebSocket opening handshake (RFC 6455, 4.2), without I/O. */
#include <optional>
#include <string>
#include <string_view>

namespace samling::server::ws {

/**
 * The `Sec-WebSocket-Accept` value answering a client's `Sec-WebSocket-Key`: base64 of the SHA-1
 * of the key and the protocol's GUID. nullopt when the key is not the base64 of 16 bytes.
 */
std::optional<std::string> accept_key(std::string_view client_key);

/** SHA-1 of `data` (20 bytes), used only for the handshake above. */
std::string sha1(std::string_view data);

/** Standard base64 with padding. */
std::string base64(std::string_view data);

}  // namespace samling::server::ws
