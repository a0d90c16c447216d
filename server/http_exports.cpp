/** The organiser routes: session exports and the read-only organiser link. */
#include <array>

#include "core/export.hpp"
#include "server/export_xlsx.hpp"
#include "server/http_common.hpp"
#include "server/http_target.hpp"
#include "server/random_token.hpp"
#include "server/zip_package.hpp"
#include "server/room_registry.hpp"
#include "server/workshop_archive_io.hpp"
#include "server/workshop_room.hpp"

namespace samling::server {

namespace {

using nlohmann::json;

/** One export format: its file extension, media type and renderer (null for the JSON archive and
 * the Office files, which are made off the room's strand). */
struct export_format {
    std::string_view extension;
    std::string_view content_type;
    std::string (*render)(const core::workshop_state&, core::time_ms generated_at);
};

constexpr std::array<export_format, 6> export_formats{{
    {"md", "text/markdown; charset=utf-8",
     [](const core::workshop_state& s, core::time_ms at) { return core::export_markdown(s, {at}); }},
    {"html", "text/html; charset=utf-8",
     [](const core::workshop_state& s, core::time_ms at) { return core::export_html(s, {at}); }},
    {"csv", "text/csv; charset=utf-8", [](const core::workshop_state& s, core::time_ms) { return core::export_csv(s); }},
    {"json", "application/json; charset=utf-8", nullptr},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", nullptr},
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", nullptr},
}};

/** The writers of the Office files, which zip (or write a file) and so run off the room's strand. */
std::optional<std::string> write_office(const export_format& format, const core::workshop_state& state,
                                        core::time_ms generated_at) {
    if (format.extension == "docx") return export_docx(state, generated_at);
    return export_xlsx(state);
}

/** The next steps as a table of their own: export.csv?table=next_steps. */
constexpr export_format steps_csv{"csv", "text/csv; charset=utf-8",
                                  [](const core::workshop_state& s, core::time_ms) { return core::export_steps_csv(s); }};

const export_format* find_format(std::string_view extension) {
    for (const auto& f : export_formats) {
        if (f.extension == extension) return &f;
    }
    return nullptr;
}

http_response refused_key(const http_request& request) {
    return json_error(request, http::status::unauthorized, "bad_credentials",
                      "Exports need the workshop's facilitator key, a co-facilitator's sign-in or its organiser link.");
}

void set_disposition(http_response& response, const std::string& id, std::string_view extension) {
    // The HTML recap opens in the browser (to read or print); the others download.
    const bool inline_view = extension == "html";
    response.set(http::field::content_disposition, std::string(inline_view ? "inline" : "attachment") +
                                                       "; filename=\"samling-" + id + "." + std::string(extension) + "\"");
}

/** The archive is the stored log, read off the room's strand once the key has been checked on it. */
void export_archive(server_context& context, const http_request& request, const std::string& id,
                    std::shared_ptr<workshop_room> room, responder respond) {
    auto check_only = [](const core::workshop_state&) { return std::string(); };
    room->render_for_reader(request_key(request), check_only, [&context, request, respond, id](std::optional<std::string> ok) {
        if (!ok) return respond(refused_key(request));
        net::post(context.rooms.executor(), [&context, request, respond, id] {
            try {
                auto archive = read_archive(context.rooms.store(), id);
                if (!archive) {
                    return respond(json_error(request, http::status::not_found, "not_found", "There is no such workshop."));
                }
                auto response = make_response(request, http::status::ok, "application/json; charset=utf-8", std::move(*archive));
                set_disposition(response, id, "json");
                respond(std::move(response));
            } catch (const std::exception&) {
                respond(json_error(request, http::status::service_unavailable, "unavailable",
                                   "The archive cannot be read right now."));
            }
        });
    });
}

/** An Office file: the state is copied on the room's strand, then zipped off it. */
void export_office(server_context& context, const http_request& request, const std::string& id,
                   std::shared_ptr<workshop_room> room, const export_format* format, responder respond) {
    auto copy = std::make_shared<core::workshop_state>();
    auto take = [copy](const core::workshop_state& s) {
        *copy = s;
        return std::string();
    };
    const core::time_ms generated_at = now_ms();
    room->render_for_reader(request_key(request), take,
                            [&context, request, respond, id, copy, format, generated_at](std::optional<std::string> ok) {
        if (!ok) return respond(refused_key(request));
        net::post(context.rooms.executor(), [request, respond, id, copy, format, generated_at] {
            auto bytes = write_office(*format, *copy, generated_at);
            if (!bytes) {
                return respond(json_error(request, http::status::service_unavailable, "unavailable",
                                          "The document cannot be written right now."));
            }
            auto response = make_response(request, http::status::ok, std::string(format->content_type), std::move(*bytes));
            set_disposition(response, id, format->extension);
            respond(std::move(response));
        });
    });
}

}  // namespace

void export_workshop(server_context& context, const http_request& request, const std::string& id,
                     const std::string& extension, responder respond) {
    const export_format* format = find_format(extension);
    if (!format) {
        return respond(json_error(request, http::status::not_found, "not_found", "Exports are .md, .html, .csv, .xlsx, .docx or .json."));
    }
    if (format->extension == "csv") {
        const std::string table = query_value(request.target(), "table");
        if (table == "next_steps") format = &steps_csv;
        else if (!table.empty() && table != "notes") {
            return respond(json_error(request, http::status::bad_request, "bad_message",
                                      "A CSV export is table=notes (the default) or table=next_steps."));
        }
    }
    auto room = room_or_error(context, request, id, respond);
    if (!room) return;
    if (format->extension == "xlsx" || format->extension == "docx") {
        return export_office(context, request, id, std::move(room), format, std::move(respond));
    }
    if (!format->render) return export_archive(context, request, id, std::move(room), std::move(respond));
    const core::time_ms generated_at = now_ms();
    auto render = [format, generated_at](const core::workshop_state& s) { return format->render(s, generated_at); };
    room->render_for_reader(request_key(request), std::move(render), [request, respond, format, id](std::optional<std::string> text) {
        if (!text) return respond(refused_key(request));
        auto response = make_response(request, http::status::ok, std::string(format->content_type), std::move(*text));
        // The recap page carries its own print stylesheet and nothing else: no script may run.
        if (format->extension == "html") {
            response.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
                                                    "form-action 'none'; frame-ancestors 'none'");
        }
        set_disposition(response, id, format->extension);
        respond(std::move(response));
    });
}

