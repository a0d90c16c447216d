// room_core without sockets: the commit pipeline, duplicates, rollback, snapshots, resumes and
// presence, driven input by input and read from the effects it returns.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "server/limits.hpp"
#include "server/room_core.hpp"

using namespace samling;
using namespace samling::server;
using nlohmann::json;

namespace {

const std::string facilitator_key = "facilitator-key-0123456789";
const std::string join_code = "join-code-0123456789";

room_seed fresh_seed() {
    core::workshop_state state;
    auto decided = core::decide(state, 0, core::workshop_create{"Fjordbyens fremtid", "", "da", "Liv"}, 1000);
    auto ev = std::get<core::event>(decided);
    core::apply(state, ev);
    room_seed seed;
    seed.id = "w1";
    seed.state = std::move(state);
    seed.credentials.facilitator_key_hash = storage::sha256_hex(facilitator_key);
    seed.credentials.join_code_hash = storage::sha256_hex(join_code);
    seed.credentials.join_code = join_code;
    seed.recent.push_back(ev);
    return seed;
}

admission_limits generous() {
    admission_limits limits;
    limits.participant_commands_per_second = 1e9;
    limits.participant_command_burst = 1e9;
    limits.joins_per_second = 1e9;
    limits.join_burst = 1'000'000;
    limits.connections_per_participant = 100;
    return limits;
}

template <class T>
std::vector<T> all_of(const room_effects& effects) {
    std::vector<T> found;
    for (const auto& e : effects) {
        if (auto* one = std::get_if<T>(&e)) found.push_back(*one);
    }
    return found;
}

/** Index of the first effect satisfying `pred`, or -1. */
template <class F>
int index_of(const room_effects& effects, F pred) {
    for (std::size_t i = 0; i < effects.size(); ++i) {
        if (pred(effects[i])) return static_cast<int>(i);
    }
    return -1;
}

/** The frames sent to `to` alone, parsed. */
std::vector<json> frames_to(const room_effects& effects, connection_id to) {
    std::vector<json> frames;
    for (const auto& e : all_of<room_effect::send>(effects)) {
        if (e.to == to) frames.push_back(json::parse(*e.frame));
    }
    return frames;
}

std::vector<json> broadcasts(const room_effects& effects) {
    std::vector<json> frames;
    for (const auto& e : all_of<room_effect::send_all>(effects)) frames.push_back(json::parse(*e.frame));
    return frames;
}

storage::write_result ok() {
    storage::write_result r;
    r.ok = true;
    return r;
}

storage::write_result failed() {
    storage::write_result r;
    r.error = "disk I/O error";
    return r;
}

struct harness {
    metrics counters;
    admission_limits limits = generous();
    core::time_ms clock = 1'700'000'000'000;
    room_core room{fresh_seed(), counters, limits, [this] { return clock += 10; }};
    int renames = 0;

    /** The host says hello on `c`; must succeed. */
    room_effects host(connection_id c, std::uint64_t last_seq = 0) {
        protocol::hello hello;
        hello.workshop = "w1";
        hello.facilitator_key = facilitator_key;
        hello.last_seq = last_seq;
        auto out = room.hello(c, hello, "10.0.0.1");
        REQUIRE(all_of<room_effect::subscribe>(out).size() == 1);
        return out;
    }

    room_effects join(connection_id c, const std::string& name) {
        protocol::hello hello;
        hello.workshop = "w1";
        hello.join_code = join_code;
        hello.name = name;
        return room.hello(c, hello, "10.0.0.2");
    }

    /** A rename by the host on `c` with op id `op`. */
    room_effects rename(connection_id c, const std::string& op) {
        return room.command(c, core::host_id, op, core::workshop_rename{"Titel " + std::to_string(++renames)});
    }

    /** The only store effect of `effects`. */
    static room_effect::store store_of(const room_effects& effects) {
        auto stores = all_of<room_effect::store>(effects);
        REQUIRE(stores.size() == 1);
        return stores.front();
    }

    /** Runs `n` renames, each stored at once; returns the effects of the last commit. */
    room_effects commit_renames(connection_id c, int n) {
        room_effects last;
        for (int i = 0; i < n; ++i) {
            auto out = rename(c, "bulk-" + std::to_string(renames));
            auto write = store_of(out).write;
            last = room.stored(write, ok());
            // A snapshot that falls due is written as a batch of its own, straight away.
            while (true) {
                auto more = all_of<room_effect::store>(last);
                if (more.empty()) break;
                last = room.stored(more.front().write, ok());
            }
        }
        return last;
    }
};

}  // namespace

