#pragma once
/** Beast names used by the HTTP sessions (WebSocket framing is server/websocket_frame.hpp). */
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "server/net.hpp"

namespace samling::server {
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
}  // namespace samling::server
