// samling-export-bench: how long each export takes for a large workshop (50 groups × 200 notes,
// with sections, next steps and Nordic text), and the JSON archive's import (every event decided
// again). Prints one JSON object; `--rounds N` repeats each export and reports the median.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/decide.hpp"
#include "core/export.hpp"
#include "protocol/archive.hpp"

namespace {

using namespace samling::core;
using clock_type = std::chrono::steady_clock;

struct builder {
    workshop_state state;
    std::vector<event> log;
    time_ms clock = 1'790'000'000'000;

    entity_id must(entity_id actor, command cmd) {
        clock += 250;
        auto d = decide(state, actor, std::move(cmd), clock, actor == 0 ? "" : "op-" + std::to_string(clock));
        if (auto* refused = std::get_if<rejection>(&d)) throw std::runtime_error(refused->message);
        auto& ev = std::get<event>(d);
        apply(state, ev);
        log.push_back(ev);
        return ev.created;
    }
};

template <class F>
double median_ms(int rounds, F&& run, std::size_t& bytes) {
    std::vector<double> times;
    for (int i = 0; i < rounds; ++i) {
        const auto start = clock_type::now();
        bytes = run();
        times.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

}  // namespace

int main(int argc, char** argv) try {
    const int rounds = argc > 2 && std::string(argv[1]) == "--rounds" ? std::stoi(argv[2]) : 5;
    builder b;
    const entity_id host = b.must(0, workshop_create{"Kommuneplan 2030 – Søby", "Hvad vil vi?\nAlle er velkomne.", "da", "Mette"});
    std::vector<entity_id> people;
    for (int p = 0; p < 100; ++p) people.push_back(b.must(0, participant_join{"Deltager " + std::to_string(p) + " Åse", role::participant}));
    b.must(host, workshop_set_phase{phase::marketplace});
    std::vector<entity_id> themes;
    for (int t = 0; t < 50; ++t) themes.push_back(b.must(people[t], theme_propose{"Tema " + std::to_string(t) + " – grøn omstilling", "Detaljer æøå"}));
    b.must(host, workshop_set_phase{phase::breakouts});
    for (int g = 0; g < 50; ++g) {
        const entity_id group = b.must(host, group_open{themes[g], 0});
        const entity_id author = people[g];
        b.must(author, group_join{group});
        std::vector<entity_id> sections;
        for (int s = 0; s < 4; ++s) sections.push_back(b.must(author, section_add{group, "Afsnit " + std::to_string(s)}));
        for (int n = 0; n < 200; ++n) {
            b.must(author, note_add{group, sections[n % 4], "Note " + std::to_string(n) + ": bænke, lys og *grønne* tage 🌱"});
        }
        for (int s = 0; s < 3; ++s) b.must(author, next_step_add{group, "Skridt " + std::to_string(s), "Bo", "2027-01-15", step_status::open});
    }
    const std::string hash(64, 'a');  // a well-formed SHA-256 hex digest
    const samling::protocol::workshop_archive archive{"benchworkshop", hash, hash, "", b.log, {}};
    std::string archive_text;
    std::size_t md = 0, html = 0, csv = 0, json = 0, imported = 0;
    const double md_ms = median_ms(rounds, [&] { return export_markdown(b.state, {b.clock}).size(); }, md);
    const double html_ms = median_ms(rounds, [&] { return export_html(b.state, {b.clock}).size(); }, html);
    const double csv_ms = median_ms(rounds, [&] { return export_csv(b.state).size(); }, csv);
    const double json_ms = median_ms(rounds, [&] {
        archive_text = samling::protocol::encode_archive(archive);
        return archive_text.size();
    }, json);
    const double import_ms = median_ms(rounds, [&] {
        auto decoded = samling::protocol::decode_archive(archive_text);
        if (std::holds_alternative<std::string>(decoded)) throw std::runtime_error(std::get<std::string>(decoded));
        return std::get<0>(decoded).second.notes.size();
    }, imported);
    nlohmann::json out{{"groups", 50},       {"notes", b.state.notes.size()}, {"events", b.log.size()},
                       {"markdown_ms", md_ms}, {"markdown_bytes", md},          {"html_ms", html_ms},
                       {"html_bytes", html},   {"csv_ms", csv_ms},              {"csv_bytes", csv},
                       {"json_ms", json_ms},   {"json_bytes", json},            {"import_ms", import_ms}};
    std::cout << out.dump() << "\n";
    return imported == 50 * 200 ? 0 : 1;
} catch (const std::exception& e) {
    std::cerr << "samling-export-bench: " << e.what() << "\n";
    return 2;
}
