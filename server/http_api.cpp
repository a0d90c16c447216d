#include "server/http_api.hpp"

#include "protocol/utf8.hpp"
#include "server/http_common.hpp"
#include "server/http_target.hpp"
#include "server/workshop_room.hpp"
#include "storage/event_store.hpp"

namespace samling::server {

namespace {

using nlohmann::json;

/** Reads an optional text field of a JSON body, checking type, UTF-8, control characters and length. */
std::optional<std::string> text_field(const json& body, const char* name, std::int64_t max_chars, bool multiline,
                                      const std::string& fallback, std::string& error) {
    if (!body.contains(name) || body[name].is_null()) return fallback;
    if (!body[name].is_string()) {
        error = std::string("The field \"") + name + "\" must be a string.";
        return std::nullopt;
    }
    const auto& text = body[name].get_ref<const std::string&>();
    if (!protocol::is_valid_utf8(text) || protocol::has_control_characters(text, multiline)) {
        error = std::string("The field \"") + name + "\" contains characters that are not allowed.";
        return std::nullopt;
    }
    if (protocol::code_points(text) > static_cast<std::size_t>(max_chars)) {
        error = std::string("The field \"") + name + "\" is longer than " + std::to_string(max_chars) + " characters.";
        return std::nullopt;
    }
    return text;
}

/** True when the server asks for no creation key, or the request carries it (compared as hashes). */
bool may_create(const server_context& context, const http_request& request) {
    if (context.settings.create_key.empty()) return true;
    return storage::sha256_hex(request_key(request)) == storage::sha256_hex(context.settings.create_key);
}

void create_workshop(server_context& context, const http_request& request, responder respond) {
    if (!may_create(context, request)) {
        return respond(json_error(request, http::status::unauthorized, "bad_credentials",
                                  "This server asks for its creation key to start a workshop."));
    }
    json body = json::parse(request.body(), nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        return respond(json_error(request, http::status::bad_request, "bad_json", "Send a JSON object."));
    }
    std::string error;
    auto title = text_field(body, "title", core::limits::title_chars, false, "", error);
    auto purpose = title ? text_field(body, "purpose", core::limits::purpose_chars, true, "", error) : std::nullopt;
    auto language = purpose ? text_field(body, "language", 2, false, "en", error) : std::nullopt;
    auto name = language ? text_field(body, "facilitator_name", core::limits::name_chars, false, "Facilitator", error)
                         : std::nullopt;
    if (!name) return respond(json_error(request, http::status::bad_request, "bad_message", error));
    if (title->empty() || name->empty()) {
        return respond(json_error(request, http::status::bad_request, "bad_message",
                                  "Give the workshop a title (and the facilitator a name)."));
    }
    const std::string base = base_url(context, request);
    context.rooms.create(core::workshop_create{*title, *purpose, *language, *name},
                         [request, respond, base](create_result result) {
        if (auto* refused = std::get_if<core::rejection>(&result)) {
            const auto status = refused->code == core::errc::storage_failed ? http::status::service_unavailable
                                                                            : http::status::bad_request;
            return respond(json_error(request, status, core::to_string(refused->code), refused->message));
        }
        const auto& created = std::get<created_workshop>(result);
        json answer{{"id", created.id},
                    {"facilitator_key", created.facilitator_key},
                    {"join_code", created.join_code},
                    {"facilitator_url", base + "/w/" + created.id + "#key=" + created.facilitator_key},
                    {"participant_url", base + "/w/" + created.id + "#join=" + created.join_code},
                    {"wall_key", created.wall_key},
                    {"wall_url", wall_url(base, created.id, created.wall_key)},
                    {"short_code", created.short_code},
                    {"short_url", short_url(base, created.short_code)},
                    {"websocket_path", "/ws"}};
        respond(json_response(request, http::status::created, answer));
    });
}

void workshop_info(server_context& context, const http_request& request, const std::string& id, responder respond) {
    if (!valid_workshop_id(id)) {
        return respond(json_error(request, http::status::not_found, "not_found", "There is no such workshop."));
    }
    auto room = room_or_error(context, request, id, respond);
    if (!room) return;
    const auto summary = room->summary();
    respond(json_response(request, http::status::ok,
                          json{{"id", id},
                               {"title", summary.title},
                               {"language", summary.language},
                               {"phase", core::to_string(summary.phase)},
                               {"locked", summary.locked},
                               {"participants", summary.participants},
                               {"seq", summary.seq}}));
}

}  // namespace

bool origin_allowed(const config& settings, const http_request& request) {
    const auto origin = request[http::field::origin];
    if (origin.empty()) return true;  // not a browser: no ambient credentials to hijack
    const auto host = request[http::field::host];
    if (origin == "http://" + std::string(host) || origin == "https://" + std::string(host)) return true;
    if (!settings.public_url.empty() && origin == settings.public_url) return true;
    for (const auto& allowed : settings.allowed_origins) {
        if (origin == allowed) return true;
    }
    return false;
}

void handle_http(server_context& context, const http_request& request, responder respond) {
    const std::string target(request.target());
    const std::string path(target_path(target));
    const auto method = request.method();
    const bool read = method == http::verb::get || method == http::verb::head;
    if (path == "/api/workshops") {
        if (method != http::verb::post) {
            return respond(json_error(request, http::status::method_not_allowed, "bad_message", "Use POST."));
        }
        return create_workshop(context, request, std::move(respond));
    }
    if (path.rfind("/api/workshops/", 0) == 0 && read) {
        const std::string rest = path.substr(15);
        const auto slash = rest.find('/');
        if (slash == std::string::npos) return workshop_info(context, request, rest, std::move(respond));
        const std::string id = rest.substr(0, slash);
        const std::string file = rest.substr(slash + 1);
        if (file.rfind("export.", 0) == 0 && valid_workshop_id(id)) {
            return export_workshop(context, request, id, file.substr(7), std::move(respond));
        }
    }
    if (path.rfind("/api/workshops/", 0) == 0 && path.ends_with("/organiser-link") &&
        (method == http::verb::post || method == http::verb::delete_)) {
        const std::string id = path.substr(15, path.size() - 15 - 15);
        if (valid_workshop_id(id)) return organiser_link(context, request, id, std::move(respond));
        return respond(json_error(request, http::status::not_found, "not_found", "There is no such workshop."));
    }
    if (path.rfind("/api/workshops/", 0) == 0 && path.ends_with("/wall-link") &&
        (method == http::verb::post || method == http::verb::delete_)) {
        const std::string id = path.substr(15, path.size() - 15 - 10);
        if (valid_workshop_id(id)) return wall_link(context, request, id, std::move(respond));
        return respond(json_error(request, http::status::not_found, "not_found", "There is no such workshop."));
    }
    if (path.rfind("/api/codes/", 0) == 0 && read) {
        return resolve_short_code(context, request, path.substr(11), std::move(respond));
    }
    if (path == "/api/server" && read) {
        json languages = json::array();
        for (auto code : core::language_codes) languages.push_back(code);
        return respond(json_response(request, http::status::ok,
                                     json{{"protocol", protocol::version},
                                          {"create_requires_key", !context.settings.create_key.empty()},
                                          {"languages", languages}}));
    }
    if (path == "/healthz" && read) {
        return respond(json_response(request, http::status::ok,
                                     json{{"status", context.stopping ? "stopping" : "ok"},
                                          {"workshops", context.rooms.size()}}));
    }
    if (path == "/metrics" && read) {
        return respond(make_response(request, http::status::ok, "text/plain; version=0.0.4", context.counters.render()));
    }
    if (path.rfind("/api/", 0) == 0) {
        return respond(json_error(request, http::status::not_found, "not_found", "There is no such API endpoint."));
    }
    if (!read) return respond(json_error(request, http::status::method_not_allowed, "bad_message", "Use GET."));
    if (auto file = context.web.find(target)) {
        return respond(make_response(request, http::status::ok, file->content_type, std::move(file->body)));
    }
    respond(make_response(request, http::status::not_found, "text/plain; charset=utf-8", "Not found.\n"));
}

}  // namespace samling::server
