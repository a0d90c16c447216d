// The recap as one standalone, printable HTML document: no script, no external resources.
#include <initializer_list>
#include <string>
#include <utility>

#include "core/export.hpp"
#include "core/export_text.hpp"

namespace samling::core {

namespace {

using namespace exporting;

/** Text safe in HTML content and in quoted attribute values. */
std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

/** Escaped multi-line text with its line breaks kept as <br>. */
std::string lines(std::string_view text) {
    std::string out;
    for (std::string_view line : split_lines(text))
        out += (out.empty() ? "" : "<br>\n") + escape(line);
    return out;
}

/** The purpose: blank lines separate paragraphs, other line breaks are kept. */
std::string paragraphs(std::string_view text) {
    std::string out, paragraph;
    auto flush = [&] {
        if (!paragraph.empty()) out += "<p>" + paragraph + "</p>\n";
        paragraph.clear();
    };
    for (std::string_view line : split_lines(text)) {
        if (line.find_first_not_of(" \t") == std::string_view::npos) {
            flush();
            continue;
        }
        paragraph += (paragraph.empty() ? "" : "<br>\n") + escape(line);
    }
    flush();
    return out;
}

std::string text(std::string_view fixed) {
    return escape(fixed);
}

constexpr std::string_view style = R"(<style>
body {
  font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; font-size: 11pt; line-height: 1.45;
  color: #1d1d1b; max-width: 46rem; margin: 2rem auto; padding: 0 1rem;
}
h1 { font-size: 1.9rem; margin: 0 0 0.2rem; }
h2 { font-size: 1.4rem; margin-top: 2rem; }
h3 { font-size: 1.1rem; margin-bottom: 0.3rem; }
.date, .facts, .generated { color: #555; }
.empty { font-style: italic; color: #555; }
.grouped { color: #2a6b3a; }
ul { padding-left: 1.3rem; }
li { margin: 0.15rem 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
@page { size: A4; margin: 18mm 16mm 20mm; }
thead { display: table-header-group; }
td.due, td.votes { white-space: nowrap; }
td.votes { text-align: right; }
.figures td { border: none; padding: 0.1rem 1rem 0.1rem 0; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10.5pt; }
  header { break-after: page; }
  section.group { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
  li, tr { break-inside: avoid; }
}
</style>)";

/** A table head that a printed table repeats on every page it spans. */
std::string table_head(std::initializer_list<std::string_view> cells) {
    std::string out = "<table>\n<thead><tr>";
    for (std::string_view cell : cells) out += "<th>" + text(cell) + "</th>";
    return out + "</tr></thead>\n<tbody>\n";
}

/** The marketplace as it was: proposal order, votes in their own column, the group it became. */
void theme_table(std::string& out, const workshop_state& s, const words& w, const theme_lists& lists) {
    out += table_head({w.theme, w.votes_heading, w.group});
    for (const theme* t : lists.open) {
        out += "<tr><td>" + escape(t->title);
        if (!t->details.empty()) out += "<br>\n<small>" + lines(t->details) + "</small>";
        const group* g = group_on(s, t->id);
        out += "</td><td class=\"votes\">" + std::to_string(t->votes()) + "</td><td>" +
               (g ? "<span class=\"grouped\">" + escape(group_title(s, *g)) + "</span>" : "") +
               "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
}

void themes_part(std::string& out, const workshop_state& s, const words& w) {
    if (s.themes.empty()) return;
    const theme_lists lists = themes_in_order(s);
    out += "<section class=\"themes\">\n<h2>" + text(w.themes) + "</h2>\n";
    theme_table(out, s, w, lists);
    if (const auto ranked = ranking_by_votes(s); !ranked.empty()) {
        out += "<h3>" + text(w.ranking) + "</h3>\n<ol class=\"ranking\">\n";
        for (const theme* t : ranked) out += "<li>" + escape(t->title) + " — " + text(vote_count(w, t->votes())) + "</li>\n";
        out += "</ol>\n";
    }
    if (!lists.merged.empty()) {
        out += "<h3>" + text(w.merged_themes) + "</h3>\n<ul>\n";
        for (const theme* t : lists.merged) {
            out += "<li>" + escape(t->title) + " — " + text(w.merged_into) + " " +
                   escape(merge_target(s, *t)) + "</li>\n";
        }
        out += "</ul>\n";
    }
    if (!lists.withdrawn.empty()) {
        out += "<h3>" + text(w.withdrawn_themes) + "</h3>\n<ul>\n";
        for (const theme* t : lists.withdrawn) out += "<li>" + escape(t->title) + "</li>\n";
        out += "</ul>\n";
    }
    out += "</section>\n";
}

void note_list(std::string& out, const std::vector<const note*>& notes) {
    out += "<ul>\n";
    for (const note* n : notes) out += "<li>" + lines(n->text) + "</li>\n";
    out += "</ul>\n";
}

void facts(std::string& out, const workshop_state& s, const group& g, const words& w, bool names) {
    std::string body;
    auto add = [&](std::string_view label, const std::string& value) {
        body += (body.empty() ? "" : "<br>\n") + text(label) + ": " + value;
    };
    if (const std::string from = theme_title(s, g); from != group_title(s, g)) add(w.theme, escape(from));
    if (const room* r = room_of(s, g)) add(w.room, escape(r->name));
    if (const slot* t = slot_of(s, g)) {
        add(w.time, escape(t->label) + " (" + escape(t->start) + "–" + escape(t->end) + ")");
    }
    if (!names) {
        // Without names a group says how many took part, never who.
        add(w.participants, g.visitors.empty() ? text(w.nobody) : std::to_string(g.visitors.size()));
        out += "<p class=\"facts\">" + body + "</p>\n";
        return;
    }
    if (g.convener != 0) add(w.convener, escape(name_of(s, g.convener)));
    std::string people;
    for (entity_id id : g.visitors) people += (people.empty() ? "" : ", ") + escape(name_of(s, id));
    add(w.participants, people.empty() ? text(w.nobody) : people);
    out += "<p class=\"facts\">" + body + "</p>\n";
}

void steps_table(std::string& out, const workshop_state& s, const group& g, const words& w, bool names) {
    if (g.steps.empty()) return;
    // Without names the owner column goes: an owner is a person's name.
    out += "<h3>" + text(w.next_steps) + "</h3>\n" +
           (names ? table_head({w.step, w.owner, w.due, w.status}) : table_head({w.step, w.due, w.status}));
    for (entity_id id : g.steps) {
        const next_step& step = s.steps.at(id);
        out += "<tr><td>" + lines(step.text) + "</td>" + (names ? "<td>" + escape(step.owner) + "</td>" : std::string()) +
               "<td class=\"due\">" + escape(step.due) + "</td><td>" + text(status_word(w, step.status)) + "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
}

void group_part(std::string& out, const workshop_state& s, const group& g, const words& w, bool names) {
    out += "<section class=\"group\">\n<h2>" + escape(group_title(s, g)) + "</h2>\n";
    facts(out, s, g, w, names);
    if (g.notes.empty()) out += "<p class=\"empty\">" + text(w.no_notes) + "</p>\n";
    if (const auto loose = notes_in(s, g, 0); !loose.empty()) note_list(out, loose);
    for (const section* sec : sections_of(s, g)) {
        out += "<h3>" + escape(sec->title) + "</h3>\n";
        if (const auto notes = notes_in(s, g, sec->id); !notes.empty()) note_list(out, notes);
    }
    steps_table(out, s, g, w, names);
    out += "</section>\n";
}

/** The day in figures: a small table of counts. */
void figures_part(std::string& out, const workshop_state& s, const words& w) {
    const figures f = figures_of(s);
    out += "<h2>" + text(w.figures) + "</h2>\n<table class=\"figures\">\n";
    const std::pair<std::string_view, std::int64_t> rows[] = {
        {w.participants, f.participants}, {w.themes, f.themes}, {w.votes_heading, f.votes},
        {w.groups, f.groups},             {w.notes, f.notes},   {w.next_steps, f.steps}};
    for (const auto& [label, count] : rows) {
        out += "<tr><td>" + text(label) + "</td><td class=\"votes\">" + std::to_string(count) + "</td></tr>\n";
    }
    out += "</table>\n";
}

/** The opening page, as in a book of proceedings: title, date and place, purpose, the day in
 * figures, and the groups that follow. */
void opening(std::string& out, const workshop_state& s, const words& w) {
    out += "<header>\n<h1>" + escape(s.title) + "</h1>\n<p class=\"date\">" + text(w.date) + ": " +
           escape(day_of(s));
    if (!s.place.empty()) out += "<br>\n" + text(w.place) + ": " + escape(s.place);
    out += "</p>\n" + paragraphs(s.purpose);
    figures_part(out, s, w);
    if (!s.groups.empty()) {
        out += "<h2>" + text(w.contents) + "</h2>\n<ol class=\"contents\">\n";
        for (const group* g : groups_in_order(s)) out += "<li>" + escape(group_title(s, *g)) + "</li>\n";
        out += "</ol>\n";
    }
    out += "</header>\n";
}

}  // namespace

std::string export_html(const workshop_state& named, const export_options& options) {
    const workshop_state redacted = options.names ? workshop_state() : without_names(named);
    const workshop_state& state = options.names ? named : redacted;
    const words& w = words_for(state.language);
    std::string out =
        "<!doctype html>\n<html lang=\"" + escape(state.language) +
        "\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
        escape(state.title) + "</title>\n" + std::string(style) + "\n</head>\n<body>\n";
    opening(out, state, w);
    themes_part(out, state, w);
    for (const group* g : groups_in_order(state)) group_part(out, state, *g, w, options.names);
    if (options.generated_at != 0) {
        out += "<footer>\n<p class=\"generated\">" + text(w.generated) + " " +
               calendar_date(options.generated_at) + "</p>\n</footer>\n";
    }
    out += "</body>\n</html>\n";
    return out;
}

}  // namespace samling::core
