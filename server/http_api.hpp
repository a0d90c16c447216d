#pragma once
/** The HTTP routes: REST API, health, metrics and the web client. */
#include <functional>

#include "server/beast.hpp"
#include "server/server_context.hpp"

namespace samling::server {

using http_request = http::request<http::string_body>;
using http_response = http::response<http::string_body>;
using responder = std::function<void(http_response)>;

/**
 * Answers `request` from the peer at `address` through `respond`, at once or (for writes)
 * after storage has committed.
 */
void handle_http(server_context& context, const http_request& request, const std::string& address, responder respond);

/** A JSON error body {"error":{"code","message"}} with `status`. */
http_response json_error(const http_request& request, http::status status, std::string_view code,
                         std::string_view message);

/** May a browser page from this request's Origin open a WebSocket here? */
bool origin_allowed(const config& settings, const http_request& request);

}  // namespace samling::server
