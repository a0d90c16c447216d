#include "server/http_api.hpp"

#include <cctype>

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
                                      const std::string& fallback, core::rejection& error) {
    if (!body.contains(name) || body[name].is_null()) return fallback;
    if (!body[name].is_string()) {
        error = {core::errc::bad_message, std::string("The field \"") + name + "\" must be a string.", {{"field", name}}};
        return std::nullopt;
    }
    const auto& text = body[name].get_ref<const std::string&>();
    if (!protocol::is_valid_utf8(text) || protocol::has_control_characters(text, multiline)) {
        error = {core::errc::invalid_text, std::string("The field \"") + name + "\" contains characters that are not allowed.",
                 {{"field", name}}};
        return std::nullopt;
    }
    if (const char32_t control = protocol::format_control_in(text, multiline); control != 0) {
        error = {core::errc::invalid_text, std::string("The field \"") + name +
                                               "\" contains the invisible formatting character " +
                                               protocol::code_point_name(control) +
                                               ", which could make it display as something else.",
                 {{"field", name}, {"character", protocol::code_point_name(control)}}};
        return std::nullopt;
    }
    if (protocol::code_points(text) > static_cast<std::size_t>(max_chars)) {
        error = {core::errc::text_too_long,
                 std::string("The field \"") + name + "\" is longer than " + std::to_string(max_chars) + " characters.",
                 {{"field", name}, {"limit", max_chars}}};
        return std::nullopt;
    }
    return text;
}

/** True when the server asks for no creation key, or the request carries it (compared as hashes). */
bool may_create(const server_context& context, const http_request& request) {
    if (context.settings.create_key.empty()) return true;
    return storage::sha256_hex(request_key(request)) == storage::sha256_hex(context.settings.create_key);
}

/** The status a refused creation answers with. */
http::status creation_status(core::errc code) {
    switch (code) {
        case core::errc::storage_failed:
        case core::errc::unavailable: return http::status::service_unavailable;
        case core::errc::limit_reached: return http::status::insufficient_storage;
        default: return http::status::bad_request;
    }
}

/** 429 with Retry-After when `address` has created its share of workshops for now. */
std::optional<http_response> over_creation_rate(server_context& context, const http_request& request,
                                                const std::string& address) {
    auto wait = context.creations.take(address);
    if (!wait) return std::nullopt;
    context.counters.rate_limited.fetch_add(1, std::memory_order_relaxed);
    auto response = json_error(request, http::status::too_many_requests, "rate_limited",
                               "Too many workshops were created from your address just now. Try again in " +
                                   std::to_string(*wait) + " seconds.");
    response.set(http::field::retry_after, std::to_string(*wait));
    return response;
}

/**
 * True when /metrics may be read: the server has no --metrics-token, or the request carries it
 * as "Authorization: Bearer <token>" (compared as hashes). Only the header counts: a token in the
 * URL would end up in access logs.
 */
bool may_read_metrics(const config& settings, const http_request& request) {
    if (settings.metrics_token.empty()) return true;
    const auto authorization = request[http::field::authorization];
    constexpr std::string_view scheme = "bearer ";
    if (authorization.size() <= scheme.size()) return false;
    for (std::size_t i = 0; i < scheme.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(authorization[i])) != scheme[i]) return false;
    }
    const std::string token(authorization.substr(scheme.size()));
    return storage::sha256_hex(token) == storage::sha256_hex(settings.metrics_token);
}