TEST_CASE("a command is stored before anyone hears of it and the broadcast goes before its ack", "[room]") {
    harness h;
    h.host(1);
    const auto seq = h.room.committed().seq;
    auto decided = h.rename(1, "op-1");
    auto store = harness::store_of(decided);
    CHECK(store.batch.events.size() == 1);
    CHECK(store.batch.events.front().seq == seq + 1);
    CHECK(store.batch.title == "Titel 1");
    CHECK(frames_to(decided, 1).empty());
    CHECK(broadcasts(decided).empty());
    CHECK(h.room.committed().seq == seq);
    CHECK(h.room.working().seq == seq + 1);

    auto published = h.room.stored(store.write, ok());
    CHECK(h.room.committed().seq == seq + 1);
    CHECK(h.room.committed().title == "Titel 1");
    const int summary = index_of(published, [](auto& e) { return std::holds_alternative<room_effect::summary>(e); });
    const int broadcast = index_of(published, [](auto& e) { return std::holds_alternative<room_effect::send_all>(e); });
    const int ack = index_of(published, [](auto& e) { return std::holds_alternative<room_effect::send>(e); });
    REQUIRE(summary >= 0);
    REQUIRE(broadcast > summary);
    REQUIRE(ack > broadcast);
    CHECK(std::get<room_effect::summary>(published[summary]).now.title == "Titel 1");
    auto events = broadcasts(published).front();
    CHECK(events["type"] == "events");
    CHECK(events["events"][0]["seq"] == seq + 1);
    auto acks = frames_to(published, 1);
    REQUIRE(acks.size() == 1);
    CHECK(acks[0]["type"] == "ack");
    CHECK(acks[0]["op"] == "op-1");
    CHECK(acks[0]["seq"] == seq + 1);
    CHECK_FALSE(acks[0].contains("duplicate"));
}

TEST_CASE("commands arriving while a batch is stored form the next, which goes to storage once the first is published",
          "[room]") {
    harness h;
    h.host(1);
    const auto seq = h.room.committed().seq;
    auto first = harness::store_of(h.rename(1, "a"));
    CHECK(all_of<room_effect::store>(h.rename(1, "b")).empty());
    CHECK(all_of<room_effect::store>(h.rename(1, "c")).empty());
    CHECK(h.room.in_flight() == 1);
    CHECK(h.room.waiting() == 2);

    auto published = h.room.stored(first.write, ok());
    // The stored batch is told, then the waiting one is handed to storage, in the same step.
    const int store = index_of(published, [](auto& e) { return std::holds_alternative<room_effect::store>(e); });
    const int broadcast = index_of(published, [](auto& e) { return std::holds_alternative<room_effect::send_all>(e); });
    const int ack = index_of(published, [](auto& e) { return std::holds_alternative<room_effect::send>(e); });
    REQUIRE(broadcast >= 0);
    REQUIRE(ack > broadcast);
    REQUIRE(store > ack);
    auto second = std::get<room_effect::store>(published[store]);
    REQUIRE(second.batch.events.size() == 2);
    CHECK(second.batch.events[0].seq == seq + 2);
    CHECK(second.batch.events[1].seq == seq + 3);
    // Only what is stored is acknowledged, and nothing of b and c is told yet.
    auto acks = frames_to(published, 1);
    REQUIRE(acks.size() == 1);
    CHECK(acks[0]["op"] == "a");
    CHECK(broadcasts(published).front()["events"].size() == 1);
    CHECK(h.room.committed().seq == seq + 1);

    auto rest = h.room.stored(second.write, ok());
    acks = frames_to(rest, 1);
    REQUIRE(acks.size() == 2);
    CHECK(acks[0]["op"] == "b");
    CHECK(acks[0]["seq"] == seq + 2);
    CHECK(acks[1]["op"] == "c");
    CHECK(acks[1]["seq"] == seq + 3);
    auto events = broadcasts(rest).front()["events"];
    REQUIRE(events.size() == 2);
    CHECK(events[0]["seq"] == seq + 2);
    CHECK(events[1]["seq"] == seq + 3);
    CHECK(h.room.in_flight() == 0);
    CHECK(h.room.waiting() == 0);
}

