#include "core/export_text.hpp"

#include <algorithm>
#include <cstdio>
#include <tuple>

namespace samling::core::exporting {

const words& words_for(std::string_view language) {
    static const words en{"Themes", "vote", "votes", "became a group", "Merged themes", "merged into", "Withdrawn themes",
                          "Groups", "Room", "Time", "Convener", "Took part", "No notes were written.",
                          "Next steps", "Step", "Owner", "Due", "Status", "nobody",
                          {"open", "in progress", "done"}};
    static const words da{"Temaer", "stemme", "stemmer", "blev til en gruppe", "Sammenlagte temaer", "lagt sammen med",
                          "Trukne temaer", "Grupper", "Lokale", "Tidspunkt", "Tovholder", "Deltog",
                          "Der blev ikke skrevet noter.", "Næste skridt", "Skridt", "Ansvarlig", "Frist", "Status",
                          "ingen", {"åben", "i gang", "færdig"}};
    static const words sv{"Teman", "röst", "röster", "blev en grupp", "Sammanslagna teman", "sammanslaget med",
                          "Tillbakadragna teman", "Grupper", "Rum", "Tid", "Sammankallande", "Deltog",
                          "Inga anteckningar skrevs.", "Nästa steg", "Steg", "Ansvarig", "Klart senast", "Status",
                          "ingen", {"öppen", "pågår", "klar"}};
    static const words nb{"Temaer", "stemme", "stemmer", "ble en gruppe", "Sammenslåtte temaer", "slått sammen med",
                          "Trukne temaer", "Grupper", "Rom", "Tid", "Ansvarlig", "Deltok",
                          "Det ble ikke skrevet notater.", "Neste steg", "Steg", "Ansvarlig", "Frist", "Status",
                          "ingen", {"åpen", "pågår", "ferdig"}};
    if (language == "da") return da;
    if (language == "sv") return sv;
    if (language == "nb") return nb;
    return en;
}

namespace {

/** Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
std::tuple<int, unsigned, unsigned> civil_from_days(long long z) {
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned day = doy - (153 * mp + 2) / 5 + 1;
    const unsigned month = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0)), month, day};
}

long long floor_div(long long a, long long b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

}  // namespace

std::string calendar_date(time_ms at) {
    auto [year, month, day] = civil_from_days(floor_div(at, 86'400'000));
    char text[48];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", year, month, day);
    return text;
}

std::string iso_time(time_ms at) {
    const long long seconds = floor_div(at, 1000);
    const long long in_day = seconds - floor_div(seconds, 86'400) * 86'400;
    char text[48];
    std::snprintf(text, sizeof text, "T%02lld:%02lld:%02lldZ", in_day / 3600, in_day / 60 % 60, in_day % 60);
    return calendar_date(at) + text;
}

std::vector<const group*> groups_in_order(const workshop_state& state) {
    std::vector<const group*> ordered;
    for (const auto& [id, g] : state.groups) ordered.push_back(&g);
    auto key = [&](const group* g) {
        const slot* s = g->slot != 0 && state.slots.contains(g->slot) ? &state.slots.at(g->slot) : nullptr;
        const room* r = g->room != 0 && state.rooms.contains(g->room) ? &state.rooms.at(g->room) : nullptr;
        return std::make_tuple(s == nullptr, s ? s->start : std::string(), r == nullptr, r ? r->name : std::string(),
                               g->id);
    };
    std::stable_sort(ordered.begin(), ordered.end(), [&](const group* a, const group* b) { return key(a) < key(b); });
    return ordered;
}

std::string group_title(const workshop_state& state, const group& g) {
    auto it = state.themes.find(g.theme);
    return it == state.themes.end() ? std::string() : it->second.title;
}

std::string name_of(const workshop_state& state, entity_id id) {
    auto it = state.participants.find(id);
    return it == state.participants.end() ? std::string() : it->second.name;
}

std::vector<const note*> notes_in(const workshop_state& state, const group& g, entity_id section_id) {
    std::vector<const note*> result;
    for (entity_id id : g.notes) {
        const note& n = state.notes.at(id);
        if (n.section == section_id) result.push_back(&n);
    }
    return result;
}

}  // namespace samling::core::exporting
