#include "protocol/utf8.hpp"

namespace samling::protocol {

namespace {

/** Decodes one code point at `i`; returns its length, or 0 when the bytes are not valid UTF-8. */
std::size_t decode_one(std::string_view text, std::size_t i, char32_t& out) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    char32_t min = 0;
    if (lead < 0x80) {
        out = lead;
        return 1;
    } else if ((lead & 0xE0) == 0xC0) {
        length = 2, out = lead & 0x1F, min = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, out = lead & 0x0F, min = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, out = lead & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (i + length > text.size()) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
        out = (out << 6) | (byte(i + k) & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if (out < min || out > 0x10FFFF || (out >= 0xD800 && out <= 0xDFFF)) return 0;
    return length;
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
    char32_t c = 0;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = decode_one(text, i, c);
        if (length == 0) return false;
        i += length;
    }
    return true;
}

std::size_t code_points(std::string_view text) {
    std::size_t count = 0;
    for (unsigned char c : text) count += (c & 0xC0) != 0x80 ? 1 : 0;
    return count;
}

bool has_control_characters(std::string_view text, bool allow_newlines) {
    char32_t c = 0;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = decode_one(text, i, c);
        if (length == 0) return true;
        i += length;
        if (allow_newlines && (c == '\n' || c == '\t' || c == '\r')) continue;
        if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) return true;
    }
    return false;
}

char32_t format_control_in(std::string_view text, bool allow_newlines) {
    char32_t c = 0;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = decode_one(text, i, c);
        if (length == 0) return 0;
        i += length;
        if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) return c;
        if (!allow_newlines && (c == 0x2028 || c == 0x2029)) return c;
    }
    return 0;
}

std::string code_point_name(char32_t c) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string digits;
    for (char32_t rest = c; rest != 0 || digits.size() < 4; rest >>= 4) digits.insert(digits.begin(), hex[rest & 0xF]);
    return "U+" + digits;
}

}  // namespace samling::protocol
