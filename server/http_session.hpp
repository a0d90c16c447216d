#pragma once
/** One TCP connection speaking HTTP/1.1, one request at a time, until it upgrades to a WebSocket. */
#include <memory>
#include <optional>

#include "server/beast.hpp"
#include "server/http_api.hpp"
#include "server/server_context.hpp"

namespace samling::server {

class http_session : public std::enable_shared_from_this<http_session> {
public:
    http_session(tcp::socket&& socket, std::unique_ptr<connection_slot> slot, server_context& context);
    ~http_session();
    void run();
    /** Answers with 429 and closes: the address or the server has too many connections. */
    void refuse();

private:
    void do_read();
    void on_read(error_code ec, std::size_t bytes);
    /** Answers a WebSocket upgrade (RFC 6455, 4.2.2) and hands the socket to a websocket_session. */
    void upgrade(const http_request& request);
    void send(http_response response);
    void on_write(bool close, error_code ec, std::size_t bytes);
    void do_close();

    beast::tcp_stream stream_;
    std::unique_ptr<connection_slot> slot_;
    server_context& context_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::shared_ptr<http_response> response_;
    std::shared_ptr<http::response<http::empty_body>> upgrade_;
};

}  // namespace samling::server
