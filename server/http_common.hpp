#pragma once
/** Response builders and request helpers shared by the HTTP route files. Internal to server/. */
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "server/http_api.hpp"

namespace samling::server {

class workshop_room;
enum class access_outcome;

/** The answer to a refused (401) or failed (503) change of a workshop's links. */
http_response link_access_error(const http_request& request, access_outcome outcome);

/** A response with the security headers every answer carries; HEAD gets the length but no body. */
http_response make_response(const http_request& request, http::status status, std::string content_type,
                            std::string body);

http_response json_response(const http_request& request, http::status status, const nlohmann::json& body);

/** The public base URL (config `public_url`, else http://Host). */
std::string base_url(const server_context& context, const http_request& request);

/**
 * The key a request carries: an "Authorization: Bearer …" header, or (for scripts written
 * before it) ?key=…, which Samling itself never puts in a link.
 */
std::string request_key(const http_request& request);

/** Hands `then` workshop `id`'s summary (room_registry::summarize), or answers 404 or 503 itself. */
void with_summary(server_context& context, const http_request& request, const std::string& id, const responder& respond,
                  std::function<void(const workshop_summary&)> then);
/**
 * Hands `then` the workshop's room, loaded off the I/O threads when it is cold, or answers 404
 * (no such workshop) or 503 (it cannot be opened now) through `respond`. `then` may run on a
 * loader thread: what it does next goes through the room's strand or `respond`.
 */
void with_room(server_context& context, const http_request& request, const std::string& id, const responder& respond,
               std::function<void(std::shared_ptr<workshop_room>)> then);

/**
 * GET /api/workshops/{id}/export.{md,html,csv,xlsx,docx,json}: facilitator key or organiser link
 * required; `names=0` leaves every participant's name out.
 */
void export_workshop(server_context& context, const http_request& request, const std::string& id,
                     const std::string& format, responder respond);

/**
 * An organiser link made without names (`POST …/organiser-link?names=0`) has a key that starts so;
 * the secret alphabet has no '-', and the stored hash binds the whole key, prefix included.
 */
inline constexpr std::string_view nameless_organiser_prefix = "anon-";
/** Whether `key` is one of those: its exports leave every name out and `names=1` is refused. */
bool is_nameless_organiser_key(std::string_view key);

/** POST creates (or replaces) the read-only organiser link (`names=0`: one that gives recaps
 * without names only); DELETE revokes it. A facilitator's key required. */
void organiser_link(server_context& context, const http_request& request, const std::string& id, responder respond);

/**
 * DELETE /api/workshops/{id}: deletes the workshop for good, wiped from the database file (a
 * facilitator's key required); its connections close with close_codes::deleted.
 */
void delete_workshop(server_context& context, const http_request& request, const std::string& id, responder respond);

/** POST /api/workshops/{id}/join-code: a new join code (the old one stops working). A facilitator's key required. */
void rotate_join_code(server_context& context, const http_request& request, const std::string& id, responder respond);

/** POST creates (or replaces) the wall link; DELETE revokes it. Facilitator key required. */
void wall_link(server_context& context, const http_request& request, const std::string& id, responder respond);

/** GET /api/codes/{code}: the workshop a short join code leads to (rate-limited per address). */
void resolve_short_code(server_context& context, const http_request& request, const std::string& code,
                        responder respond);

/** The wall's link: its key stays in the fragment, which browsers never send. */
std::string wall_url(const std::string& base, const std::string& id, const std::string& wall_key);
/** The short link /j/<code> that the wall's QR code encodes. */
std::string short_url(const std::string& base, const std::string& code);

}  // namespace samling::server
