#include "tests/integration/mirror.hpp"

#include <catch2/catch.hpp>

namespace samling::test {

void mirror::apply(const nlohmann::json& frame) {
    if (!frame.is_object()) return;
    const std::string type = frame.value("type", "");
    if (type == "snapshot") {
        has_state = true;
        seq = frame["seq"];
        notes.clear();
        for (const auto& note : frame["workshop"]["notes"]) notes[note["id"]] = note["text"];
        online = frame["online"].get<std::set<std::uint64_t>>();
    } else if (type == "events") {
        for (const auto& ev : frame["events"]) {
            const std::uint64_t at = ev["seq"];
            if (!has_state) {
                faults.push_back("event " + std::to_string(at) + " before any state");
                continue;
            }
            if (at <= seq) {
                faults.push_back("event " + std::to_string(at) + " again after " + std::to_string(seq));
                continue;
            }
            if (at != seq + 1) faults.push_back("gap from " + std::to_string(seq) + " to " + std::to_string(at));
            seq = at;
            const std::string name = ev["type"];
            if (name == "note.added") {
                notes[ev["id"]] = ev["text"];
                added.push_back(ev["text"]);
            } else if (name == "note.edited") {
                notes[ev["note"]] = ev["text"];
            } else if (name == "note.deleted") {
                notes.erase(ev["note"].get<std::uint64_t>());
            }
        }
    } else if (type == "presence") {
        if (frame.value("replace", false)) online.clear();
        for (const auto& id : frame["online"]) online.insert(id.get<std::uint64_t>());
        for (const auto& id : frame["offline"]) online.erase(id.get<std::uint64_t>());
    }
}

mirror server_view(std::uint16_t port, const workshop_link& w) {
    ws_client host(port);
    host.host(w);
    mirror view;
    view.apply(host.expect("snapshot"));
    return view;
}

void read_into(ws_client& client, mirror& view, const std::function<bool()>& done) {
    while (!done()) {
        auto frame = client.receive();
        REQUIRE(frame);
        view.apply(*frame);
    }
}

void read_until_seq(ws_client& client, mirror& view, std::uint64_t seq) {
    read_into(client, view, [&] { return view.seq >= seq; });
}

nlohmann::json must_into(ws_client& client, mirror& view, nlohmann::json body) {
    const std::string op = client.command(std::move(body));
    for (;;) {
        auto frame = client.receive();
        REQUIRE(frame);
        view.apply(*frame);
        if (frame->value("op", "") != op) continue;
        INFO(frame->dump());
        REQUIRE(frame->value("type", "") == "ack");
        return *frame;
    }
}

}  // namespace samling::test
