// Fuzzes the decoder of client frames: any bytes must decode to a message or a coded error,
// never crash, leak or read out of bounds; an error always has a code and a message.
#include <cstdint>
#include <string_view>

#include "protocol/messages.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view frame(reinterpret_cast<const char*>(data), size);
    auto decoded = samling::protocol::decode_client_message(frame);
    if (auto* error = std::get_if<samling::protocol::decode_error>(&decoded)) {
        if (error->code == samling::core::errc::ok || error->message.empty()) __builtin_trap();
    }
    return 0;
}
