// The recap as one standalone, printable HTML document: no script, no external resources.
#include <algorithm>
#include <sstream>

#include "core/export.hpp"
#include "core/export_text.hpp"

namespace samling::core {

namespace {

using namespace exporting;

/** Escapes text for HTML content and attribute values. */
std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

/** Escaped text with its line breaks kept as <br>. */
std::string lines(std::string_view text) {
    std::string out = escape(text);
    for (std::size_t at = out.find('\n'); at != std::string::npos; at = out.find('\n', at + 5)) out.replace(at, 1, "<br>\n");
    return out;
}

constexpr std::string_view style = R"(<style>
body { font-family: "Helvetica Neue", Arial, sans-serif; line-height: 1.45; color: #1d1d1b; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.9rem; margin-bottom: 0.2rem; } h2 { font-size: 1.4rem; margin-top: 2rem; } h3 { font-size: 1.1rem; }
.date, .facts { color: #555; } .empty { font-style: italic; color: #555; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #bbb; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
@page { margin: 18mm 16mm; }
@media print { body { margin: 0; max-width: none; } section.group { break-before: page; } h2, h3 { break-after: avoid; } li, tr { break-inside: avoid; } }
</style>)";

void themes_part(std::ostringstream& out, const workshop_state& s, const words& w) {
    std::vector<const theme*> open, merged, withdrawn;
    for (const auto& [id, t] : s.themes) {
        (t.status == theme_status::open ? open : t.status == theme_status::merged ? merged : withdrawn).push_back(&t);
    }
    std::stable_sort(open.begin(), open.end(), [](const theme* a, const theme* b) { return a->votes() > b->votes(); });
    out << "<section class=\"themes\">\n<h2>" << escape(w.themes) << "</h2>\n<ul>\n";
    for (const theme* t : open) {
        const bool grouped = std::any_of(s.groups.begin(), s.groups.end(), [&](const auto& g) { return g.second.theme == t->id; });
        out << "<li>" << escape(t->title) << " (" << t->votes() << " " << escape(t->votes() == 1 ? w.vote : w.votes) << ")"
            << (grouped ? " — " + escape(w.became_group) : "");
        if (!t->details.empty()) out << "<br>\n<small>" << lines(t->details) << "</small>";
        out << "</li>\n";
    }
    out << "</ul>\n";
    if (!merged.empty()) {
        out << "<h3>" << escape(w.merged_themes) << "</h3>\n<ul>\n";
        for (const theme* t : merged) {
            auto into = s.themes.find(t->merged_into);
            out << "<li>" << escape(t->title) << " — " << escape(w.merged_into) << " "
                << (into == s.themes.end() ? "?" : escape(into->second.title)) << "</li>\n";
        }
        out << "</ul>\n";
    }
    if (!withdrawn.empty()) {
        out << "<h3>" << escape(w.withdrawn_themes) << "</h3>\n<ul>\n";
        for (const theme* t : withdrawn) out << "<li>" << escape(t->title) << "</li>\n";
        out << "</ul>\n";
    }
    out << "</section>\n";
}

void note_list(std::ostringstream& out, const std::vector<const note*>& notes) {
    if (notes.empty()) return;
    out << "<ul>\n";
    for (const note* n : notes) out << "<li>" << lines(n->text) << "</li>\n";
    out << "</ul>\n";
}

void group_part(std::ostringstream& out, const workshop_state& s, const group& g, const words& w) {
    out << "<section class=\"group\">\n<h2>" << escape(group_title(s, g)) << "</h2>\n<p class=\"facts\">";
    if (auto r = s.rooms.find(g.room); r != s.rooms.end()) out << escape(w.room) << ": " << escape(r->second.name) << "<br>\n";
    if (auto t = s.slots.find(g.slot); t != s.slots.end()) {
        out << escape(w.time) << ": " << escape(t->second.label) << " (" << escape(t->second.start) << "–"
            << escape(t->second.end) << ")<br>\n";
    }
    if (g.convener != 0) out << escape(w.convener) << ": " << escape(name_of(s, g.convener)) << "<br>\n";
    std::string people;
    for (entity_id id : g.visitors) people += (people.empty() ? "" : ", ") + escape(name_of(s, id));
    out << escape(w.participants) << ": " << (people.empty() ? escape(w.nobody) : people) << "</p>\n";
    if (g.notes.empty()) out << "<p class=\"empty\">" << escape(w.no_notes) << "</p>\n";
    note_list(out, notes_in(s, g, 0));
    for (entity_id section_id : g.sections) {
        out << "<h3>" << escape(s.sections.at(section_id).title) << "</h3>\n";
        note_list(out, notes_in(s, g, section_id));
    }
    if (!g.steps.empty()) {
        out << "<h3>" << escape(w.next_steps) << "</h3>\n<table>\n<tr><th>" << escape(w.step) << "</th><th>" << escape(w.owner)
            << "</th><th>" << escape(w.due) << "</th><th>" << escape(w.status) << "</th></tr>\n";
        for (entity_id id : g.steps) {
            const next_step& step = s.steps.at(id);
            out << "<tr><td>" << escape(step.text) << "</td><td>" << escape(step.owner) << "</td><td>" << escape(step.due)
                << "</td><td>" << escape(w.step_statuses[static_cast<int>(step.status)]) << "</td></tr>\n";
        }
        out << "</table>\n";
    }
    out << "</section>\n";
}

}  // namespace

std::string export_html(const workshop_state& state) {
    const words& w = words_for(state.language);
    std::ostringstream out;
    out << "<!doctype html>\n<html lang=\"" << escape(state.language) << "\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" << escape(state.title)
        << "</title>\n" << style << "\n</head>\n<body>\n<header>\n<h1>" << escape(state.title) << "</h1>\n<p class=\"date\">"
        << calendar_date(state.created_at) << "</p>\n";
    std::string purpose = lines(state.purpose);
    for (std::size_t at = purpose.find("<br>\n<br>\n"); at != std::string::npos; at = purpose.find("<br>\n<br>\n", at)) {
        purpose.replace(at, 10, "</p>\n<p>");
    }
    if (!state.purpose.empty()) out << "<p>" << purpose << "</p>\n";
    out << "</header>\n";
    themes_part(out, state, w);
    for (const group* g : groups_in_order(state)) group_part(out, state, *g, w);
    out << "</body>\n</html>\n";
    return out.str();
}

}  // namespace samling::core