TEST_CASE("an op id resent while its batch is stored waits for it, and one resent later is answered at once and neither stores twice",
          "[room]") {
    harness h;
    h.host(1);
    h.host(2);  // the same facilitator on a second device
    const auto seq = h.room.committed().seq;
    auto store = harness::store_of(h.rename(1, "same"));
    auto resent = h.rename(2, "same");
    CHECK(resent.empty());
    CHECK(h.room.working().seq == seq + 1);

    auto published = h.room.stored(store.write, ok());
    auto first = frames_to(published, 1);
    auto waiter = frames_to(published, 2);
    REQUIRE(first.size() == 1);
    REQUIRE(waiter.size() == 1);
    CHECK_FALSE(first[0].contains("duplicate"));
    CHECK(waiter[0]["duplicate"] == true);
    CHECK(waiter[0]["seq"] == seq + 1);

    auto late = h.rename(1, "same");
    CHECK(all_of<room_effect::store>(late).empty());
    auto answer = frames_to(late, 1);
    REQUIRE(answer.size() == 1);
    CHECK(answer[0]["duplicate"] == true);
    CHECK(answer[0]["seq"] == seq + 1);
    CHECK(h.room.committed().seq == seq + 1);
}

TEST_CASE("a failed batch fails the one waiting behind it, every sender and waiter is told, and the state rolls back",
          "[room]") {
    harness h;
    h.host(1);
    h.host(2);
    const auto before = h.room.committed();
    auto store = harness::store_of(h.rename(1, "a"));
    h.rename(1, "b");
    h.rename(2, "a");  // resent from the other device while a is in storage
    CHECK(h.room.working().seq == before.seq + 2);

    auto outcome = h.room.stored(store.write, failed());
    CHECK(all_of<room_effect::store>(outcome).empty());
    CHECK(broadcasts(outcome).empty());
    auto errors = frames_to(outcome, 1);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0]["type"] == "error");
    CHECK(errors[0]["code"] == "storage_failed");
    CHECK(errors[0]["op"] == "a");
    CHECK(errors[1]["op"] == "b");
    auto waiter = frames_to(outcome, 2);
    REQUIRE(waiter.size() == 1);
    CHECK(waiter[0]["code"] == "storage_failed");
    CHECK(h.room.working() == before);
    CHECK(h.room.committed() == before);
    CHECK(h.room.in_flight() == 0);
    CHECK(h.room.waiting() == 0);
    CHECK(h.counters.storage_failures.load() == 1);

    // The same op ids may be tried again, and the next command takes the next seq.
    auto retry = harness::store_of(h.rename(1, "a"));
    CHECK(retry.batch.events.front().seq == before.seq + 1);
    auto published = h.room.stored(retry.write, ok());
    auto acks = frames_to(published, 1);
    REQUIRE(acks.size() == 1);
    CHECK(acks[0]["op"] == "a");
    CHECK_FALSE(acks[0].contains("duplicate"));
}

TEST_CASE("a snapshot falls due every snapshot_interval events and counts only once its batch is stored", "[room]") {
    harness h;
    h.host(1);
    CHECK(h.room.snapshot_seq() == 0);
    // Commit until a store carries a snapshot.
    std::optional<room_effect::store> with_snapshot;
    for (std::uint64_t i = 0; i < limits::snapshot_interval + 2 && !with_snapshot; ++i) {
        auto store = harness::store_of(h.rename(1, "s-" + std::to_string(i)));
        auto out = h.room.stored(store.write, ok());
        for (auto& next : all_of<room_effect::store>(out)) {
            if (next.batch.snapshot) with_snapshot = next;
        }
    }
    REQUIRE(with_snapshot);
    const auto due = with_snapshot->batch.snapshot->seq;
    CHECK(due == limits::snapshot_interval);
    CHECK(with_snapshot->batch.events.empty());
    CHECK(h.room.snapshot_seq() == 0);  // asked for, not yet stored

    // It fails: nothing counts as stored, and the next chance writes it again.
    h.room.stored(with_snapshot->write, failed());
    CHECK(h.room.snapshot_seq() == 0);
    auto again = harness::store_of(h.room.tick());
    REQUIRE(again.batch.snapshot);
    CHECK(again.batch.snapshot->seq == due);
    h.room.stored(again.write, ok());
    CHECK(h.room.snapshot_seq() == due);
    // Not due again until another interval has passed.
    CHECK(all_of<room_effect::store>(h.room.tick()).empty());
}