/** The answer to a refused or failed change of a workshop's links. */
http_response link_access_error(const http_request& request, access_outcome outcome) {
    if (outcome == access_outcome::denied) {
        return json_error(request, http::status::unauthorized, "bad_credentials",
                          "That needs the workshop's facilitator key or a co-facilitator's sign-in.");
    }
    return json_error(request, http::status::service_unavailable, "storage_failed", "The change could not be saved.");
}

void organiser_link(server_context& context, const http_request& request, const std::string& id, responder respond) {
    auto room = room_or_error(context, request, id, respond);
    if (!room) return;
    const bool create = request.method() == http::verb::post;
    const std::string key = create ? new_secret() : std::string();
    const std::string base = base_url(context, request);
    room->set_organiser_key(request_key(request), key, [request, respond, key, base, id, create](access_outcome outcome) {
        if (outcome != access_outcome::done) return respond(link_access_error(request, outcome));
        if (!create) return respond(json_response(request, http::status::ok, json{{"revoked", true}}));
        // The key travels in the fragment of the page link and in an Authorization header to the
        // exports: never in a query, where browser history and proxy logs would keep it.
        json exports = json::object();
        for (const auto& f : export_formats) {
            const std::string ext(f.extension);
            exports[ext] = base + "/api/workshops/" + id + "/export." + ext;
        }
        respond(json_response(request, http::status::created,
                              json{{"organiser_key", key},
                                   {"organiser_url", base + "/w/" + id + "#view=summary&organiser=" + key},
                                   {"exports", exports}}));
    });
}

void rotate_join_code(server_context& context, const http_request& request, const std::string& id, responder respond) {
    auto room = room_or_error(context, request, id, respond);
    if (!room) return;
    const std::string code = new_secret();
    const std::string base = base_url(context, request);
    room->set_join_code(request_key(request), code, [request, respond, code, base, id](access_outcome outcome) {
        if (outcome != access_outcome::done) return respond(link_access_error(request, outcome));
        respond(json_response(request, http::status::created,
                              json{{"join_code", code}, {"participant_url", base + "/w/" + id + "#join=" + code}}));
    });
}

}  // namespace samling::server
