#include "server/http_api.hpp"

#include <nlohmann/json.hpp>

#include "core/export.hpp"
#include "protocol/utf8.hpp"
#include "server/random_token.hpp"
#include "server/workshop_archive_io.hpp"

namespace samling::server {

namespace {

using nlohmann::json;

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

http_response json_response(const http_request& request, http::status status, const json& body) {
    return make_response(request, status, "application/json; charset=utf-8", body.dump());
}

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

std::string base_url(const server_context& context, const http_request& request) {
    if (!context.settings.public_url.empty()) return context.settings.public_url;
    return "http://" + std::string(request[http::field::host]);
}

void create_workshop(server_context& context, const http_request& request, responder respond) {
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
                    {"websocket_path", "/ws"}};
        respond(json_response(request, http::status::created, answer));
    });
}

bool valid_workshop_id(const std::string& id) {
    return !id.empty() && id.size() <= protocol::max_token_chars &&
           id.find_first_not_of("abcdefghijklmnopqrstuvwxyz234567") == std::string::npos;
}

void workshop_info(server_context& context, const http_request& request, const std::string& id, responder respond) {
    std::shared_ptr<workshop_room> room;
    if (valid_workshop_id(id)) {
        try {
            room = context.rooms.find(id);
        } catch (const std::exception&) {
            return respond(json_error(request, http::status::service_unavailable, "unavailable",
                                      "The workshop cannot be opened right now."));
        }
    }
    if (!room) return respond(json_error(request, http::status::not_found, "not_found", "There is no such workshop."));
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

/** The value of `name` in the query string of `target`, undecoded ("" when absent). */
std::string query_value(const std::string& target, const std::string& name) {
    const auto query = target.find('?');
    if (query == std::string::npos) return {};
    std::size_t start = query + 1;
    while (start < target.size()) {
        const std::size_t end = std::min(target.find('&', start), target.size());
        const std::string pair = target.substr(start, end - start);
        if (pair.rfind(name + "=", 0) == 0) return pair.substr(name.size() + 1);
        start = end + 1;
    }
    return {};
}

/** The key a request carries: ?key=… or an "Authorization: Bearer …" header. */
std::string request_key(const http_request& request) {
    std::string key = query_value(std::string(request.target()), "key");
    const auto authorization = request[http::field::authorization];
    if (key.empty() && authorization.starts_with("Bearer ")) key = std::string(authorization.substr(7));
    return key;
}

/** The workshop's room, or nullptr after answering 404/503. */
std::shared_ptr<workshop_room> room_or_error(server_context& context, const http_request& request, const std::string& id,
                                             const responder& respond) {
    std::shared_ptr<workshop_room> room;
    try {
        room = context.rooms.find(id);
    } catch (const std::exception&) {
        respond(json_error(request, http::status::service_unavailable, "unavailable",
                           "The workshop cannot be opened right now."));
        return nullptr;
    }
    if (!room) respond(json_error(request, http::status::not_found, "not_found", "There is no such workshop."));
    return room;
}

/** POST creates (or replaces) the read-only organiser link; DELETE revokes it. Facilitator key required. */
void organiser_link(server_context& context, const http_request& request, const std::string& id, responder respond) {
    auto room = room_or_error(context, request, id, respond);
    if (!room) return;
    const bool create = request.method() == http::verb::post;
    const std::string key = create ? new_secret() : std::string();
    const std::string base = base_url(context, request) + "/api/workshops/" + id + "/export.";
    room->set_organiser_key(request_key(request), key, [request, respond, key, base, create](bool ok, std::string message) {
        if (!ok) {
            const bool denied = message.find("facilitator key") != std::string::npos;
            return respond(json_error(request, denied ? http::status::unauthorized : http::status::service_unavailable,
                                      denied ? "bad_credentials" : "storage_failed", message));
        }
        if (!create) return respond(json_response(request, http::status::ok, json{{"revoked", true}}));
        respond(json_response(request, http::status::created,
                              json{{"organiser_key", key},
                                   {"exports", {{"md", base + "md?key=" + key},
                                                {"html", base + "html?key=" + key},
                                                {"csv", base + "csv?key=" + key}}}}));
    });
}

/** GET /api/workshops/{id}/export.json: the archive, read from storage off the room's strand. */
void export_archive(server_context& context, const http_request& request, const std::string& id, responder respond) {
    auto room = room_or_error(context, request, id, respond);
    if (!room) return;
    auto allowed = [](const core::workshop_state&) { return std::string(); };
    room->render_for_reader(request_key(request), allowed, [&context, request, respond, id](std::optional<std::string> ok) {
        if (!ok) {
            return respond(json_error(request, http::status::unauthorized, "bad_credentials",
                                      "Exports need the workshop's facilitator key or its organiser link."));
        }
        net::post(context.rooms.executor(), [&context, request, respond, id] {
            try {
                auto archive = read_archive(context.rooms.store(), id);
                auto response = make_response(request, http::status::ok, "application/json; charset=utf-8", archive.value_or(""));
                response.set(http::field::content_disposition, "attachment; filename=\"samling-" + id + ".json\"");
                respond(std::move(response));
            } catch (const std::exception&) {
                respond(json_error(request, http::status::service_unavailable, "unavailable", "The archive cannot be read right now."));
            }
        });
    });
}

/** GET /api/workshops/{id}/export.{md,csv}, for the facilitator (key in ?key= or a Bearer header). */
void export_workshop(server_context& context, const http_request& request, const std::string& id,
                     const std::string& format, responder respond) {
    using renderer = std::function<std::string(const core::workshop_state&)>;
    renderer render;
    std::string type;
    if (format == "md") {
        render = [](const core::workshop_state& s) { return core::export_markdown(s); };
        type = "text/markdown; charset=utf-8";
    } else if (format == "csv") {
        render = [](const core::workshop_state& s) { return core::export_csv(s); };
        type = "text/csv; charset=utf-8";
    } else if (format == "json") {
        return export_archive(context, request, id, std::move(respond));
    } else if (format == "html") {
        render = [](const core::workshop_state& s) { return core::export_html(s); };
        type = "text/html; charset=utf-8";
    } else {
        return respond(json_error(request, http::status::not_found, "not_found", "Exports are .md, .html, .csv or .json."));
    }
    auto room = room_or_error(context, request, id, respond);
    if (!room) return;
    room->render_for_reader(request_key(request), std::move(render), [request, respond, type, id, format](std::optional<std::string> text) {
        if (!text) {
            return respond(json_error(request, http::status::unauthorized, "bad_credentials",
                                      "Exports need the workshop's facilitator key or its organiser link."));
        }
        auto response = make_response(request, http::status::ok, type, std::move(*text));
        const bool html = format == "html";
        // The recap page carries its own print stylesheet and nothing else: no script may run.
        if (html) response.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
                                                         "form-action 'none'; frame-ancestors 'none'");
        response.set(http::field::content_disposition,
                     std::string(html ? "inline" : "attachment") + "; filename=\"samling-" + id + "." + format + "\"");
        respond(std::move(response));
    });
}

}  // namespace

http_response json_error(const http_request& request, http::status status, std::string_view code,
                         std::string_view message) {
    return json_response(request, status, json{{"error", {{"code", code}, {"message", message}}}});
}

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
    const std::string path = target.substr(0, target.find('?'));
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
