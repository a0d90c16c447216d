// The Markdown recap. User text is escaped so that no note can change the document's structure.
#include <algorithm>
#include <sstream>

#include "core/export.hpp"
#include "core/export_text.hpp"

namespace samling::core {

namespace {

using namespace exporting;

/** One line of user text with every character that Markdown could read as syntax escaped. */
std::string escape_line(std::string_view line) {
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    std::string out;
    for (char c : line) {
        if (std::string_view("\\`*_[]<>|#~&").find(c) != std::string_view::npos) out += '\\';
        out += c == '\t' ? ' ' : c;
    }
    // At the start of a line these begin lists, quotes or headings underlines.
    if (!out.empty() && std::string_view("+-=").find(out.front()) != std::string_view::npos) out.insert(0, "\\");
    std::size_t digits = 0;
    while (digits < out.size() && out[digits] >= '0' && out[digits] <= '9') ++digits;
    if (digits > 0 && digits < out.size() && (out[digits] == '.' || out[digits] == ')')) out.insert(digits, "\\");
    return out;
}

/** Multi-line user text as lines joined by `separator`; blank lines are dropped. */
std::string escape_text(std::string_view text, std::string_view separator) {
    std::string out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        std::string escaped = escape_line(line);
        if (!escaped.empty()) {
            if (!out.empty()) out += separator;
            out += escaped;
        }
        start = end + 1;
    }
    return out;
}

/** The purpose: lines kept (hard breaks), blank lines kept as paragraph breaks. */
std::string escape_paragraphs(std::string_view text) {
    std::string out;
    bool blank = false;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const std::string escaped = escape_line(line);
        start = end + 1;
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

/** Text for a table cell: one line, pipes escaped. */
std::string cell(std::string_view text) { return escape_text(text, " "); }

void themes_section(std::ostringstream& out, const workshop_state& s, const words& w) {
    std::vector<const theme*> open, merged, withdrawn;
    for (const auto& [id, t] : s.themes) {
        (t.status == theme_status::open ? open : t.status == theme_status::merged ? merged : withdrawn).push_back(&t);
    }
    std::stable_sort(open.begin(), open.end(), [](const theme* a, const theme* b) { return a->votes() > b->votes(); });
    out << "## " << w.themes << "\n\n";
    for (const theme* t : open) {
        const bool grouped = std::any_of(s.groups.begin(), s.groups.end(),
                                         [&](const auto& g) { return g.second.theme == t->id; });
        out << "- " << escape_text(t->title, " ") << " (" << t->votes() << " " << (t->votes() == 1 ? w.vote : w.votes) << ")"
            << (grouped ? std::string(" — ") + std::string(w.became_group) : "") << "\n";
        if (!t->details.empty()) out << "  " << escape_text(t->details, "  \n  ") << "\n";
    }
    if (!merged.empty()) {
        out << "\n### " << w.merged_themes << "\n\n";
        for (const theme* t : merged) {
            auto into = s.themes.find(t->merged_into);
            out << "- " << escape_text(t->title, " ") << " — " << w.merged_into << " "
                << (into == s.themes.end() ? std::string("?") : escape_text(into->second.title, " ")) << "\n";
        }
    }
    if (!withdrawn.empty()) {
        out << "\n### " << w.withdrawn_themes << "\n\n";
        for (const theme* t : withdrawn) out << "- " << escape_text(t->title, " ") << "\n";
    }
    out << "\n";
}

void bullets(std::ostringstream& out, const std::vector<const note*>& notes) {
    for (const note* n : notes) out << "- " << escape_text(n->text, "  \n  ") << "\n";
}

void group_section(std::ostringstream& out, const workshop_state& s, const group& g, const words& w) {
    out << "## " << escape_text(group_title(s, g), " ") << "\n\n";
    std::vector<std::string> facts;
    if (auto r = s.rooms.find(g.room); r != s.rooms.end()) facts.push_back(std::string(w.room) + ": " + cell(r->second.name));
    if (auto t = s.slots.find(g.slot); t != s.slots.end()) {
        facts.push_back(std::string(w.time) + ": " + cell(t->second.label) + " (" + t->second.start + "–" + t->second.end + ")");
    }
    if (g.convener != 0) facts.push_back(std::string(w.convener) + ": " + cell(name_of(s, g.convener)));
    std::string people;
    for (entity_id id : g.visitors) people += (people.empty() ? "" : ", ") + cell(name_of(s, id));
    facts.push_back(std::string(w.participants) + ": " + (people.empty() ? std::string(w.nobody) : people));
    for (const auto& fact : facts) out << fact << "  \n";
    out << "\n";
    if (g.notes.empty()) out << "*" << w.no_notes << "*\n\n";
    if (auto loose = notes_in(s, g, 0); !loose.empty()) {
        bullets(out, loose);
        out << "\n";
    }
    for (entity_id section_id : g.sections) {
        out << "### " << escape_text(s.sections.at(section_id).title, " ") << "\n\n";
        bullets(out, notes_in(s, g, section_id));
        out << "\n";
    }
    if (g.steps.empty()) return;
    out << "### " << w.next_steps << "\n\n| " << w.step << " | " << w.owner << " | " << w.due << " | " << w.status
        << " |\n|---|---|---|---|\n";
    for (entity_id id : g.steps) {
        const next_step& step = s.steps.at(id);
        out << "| " << cell(step.text) << " | " << cell(step.owner) << " | " << step.due << " | "
            << w.step_statuses[static_cast<int>(step.status)] << " |\n";
    }
    out << "\n";
}

}  // namespace

std::string export_markdown(const workshop_state& state) {
    const words& w = words_for(state.language);
    std::ostringstream out;
    out << "# " << escape_text(state.title, " ") << "\n\n" << calendar_date(state.created_at) << "\n\n";
    // Paragraphs of the purpose stay paragraphs.
    if (!state.purpose.empty()) out << escape_paragraphs(state.purpose) << "\n\n";
    themes_section(out, state, w);
    for (const group* g : groups_in_order(state)) group_section(out, state, *g, w);
    std::string text = out.str();
    while (text.size() >= 2 && text.ends_with("\n\n")) text.pop_back();
    return text;
}

}  // namespace samling::core
