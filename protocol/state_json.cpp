// The workshop state as JSON: the `workshop` object of snapshots, and stored snapshots.
#include "protocol/json_fields.hpp"
#include "protocol/messages.hpp"

namespace samling::protocol {

namespace {

using detail::json;
using namespace samling::core;

template <class E> E enum_at(const json& j, const char* key) {
    auto value = parse_enum<E>(j.at(key).get<std::string>());
    if (!value) throw std::invalid_argument(std::string("bad value for ") + key);
    return *value;
}

json encode_theme(const theme& t, bool hide) {
    json history = json::array();
    for (const auto& r : t.history) {
        history.push_back({{"title", r.title}, {"details", r.details}, {"by", hide ? 0 : r.by}, {"at", r.at}});
    }
    json dots = json::array();
    for (const auto& [who, count] : t.dots) dots.push_back({{"participant", who}, {"count", count}});
    return {{"id", t.id},           {"title", t.title},         {"details", t.details},
            {"proposer", hide ? 0 : t.proposer}, {"proposed_at", t.proposed_at},
            {"status", to_string(t.status)},     {"merged_into", t.merged_into},
            {"merged_from", t.merged_from},      {"history", history},
            {"dots", dots},                       {"votes", t.votes()}};
}

theme decode_theme(const json& j) {
    theme t;
    t.id = j.at("id");
    t.title = j.at("title");
    t.details = j.at("details");
    t.proposer = j.at("proposer");
    t.proposed_at = j.at("proposed_at");
    t.status = enum_at<theme_status>(j, "status");
    t.merged_into = j.at("merged_into");
    t.merged_from = j.at("merged_from").get<std::vector<entity_id>>();
    for (const auto& r : j.at("history")) t.history.push_back({r.at("title"), r.at("details"), r.at("by"), r.at("at")});
    for (const auto& d : j.at("dots")) t.dots[d.at("participant")] = d.at("count");
    return t;
}

json encode_group(const group& g) {
    return {{"id", g.id},         {"theme", g.theme},       {"convener", g.convener},
            {"room", g.room},     {"slot", g.slot},         {"opened_at", g.opened_at},
            {"sections", g.sections}, {"notes", g.notes},   {"steps", g.steps},
            {"visitors", g.visitors}};
}

group decode_group(const json& j) {
    group g;
    g.id = j.at("id");
    g.theme = j.at("theme");
    g.convener = j.at("convener");
    g.room = j.at("room");
    g.slot = j.at("slot");
    g.opened_at = j.at("opened_at");
    g.sections = j.at("sections").get<std::vector<entity_id>>();
    g.notes = j.at("notes").get<std::vector<entity_id>>();
    g.steps = j.at("steps").get<std::vector<entity_id>>();
    g.visitors = j.at("visitors").get<std::vector<entity_id>>();
    return g;
}

/** Writes every entry of an id-keyed map as an array, in id order. */
template <class Map, class Encode> json array_of(const Map& map, Encode encode) {
    json a = json::array();
    for (const auto& [id, value] : map) a.push_back(encode(value));
    return a;
}

template <class Map, class Decode> void read_array(const json& j, const char* key, Map& map, Decode decode) {
    for (const auto& item : j.at(key)) {
        auto value = decode(item);
        map[value.id] = std::move(value);
    }
}

}  // namespace

std::string encode_state(const workshop_state& s, audience who) {
    const bool hide = who == audience::public_ && s.options.anonymous_proposals;
    json j{{"seq", s.seq},
           {"next_id", s.next_id},
           {"title", s.title},
           {"purpose", s.purpose},
           {"language", s.language},
           {"phase", to_string(s.phase)},
           {"options", {{"dots_per_participant", s.options.dots_per_participant},
                        {"participants_may_open_groups", s.options.participants_may_open_groups},
                        {"anonymous_proposals", s.options.anonymous_proposals}}},
           {"locked", s.locked},
           {"created_at", s.created_at},
           {"timer", {{"running", s.timer.running}, {"label", s.timer.label},
                      {"started_at", s.timer.started_at}, {"ends_at", s.timer.ends_at}}}};
    j["participants"] = array_of(s.participants, [](const participant& p) {
        return json{{"id", p.id}, {"name", p.name}, {"role", to_string(p.role)}, {"group", p.group},
                    {"joined_at", p.joined_at}, {"left", p.left}, {"removed", p.removed}};
    });
    j["themes"] = array_of(s.themes, [hide](const theme& t) { return encode_theme(t, hide); });
    j["rooms"] = array_of(s.rooms, [](const room& r) { return json{{"id", r.id}, {"name", r.name}, {"capacity", r.capacity}}; });
    j["slots"] = array_of(s.slots, [](const slot& t) {
        return json{{"id", t.id}, {"label", t.label}, {"start", t.start}, {"end", t.end}};
    });
    j["groups"] = array_of(s.groups, encode_group);
    j["sections"] = array_of(s.sections, [](const section& x) {
        return json{{"id", x.id}, {"group", x.group}, {"title", x.title}, {"created_by", x.created_by}};
    });
    j["notes"] = array_of(s.notes, [](const note& n) {
        return json{{"id", n.id},       {"group", n.group},           {"section", n.section}, {"text", n.text},
                    {"author", n.author}, {"created_at", n.created_at}, {"edited_at", n.edited_at}};
    });
    j["steps"] = array_of(s.steps, [](const next_step& x) {
        return json{{"id", x.id},       {"group", x.group}, {"text", x.text},
                    {"owner", x.owner}, {"due", x.due},     {"status", to_string(x.status)}};
    });
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
        s.seq = j.at("seq");
        s.next_id = j.at("next_id");
        s.title = j.at("title");
        s.purpose = j.at("purpose");
        s.language = j.at("language");
        s.phase = enum_at<phase>(j, "phase");
        const auto& o = j.at("options");
        s.options = {o.at("dots_per_participant"), o.at("participants_may_open_groups"), o.at("anonymous_proposals")};
        s.locked = j.at("locked");
        s.created_at = j.at("created_at");
        const auto& t = j.at("timer");
        s.timer = {t.at("running"), t.at("label"), t.at("started_at"), t.at("ends_at")};
        read_array(j, "participants", s.participants, [](const json& p) {
            return participant{p.at("id"), p.at("name"), enum_at<role>(p, "role"), p.at("group"),
                               p.at("joined_at"), p.at("left"), p.at("removed")};
        });
        read_array(j, "themes", s.themes, decode_theme);
        read_array(j, "rooms", s.rooms, [](const json& r) { return room{r.at("id"), r.at("name"), r.at("capacity")}; });
        read_array(j, "slots", s.slots, [](const json& x) { return slot{x.at("id"), x.at("label"), x.at("start"), x.at("end")}; });
        read_array(j, "groups", s.groups, decode_group);
        read_array(j, "sections", s.sections, [](const json& x) {
            return section{x.at("id"), x.at("group"), x.at("title"), x.at("created_by")};
        });
        read_array(j, "notes", s.notes, [](const json& n) {
            return note{n.at("id"), n.at("group"), n.at("section"), n.at("text"), n.at("author"), n.at("created_at"),
                        n.at("edited_at")};
        });
        read_array(j, "steps", s.steps, [](const json& x) {
            return next_step{x.at("id"), x.at("group"), x.at("text"), x.at("owner"), x.at("due"),
                             enum_at<step_status>(x, "status")};
        });
        return s;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace samling::protocol
