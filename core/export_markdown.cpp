// The Markdown recap. User text is escaped so that no note can change the document's structure.
#include <string>

#include "core/decide.hpp"
#include "core/export.hpp"
#include "core/export_text.hpp"

namespace samling::core {

namespace {

using namespace exporting;

// Marks that CommonMark or GitHub Markdown read as syntax anywhere in a line. Others matter
// only in one place (a list marker or heading at the start of a line, an entity after '&'),
// and are escaped only there, so the raw recap stays readable.
constexpr std::string_view inline_specials = "\\`*_[]<>|~";

bool is_ascii_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/**
 * One line of user text, taken literally by a Markdown reader: inline marks backslash-escaped,
 * block marks escaped where they would start a block (a list item, heading, rule or setext
 * underline), leading blanks dropped (they would start a code block), tabs made spaces.
 */
std::string escape_line(std::string_view line) {
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    std::string out;
    out.reserve(line.size() + 8);
    // "1." or "1)" at the start is an ordered list; escape the mark after the digits.
    std::size_t digits = 0;
    while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
    const std::size_t list_mark =
        digits > 0 && digits < line.size() && (line[digits] == '.' || line[digits] == ')') ? digits : std::string_view::npos;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        const bool at_start = i == 0 && (c == '#' || c == '-' || c == '+' || c == '=' || c == '!');
        // '#' after a blank may close a heading; '&' before a name or '#' may start an entity.
        const bool hash = c == '#' && i > 0 && line[i - 1] == ' ';
        const bool entity = c == '&' && i + 1 < line.size() && (is_ascii_alnum(line[i + 1]) || line[i + 1] == '#');
        if (inline_specials.find(c) != std::string_view::npos || at_start || hash || entity || i == list_mark) {
            out += '\\';
        }
        out += c == '\t' ? ' ' : c;
    }
    return out;
}

/** Multi-line user text, its non-blank lines joined by `separator`. */
std::string escape_text(std::string_view text, std::string_view separator) {
    std::string out;
    for (std::string_view line : split_lines(text)) {
        std::string escaped = escape_line(line);
        if (escaped.empty()) continue;
        if (!out.empty()) out += separator;
        out += escaped;
    }
    return out;
}

/** User text on one line: for headings, list entries and table cells. */
std::string inline_text(std::string_view text) {
    return escape_text(text, " ");
}

/** Multi-line user text as the body of a bullet: hard breaks, continuation lines indented. */
std::string bullet_text(std::string_view text) {
    return escape_text(text, "  \n  ");
}

/** A value the rules already checked (a date, a clock time) stays as it is; anything else is
 * escaped. */
std::string checked_value(std::string_view text) {
    return is_calendar_date(text) || is_clock_time(text) ? std::string(text) : inline_text(text);
}

/** The purpose: its lines kept (hard breaks), blank lines kept as paragraph breaks. */
std::string paragraphs(std::string_view text) {
    std::string out;
    bool blank = false;
    for (std::string_view line : split_lines(text)) {
        const std::string escaped = escape_line(line);
        if (escaped.empty()) {
            blank = !out.empty();
            continue;
        }
        if (!out.empty()) out += blank ? "\n\n" : "  \n";
        out += escaped;
        blank = false;
    }
    return out;
}

/** The marketplace as it was: every open theme in proposal order, its votes in a column of
 * their own (so no title can be misread as a count), and the group it became. */
void themes_part(std::string& out, const workshop_state& s, const words& w) {
    if (s.themes.empty()) return;
    const theme_lists lists = themes_in_order(s);
    out += "\n## " + std::string(w.themes) + "\n\n| " + std::string(w.theme) + " | " +
           std::string(w.votes_heading) + " | " + std::string(w.group) + " |\n| --- | ---: | --- |\n";
    for (const theme* t : lists.open) {
        out += "| " + inline_text(t->title);
        if (const std::string details = inline_text(t->details); !details.empty()) out += " — *" + details + "*";
        const group* g = group_on(s, t->id);
        out += " | " + std::to_string(t->votes()) + " | " + (g ? inline_text(group_title(s, *g)) : "") + " |\n";
    }
    if (const auto ranked = ranking_by_votes(s); !ranked.empty()) {
        out += "\n### " + std::string(w.ranking) + "\n\n";
        std::size_t place = 0;
        for (const theme* t : ranked)
            out += std::to_string(++place) + ". " + inline_text(t->title) + " — " + vote_count(w, t->votes()) + "\n";
    }
    if (!lists.merged.empty()) {
        out += "\n### " + std::string(w.merged_themes) + "\n\n";
        for (const theme* t : lists.merged) {
            out += "- " + inline_text(t->title) + " — " + std::string(w.merged_into) + " " +
                   inline_text(merge_target(s, *t)) + "\n";
        }
    }
    if (!lists.withdrawn.empty()) {
        out += "\n### " + std::string(w.withdrawn_themes) + "\n\n";
        for (const theme* t : lists.withdrawn) out += "- " + inline_text(t->title) + "\n";
    }
}

void bullets(std::string& out, const std::vector<const note*>& notes) {
    for (const note* n : notes) out += "- " + bullet_text(n->text) + "\n";
}

/** Room, time, convener and participants, one per line. */
void facts(std::string& out, const workshop_state& s, const group& g, const words& w, bool names) {
    std::string lines;
    auto add = [&](std::string_view label, const std::string& value) {
        lines += (lines.empty() ? "" : "  \n") + std::string(label) + ": " + value;
    };
    if (const std::string from = theme_title(s, g); from != group_title(s, g)) add(w.theme, inline_text(from));
    if (const room* r = room_of(s, g)) add(w.room, inline_text(r->name));
    if (const slot* t = slot_of(s, g)) {
        add(w.time, inline_text(t->label) + " (" + checked_value(t->start) + "–" +
                        checked_value(t->end) + ")");
    }
    if (!names) {
        // Without names a group says how many took part, never who.
        add(w.participants, g.visitors.empty() ? std::string(w.nobody) : std::to_string(g.visitors.size()));
        out += lines + "\n";
        return;
    }
    if (g.convener != 0) add(w.convener, inline_text(name_of(s, g.convener)));
    std::string people;
    for (entity_id id : g.visitors)
        people += (people.empty() ? "" : ", ") + inline_text(name_of(s, id));
    add(w.participants, people.empty() ? std::string(w.nobody) : people);
    out += lines + "\n";
}

void steps_table(std::string& out, const workshop_state& s, const group& g, const words& w, bool names) {
    if (g.steps.empty()) return;
    // Without names the owner column goes: an owner is a person's name.
    out += "\n### " + std::string(w.next_steps) + "\n\n| " + std::string(w.step) + " | " +
           (names ? std::string(w.owner) + " | " : std::string()) + std::string(w.due) + " | " +
           std::string(w.status) + (names ? " |\n| --- | --- | --- | --- |\n" : " |\n| --- | --- | --- |\n");
    for (entity_id id : g.steps) {
        const next_step& step = s.steps.at(id);
        out += "| " + inline_text(step.text) + " | " + (names ? inline_text(step.owner) + " | " : std::string()) +
               checked_value(step.due) + " | " + std::string(status_word(w, step.status)) + " |\n";
    }
}

void group_part(std::string& out, const workshop_state& s, const group& g, const words& w, bool names) {
    out += "\n## " + inline_text(group_title(s, g)) + "\n\n";
    facts(out, s, g, w, names);
    if (g.notes.empty()) out += "\n*" + std::string(w.no_notes) + "*\n";
    if (const auto loose = notes_in(s, g, 0); !loose.empty()) {
        out += "\n";
        bullets(out, loose);
    }
    // Every section stays, an empty one too: in a plan, a goal without activities is still a goal.
    for (const section* sec : sections_of(s, g)) {
        out += "\n### " + inline_text(sec->title) + "\n";
        if (const auto notes = notes_in(s, g, sec->id); !notes.empty()) {
            out += "\n";
            bullets(out, notes);
        }
    }
    steps_table(out, s, g, w, names);
}

}  // namespace

std::string export_markdown(const workshop_state& named, const export_options& options) {
    const workshop_state redacted = options.names ? workshop_state() : without_names(named);
    const workshop_state& state = options.names ? named : redacted;
    const words& w = words_for(state.language);
    std::string out = "# " + inline_text(state.title) + "\n\n" + std::string(w.date) + ": " +
                      checked_value(day_of(state));
    if (!state.place.empty()) out += "  \n" + std::string(w.place) + ": " + inline_text(state.place);
    out += "\n";
    if (const std::string purpose = paragraphs(state.purpose); !purpose.empty())
        out += "\n" + purpose + "\n";
    themes_part(out, state, w);
    for (const group* g : groups_in_order(state)) group_part(out, state, *g, w, options.names);
    if (options.generated_at != 0) {
        out += "\n---\n\n*" + std::string(w.generated) + " " + calendar_date(options.generated_at) +
               "*\n";
    }
    return out;
}

}  // namespace samling::core