void create_workshop(server_context& context, const http_request& request, const std::string& address,
                     responder respond) {
    if (!may_create(context, request)) {
        return respond(json_error(request, http::status::unauthorized, "bad_credentials",
                                  "This server asks for its creation key to start a workshop."));
    }
    if (auto refused = over_creation_rate(context, request, address)) return respond(std::move(*refused));
    json body = json::parse(request.body(), nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        return respond(json_error(request, http::status::bad_request, "bad_json", "Send a JSON object."));
    }
    core::rejection error;
    auto title = text_field(body, "title", core::limits::title_chars, false, "", error);
    auto purpose = title ? text_field(body, "purpose", core::limits::purpose_chars, true, "", error) : std::nullopt;
    auto language = purpose ? text_field(body, "language", 2, false, "en", error) : std::nullopt;
    auto name = language ? text_field(body, "facilitator_name", core::limits::name_chars, false, "Facilitator", error)
                         : std::nullopt;
    if (!name) {
        return respond(json_error(request, http::status::bad_request, core::to_string(error.code), error.message));
    }
    if (title->empty() || name->empty()) {
        return respond(json_error(request, http::status::bad_request, "bad_message",
                                  "Give the workshop a title (and the facilitator a name)."));
    }
    const std::string base = base_url(context, request);
    context.rooms.create(core::workshop_create{*title, *purpose, *language, *name},
                         [request, respond, base](create_result result) {
        if (auto* refused = std::get_if<core::rejection>(&result)) {
            return respond(json_error(request, creation_status(refused->code), core::to_string(refused->code),
                                      refused->message));
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
    with_summary(context, request, id, respond, [request, respond, id](const workshop_summary& summary) {
        respond(json_response(request, http::status::ok,
                              json{{"id", id},
                                   {"title", summary.title},
                                   {"language", summary.language},
                                   {"phase", core::to_string(summary.phase)},
                                   {"locked", summary.locked},
                                   {"participants", summary.participants},
                                   {"seq", summary.seq}}));
    });
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

namespace {

/** POST and DELETE on /api/workshops/{id}/{action}: the links a facilitator manages. */
bool manage_links(server_context& context, const http_request& request, const std::string& path, responder& respond) {
    const auto method = request.method();
    if (path.rfind("/api/workshops/", 0) != 0) return false;
    const std::string rest = path.substr(15);
    const auto slash = rest.find('/');
    if (slash == std::string::npos) return false;
    const std::string id = rest.substr(0, slash);
    const std::string action = rest.substr(slash + 1);
    const bool organiser = action == "organiser-link" && (method == http::verb::post || method == http::verb::delete_);
    const bool join_code = action == "join-code" && method == http::verb::post;
    const bool wall = action == "wall-link" && (method == http::verb::post || method == http::verb::delete_);
    if (!organiser && !join_code && !wall) return false;
    if (!valid_workshop_id(id)) {
        respond(json_error(request, http::status::not_found, "not_found", "There is no such workshop."));
    } else if (organiser) {
        organiser_link(context, request, id, std::move(respond));
    } else if (wall) {
        wall_link(context, request, id, std::move(respond));
    } else {
        rotate_join_code(context, request, id, std::move(respond));
    }
    return true;
}

}  // namespace

void handle_http(server_context& context, const http_request& request, const std::string& address, responder respond) {
    const std::string target(request.target());
    const std::string path(target_path(target));
    const auto method = request.method();
    const bool read = method == http::verb::get || method == http::verb::head;
    if (path == "/api/workshops") {
        if (method != http::verb::post) {
            return respond(json_error(request, http::status::method_not_allowed, "bad_message", "Use POST."));
        }
        return create_workshop(context, request, address, std::move(respond));
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
    if (manage_links(context, request, path, respond)) return;
    if (path.rfind("/api/workshops/", 0) == 0 && method == http::verb::delete_ &&
        path.find('/', 15) == std::string::npos) {
        const std::string id = path.substr(15);
        if (!valid_workshop_id(id)) {
            return respond(json_error(request, http::status::not_found, "not_found", "There is no such workshop."));
        }
        return delete_workshop(context, request, id, std::move(respond));
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
        if (!may_read_metrics(context.settings, request)) {
            auto refused = json_error(request, http::status::unauthorized, "bad_credentials",
                                      "This server shows its metrics only with its metrics token (Authorization: Bearer).");
            refused.set(http::field::www_authenticate, "Bearer");
            return respond(std::move(refused));
        }
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
