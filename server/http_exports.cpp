/** The organiser routes: session exports and the read-only organiser link. */
#include <array>

#include "protocol/archive.hpp"

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
    std::string (*render)(const core::workshop_state&, const core::export_options&);
};

constexpr std::array<export_format, 6> export_formats{{
    {"md", "text/markdown; charset=utf-8",
     [](const core::workshop_state& s, const core::export_options& o) { return core::export_markdown(s, o); }},
    {"html", "text/html; charset=utf-8",
     [](const core::workshop_state& s, const core::export_options& o) { return core::export_html(s, o); }},
    {"csv", "text/csv; charset=utf-8",
     [](const core::workshop_state& s, const core::export_options& o) { return core::export_csv(s, o); }},
    {"json", "application/json; charset=utf-8", nullptr},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", nullptr},
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", nullptr},
}};

/** The writers of the Office files, which zip (or write a file) and so run off the room's strand. */
std::optional<std::string> write_office(const export_format& format, const core::workshop_state& state,
                                        const core::export_options& options) {
    if (format.extension == "docx") return export_docx(state, options);
    return export_xlsx(options.names ? state : core::without_names(state));
}

/** The next steps as a table of their own: export.csv?table=next_steps. */
constexpr export_format steps_csv{"csv", "text/csv; charset=utf-8", [](const core::workshop_state& s, const core::export_options& o) {
    return core::export_steps_csv(s, o);
}};

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

void set_disposition(http_response& response, const std::string& id, std::string_view extension, bool names) {
    // The HTML recap opens in the browser (to read or print); the others download.
    const bool inline_view = extension == "html";
    response.set(http::field::content_disposition, std::string(inline_view ? "inline" : "attachment") +
                                                       "; filename=\"samling-" + id + (names ? "" : "-without-names") +
                                                       "." + std::string(extension) + "\"");
}

/** The archive is the stored log, read on a loader thread once the key has been checked on the room's strand. */
void export_archive(server_context& context, const http_request& request, const std::string& id,
                    std::shared_ptr<workshop_room> room, bool names, responder respond) {
    auto check_only = [](const core::workshop_state&) { return std::string(); };
    room->render_for_reader(request_key(request), check_only, [&context, request, respond, id, names](std::optional<std::string> ok) {
        if (!ok) return respond(refused_key(request));
        const bool queued = context.rooms.loader().run([&context, request, respond, id, names] {
            try {
                auto archive = read_archive(context.rooms.store(), id);
                if (!archive) {
                    return respond(json_error(request, http::status::not_found, "not_found", "There is no such workshop."));
                }
                if (!names) {
                    // The stored log was checked when written; without names it is the same log, renamed.
                    auto decoded = protocol::decode_archive(*archive);
                    auto* pair = std::get_if<std::pair<protocol::workshop_archive, core::workshop_state>>(&decoded);
                    if (!pair) throw std::runtime_error(std::get<std::string>(decoded));
                    archive = protocol::encode_archive(protocol::without_names(std::move(pair->first)));
                }
                auto response = make_response(request, http::status::ok, "application/json; charset=utf-8", std::move(*archive));
                set_disposition(response, id, "json", names);
                respond(std::move(response));
            } catch (const std::exception&) {
                respond(json_error(request, http::status::service_unavailable, "unavailable",
                                   "The archive cannot be read right now."));
            }
        });
        if (!queued) {
            respond(json_error(request, http::status::service_unavailable, "unavailable",
                               "The server is busy reading other workshops. Try again in a moment."));
        }
    });
}

/** An Office file: the state is copied on the room's strand, then zipped off it. */
void export_office(server_context& context, const http_request& request, const std::string& id,
                   std::shared_ptr<workshop_room> room, const export_format* format, const core::export_options& options,
                   responder respond) {
    auto copy = std::make_shared<core::workshop_state>();
    auto take = [copy](const core::workshop_state& s) {
        *copy = s;
        return std::string();
    };
    room->render_for_reader(request_key(request), take,
                            [&context, request, respond, id, copy, format, options](std::optional<std::string> ok) {
        if (!ok) return respond(refused_key(request));
        net::post(context.rooms.executor(), [request, respond, id, copy, format, options] {
            auto bytes = write_office(*format, *copy, options);
            if (!bytes) {
                return respond(json_error(request, http::status::service_unavailable, "unavailable",
                                          "The document cannot be written right now."));
            }
            auto response = make_response(request, http::status::ok, std::string(format->content_type), std::move(*bytes));
            set_disposition(response, id, format->extension, options.names);
            respond(std::move(response));
        });
    });
}

/** Whether an export may name people: `names=0` leaves every name out, and an organiser link made
 * without names can ask for nothing else. Empty when the request is refused (`refusal` says why). */
