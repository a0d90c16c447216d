#include "server/listener.hpp"

#include <algorithm>

#include "server/http_session.hpp"
#include "server/limits.hpp"
#include "server/log.hpp"

namespace samling::server {

listener::listener(net::io_context& io, tcp::endpoint endpoint, server_context& context)
    : io_(io), acceptor_(net::make_strand(io)), context_(context), retry_timer_(acceptor_.get_executor()) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
    port_ = acceptor_.local_endpoint().port();
}

void listener::run() { net::dispatch(acceptor_.get_executor(), [self = shared_from_this()] { self->do_accept(); }); }

void listener::stop() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
        error_code ignored;
        self->acceptor_.close(ignored);
        self->retry_timer_.cancel();
    });
}

void listener::do_accept() {
    acceptor_.async_accept(net::make_strand(io_), [self = shared_from_this()](error_code ec, tcp::socket socket) {
        self->on_accept(ec, std::move(socket));
    });
}

void listener::on_accept(error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) return back_off(ec);
    if (failures_ > 0) {
        log_info("accepting connections again after " + std::to_string(failures_) + " failed attempts");
        failures_ = 0;
        backoff_ = std::chrono::milliseconds(0);
    }
    start_session(std::move(socket));
    do_accept();
}

void listener::start_session(tcp::socket socket) {
    // Frames leave when written: the server gathers what is queued itself, and Nagle's wait
    // for an acknowledgement would hold a participant's note back by up to a delayed ACK.
    error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    if (const int bytes = context_.settings.connection.socket_send_buffer; bytes > 0) {
        socket.set_option(net::socket_base::send_buffer_size(bytes), ignored);
    }
    error_code remote_error;
    const auto remote = socket.remote_endpoint(remote_error);
    const std::string address = remote_error ? std::string("unknown") : remote.address().to_string();
    auto slot = context_.connections.admit(address);
    const bool admitted = slot != nullptr;
    auto session = std::make_shared<http_session>(std::move(socket), std::move(slot), context_);
    if (admitted) {
        session->run();
    } else {
        context_.counters.connections_refused.fetch_add(1, std::memory_order_relaxed);
        session->refuse();
    }
}

void listener::back_off(const error_code& ec) {
    // Out of descriptors, an accept tried again at once fails again at once: the listener would
    // spin and flood the log. It waits, longer each time up to a cap, and says so once.
    if (failures_++ == 0) log_warning("accept failed: " + ec.message() + "; trying again with back-off");
    backoff_ = backoff_.count() == 0 ? std::chrono::milliseconds(limits::accept_backoff_first)
                                     : std::min<std::chrono::milliseconds>(backoff_ * 2, limits::accept_backoff_cap);
    retry_timer_.expires_after(backoff_);
    retry_timer_.async_wait([self = shared_from_this()](error_code wait_error) {
        if (wait_error || !self->acceptor_.is_open()) return;
        self->do_accept();
    });
}

}  // namespace samling::server
