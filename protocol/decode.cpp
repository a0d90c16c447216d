// Decoding of untrusted client frames: never throws, every refusal has a code and a sentence.
#include "protocol/command_table.hpp"
#include "protocol/messages.hpp"

namespace samling::protocol {

namespace {

using detail::json;

/** Nesting depth of a JSON text, counted without parsing (brackets inside strings ignored). */
bool nested_too_deep(std::string_view text) {
    int depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        else if (c == '[' || c == '{') {
            if (++depth > max_json_depth) return true;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return false;
}

decode_error fail(core::errc code, std::string message, std::string op = {}) {
    return decode_error{code, std::move(message), std::move(op)};
}

bool is_token(const std::string& text) {
    if (text.empty() || text.size() > max_token_chars) return false;
    for (char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) return false;
    }
    return true;
}

/** A token-valued field: nullopt when absent, "" (with `error`) when malformed. */
std::optional<std::string> token_field(const json& j, const char* name, std::optional<decode_error>& error) {
    auto it = j.find(name);
    if (it == j.end() || it->is_null()) return std::nullopt;
    if (!it->is_string() || !is_token(it->get<std::string>())) {
        error = fail(core::errc::bad_message, std::string("The field \"") + name + "\" is not a valid code.");
        return std::nullopt;
    }
    return it->get<std::string>();
}

decode_result decode_hello(const json& j) {
    std::optional<decode_error> error;
    hello h;
    if (auto e = detail::read_value(j.value("protocol", json()), h.protocol, "protocol", 0, 0)) {
        return fail(core::errc::bad_message, "Say which protocol version you speak (\"protocol\": 1).");
    }
    if (h.protocol != version) {
        return fail(core::errc::unsupported_protocol,
                    "This server speaks protocol version " + std::to_string(version) + "; please reload the page.");
    }
    auto workshop = token_field(j, "workshop", error);
    auto join = token_field(j, "join_code", error);
    auto resume = token_field(j, "resume_token", error);
    auto key = token_field(j, "facilitator_key", error);
    if (error) return *error;
    if (!workshop) return fail(core::errc::bad_message, "Say which workshop to join (\"workshop\").");
    const int credentials = (join ? 1 : 0) + (resume ? 1 : 0) + (key ? 1 : 0);
    if (credentials != 1) {
        return fail(core::errc::bad_message, "Give exactly one of join_code, resume_token or facilitator_key.");
    }
    h.workshop = *workshop;
    if (j.contains("last_seq") && !j["last_seq"].is_null()) {
        if (auto e = detail::read_value(j["last_seq"], h.last_seq, "last_seq", 0, 0)) return fail(e->code, e->message);
    }
    if (join) {
        h.join_code = *join;
        if (auto e = detail::read_value(j.value("name", json()), h.name, "name", 1, core::limits::name_chars)) {
            return fail(e->code, j.contains("name") ? e->message : "Give a display name to join with.");
        }
        if (j.contains("role") && !j["role"].is_null()) {
            if (auto e = detail::read_value(j["role"], h.role, "role", 0, 0)) return fail(e->code, e->message);
            if (h.role == core::role::facilitator) {
                return fail(core::errc::bad_message, "Join as a participant or an observer.");
            }
        }
    }
    if (resume) h.resume_token = *resume;
    if (key) h.facilitator_key = *key;
    return client_message{std::move(h)};
}

}  // namespace

decode_result decode_client_message(std::string_view frame) {
    if (frame.size() > max_frame_bytes) return fail(core::errc::bad_json, "The message is too large.");
    if (nested_too_deep(frame)) return fail(core::errc::bad_json, "The message is nested too deeply.");
    const json j = json::parse(frame, nullptr, false);
    if (j.is_discarded()) return fail(core::errc::bad_json, "The message is not valid JSON.");
    if (!j.is_object()) return fail(core::errc::bad_json, "A message must be a JSON object.");
    auto type_it = j.find("type");
    if (type_it == j.end() || !type_it->is_string()) {
        return fail(core::errc::bad_message, "A message needs a \"type\" string.");
    }
    const auto& type = type_it->get_ref<const std::string&>();
    if (type == "hello") return decode_hello(j);
    if (type == "ping") return client_message{ping_message{}};

    std::string op;
    if (auto it = j.find("op"); it != j.end() && it->is_string()) op = it->get<std::string>();
    bool op_ok = !op.empty() && op.size() <= max_op_chars;
    for (char c : op) op_ok = op_ok && c > 0x20 && c < 0x7F;
    if (!is_client_command(type)) {
        return fail(core::errc::unknown_type, "Unknown message type \"" + type.substr(0, 64) + "\".",
                    op_ok ? op : std::string());
    }
    if (!op_ok) {
        return fail(core::errc::bad_message, "A command needs an \"op\" id of 1 to 64 printable ASCII characters.");
    }
    auto read = detail::read_named_command(type, j);
    if (read.error) return fail(read.error->code, read.error->message, op);
    return client_message{command_message{std::move(op), std::move(read.command)}};
}

bool is_client_command(std::string_view name) {
    auto roles = detail::command_roles(name);
    return roles.has_value() && *roles != core::roles::none;
}

std::vector<std::string_view> command_names() {
    std::vector<std::string_view> names;
    for (std::size_t i = 0; i < std::variant_size_v<core::command>; ++i) names.push_back(detail::command_name_at(i));
    return names;
}

}  // namespace samling::protocol
