// Decoding of untrusted client frames: never throws, every refusal has a code and a sentence.
#include <limits>

#include "protocol/command_table.hpp"
#include "protocol/messages.hpp"
#include "protocol/utf8.hpp"

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
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"')
            in_string = true;
        else if (c == '[' || c == '{') {
            if (++depth > max_json_depth) return true;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return false;
}

int hex_value(std::string_view digits) {
    int value = 0;
    for (char c : digits) {
        const char lower = static_cast<char>(c | 0x20);
        int d = -1;
        if (c >= '0' && c <= '9') d = c - '0';
        if (lower >= 'a' && lower <= 'f') d = lower - 'a' + 10;
        if (d < 0) return -1;
        value = value * 16 + d;
    }
    return value;
}

/** The code unit of the `u` escape at `i` of `text` (just after its backslash), or -1. */
int escape_at(std::string_view text, std::size_t i) {
    if (i + 5 > text.size() || text[i] != 'u') return -1;
    return hex_value(text.substr(i + 1, 4));
}

/**
 * True when a JSON text escapes half of a surrogate pair alone ("\\ud800"): such a string
 * names no character, so the text is at fault rather than the JSON around it.
 */
bool has_lone_surrogate_escape(std::string_view text) {
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '"') in_string = !in_string;
        if (!in_string || text[i] != '\\') continue;
        const int unit = escape_at(text, ++i);
        if (unit >= 0xDC00 && unit <= 0xDFFF) return true;
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            const int low = i + 6 < text.size() && text[i + 5] == '\\' ? escape_at(text, i + 6) : -1;
            if (low < 0xDC00 || low > 0xDFFF) return true;
            i += 6;
        }
    }
    return false;
}

decode_error fail(core::errc code, std::string message, std::string op = {},
                  core::error_params params = {}) {
    return decode_error{code, std::move(message), std::move(op), std::move(params)};
}

/** The refusal of a field, keeping its parameters. */
decode_error fail(detail::field_error error, std::string op = {}) {
    return decode_error{error.code, std::move(error.message), std::move(op),
                        std::move(error.params)};
}

bool is_token(const std::string& text) {
    if (text.empty() || text.size() > max_token_chars) return false;
    for (char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) return false;
    }
    return true;
}

/** A token-valued field: nullopt when absent, "" (with `error`) when malformed. */
std::optional<std::string> token_field(const json& j, const char* name,
                                       std::optional<decode_error>& error) {
    auto it = j.find(name);
    if (it == j.end() || it->is_null()) return std::nullopt;
    if (!it->is_string() || !is_token(it->get<std::string>())) {
        error = fail(
            core::errc::bad_message,
            std::string("The field \"") + name + "\" must be 1 to 64 letters, digits, '-' or '_'.",
            {}, {{"field", std::string(name)}});
        return std::nullopt;
    }
    return it->get<std::string>();
}

/** The name and role of a hello with a join code. */
std::optional<decode_error> read_joiner(const json& j, hello& h) {
    auto name = j.find("name");
    if (name == j.end() || name->is_null())
        return fail(core::errc::bad_message, "Give a display name to join with.");
    if (auto e = detail::read_value(*name, h.name, "name", 1, core::limits::name_chars))
        return fail(std::move(*e));
    if (auto e = detail::check_format_controls(h.name, "name")) return fail(std::move(*e));
    if (auto role = j.find("role"); role != j.end() && !role->is_null()) {
        if (auto e = detail::read_value(*role, h.role, "role", 0, 0)) return fail(std::move(*e));
        if (h.role == core::role::facilitator) {
            return fail(core::errc::bad_message,
                        "Join as a participant or an observer; facilitators use their key.");
        }
    }
    std::optional<decode_error> error;
    if (auto id = token_field(j, "join_id", error)) {
        if (id->size() < min_join_id_chars) error = fail(core::errc::bad_message, "The field \"join_id\" must be 16 to 64 letters, digits, '-' or '_'.");
        h.join_id = std::move(*id);
    }
    return error;
}

