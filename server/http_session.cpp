#include "server/http_session.hpp"

#include <boost/beast/core/buffers_to_string.hpp>

#include "server/http_target.hpp"
#include "server/limits.hpp"
#include "server/websocket_handshake.hpp"
#include "server/websocket_session.hpp"

namespace samling::server {

http_session::http_session(tcp::socket&& socket, std::unique_ptr<connection_slot> slot, server_context& context)
    : stream_(std::move(socket)), slot_(std::move(slot)), context_(context) {
    context_.counters.http_connections.fetch_add(1, std::memory_order_relaxed);
}

http_session::~http_session() {
    // The place goes back first: once the gauge has fallen, a new connection finds it free.
    slot_.reset();
    context_.counters.http_connections.fetch_sub(1, std::memory_order_release);
}

void http_session::run() {
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&http_session::do_read, shared_from_this()));
}

void http_session::refuse() {
    http_request request;
    net::dispatch(stream_.get_executor(), [self = shared_from_this(), request] {
        auto response = json_error(request, http::status::too_many_requests, "unavailable",
                                   "Too many connections from your address. Close some tabs and try again.");
        response.keep_alive(false);
        self->send(std::move(response));
    });
}

void http_session::do_read() {
    parser_.emplace();
    parser_->body_limit(limits::http_body_bytes);
    parser_->header_limit(limits::http_header_bytes);
    // A request must arrive whole in time: slow senders (slowloris) are cut off.
    stream_.expires_after(context_.settings.connection.http_read_timeout);
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&http_session::on_read, shared_from_this()));
}

void http_session::on_read(error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) return do_close();
    if (ec == http::error::body_limit || ec == http::error::header_limit) {
        http_request request;
        auto response = json_error(request, http::status::payload_too_large, "bad_message", "The request is too large.");
        response.keep_alive(false);
        return send(std::move(response));
    }
    if (ec) return;
    auto request = parser_->release();
    if (websocket::is_upgrade(request)) {
        if (request.target() != "/ws" && request.target().substr(0, 4) != "/ws?") {
            return send(json_error(request, http::status::not_found, "not_found", "WebSockets live at /ws."));
        }
        if (!origin_allowed(context_.settings, request)) {
            auto response = json_error(request, http::status::forbidden, "forbidden",
                                       "This page's origin may not open a connection to this server.");
            response.keep_alive(false);
            return send(std::move(response));
        }
        return upgrade(request);
    }
    if (request.target().starts_with("/api/codes/") && slot_) {
        if (const int wait = context_.code_lookups.wait_seconds(slot_->address()); wait > 0) {
            auto response = json_error(request, http::status::too_many_requests, "rate_limited",
                                       "Too many codes tried from your address. Wait a little and try again.");
            response.set(http::field::retry_after, std::to_string(wait));
            return send(std::move(response));
        }
    }
    handle_http(context_, request, slot_->address(), [self = shared_from_this()](http_response response) {
        net::dispatch(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
            self->send(std::move(response));
        });
    });
}

void http_session::upgrade(const http_request& request) {
    if (request[http::field::sec_websocket_version] != "13") {
        auto response = json_error(request, http::status::upgrade_required, "bad_message",
                                   "This server speaks WebSocket version 13.");
        response.set(http::field::sec_websocket_version, "13");
        return send(std::move(response));
    }
    const auto accept = ws::accept_key(request[http::field::sec_websocket_key]);
    if (!accept) {
        return send(json_error(request, http::status::bad_request, "bad_message",
                               "The WebSocket key is missing or is not the base64 of 16 bytes."));
    }
    upgrade_ = std::make_shared<http::response<http::empty_body>>(http::status::switching_protocols, request.version());
    upgrade_->set(http::field::upgrade, "websocket");
    upgrade_->set(http::field::connection, "Upgrade");
    upgrade_->set(http::field::sec_websocket_accept, *accept);
    upgrade_->set(http::field::server, "samling");
    stream_.expires_after(context_.settings.connection.ws_handshake_timeout);
    // Behind a load balancer the URL names the workshop (/ws?workshop=<id>), so it can route on it.
    http::async_write(stream_, *upgrade_, [self = shared_from_this(), workshop = query_value(request.target(), "workshop")](
                                              error_code ec, std::size_t) mutable {
        if (ec) return;
        self->stream_.expires_never();
        // Frames the client sent right behind its request are already in the read buffer.
        std::string early = beast::buffers_to_string(self->buffer_.data());
        auto session =
            std::make_shared<websocket_session>(self->stream_.release_socket(), std::move(self->slot_), self->context_);
        session->expect_workshop(std::move(workshop));
        session->run(std::move(early));
    });
}

void http_session::send(http_response response) {
    response_ = std::make_shared<http_response>(std::move(response));
    const bool close = response_->need_eof();
    stream_.expires_after(context_.settings.connection.http_read_timeout);
    http::async_write(stream_, *response_,
                      beast::bind_front_handler(&http_session::on_write, shared_from_this(), close));
}

void http_session::on_write(bool close, error_code ec, std::size_t) {
    response_.reset();
    if (ec) return;
    if (close) return do_close();
    do_read();
}

void http_session::do_close() {
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

}  // namespace samling::server
