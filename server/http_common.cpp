#include "server/http_common.hpp"

#include "server/http_target.hpp"
#include "server/room_registry.hpp"

namespace samling::server {

namespace {

/** Headers on every response: no sniffing, no framing, no referrers, a strict CSP. */
void secure(http_response& response) {
    response.set(http::field::server, "samling");
    response.set("Content-Security-Policy",
                 "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                 "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                 "frame-ancestors 'none'");
    response.set("X-Content-Type-Options", "nosniff");
    response.set("Referrer-Policy", "no-referrer");
    response.set(http::field::cache_control, "no-store");
}

}  // namespace

http_response make_response(const http_request& request, http::status status, std::string content_type,
                            std::string body) {
    http_response response{status, request.version()};
    secure(response);
    response.set(http::field::content_type, content_type);
    response.keep_alive(request.keep_alive());
    const std::size_t length = body.size();
    if (request.method() != http::verb::head) response.body() = std::move(body);
    response.prepare_payload();
    // A HEAD answer describes the body it leaves out.
    if (request.method() == http::verb::head) response.content_length(length);
    return response;
}

http_response json_response(const http_request& request, http::status status, const nlohmann::json& body) {
    return make_response(request, status, "application/json; charset=utf-8", body.dump());
}

http_response json_error(const http_request& request, http::status status, std::string_view code,
                         std::string_view message) {
    return json_response(request, status, nlohmann::json{{"error", {{"code", code}, {"message", message}}}});
}

std::string base_url(const server_context& context, const http_request& request) {
    if (!context.settings.public_url.empty()) return context.settings.public_url;
    return "http://" + std::string(request[http::field::host]);
}

std::string request_key(const http_request& request) {
    const auto authorization = request[http::field::authorization];
    if (authorization.starts_with("Bearer ")) return std::string(authorization.substr(7));
    return query_value(request.target(), "key");
}

void with_room(server_context& context, const http_request& request, const std::string& id, const responder& respond,
               std::function<void(std::shared_ptr<workshop_room>)> then) {
    context.rooms.open(id, [request, respond, then = std::move(then)](open_result opened) {
        if (opened.room) return then(std::move(opened.room));
        if (opened.failed) {
            return respond(json_error(request, http::status::service_unavailable, "unavailable",
                                      "The workshop cannot be opened right now."));
        }
        respond(json_error(request, http::status::not_found, "not_found", "There is no such workshop."));
    });
}

void with_summary(server_context& context, const http_request& request, const std::string& id, const responder& respond,
                  std::function<void(const workshop_summary&)> then) {
    context.rooms.summarize(id, [request, respond, then = std::move(then)](summary_result found) {
        if (found.summary) return then(*found.summary);
        if (found.failed) {
            return respond(json_error(request, http::status::service_unavailable, "unavailable",
                                      "The workshop cannot be opened right now."));
        }
        respond(json_error(request, http::status::not_found, "not_found", "There is no such workshop."));
    });
}

}  // namespace samling::server
