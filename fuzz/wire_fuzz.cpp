// Fuzzes the WebSocket frame reader on a client's raw bytes: whatever arrives, it must never
// crash, read out of bounds or hand out a message over the limit, and the bytes must give the
// same messages and the same verdict whether they arrive at once or in two pieces (the first
// byte of the input chooses where the stream is cut).
#include <cstdint>
#include <string>
#include <vector>

#include "server/websocket_frame.hpp"

namespace {

constexpr std::size_t limit = 4096;

struct outcome {
    std::vector<std::pair<int, std::string>> messages;
    std::uint16_t error = 0;
};

outcome read_all(std::string bytes, std::size_t cut) {
    samling::server::ws::frame_reader reader(limit);
    outcome out;
    const auto on_message = [&](const samling::server::ws::message& m) {
        if (m.payload.size() > limit) __builtin_trap();
        out.messages.emplace_back(static_cast<int>(m.kind), std::string(m.payload));
        return true;
    };
    out.error = reader.consume(bytes.data(), cut, on_message);
    if (out.error == 0) out.error = reader.consume(bytes.data() + cut, bytes.size() - cut, on_message);
    // What is kept between reads is one incomplete frame and one incomplete message at most.
    if (out.error == 0 && reader.buffered() > 2 * limit + 14) __builtin_trap();
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::size_t cut = bytes.empty() ? 0 : data[0] % (bytes.size() + 1);
    const outcome whole = read_all(bytes, bytes.size());
    const outcome split = read_all(bytes, cut);
    if (whole.error != split.error || whole.messages != split.messages) __builtin_trap();
    return 0;
}
