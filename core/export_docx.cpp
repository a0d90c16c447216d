// word/document.xml of the DOCX recap: the same recap model and order as the Markdown and HTML.
#include <string>

#include "core/export_docx.hpp"
#include "core/export_text.hpp"
#include "core/export_wml.hpp"

namespace samling::core {

namespace {

using namespace exporting;
using wml::run;

/** The purpose: blank lines separate paragraphs, other line breaks stay inside one. */
std::string purpose_paragraphs(std::string_view text) {
    std::string out, lines;
    auto flush = [&] {
        if (!lines.empty()) out += wml::paragraph("", run(lines));
        lines.clear();
    };
    for (std::string_view line : split_lines(text)) {
        if (line.find_first_not_of(" \t") == std::string_view::npos) {
            flush();
            continue;
        }
        lines += (lines.empty() ? "" : "\n") + std::string(line);
    }
    flush();
    return out;
}

void opening(std::string& out, const workshop_state& s, const words& w) {
    out += wml::paragraph("Title", run(s.title));
    out += wml::labelled(w.date, run(day_of(s)));
    if (!s.place.empty()) out += wml::labelled(w.place, run(s.place));
    out += purpose_paragraphs(s.purpose);
}

/** The marketplace as it was: open themes in proposal order, their votes in a column of their own
 * and the group each became; merged and withdrawn ones in lists apart. */
void themes_part(std::string& out, const workshop_state& s, const words& w) {
    if (s.themes.empty()) return;
    const theme_lists lists = themes_in_order(s);
    out += wml::heading(1, w.themes);
    std::vector<std::vector<wml::cell>> rows;
    for (const theme* t : lists.open) {
        wml::cell title{run(t->title)};
        if (!t->details.empty()) title.push_back(run(t->details, false, true));
        const group* g = group_on(s, t->id);
        rows.push_back({title, {run(std::to_string(t->votes()))}, {g ? run(group_title(s, *g)) : std::string()}});
    }
    out += wml::table({w.theme, w.votes_heading, w.group}, rows, {48, 16, 36});
    if (const auto ranked = ranking_by_votes(s); !ranked.empty()) {
        out += wml::heading(2, w.ranking);
        for (const theme* t : ranked) out += wml::numbered(run(t->title) + run(" — " + vote_count(w, t->votes())));
    }
    if (!lists.merged.empty()) {
        out += wml::heading(2, w.merged_themes);
        for (const theme* t : lists.merged) {
            out += wml::bullet(run(t->title) + run(" — " + std::string(w.merged_into) + " ") + run(merge_target(s, *t)));
        }
    }
    if (!lists.withdrawn.empty()) {
        out += wml::heading(2, w.withdrawn_themes);
        for (const theme* t : lists.withdrawn) out += wml::bullet(run(t->title));
    }
}

/** The theme it came from (when renamed), room, time, convener and participants. */
void facts(std::string& out, const workshop_state& s, const group& g, const words& w, bool names) {
    if (const std::string from = theme_title(s, g); from != group_title(s, g)) out += wml::labelled(w.theme, run(from));
    if (const room* r = room_of(s, g)) out += wml::labelled(w.room, run(r->name));
    if (const slot* t = slot_of(s, g)) {
        out += wml::labelled(w.time, run(t->label + " (" + t->start + "–" + t->end + ")"));
    }
    if (!names) {
        // Without names a group says how many took part, never who.
        out += wml::labelled(w.participants,
                             run(g.visitors.empty() ? std::string(w.nobody) : std::to_string(g.visitors.size())));
        return;
    }
    if (g.convener != 0) out += wml::labelled(w.convener, run(name_of(s, g.convener)));
    std::string people;
    for (entity_id id : g.visitors) people += (people.empty() ? "" : ", ") + name_of(s, id);
    out += wml::labelled(w.participants, run(people.empty() ? std::string(w.nobody) : people));
}

void bullets(std::string& out, const std::vector<const note*>& notes) {
    for (const note* n : notes) out += wml::bullet(run(n->text));
}

void steps_table(std::string& out, const workshop_state& s, const group& g, const words& w, bool names) {
    if (g.steps.empty()) return;
    out += wml::heading(2, w.next_steps);
    std::vector<std::vector<wml::cell>> rows;
    for (entity_id id : g.steps) {
        auto it = s.steps.find(id);
        if (it == s.steps.end()) continue;
        const next_step& step = it->second;
        if (names) rows.push_back({{run(step.text)}, {run(step.owner)}, {run(step.due)}, {run(status_word(w, step.status))}});
        else rows.push_back({{run(step.text)}, {run(step.due)}, {run(status_word(w, step.status))}});
    }
    // Without names the owner column goes: an owner is a person's name.
    if (names) out += wml::table({w.step, w.owner, w.due, w.status}, rows, {40, 22, 19, 19});
    else out += wml::table({w.step, w.due, w.status}, rows, {60, 20, 20});
}

void group_part(std::string& out, const workshop_state& s, const group& g, const words& w, bool names) {
    out += wml::heading(1, group_title(s, g));
    facts(out, s, g, w, names);
    if (g.notes.empty()) out += wml::paragraph("", run(w.no_notes, false, true));
    bullets(out, notes_in(s, g, 0));
    // Every section stays, an empty one too: in a plan, a goal without activities is still a goal.
    for (const section* sec : sections_of(s, g)) {
        out += wml::heading(2, sec->title);
        bullets(out, notes_in(s, g, sec->id));
    }
    steps_table(out, s, g, w, names);
}

}  // namespace

std::string export_docx_document(const workshop_state& named, const export_options& options) {
    const workshop_state redacted = options.names ? workshop_state() : without_names(named);
    const workshop_state& state = options.names ? named : redacted;
    const words& w = words_for(state.language);
    std::string out =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\n<w:body>\n";
    opening(out, state, w);
    themes_part(out, state, w);
    for (const group* g : groups_in_order(state)) group_part(out, state, *g, w, options.names);
    if (options.generated_at != 0) {
        out += wml::paragraph("", run(std::string(w.generated) + " " + calendar_date(options.generated_at), false, true));
    }
    // A4 with 1-inch side margins, the text width core/export_wml.cpp lays tables out in.
    out += "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1418\" w:right=\"1440\" "
           "w:bottom=\"1418\" w:left=\"1440\" w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/></w:sectPr>\n"
           "</w:body>\n</w:document>\n";
    return out;
}

}  // namespace samling::core
