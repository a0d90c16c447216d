#include "tests/integration/raw_ws.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace samling::test {

int raw_frame::close_code() const {
    if (opcode != 8 || payload.size() < 2) return 0;
    return (static_cast<unsigned char>(payload[0]) << 8) | static_cast<unsigned char>(payload[1]);
}

raw_ws::raw_ws(std::uint16_t port, int receive_buffer) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd_ >= 0);
    if (receive_buffer > 0) {
        REQUIRE(::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer) == 0);
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    const std::string upgrade = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                                "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                "Sec-WebSocket-Key: c2FtbGluZy1yYXctdGVzdA==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    REQUIRE(write(upgrade));
    std::string head;
    while (head.find("\r\n\r\n") == std::string::npos) {
        char c[512];
        timeval wait{10, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
        const ssize_t n = ::recv(fd_, c, sizeof c, 0);
        REQUIRE(n > 0);
        head.append(c, static_cast<std::size_t>(n));
    }
    const auto end = head.find("\r\n\r\n") + 4;
    REQUIRE(head.rfind("HTTP/1.1 101", 0) == 0);
    pending_ = head.substr(end);
    bytes_read = pending_.size();
    parse();
}

raw_ws::~raw_ws() {
    if (fd_ >= 0) ::close(fd_);
}

std::string raw_ws::frame(const std::string& payload, int opcode) {
    std::string out;
    out += static_cast<char>(0x80 | opcode);
    const std::size_t n = payload.size();
    if (n < 126) {
        out += static_cast<char>(0x80 | n);
    } else if (n < 65536) {
        out += static_cast<char>(0x80 | 126);
        out += static_cast<char>(n >> 8);
        out += static_cast<char>(n & 0xff);
    } else {
        out += static_cast<char>(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((n >> shift) & 0xff);
    }
    const unsigned char mask[4] = {0x5a, 0xc3, 0x17, 0x9e};
    for (unsigned char m : mask) out += static_cast<char>(m);
    for (std::size_t i = 0; i < n; ++i) out += static_cast<char>(static_cast<unsigned char>(payload[i]) ^ mask[i % 4]);
    return out;
}

bool raw_ws::write(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

long raw_ws::read_some(std::size_t max, std::chrono::milliseconds deadline) {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(deadline).count();
    timeval wait{static_cast<time_t>(us / 1000000), static_cast<suseconds_t>(us % 1000000)};
    if (wait.tv_sec == 0 && wait.tv_usec == 0) wait.tv_usec = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    std::string chunk(max, '\0');
    ssize_t n;
    do {
        n = ::recv(fd_, chunk.data(), max, 0);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
    if (n <= 0) return -1;
    pending_.append(chunk.data(), static_cast<std::size_t>(n));
    bytes_read += static_cast<std::size_t>(n);
    parse();
    return n;
}

bool raw_ws::next(raw_frame& out, std::chrono::milliseconds deadline) {
    const auto end = std::chrono::steady_clock::now() + deadline;
    while (frames.empty()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        if (read_some(64 * 1024, left) < 0 && frames.empty()) return false;
    }
    out = std::move(frames.front());
    frames.pop_front();
    return true;
}

void raw_ws::shutdown() { ::shutdown(fd_, SHUT_RDWR); }

void raw_ws::answer_close(int code) {
    std::string payload;
    payload += static_cast<char>((code >> 8) & 0xff);
    payload += static_cast<char>(code & 0xff);
    write(frame(payload, 8));
}

void raw_ws::parse() {
    for (;;) {
        if (pending_.size() < 2) return;
        const auto b0 = static_cast<unsigned char>(pending_[0]);
        const auto b1 = static_cast<unsigned char>(pending_[1]);
        std::size_t header = 2;
        std::uint64_t length = b1 & 0x7f;
        if (length == 126) {
            if (pending_.size() < 4) return;
            length = (static_cast<unsigned char>(pending_[2]) << 8) | static_cast<unsigned char>(pending_[3]);
            header = 4;
        } else if (length == 127) {
            if (pending_.size() < 10) return;
            length = 0;
            for (int i = 0; i < 8; ++i) length = (length << 8) | static_cast<unsigned char>(pending_[2 + i]);
            header = 10;
        }
        if (b1 & 0x80) throw std::runtime_error("a masked frame from the server");
        if (pending_.size() < header + length) return;
        std::string payload = pending_.substr(header, length);
        pending_.erase(0, header + length);
        const int opcode = b0 & 0x0f;
        const bool fin = (b0 & 0x80) != 0;
        if (opcode >= 8) {  // control frames are never fragmented
            frames.push_back({opcode, std::move(payload)});
            continue;
        }
        if (opcode != 0) message_opcode_ = opcode;
        message_ += payload;
        if (fin) {
            frames.push_back({message_opcode_, std::move(message_)});
            message_.clear();
        }
    }
}

}  // namespace samling::test