TEST_CASE("a snapshot rides with the events of a batch that is waiting when it falls due", "[room]") {
    harness h;
    h.host(1);
    h.commit_renames(1, static_cast<int>(limits::snapshot_interval) - 2);
    REQUIRE(h.room.committed().seq == limits::snapshot_interval - 1);
    auto first = harness::store_of(h.rename(1, "x"));  // seq interval: due once stored
    CHECK_FALSE(first.batch.snapshot);
    h.rename(1, "y");
    auto out = h.room.stored(first.write, ok());
    auto next = harness::store_of(out);
    REQUIRE(next.batch.snapshot);
    CHECK(next.batch.snapshot->seq == limits::snapshot_interval);
    CHECK(next.batch.events.size() == 1);
    // The snapshot is of the committed state, without the event it travels with.
    CHECK(json::parse(next.batch.snapshot->state)["seq"] == limits::snapshot_interval);
    h.room.stored(next.write, ok());
    CHECK(h.room.snapshot_seq() == limits::snapshot_interval);
}

TEST_CASE("a resume within the replay window replays what was missed and one before it gets a snapshot", "[room]") {
    harness h;
    h.host(1);
    h.commit_renames(1, 5);
    const auto seq = h.room.committed().seq;

    auto resumed = h.host(2, seq - 2);
    auto catch_up = all_of<room_effect::send_catch_up>(resumed);
    REQUIRE(catch_up.size() == 1);
    CHECK(catch_up[0].body == nullptr);
    auto replayed = json::parse(*catch_up[0].head);
    CHECK(replayed["type"] == "events");
    REQUIRE(replayed["events"].size() == 2);
    CHECK(replayed["events"][0]["seq"] == seq - 1);
    CHECK(replayed["events"][1]["seq"] == seq);
    // Replay says nothing of who came and went: the online list of now follows.
    auto own = frames_to(resumed, 2);
    REQUIRE(own.size() == 2);
    CHECK(own[0]["type"] == "welcome");
    CHECK(own[1]["type"] == "presence");

    auto current = h.host(3, seq);
    CHECK(all_of<room_effect::send_catch_up>(current).empty());

    auto fresh = h.host(4, 0);
    catch_up = all_of<room_effect::send_catch_up>(fresh);
    REQUIRE(catch_up.size() == 1);
    REQUIRE(catch_up[0].body != nullptr);
    CHECK(json::parse(*catch_up[0].head + *catch_up[0].body)["type"] == "snapshot");

    // Past the window, the oldest events are gone: a resume from before them gets a snapshot.
    h.commit_renames(1, static_cast<int>(limits::replay_window));
    auto old = h.host(5, seq - 2);
    catch_up = all_of<room_effect::send_catch_up>(old);
    REQUIRE(catch_up.size() == 1);
    CHECK(catch_up[0].body != nullptr);
    // Within it, the replay comes in frames of replay_frame_events.
    auto recent = h.host(6, h.room.committed().seq - limits::replay_frame_events - 1);
    catch_up = all_of<room_effect::send_catch_up>(recent);
    REQUIRE(catch_up.size() == 2);
    CHECK(json::parse(*catch_up[0].head)["events"].size() == limits::replay_frame_events);
    CHECK(json::parse(*catch_up[1].head)["events"].size() == 1);
}

TEST_CASE("joiners are welcomed once their join is stored, and one who left meanwhile is neither subscribed nor online",
          "[room]") {
    harness h;
    h.host(1);
    auto stays = h.join(10, "Åse 😀");
    auto store = harness::store_of(stays);
    CHECK(all_of<room_effect::subscribe>(stays).empty());
    h.join(11, "Bo");  // waits behind the first join
    auto gone = h.join(12, "Kari");
    CHECK(all_of<room_effect::store>(gone).empty());
    h.room.leave(12);  // gone before its join is stored

    auto out = h.room.stored(store.write, ok());
    auto second = harness::store_of(out);
    CHECK(second.batch.events.size() == 2);
    auto subscribed = all_of<room_effect::subscribe>(out);
    REQUIRE(subscribed.size() == 1);
    CHECK(subscribed[0].to == 10);
    auto welcome = frames_to(out, 10);
    REQUIRE(welcome.size() == 1);
    CHECK(welcome[0]["type"] == "welcome");
    CHECK(welcome[0]["resume_token"].get<std::string>().size() > 20);
    REQUIRE(all_of<room_effect::send_catch_up>(out).size() == 1);

    out = h.room.stored(second.write, ok());
    subscribed = all_of<room_effect::subscribe>(out);
    REQUIRE(subscribed.size() == 1);
    CHECK(subscribed[0].to == 11);
    // The host, Åse and Bo are online; Kari joined the workshop but has no connection.
    CHECK(h.room.online_ids().size() == 3);
    CHECK(h.room.subscribers() == 3);
    CHECK(h.room.committed().participants.size() == 4);
}