std::optional<bool> names_wanted(const http_request& request, std::optional<http_response>& refusal) {
    const std::string names = query_value(request.target(), "names");
    if (!names.empty() && names != "0" && names != "1") {
        refusal = json_error(request, http::status::bad_request, "bad_message", "names is 0 (without names) or 1.");
        return std::nullopt;
    }
    if (is_nameless_organiser_key(request_key(request))) {
        if (names == "1") {
            refusal = json_error(request, http::status::forbidden, "names_not_allowed",
                                 "This organiser link gives recaps without names only.");
            return std::nullopt;
        }
        return false;
    }
    return names != "0";
}

}  // namespace

bool is_nameless_organiser_key(std::string_view key) { return key.starts_with(nameless_organiser_prefix); }

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
    std::optional<http_response> refusal;
    const std::optional<bool> names = names_wanted(request, refusal);
    if (!names) return respond(std::move(*refusal));
    const core::export_options options{now_ms(), *names};
    with_room(context, request, id, respond, [&context, request, respond, id, format, options](std::shared_ptr<workshop_room> room) {
        if (format->extension == "xlsx" || format->extension == "docx") {
            return export_office(context, request, id, std::move(room), format, options, respond);
        }
        if (!format->render) return export_archive(context, request, id, std::move(room), options.names, respond);
        auto render = [format, options](const core::workshop_state& s) { return format->render(s, options); };
        room->render_for_reader(request_key(request), std::move(render), [request, respond, format, id, options](std::optional<std::string> text) {
            if (!text) return respond(refused_key(request));
            auto response = make_response(request, http::status::ok, std::string(format->content_type), std::move(*text));
            // The recap page carries its own print stylesheet and nothing else: no script may run.
            if (format->extension == "html") {
                response.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
                                                        "form-action 'none'; frame-ancestors 'none'");
            }
            set_disposition(response, id, format->extension, options.names);
            respond(std::move(response));
        });
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
    const bool create = request.method() == http::verb::post;
    const std::string names = query_value(request.target(), "names");
    if (create && !names.empty() && names != "0" && names != "1") {
        return respond(json_error(request, http::status::bad_request, "bad_message", "names is 0 (without names) or 1."));
    }
    // A link made without names says so in its key, which the hash then binds: its holder cannot
    // turn it into one with names.
    const bool with_names = names != "0";
    const std::string key = !create ? std::string() : with_names ? new_secret() : std::string(nameless_organiser_prefix) + new_secret();
    const std::string base = base_url(context, request);
    with_room(context, request, id, respond, [request, respond, key, base, id, create, with_names](std::shared_ptr<workshop_room> room) {
        room->set_organiser_key(request_key(request), key, [request, respond, key, base, id, create, with_names](access_outcome outcome) {
            if (outcome != access_outcome::done) return respond(link_access_error(request, outcome));
            if (!create) return respond(json_response(request, http::status::ok, json{{"revoked", true}}));
            // The key travels in the fragment of the page link and in an Authorization header to the
            // exports: never in a query, where browser history and proxy logs would keep it.
            json exports = json::object();
            for (const auto& f : export_formats) {
                const std::string ext(f.extension);
                exports[ext] = base + "/api/workshops/" + id + "/export." + ext + (with_names ? "" : "?names=0");
            }
            respond(json_response(request, http::status::created,
                                  json{{"organiser_key", key},
                                       {"names", with_names},
                                       {"organiser_url", base + "/w/" + id + "#view=summary&organiser=" + key},
                                       {"exports", exports}}));
        });
    });
}

void delete_workshop(server_context& context, const http_request& request, const std::string& id, responder respond) {
    // A workshop that does not exist is 404 here; erase() opens it to check the key.
    with_room(context, request, id, respond, [&context, request, respond, id](std::shared_ptr<workshop_room>) {
        context.rooms.erase(id, request_key(request), [request, respond](access_outcome outcome) {
            if (outcome != access_outcome::done) return respond(link_access_error(request, outcome));
            respond(json_response(request, http::status::ok, json{{"deleted", true}}));
        });
    });
}

void rotate_join_code(server_context& context, const http_request& request, const std::string& id, responder respond) {
    const std::string code = new_secret();
    const std::string base = base_url(context, request);
    with_room(context, request, id, respond, [request, respond, code, base, id](std::shared_ptr<workshop_room> room) {
        room->set_join_code(request_key(request), code, [request, respond, code, base, id](access_outcome outcome) {
            if (outcome != access_outcome::done) return respond(link_access_error(request, outcome));
            respond(json_response(request, http::status::created,
                                  json{{"join_code", code}, {"participant_url", base + "/w/" + id + "#join=" + code}}));
        });
    });
}

}  // namespace samling::server
