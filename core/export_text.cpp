#include "core/export_text.hpp"

#include <algorithm>
#include <cstdio>
#include <tuple>

#include "core/export.hpp"

namespace samling::core::exporting {

namespace {

// clang-format off
constexpr words english{
    .themes = "Themes", .vote = "vote", .votes = "votes", .became_group = "became a group",
    .merged_themes = "Merged themes", .merged_into = "merged into",
    .withdrawn_themes = "Withdrawn themes",
    .room = "Room", .time = "Time", .convener = "Convener", .participants = "Participants",
    .nobody = "nobody", .no_notes = "No notes were written.",
    .next_steps = "Next steps", .step = "Step", .owner = "Owner", .due = "Due", .status = "Status",
    .generated = "Exported", .step_statuses = {"open", "in progress", "done"},
    .date = "Date", .place = "Place", .theme = "Theme", .group = "Group", .votes_heading = "Votes",
    .contents = "Contents", .figures = "The day in figures", .groups = "Groups", .notes = "Notes",
    .ranking = "Ranking by votes", .deleted_participant = "Deleted participant"};
constexpr words danish{
    .themes = "Temaer", .vote = "stemme", .votes = "stemmer", .became_group = "blev til en gruppe",
    .merged_themes = "Sammenlagte temaer", .merged_into = "lagt sammen med",
    .withdrawn_themes = "Tilbagetrukne temaer",
    .room = "Lokale", .time = "Tidspunkt", .convener = "Indkalder", .participants = "Deltagere",
    .nobody = "ingen", .no_notes = "Der blev ikke skrevet noter.",
    .next_steps = "Næste skridt", .step = "Skridt", .owner = "Ansvarlig", .due = "Frist",
    .status = "Status",
    .generated = "Eksporteret", .step_statuses = {"åbent", "i gang", "afsluttet"},
    .date = "Dato", .place = "Sted", .theme = "Tema", .group = "Gruppe", .votes_heading = "Stemmer",
    .contents = "Indhold", .figures = "Dagen i tal", .groups = "Grupper", .notes = "Noter",
    .ranking = "Rangordnet efter stemmer", .deleted_participant = "Slettet deltager"};
constexpr words swedish{
    .themes = "Teman", .vote = "röst", .votes = "röster", .became_group = "blev en grupp",
    .merged_themes = "Sammanslagna teman", .merged_into = "sammanslaget med",
    .withdrawn_themes = "Tillbakadragna teman",
    .room = "Rum", .time = "Tid", .convener = "Sammankallande", .participants = "Deltagare",
    .nobody = "ingen", .no_notes = "Inga anteckningar skrevs.",
    .next_steps = "Nästa steg", .step = "Steg", .owner = "Ansvarig", .due = "Klart senast",
    .status = "Status",
    .generated = "Exporterad", .step_statuses = {"öppet", "pågår", "klart"},
    .date = "Datum", .place = "Plats", .theme = "Tema", .group = "Grupp", .votes_heading = "Röster",
    .contents = "Innehåll", .figures = "Dagen i siffror", .groups = "Grupper",
    .notes = "Anteckningar", .ranking = "Rangordning efter röster",
    .deleted_participant = "Borttagen deltagare"};
constexpr words norwegian_bokmal{
    .themes = "Temaer", .vote = "stemme", .votes = "stemmer", .became_group = "ble en gruppe",
    .merged_themes = "Sammenslåtte temaer", .merged_into = "slått sammen med",
    .withdrawn_themes = "Tilbaketrukne temaer",
    .room = "Rom", .time = "Tid", .convener = "Innkaller", .participants = "Deltakere",
    .nobody = "ingen", .no_notes = "Det ble ikke skrevet noen notater.",
    .next_steps = "Neste steg", .step = "Steg", .owner = "Ansvarlig", .due = "Frist",
    .status = "Status",
    .generated = "Eksportert", .step_statuses = {"åpent", "pågår", "ferdig"},
    .date = "Dato", .place = "Sted", .theme = "Tema", .group = "Gruppe", .votes_heading = "Stemmer",
    .contents = "Innhold", .figures = "Dagen i tall", .groups = "Grupper", .notes = "Notater",
    .ranking = "Rangert etter stemmer", .deleted_participant = "Slettet deltaker"};
// clang-format on

}  // namespace

const words& words_for(std::string_view language) {
    if (language == "da") return danish;
    if (language == "sv") return swedish;
    if (language == "nb") return norwegian_bokmal;
    return english;
}

std::string vote_count(const words& w, std::int64_t votes) {
    return std::to_string(votes) + " " + std::string(votes == 1 ? w.vote : w.votes);
}

std::string_view status_word(const words& w, step_status status) {
    return w.step_statuses.at(static_cast<std::size_t>(status));
}

namespace {

struct civil_date {
    long long year;
    unsigned month, day;
};

/** Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's civil_from_days). */
civil_date civil_from_days(long long z) {
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned day = doy - (153 * mp + 2) / 5 + 1;
    const unsigned month = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<long long>(yoe) + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

/** Division rounding towards minus infinity, so instants before 1970 land on the right day. */
long long floor_div(long long a, long long b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

}  // namespace

std::string calendar_date(time_ms at) {
    const civil_date date = civil_from_days(floor_div(at, 86'400'000));
    char text[64];
    std::snprintf(text, sizeof text, "%04lld-%02u-%02u", date.year, date.month, date.day);
    return text;
}

std::string iso_time(time_ms at) {
    const long long seconds = floor_div(at, 1000);
    const long long in_day = seconds - floor_div(seconds, 86'400) * 86'400;
    char text[32];
    std::snprintf(text, sizeof text, "T%02lld:%02lld:%02lldZ", in_day / 3600, in_day / 60 % 60,
                  in_day % 60);
    return calendar_date(at) + text;
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\n' && text[i] != '\r') continue;
        lines.push_back(text.substr(start, i - start));
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        start = i + 1;
    }
    lines.push_back(text.substr(start));
    return lines;
}

theme_lists themes_in_order(const workshop_state& state) {
    theme_lists lists;
    for (const auto& [id, t] : state.themes) {
        if (t.status == theme_status::open) lists.open.push_back(&t);
        if (t.status == theme_status::merged) lists.merged.push_back(&t);
        if (t.status == theme_status::withdrawn) lists.withdrawn.push_back(&t);
    }
    return lists;
}

std::vector<const theme*> ranking_by_votes(const workshop_state& state) {
    std::vector<const theme*> ranked;
    for (const theme* t : themes_in_order(state).open) {
        if (t->votes() > 0) ranked.push_back(t);
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const theme* a, const theme* b) { return a->votes() > b->votes(); });
    return ranked;
}

const group* group_on(const workshop_state& state, entity_id theme_id) {
    for (const auto& [id, g] : state.groups) {
        if (g.theme == theme_id) return &g;
    }
    return nullptr;
}

std::string merge_target(const workshop_state& state, const theme& merged) {
    auto it = state.themes.find(merged.merged_into);
    return it == state.themes.end() ? std::string("?") : it->second.title;
}

const room* room_of(const workshop_state& state, const group& g) {
    auto it = state.rooms.find(g.room);
    return g.room == 0 || it == state.rooms.end() ? nullptr : &it->second;
}

const slot* slot_of(const workshop_state& state, const group& g) {
    auto it = state.slots.find(g.slot);
    return g.slot == 0 || it == state.slots.end() ? nullptr : &it->second;
}

std::vector<const group*> groups_in_order(const workshop_state& state) {
    std::vector<const group*> ordered;
    for (const auto& [id, g] : state.groups) ordered.push_back(&g);
    auto key = [&](const group* g) {
        const slot* s = slot_of(state, *g);
        const auto room_at = std::find(state.room_order.begin(), state.room_order.end(), g->room);
        // "HH:MM" sorts as the day runs; parallel groups follow the facilitator's room order.
        return std::make_tuple(s == nullptr, s ? std::string_view(s->start) : std::string_view(),
                               room_at - state.room_order.begin(), g->id);
    };
    std::sort(ordered.begin(), ordered.end(),
              [&](const group* a, const group* b) { return key(a) < key(b); });
    return ordered;
}

std::string theme_title(const workshop_state& state, const group& g) {
    auto it = state.themes.find(g.theme);
    return it == state.themes.end() ? std::string() : it->second.title;
}

std::string group_title(const workshop_state& state, const group& g) {
    return g.title.empty() ? theme_title(state, g) : g.title;
}

std::string day_of(const workshop_state& state) {
    return state.day.empty() ? calendar_date(state.created_at) : state.day;
}

figures figures_of(const workshop_state& state) {
    figures f;
    for (const auto& [id, p] : state.participants) f.participants += p.role != role::observer ? 1 : 0;
    f.themes = static_cast<std::int64_t>(state.themes.size());
    for (const auto& [id, t] : state.themes) f.votes += t.votes();
    f.groups = static_cast<std::int64_t>(state.groups.size());
    f.notes = static_cast<std::int64_t>(state.notes.size());
    f.steps = static_cast<std::int64_t>(state.steps.size());
    return f;
}

std::string name_of(const workshop_state& state, entity_id id) {
    auto it = state.participants.find(id);
    if (it == state.participants.end()) return std::string();
    if (it->second.forgotten) return std::string(words_for(state.language).deleted_participant);
    return it->second.name;
}

std::vector<const note*> notes_in(const workshop_state& state, const group& g,
                                  entity_id section_id) {
    std::vector<const note*> result;
    for (entity_id id : g.notes) {
        auto it = state.notes.find(id);
        if (it != state.notes.end() && it->second.section == section_id)
            result.push_back(&it->second);
    }
    return result;
}

std::vector<const section*> sections_of(const workshop_state& state, const group& g) {
    std::vector<const section*> result;
    for (entity_id id : g.sections) {
        auto it = state.sections.find(id);
        if (it != state.sections.end()) result.push_back(&it->second);
    }
    return result;
}

}  // namespace samling::core::exporting

namespace samling::core {

workshop_state without_names(const workshop_state& state) {
    workshop_state copy = state;
    for (auto& [id, p] : copy.participants) p.name.clear();
    for (auto& [id, step] : copy.steps) step.owner.clear();
    return copy;
}

}  // namespace samling::core
