#pragma once
/**
 * Accepts TCP connections and starts an HTTP session for each one that the limits admit. When
 * accepting fails (out of file descriptors, say) it waits before the next try, longer each time.
 */
#include <chrono>
#include <cstdint>
#include <memory>

#include "server/net.hpp"
#include "server/server_context.hpp"

namespace samling::server {

class listener : public std::enable_shared_from_this<listener> {
public:
    /** Binds and listens at once; throws boost::system::system_error when the address is unusable. */
    listener(net::io_context& io, tcp::endpoint endpoint, server_context& context);
    void run();
    void stop();
    std::uint16_t port() const { return port_; }

private:
    void do_accept();
    void on_accept(error_code ec, tcp::socket socket);
    void start_session(tcp::socket socket);
    void back_off(const error_code& ec);

    net::io_context& io_;
    tcp::acceptor acceptor_;
    server_context& context_;
    std::uint16_t port_ = 0;
    net::steady_timer retry_timer_;
    std::chrono::milliseconds backoff_{0};  ///< the last wait; 0 while accepting works
    std::uint64_t failures_ = 0;            ///< failed accepts in a row
};

}  // namespace samling::server