TEST_CASE("presence counts a participant's connections: online at the first, offline after the last", "[room]") {
    harness h;
    h.host(1);
    auto out = h.join(10, "Åse");
    out = h.room.stored(harness::store_of(out).write, ok());
    const auto token = frames_to(out, 10)[0]["resume_token"].get<std::string>();
    const auto ase = frames_to(out, 10)[0]["participant"].get<core::entity_id>();

    protocol::hello resume;
    resume.workshop = "w1";
    resume.resume_token = token;
    resume.last_seq = h.room.committed().seq;
    auto second = h.room.hello(11, resume, "10.0.0.3");
    CHECK(broadcasts(second).empty());  // already online

    auto left = h.room.leave(10);
    CHECK(broadcasts(left).empty());  // still online on 11
    left = h.room.leave(11);
    auto offline = broadcasts(left);
    REQUIRE(offline.size() == 1);
    CHECK(offline[0]["offline"] == json::array({ase}));
    CHECK(h.room.online_ids() == std::vector<core::entity_id>{core::host_id});
}

TEST_CASE("a wrong key is refused before its error, and the connection may try again", "[room]") {
    harness h;
    protocol::hello hello;
    hello.workshop = "w1";
    hello.facilitator_key = "not-the-key";
    auto out = h.room.hello(1, hello, "10.0.0.1");
    REQUIRE(out.size() == 2);
    CHECK(std::holds_alternative<room_effect::refuse_hello>(out[0]));
    auto error = frames_to(out, 1);
    REQUIRE(error.size() == 1);
    CHECK(error[0]["code"] == "bad_credentials");
    CHECK(h.room.subscribers() == 0);
    h.host(1);
    CHECK(h.room.subscribers() == 1);
}

TEST_CASE("retiring closes everyone, drops what waits, and refuses what comes after", "[room]") {
    harness h;
    h.host(1);
    auto store = harness::store_of(h.rename(1, "a"));
    h.rename(1, "b");
    auto out = h.room.retire(7, std::nullopt);
    auto closed = all_of<room_effect::close>(out);
    REQUIRE(closed.size() == 1);
    CHECK(closed[0].code == close_codes::deleted);
    auto answers = all_of<room_effect::answer>(out);
    REQUIRE(answers.size() == 1);
    CHECK(answers[0].request == 7);
    CHECK(answers[0].outcome == access_outcome::done);
    CHECK(h.room.waiting() == 0);
    // The batch in storage was submitted first; nothing after it is.
    CHECK(all_of<room_effect::store>(h.room.stored(store.write, ok())).empty());
    CHECK(all_of<room_effect::close>(h.rename(1, "c")).size() == 1);
    protocol::hello hello;
    hello.workshop = "w1";
    hello.facilitator_key = facilitator_key;
    CHECK(all_of<room_effect::close>(h.room.hello(2, hello, "10.0.0.1")).size() == 1);
}

TEST_CASE("a link change is stored before it counts, and only for a facilitator's key", "[room]") {
    harness h;
    h.host(1);
    auto denied = h.room.change_links(1, "someone-else", link_change{std::nullopt, std::string("ny-kode-123"), std::nullopt});
    REQUIRE(all_of<room_effect::answer>(denied).size() == 1);
    CHECK(all_of<room_effect::answer>(denied)[0].outcome == access_outcome::denied);

    auto out = h.room.change_links(2, facilitator_key, link_change{std::nullopt, std::string("ny-kode-123"), std::nullopt});
    auto store = harness::store_of(out);
    CHECK(store.batch.join_code == std::optional<std::string>("ny-kode-123"));
    CHECK(h.room.credentials().join_code == join_code);
    auto failed_out = h.room.stored(store.write, failed());
    CHECK(all_of<room_effect::answer>(failed_out)[0].outcome == access_outcome::not_saved);
    CHECK(h.room.credentials().join_code == join_code);

    out = h.room.stored(harness::store_of(h.room.change_links(3, facilitator_key, link_change{std::nullopt, std::string("ny-kode-123"), std::nullopt})).write, ok());
    CHECK(all_of<room_effect::answer>(out)[0].outcome == access_outcome::done);
    CHECK(h.room.credentials().join_code == "ny-kode-123");
    // The facilitator's console is handed the new link at once.
    auto shared = frames_to(out, 1);
    REQUIRE(shared.size() == 1);
    CHECK(shared[0]["type"] == "join_code");
}