decode_result decode_hello(const json& j) {
    hello h;
    auto protocol = j.find("protocol");
    constexpr auto any = std::numeric_limits<std::int64_t>::min();
    if (protocol == j.end() || detail::read_value(*protocol, h.protocol, "protocol", any, 0)) {
        return fail(core::errc::bad_message,
                    "Say which protocol version you speak (\"protocol\": 1).");
    }
    if (h.protocol != version) {
        return fail(core::errc::unsupported_protocol,
                    "This server speaks protocol version " + std::to_string(version) +
                        "; please reload the page.",
                    {}, {{"version", version}});
    }
    std::optional<decode_error> error;
    auto workshop = token_field(j, "workshop", error);
    auto join = token_field(j, "join_code", error);
    auto resume = token_field(j, "resume_token", error);
    auto key = token_field(j, "facilitator_key", error);
    auto wall = token_field(j, "wall_key", error);
    auto short_code = token_field(j, "short_code", error);
    if (error) return *error;
    if (!workshop)
        return fail(core::errc::bad_message, "Say which workshop to join (\"workshop\").");
    const int given = (join ? 1 : 0) + (resume ? 1 : 0) + (key ? 1 : 0) + (wall ? 1 : 0) + (short_code ? 1 : 0);
    if (given != 1) {
        return fail(core::errc::bad_message,
                    "Give exactly one of join_code, short_code, resume_token, facilitator_key or wall_key.");
    }
    h.workshop = std::move(*workshop);
    if (auto last = j.find("last_seq"); last != j.end() && !last->is_null()) {
        if (auto e = detail::read_value(*last, h.last_seq, "last_seq", 0, 0))
            return fail(std::move(*e));
    }
    if (join || short_code) {
        h.join_code = join ? std::move(*join) : std::string();
        h.short_code = short_code ? std::move(*short_code) : std::string();
        if (auto e = read_joiner(j, h)) return *e;
    }
    if (wall) h.wall_key = std::move(*wall);
    if (resume) h.resume_token = std::move(*resume);
    if (key) h.facilitator_key = std::move(*key);
    return client_message{std::move(h)};
}

/** At most `bytes` bytes of valid UTF-8 `text`, cut before a code point rather than inside one. */
std::string clipped(const std::string& text, std::size_t bytes) {
    if (text.size() <= bytes) return text;
    while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) --bytes;
    return text.substr(0, bytes) + "…";
}

/** The frame's op id when it is a well-formed one, else empty. */
std::string readable_op(const json& j) {
    auto it = j.find("op");
    if (it == j.end() || !it->is_string()) return {};
    const auto& op = it->get_ref<const std::string&>();
    if (op.empty() || op.size() > max_op_chars) return {};
    for (char c : op) {
        if (c <= 0x20 || c >= 0x7F) return {};
    }
    return op;
}

}  // namespace

decode_result decode_client_message(std::string_view frame) {
    if (frame.size() > max_frame_bytes)
        return fail(core::errc::bad_json, "The message is too large.", {},
                    {{"limit", static_cast<std::int64_t>(max_frame_bytes)}});
    if (nested_too_deep(frame))
        return fail(core::errc::bad_json, "The message is nested too deeply.", {},
                    {{"limit", std::int64_t{max_json_depth}}});
    const json j = json::parse(frame, nullptr, false);
    if (j.is_discarded()) {
        // The parser refuses broken UTF-8 too; say so, as the client's text is at fault, not its
        // JSON.
        if (!is_valid_utf8(frame))
            return fail(core::errc::invalid_text,
                        "The message contains text that is not valid UTF-8.");
        if (has_lone_surrogate_escape(frame))
            return fail(core::errc::invalid_text,
                        "The message escapes half of a surrogate pair alone (such as \\ud800), which is no character.");
        return fail(core::errc::bad_json, "The message is not valid JSON.");
    }
    if (!j.is_object()) return fail(core::errc::bad_json, "A message must be a JSON object.");
    auto type_it = j.find("type");
    if (type_it == j.end() || !type_it->is_string()) {
        return fail(core::errc::bad_message, "A message needs a \"type\" string.");
    }
    const auto& type = type_it->get_ref<const std::string&>();
    if (type == "hello") return decode_hello(j);
    if (type == "ping") return client_message{ping_message{}};

    std::string op = readable_op(j);
    if (!is_client_command(type)) {
        return fail(core::errc::unknown_type, "Unknown message type \"" + clipped(type, 64) + "\".",
                    op);
    }
    if (op.empty()) {
        return fail(
            core::errc::bad_message,
            "A command needs an \"op\" id of 1 to 64 printable ASCII characters without spaces.");
    }
    auto read = detail::read_named_command(type, j);
    if (read.error) return fail(std::move(*read.error), op);
    if (auto e = detail::check_client_text(read.command)) return fail(std::move(*e), op);
    return client_message{command_message{std::move(op), std::move(read.command)}};
}

bool is_client_command(std::string_view name) {
    auto roles = detail::command_roles(name);
    return roles.has_value() && *roles != core::roles::none;
}

std::vector<std::string_view> command_names() {
    std::vector<std::string_view> names;
    for (std::size_t i = 0; i < std::variant_size_v<core::command>; ++i)
        names.push_back(detail::command_name_at(i));
    return names;
}

}  // namespace samling::protocol
