/** The wall's routes: its read-only link, and the short join code typed from the back of the room. */
#include "core/wall_commands.hpp"
#include "server/http_common.hpp"
#include "server/random_token.hpp"
#include "server/room_registry.hpp"
#include "server/workshop_room.hpp"

namespace samling::server {

using nlohmann::json;

std::string wall_url(const std::string& base, const std::string& id, const std::string& wall_key) {
    return base + "/w/" + id + "#view=wall&wall=" + wall_key;
}

std::string short_url(const std::string& base, const std::string& code) { return base + "/j/" + code; }

void wall_link(server_context& context, const http_request& request, const std::string& id, responder respond) {
    const bool create = request.method() == http::verb::post;
    const std::string key = create ? new_secret() : std::string();
    const std::string url = create ? wall_url(base_url(context, request), id, key) : std::string();
    with_room(context, request, id, respond, [request, respond, key, url, create](std::shared_ptr<workshop_room> room) {
        room->set_wall_key(request_key(request), key, [request, respond, key, url, create](access_outcome outcome) {
            if (outcome != access_outcome::done) return respond(link_access_error(request, outcome));
            if (!create) return respond(json_response(request, http::status::ok, json{{"revoked", true}}));
            respond(json_response(request, http::status::created, json{{"wall_key", key}, {"wall_url", url}}));
        });
    });
}

void resolve_short_code(server_context& context, const http_request& request, const std::string& code,
                        responder respond) {
    const auto unknown = [&] {
        respond(json_error(request, http::status::not_found, "not_found",
                           "No workshop has that code. Check the code on the wall."));
    };
    if (!core::is_short_code(code)) return unknown();
    auto id = context.rooms.find_short_code(code);
    if (!id) return unknown();
    with_summary(context, request, *id, respond, [request, respond, id = *id](const workshop_summary& summary) {
        respond(json_response(request, http::status::ok,
                              json{{"workshop", id}, {"title", summary.title}, {"language", summary.language},
                                   {"locked", summary.locked}}));
    });
}

}  // namespace samling::server
