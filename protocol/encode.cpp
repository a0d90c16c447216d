// Encoding of server frames and of stored event records.
#include <cstdint>

#include "protocol/command_table.hpp"
#include "protocol/messages.hpp"

namespace samling::protocol {

namespace {

using detail::json;

/** Dumps without ever throwing: inputs are validated UTF-8, but a bug must not crash the server. */
std::string dump(const json& j) {
    try {
        return j.dump(-1, ' ', false, json::error_handler_t::strict);
    } catch (const json::exception&) {
        return j.dump(-1, ' ', false, json::error_handler_t::replace);
    }
}

bool hides_proposer(const core::command& c) {
    return std::holds_alternative<core::theme_propose>(c) ||
           std::holds_alternative<core::theme_edit>(c) ||
           std::holds_alternative<core::theme_withdraw>(c) ||
           std::holds_alternative<core::theme_restore>(c);
}

json event_json(const core::event& ev, bool hide_actor) {
    json j = json::object();
    detail::write_command_fields(j, ev.body);
    j["seq"] = ev.seq;
    j["type"] = std::string(core::info_of(ev.body).event_name);
    j["at"] = ev.at;
    j["actor"] = hide_actor ? 0 : ev.actor;
    if (ev.created != 0) j["id"] = ev.created;
    return j;
}

/** A non-negative integer of at most 2^53 under `key`; false when malformed or (if required)
 * absent. */
bool read_id(const json& j, std::string_view key, std::uint64_t& out, bool required) {
    auto it = j.find(key);
    if (it == j.end()) return !required;
    if (!it->is_number_unsigned()) return false;
    out = it->get<std::uint64_t>();
    return out <= (std::uint64_t{1} << 53);
}

json id_array(std::span<const core::entity_id> ids) {
    json a = json::array();
    for (auto id : ids) a.push_back(id);
    return a;
}

}  // namespace

std::string encode_event_object(const core::event& ev, audience who) {
    return encode_event_object(ev, who, false);
}

std::string encode_event_object(const core::event& ev, audience who, bool anonymous_theme) {
    const bool hide = who == audience::public_ && anonymous_theme && hides_proposer(ev.body);
    json j = event_json(ev, hide);
    // A client mirrors the theme's anonymity from the event that created it.
    if (std::holds_alternative<core::theme_propose>(ev.body)) j["anonymous"] = anonymous_theme;
    return dump(j);
}

bool anonymous_theme_event(const core::workshop_state& state, const core::event& ev) {
    core::entity_id theme_id = 0;
    if (std::holds_alternative<core::theme_propose>(ev.body)) theme_id = ev.created;
    if (const auto* edit = std::get_if<core::theme_edit>(&ev.body)) theme_id = edit->theme;
    if (const auto* withdraw = std::get_if<core::theme_withdraw>(&ev.body)) theme_id = withdraw->theme;
    if (const auto* restore = std::get_if<core::theme_restore>(&ev.body)) theme_id = restore->theme;
    if (theme_id == 0) return false;
    auto it = state.themes.find(theme_id);
    // A theme deleted since cannot say how it was proposed: its proposer stays hidden.
    return it == state.themes.end() || it->second.anonymous;
}

std::string encode_event_record(const core::event& ev) {
    json j = event_json(ev, false);
    if (!ev.op.empty()) j["op"] = ev.op;
    return dump(j);
}

std::optional<core::event> decode_event_record(std::string_view text) {
    const json j = json::parse(text, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    auto type = j.find("type");
    if (type == j.end() || !type->is_string()) return std::nullopt;
    auto index = detail::command_index_by_event(type->get_ref<const std::string&>());
    if (!index) return std::nullopt;
    core::event ev;
    auto at = j.find("at");
    if (at == j.end() || !at->is_number_integer() ||
        (at->is_number_unsigned() && at->get<std::uint64_t>() > INT64_MAX)) {
        return std::nullopt;
    }
    ev.at = at->get<core::time_ms>();
    if (!read_id(j, "seq", ev.seq, true) || !read_id(j, "actor", ev.actor, true) ||
        !read_id(j, "id", ev.created, false)) {
        return std::nullopt;
    }
    if (auto op = j.find("op"); op != j.end()) {
        if (!op->is_string()) return std::nullopt;
        ev.op = op->get<std::string>();
    }
    auto read = detail::read_named_command(detail::command_name_at(*index), j);
    if (!read.found || read.error) return std::nullopt;
    ev.body = std::move(read.command);
    return ev;
}

namespace {
constexpr std::string_view events_head = R"({"type":"events","events":[)";
constexpr std::string_view events_tail = "]}";
}  // namespace

std::string encode_events_frame(std::span<const std::string> event_objects) {
    std::size_t size = 32;
    for (const auto& object : event_objects) size += object.size() + 1;
    std::string frame;
    frame.reserve(size);
    frame += events_head;
    for (std::size_t i = 0; i < event_objects.size(); ++i) {
        if (i != 0) frame += ',';
        frame += event_objects[i];
    }
    frame += events_tail;
    return frame;
}

std::string encode_welcome(const welcome_info& info) {
    json j{{"type", "welcome"},
           {"protocol", version},
           {"workshop", info.workshop},
           {"participant", info.participant},
           {"role", core::to_string(info.role)},
           {"seq", info.seq},
           {"server_time", info.server_time}};
    if (!info.resume_token.empty()) j["resume_token"] = info.resume_token;
    if (info.wall) j["view"] = "wall";
    if (!info.join_code.empty()) j["join_code"] = info.join_code;
    if (info.retention_days != 0) j["retention_days"] = info.retention_days;
    return dump(j);
}

std::string encode_join_code(std::string_view join_code) {
    return dump(json{{"type", "join_code"}, {"join_code", std::string(join_code)}});
}

std::string encode_snapshot(const core::workshop_state& state, std::string_view workshop_id,
                            std::span<const core::entity_id> online) {
    return encode_snapshot(state.seq, workshop_id, online, encode_state(state, audience::public_));
}

std::string encode_snapshot(std::uint64_t seq, std::string_view workshop_id, std::span<const core::entity_id> online,
                            std::string_view public_state) {
    std::string frame = R"({"type":"snapshot","seq":)" + std::to_string(seq) +
                        R"(,"workshop_id":)" + dump(json(std::string(workshop_id))) +
                        R"(,"online":)" + dump(id_array(online)) + R"(,"workshop":)";
    frame.reserve(frame.size() + public_state.size() + 1);
    frame += public_state;
    frame += '}';
    return frame;
}

std::string encode_ack(std::string_view op, std::uint64_t seq, core::entity_id created,
                       bool duplicate) {
    json j{{"type", "ack"}, {"op", op}, {"seq", seq}};
    if (created != 0) j["id"] = created;
    if (duplicate) j["duplicate"] = true;
    return dump(j);
}

std::string encode_error(core::errc code, std::string_view message, std::string_view op,
                         const core::error_params& params) {
    json j{{"type", "error"}, {"code", core::to_string(code)}, {"message", message}};
    if (!op.empty()) j["op"] = op;
    if (!params.empty()) {
        json fields = json::object();
        for (const auto& p : params) {
            std::visit([&](const auto& value) { fields[p.name] = value; }, p.value);
        }
        j["params"] = std::move(fields);
    }
    return dump(j);
}

std::string encode_presence(std::span<const core::entity_id> online,
                            std::span<const core::entity_id> offline) {
    return dump(
        json{{"type", "presence"}, {"online", id_array(online)}, {"offline", id_array(offline)}});
}

std::string encode_presence_list(std::span<const core::entity_id> online) {
    return dump(json{{"type", "presence"},
                     {"online", id_array(online)},
                     {"offline", json::array()},
                     {"replace", true}});
}

std::string encode_pong() {
    return R"({"type":"pong"})";
}

}  // namespace samling::protocol
