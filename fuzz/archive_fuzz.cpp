// Fuzzes `samling import`: any file must be refused with a message or restore a workshop whose
// events all pass the rules again (decode_archive replays them through core::decide).
#include <cstdint>
#include <string_view>

#include "protocol/archive.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto decoded = samling::protocol::decode_archive(text);
    if (auto* error = std::get_if<std::string>(&decoded)) {
        if (error->empty()) __builtin_trap();
    } else {
        // A restored workshop encodes again and decodes to the same state.
        const auto& [archive, state] = std::get<0>(decoded);
        auto again = samling::protocol::decode_archive(samling::protocol::encode_archive(archive));
        if (!std::holds_alternative<std::pair<samling::protocol::workshop_archive, samling::core::workshop_state>>(again)) {
            __builtin_trap();
        }
        if (!(std::get<0>(again).second == state)) __builtin_trap();
    }
    return 0;
}
