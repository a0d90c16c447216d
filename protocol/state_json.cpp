// The workshop state as JSON: the `workshop` object of snapshots, and stored snapshots.
#include <cstdint>
#include <stdexcept>

#include "protocol/json_fields.hpp"
#include "protocol/messages.hpp"

namespace samling::protocol {

namespace {

using detail::json;
using namespace samling::core;

/** Thrown (and caught in decode_state) when a stored state has a member of the wrong shape. */
struct malformed : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Strict readers: nlohmann's own conversions would turn 1.5 or true into an integer, -1 into
// 2^64-1.
std::uint64_t id_at(const json& j, const char* key) {
    const json& v = j.at(key);
    if (!v.is_number_unsigned()) throw malformed(key);
    return v.get<std::uint64_t>();
}

std::int64_t int_at(const json& j, const char* key) {
    const json& v = j.at(key);
    if (!v.is_number_integer() || (v.is_number_unsigned() && v.get<std::uint64_t>() > INT64_MAX))
        throw malformed(key);
    return v.get<std::int64_t>();
}

std::string text_at(const json& j, const char* key) {
    return j.at(key).get<std::string>();
}

bool flag_at(const json& j, const char* key) {
    return j.at(key).get<bool>();
}

// Members added after the first stored snapshots: absent in those, they take their default.
std::string text_or(const json& j, const char* key) {
    return j.contains(key) ? text_at(j, key) : std::string();
}

bool flag_or(const json& j, const char* key) {
    return j.contains(key) && flag_at(j, key);
}

const json& array_at(const json& j, const char* key) {
    const json& v = j.at(key);
    if (!v.is_array()) throw malformed(key);
    return v;
}

std::vector<entity_id> ids_at(const json& j, const char* key) {
    std::vector<entity_id> ids;
    for (const auto& v : array_at(j, key)) {
        if (!v.is_number_unsigned()) throw malformed(key);
        ids.push_back(v.get<entity_id>());
    }
    return ids;
}

template <class E>
E enum_at(const json& j, const char* key) {
    auto value = parse_enum<E>(j.at(key).get<std::string>());
    if (!value) throw malformed(key);
    return *value;
}

json encode_theme(const theme& t, bool hide_anonymous) {
    const bool hide = hide_anonymous && t.anonymous;
    json history = json::array();
    for (const auto& r : t.history) {
        history.push_back(
            {{"title", r.title}, {"details", r.details}, {"by", hide ? 0 : r.by}, {"at", r.at}});
    }
    json dots = json::array();
    for (const auto& [who, count] : t.dots)
        dots.push_back({{"participant", who}, {"count", count}});
    return {{"id", t.id},
            {"title", t.title},
            {"details", t.details},
            {"proposer", hide ? 0 : t.proposer},
            {"proposed_at", t.proposed_at},
            {"status", to_string(t.status)},
            {"merged_into", t.merged_into},
            {"merged_from", t.merged_from},
            {"history", history},
            {"dots", dots},
            {"votes", t.votes()},
            {"anonymous", t.anonymous}};
}

theme decode_theme(const json& j) {
    theme t;
    t.id = id_at(j, "id");
    t.title = text_at(j, "title");
    t.details = text_at(j, "details");
    t.proposer = id_at(j, "proposer");
    t.proposed_at = int_at(j, "proposed_at");
    t.status = enum_at<theme_status>(j, "status");
    t.merged_into = id_at(j, "merged_into");
    t.merged_from = ids_at(j, "merged_from");
    for (const auto& r : array_at(j, "history")) {
        t.history.push_back(
            {text_at(r, "title"), text_at(r, "details"), id_at(r, "by"), int_at(r, "at")});
    }
    for (const auto& d : array_at(j, "dots")) {
        if (!t.dots.emplace(id_at(d, "participant"), int_at(d, "count")).second)
            throw malformed("dots");
    }
    t.anonymous = flag_or(j, "anonymous");
    return t;
}

json encode_group(const group& g) {
    return {{"id", g.id},
            {"theme", g.theme},
            {"title", g.title},
            {"convener", g.convener},
            {"room", g.room},
            {"slot", g.slot},
            {"opened_at", g.opened_at},
            {"sections", g.sections},
            {"notes", g.notes},
            {"steps", g.steps},
            {"visitors", g.visitors}};
}

group decode_group(const json& j) {
    return group{id_at(j, "id"),        id_at(j, "theme"),  id_at(j, "convener"),
                 id_at(j, "room"),      id_at(j, "slot"),   int_at(j, "opened_at"),
                 ids_at(j, "sections"), ids_at(j, "notes"), ids_at(j, "steps"),
                 ids_at(j, "visitors"), text_or(j, "title")};
}

/** Writes every entry of an id-keyed map as an array, in id order. */
template <class Map, class Encode>
json array_of(const Map& map, Encode encode) {
    json a = json::array();
    for (const auto& [id, value] : map) a.push_back(encode(value));
    return a;
}

/** Reads an array of entities into an id-keyed map; a repeated id means the text is corrupt. */
template <class Map, class Decode>
void read_array(const json& j, const char* key, Map& map, Decode decode) {
    for (const auto& item : array_at(j, key)) {
        auto value = decode(item);
        const auto id = value.id;
        if (!map.emplace(id, std::move(value)).second) throw malformed(key);
    }
}

json encode_header(const workshop_state& s) {
    return {{"seq", s.seq},
            {"next_id", s.next_id},
            {"title", s.title},
            {"purpose", s.purpose},
            {"language", s.language},
            {"phase", to_string(s.phase)},
            {"options",
             {{"dots_per_participant", s.options.dots_per_participant},
              {"participants_may_open_groups", s.options.participants_may_open_groups},
              {"anonymous_proposals", s.options.anonymous_proposals},
              {"votes_hidden", s.options.votes_hidden},
              {"timer_sound", s.options.timer_sound}}},
            {"locked", s.locked},
            {"created_at", s.created_at},
            {"day", s.day},
            {"place", s.place},
            {"timer",
             {{"running", s.timer.running},
              {"label", s.timer.label},
              {"started_at", s.timer.started_at},
              {"ends_at", s.timer.ends_at},
              {"paused", s.timer.paused},
              {"remaining_ms", s.timer.remaining_ms}}},
            {"short_code", s.short_code},
            {"presented_group", s.presented_group},
            {"closed_at", s.closed_at},
            {"votes_revealed", s.votes_revealed},
            {"message", {{"text", s.message.text}, {"posted_at", s.message.posted_at}}}};
}

// Members added after the first release: a snapshot stored before them keeps their defaults.
template <class T, class Read>
void read_if_present(const json& j, const char* key, T& out, Read read) {
    if (j.contains(key)) out = read(j, key);
}

void decode_wall_header(const json& j, workshop_state& s) {
    const json& o = j.at("options");
    read_if_present(o, "votes_hidden", s.options.votes_hidden, flag_at);
    read_if_present(o, "timer_sound", s.options.timer_sound, flag_at);
    const json& t = j.at("timer");
    read_if_present(t, "paused", s.timer.paused, flag_at);
    read_if_present(t, "remaining_ms", s.timer.remaining_ms, int_at);
    read_if_present(j, "short_code", s.short_code, text_at);
    read_if_present(j, "presented_group", s.presented_group, id_at);
    read_if_present(j, "closed_at", s.closed_at, int_at);  // absent from snapshots stored before
    read_if_present(j, "votes_revealed", s.votes_revealed, flag_at);
    if (j.contains("message")) {
        const json& m = j.at("message");
        s.message = {text_at(m, "text"), int_at(m, "posted_at")};
    }
}

void encode_entities(json& j, const workshop_state& s, bool hide) {
    j["participants"] = array_of(s.participants, [](const participant& p) {
        return json{{"id", p.id},          {"name", p.name},           {"role", to_string(p.role)},
                    {"group", p.group},    {"joined_at", p.joined_at}, {"left", p.left},
                    {"removed", p.removed}, {"forgotten", p.forgotten}};
    });
    j["themes"] = array_of(s.themes, [hide](const theme& t) { return encode_theme(t, hide); });
    // Rooms in the facilitator's order, which is the order of the array.
    j["rooms"] = json::array();
    for (entity_id id : s.room_order) {
        auto it = s.rooms.find(id);
        if (it == s.rooms.end()) continue;
        const room& r = it->second;
        j["rooms"].push_back({{"id", r.id}, {"name", r.name}, {"capacity", r.capacity}});
    }
    j["slots"] = array_of(s.slots, [](const slot& t) {
        return json{{"id", t.id}, {"label", t.label}, {"start", t.start}, {"end", t.end}};
    });
    j["groups"] = array_of(s.groups, encode_group);
    j["sections"] = array_of(s.sections, [](const section& x) {
        return json{
            {"id", x.id}, {"group", x.group}, {"title", x.title}, {"created_by", x.created_by}};
    });
    j["notes"] = array_of(s.notes, [](const note& n) {
        return json{{"id", n.id},
                    {"group", n.group},
                    {"section", n.section},
                    {"text", n.text},
                    {"author", n.author},
                    {"created_at", n.created_at},
                    {"edited_at", n.edited_at}};
    });
    j["steps"] = array_of(s.steps, [](const next_step& x) {
        return json{{"id", x.id},       {"group", x.group}, {"text", x.text},
                    {"owner", x.owner}, {"due", x.due},     {"status", to_string(x.status)},
                    {"created_by", x.created_by}};
    });
}

void decode_header(const json& j, workshop_state& s) {
    s.seq = id_at(j, "seq");
    s.next_id = id_at(j, "next_id");
    s.title = text_at(j, "title");
    s.purpose = text_at(j, "purpose");
    s.language = text_at(j, "language");
    s.phase = enum_at<phase>(j, "phase");
    const json& o = j.at("options");
    s.options = {int_at(o, "dots_per_participant"), flag_at(o, "participants_may_open_groups"),
                 flag_at(o, "anonymous_proposals")};
    s.locked = flag_at(j, "locked");
    s.created_at = int_at(j, "created_at");
    s.day = text_or(j, "day");
    s.place = text_or(j, "place");
    const json& t = j.at("timer");
    s.timer = {flag_at(t, "running"), text_at(t, "label"), int_at(t, "started_at"),
               int_at(t, "ends_at")};
    decode_wall_header(j, s);
}

void decode_entities(const json& j, workshop_state& s) {
    read_array(j, "participants", s.participants, [](const json& p) {
        return participant{id_at(p, "id"),       text_at(p, "name"),     enum_at<role>(p, "role"),
                           id_at(p, "group"),    int_at(p, "joined_at"), flag_at(p, "left"),
                           flag_at(p, "removed"),    flag_or(p, "forgotten")};
    });
    read_array(j, "themes", s.themes, decode_theme);
    read_array(j, "rooms", s.rooms, [](const json& r) {
        return room{id_at(r, "id"), text_at(r, "name"), int_at(r, "capacity")};
    });
    for (const auto& r : array_at(j, "rooms")) s.room_order.push_back(id_at(r, "id"));
    read_array(j, "slots", s.slots, [](const json& x) {
        return slot{id_at(x, "id"), text_at(x, "label"), text_at(x, "start"), text_at(x, "end")};
    });
    read_array(j, "groups", s.groups, decode_group);
    read_array(j, "sections", s.sections, [](const json& x) {
        return section{id_at(x, "id"), id_at(x, "group"), text_at(x, "title"),
                       id_at(x, "created_by")};
    });
    read_array(j, "notes", s.notes, [](const json& n) {
        return note{id_at(n, "id"),        id_at(n, "group"),  id_at(n, "section"),
                    text_at(n, "text"),    id_at(n, "author"), int_at(n, "created_at"),
                    int_at(n, "edited_at")};
    });
    read_array(j, "steps", s.steps, [](const json& x) {
        // States stored before steps had authors lack created_by: 0, facilitators only.
        return next_step{id_at(x, "id"),      id_at(x, "group"), text_at(x, "text"),
                         text_at(x, "owner"), text_at(x, "due"), enum_at<step_status>(x, "status"),
                         x.contains("created_by") ? id_at(x, "created_by") : 0};
    });
}

}  // namespace

std::string encode_state(const workshop_state& s, audience who) {
    json j = encode_header(s);
    encode_entities(j, s, who == audience::public_);
    try {
        return j.dump(-1, ' ', false, json::error_handler_t::strict);
    } catch (const json::exception&) {
        return j.dump(-1, ' ', false, json::error_handler_t::replace);
    }
}

std::optional<workshop_state> decode_state(std::string_view text) {
    const json j = json::parse(text, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    try {
        workshop_state s;
        decode_header(j, s);
        decode_entities(j, s);
        return s;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace samling::protocol
