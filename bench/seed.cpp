// samling-bench-seed: writes a database for the restart workload, as the server itself would
// have written it: N workshops of E events each (participants join, themes, groups, then notes),
// through the event store with a stored snapshot every 500 events. Every workshop's facilitator
// key is the one printed, so a client can open any of them.
//
//   samling-bench-seed --db FILE [--workshops 1000 --events 1000]
// Prints {"workshops":[ids…],"facilitator_key":…,"events":…,"seconds":…}.
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/decide.hpp"
#include "protocol/messages.hpp"
#include "server/event_records.hpp"
#include "storage/sqlite_store.hpp"

namespace {

using namespace samling;
using core::entity_id;

constexpr const char* facilitator_key = "bench-facilitator-key-2345";
constexpr std::uint64_t snapshot_interval = 500;  // as server::limits::snapshot_interval

/** Workshop ids use the server's alphabet (a-z, 2-7): "seed" and the number in base 32. */
std::string workshop_id(int n) {
    std::string digits;
    for (int i = 0; i < 8; ++i, n /= 32) digits.insert(digits.begin(), "abcdefghijklmnopqrstuvwxyz234567"[n % 32]);
    return "seed" + digits;
}

struct builder {
    core::workshop_state state;
    std::vector<storage::event_record> records;
    std::optional<storage::snapshot_record> snapshot;
    core::time_ms clock = 1'790'000'000'000;

    entity_id must(entity_id actor, core::command cmd) {
        clock += 100;
        const std::string op = actor == 0 ? "" : "op" + std::to_string(state.seq + 1);
        auto decided = core::decide(state, actor, std::move(cmd), clock, op);
        if (auto* refused = std::get_if<core::rejection>(&decided)) throw std::runtime_error(refused->message);
        auto& ev = std::get<core::event>(decided);
        core::apply(state, ev);
        records.push_back(samling::server::record_of(ev));
        if (ev.seq % snapshot_interval == 0) {
            snapshot = storage::snapshot_record{ev.seq, protocol::encode_state(state, protocol::audience::full)};
        }
        return ev.created;
    }
};

builder build_workshop(int n, std::uint64_t events) {
    builder b;
    const entity_id host = b.must(0, core::workshop_create{"Seed " + std::to_string(n) + " – Søby", "Hvad vil vi?", "da", "Åse"});
    std::vector<entity_id> people;
    for (int p = 0; p < 20; ++p) people.push_back(b.must(0, core::participant_join{"Deltager " + std::to_string(p), core::role::participant}));
    b.must(host, core::workshop_set_phase{core::phase::marketplace});
    std::vector<entity_id> themes;
    for (int t = 0; t < 5; ++t) themes.push_back(b.must(people[t], core::theme_propose{"Tema " + std::to_string(t) + " 🌱", ""}));
    b.must(host, core::workshop_set_phase{core::phase::breakouts});
    std::vector<entity_id> groups;
    for (auto theme : themes) groups.push_back(b.must(host, core::group_open{theme}));
    for (std::uint64_t k = 0; b.state.seq < events; ++k) {
        b.must(people[k % people.size()], core::note_add{groups[k % groups.size()], 0,
                                                         "Note " + std::to_string(k) + ": bænke, lys og læ ved kajen"});
    }
    return b;
}

}  // namespace

int main(int argc, char** argv) try {
    std::string db;
    int workshops = 1000;
    std::uint64_t events = 1000;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--db") db = argv[i + 1];
        else if (flag == "--workshops") workshops = std::stoi(argv[i + 1]);
        else if (flag == "--events") events = std::stoull(argv[i + 1]);
        else throw std::runtime_error("unknown option " + flag);
    }
    if (db.empty()) throw std::runtime_error("--db FILE is needed");
    const auto started = std::chrono::steady_clock::now();
    storage::sqlite_store store(storage::store_options{db});
    nlohmann::json ids = nlohmann::json::array();
    std::uint64_t total = 0;
    for (int n = 0; n < workshops; ++n) {
        builder b = build_workshop(n, events);
        storage::write_batch batch;
        batch.workshop = workshop_id(n);
        batch.create = storage::workshop_record{batch.workshop, b.state.title, b.state.language, b.clock,
                                                storage::sha256_hex(facilitator_key),
                                                storage::sha256_hex("bench-join-code-" + batch.workshop), "", 0, "", ""};
        total += b.records.size();
        batch.events = std::move(b.records);
        batch.snapshot = std::move(b.snapshot);
        store.submit(std::move(batch), [](const storage::write_result& r) {
            if (!r.ok) throw std::runtime_error("seeding failed: " + r.error);
        });
        ids.push_back(workshop_id(n));
    }
    store.flush();
    std::cout << nlohmann::json{{"workshops", ids}, {"facilitator_key", facilitator_key}, {"events", total},
                                {"seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()}}
                     .dump()
              << "\n";
    return 0;
} catch (const std::exception& e) {
    std::cerr << "samling-bench-seed: " << e.what() << "\n";
    return 2;
}
