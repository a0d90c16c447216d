#include "protocol/archive.hpp"

#include <type_traits>
#include <variant>

#include <nlohmann/json.hpp>

#include "core/decide.hpp"
#include "protocol/messages.hpp"

namespace samling::protocol {

namespace {

using nlohmann::json;

bool is_hash(const std::string& text, bool may_be_empty) {
    if (text.empty()) return may_be_empty;
    return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

bool is_workshop_id(const std::string& id) {
    return !id.empty() && id.size() <= max_token_chars &&
           id.find_first_not_of("abcdefghijklmnopqrstuvwxyz234567") == std::string::npos;
}

/** Replays the log through decide() so that only what the rules allow can be imported. */
std::variant<core::workshop_state, std::string> replay(const std::vector<core::event>& events) {
    core::workshop_state state;
    for (const auto& ev : events) {
        const std::string where = "Event " + std::to_string(ev.seq) + ": ";
        if (ev.seq != state.seq + 1) return where + "the log has a gap or is out of order.";
        auto decided = core::decide(state, ev.actor, ev.body, ev.at, ev.op);
        if (auto* refused = std::get_if<core::rejection>(&decided)) return where + refused->message;
        if (std::get<core::event>(decided) != ev) return where + "it does not match what the rules produce.";
        core::apply(state, ev);
    }
    if (events.empty()) return std::string("The archive holds no events.");
    return state;
}

std::string placeholder_name(core::entity_id id) { return "Participant " + std::to_string(id); }

}  // namespace

workshop_archive without_names(workshop_archive archive) {
    for (auto& ev : archive.events) {
        std::visit(
            [&](auto& cmd) {
                using type = std::decay_t<decltype(cmd)>;
                if constexpr (std::is_same_v<type, core::workshop_create>) {
                    cmd.facilitator_name = placeholder_name(core::host_id);
                } else if constexpr (std::is_same_v<type, core::participant_join>) {
                    cmd.name = placeholder_name(ev.created);
                } else if constexpr (std::is_same_v<type, core::participant_rename>) {
                    cmd.name = placeholder_name(ev.actor);
                } else if constexpr (std::is_same_v<type, core::next_step_add>) {
                    cmd.owner.clear();
                } else if constexpr (std::is_same_v<type, core::next_step_edit>) {
                    if (cmd.owner) cmd.owner->clear();
                }
            },
            ev.body);
    }
    return archive;
}

std::string encode_archive(const workshop_archive& archive) {
    core::workshop_state state;
    json events = json::array();
    for (const auto& ev : archive.events) {
        core::apply(state, ev);
        events.push_back(json::parse(encode_event_record(ev)));
    }
    json credentials = json::array();
    for (const auto& [hash, participant] : archive.credentials) {
        credentials.push_back({{"token_hash", hash}, {"participant", participant}});
    }
    json j{{"format", archive_format},
           {"version", archive_version},
           {"workshop", {{"id", archive.id},
                         {"facilitator_key_hash", archive.facilitator_key_hash},
                         {"join_code_hash", archive.join_code_hash},
                         {"organiser_key_hash", archive.organiser_key_hash}}},
           {"credentials", credentials},
           {"events", events},
           {"state", json::parse(encode_state(state, audience::full))}};
    return j.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::variant<std::pair<workshop_archive, core::workshop_state>, std::string> decode_archive(std::string_view text) {
    if (text.size() > max_archive_bytes) return std::string("The archive is larger than 256 MiB.");
    const json j = json::parse(text, nullptr, false);
    if (!j.is_object()) return std::string("The file is not a JSON archive.");
    if (j.value("format", "") != archive_format) return std::string("The file is not a Samling archive.");
    if (!j.contains("version") || j["version"] != archive_version) {
        return std::string("This archive's version is not supported (this build reads version 1).");
    }
    workshop_archive archive;
    try {
        const auto& w = j.at("workshop");
        archive.id = w.at("id").get<std::string>();
        archive.facilitator_key_hash = w.at("facilitator_key_hash").get<std::string>();
        archive.join_code_hash = w.at("join_code_hash").get<std::string>();
        archive.organiser_key_hash = w.at("organiser_key_hash").get<std::string>();
        for (const auto& c : j.at("credentials")) {
            archive.credentials.emplace_back(c.at("token_hash").get<std::string>(), c.at("participant").get<core::entity_id>());
        }
        for (const auto& e : j.at("events")) {
            auto ev = decode_event_record(e.dump());
            if (!ev) return "Event " + e.value("seq", json()).dump() + " cannot be read.";
            archive.events.push_back(std::move(*ev));
        }
    } catch (const json::exception&) {
        return std::string("The archive is missing a field or has one of the wrong type.");
    }
    if (!is_workshop_id(archive.id)) return std::string("The archive's workshop id is not valid.");
    if (!is_hash(archive.facilitator_key_hash, false) || !is_hash(archive.join_code_hash, false) ||
        !is_hash(archive.organiser_key_hash, true)) {
        return std::string("The archive's credential hashes are not valid.");
    }
    auto replayed = replay(archive.events);
    if (auto* error = std::get_if<std::string>(&replayed)) return *error;
    auto& state = std::get<core::workshop_state>(replayed);
    for (const auto& [hash, participant] : archive.credentials) {
        if (!is_hash(hash, false) || !state.participants.contains(participant)) {
            return std::string("The archive's resume tokens do not fit its participants.");
        }
    }
    return std::make_pair(std::move(archive), std::move(state));
}

}  // namespace samling::protocol
