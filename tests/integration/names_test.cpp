// Recaps without names over HTTP: every format with names=0 names nobody, an organiser link made
// without names gives nothing else, and the archive without names imports like any other.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

#include "protocol/archive.hpp"
#include "tests/integration/test_client.hpp"

using namespace samling::test;

namespace {

/** Names the day's people go by (the host's, "Liv", is also in the theme), distinctive enough
 * that no other text holds them. */
const char* const people[] = {"Zélie Øksnevad", "Ŧobias Ärlig 🎺", "Ingrid Kaldestrand"};

/** The text of every part of a ZIP package (DOCX, XLSX), read by Python's zipfile. */
std::string zip_text(const temp_dir& dir, const std::string& bytes) {
    const std::string path = dir.file("package.zip");
    std::ofstream(path, std::ios::binary) << bytes;
    const std::string command = "/usr/bin/python3 -c \"import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); "
                                "sys.stdout.buffer.write(b''.join(z.read(n) for n in z.namelist()))\" " + path;
    std::string text;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
        char buffer[4096];
        for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) text.append(buffer, n);
        ::pclose(pipe);
    }
    return text;
}

/** A day with a host, two participants in a group, a note each and a next step owned by one of them. */
struct named_day {
    temp_dir dir;
    std::optional<running_server> server;
    workshop_link link;
    std::unique_ptr<ws_client> host, zelie, tobias;
    std::uint64_t group = 0, zelie_id = 0, tobias_id = 0;

    named_day() {
        server.emplace(dir.file("samling.db"));
        link = create_workshop(port());
        host = std::make_unique<ws_client>(port());
        host->host(link);
        host->expect("snapshot");
        group = open_group(*host);
        zelie = std::make_unique<ws_client>(port());
        zelie_id = zelie->join(link, people[0])["participant"];
        tobias = std::make_unique<ws_client>(port());
        tobias_id = tobias->join(link, "Tobias")["participant"];
        tobias->must({{"type", "participant.rename"}, {"name", people[1]}});
        for (auto* who : {zelie.get(), tobias.get()}) {
            who->must({{"type", "group.join"}, {"group", group}});
            who->must({{"type", "note.add"}, {"group", group}, {"text", "Bænke langs kajen"}});
        }
        host->must({{"type", "group.set_convener"}, {"group", group}, {"convener", zelie_id}});
        host->must({{"type", "next_step.add"}, {"group", group}, {"text", "Ring til kommunen"},
                    {"owner", people[2]}, {"due", "2027-01-15"}});
    }
    std::uint16_t port() const { return server->port(); }
    std::string exports() const { return "/api/workshops/" + link.id + "/export."; }
};

/** The names among `people` that `text` holds. */
std::vector<std::string> named_in(const std::string& text) {
    std::vector<std::string> found;
    for (const char* name : people) {
        if (text.find(name) != std::string::npos) found.emplace_back(name);
    }
    return found;
}

}  // namespace

TEST_CASE("every export with names=0 names nobody, and with names everyone", "[integration][export][names]") {
    named_day day;
    for (const char* format : {"md", "html", "csv", "csv?table=next_steps", "json", "docx", "xlsx"}) {
        const std::string target = day.exports() + format;
        const bool zipped = std::string_view(format) == "docx" || std::string_view(format) == "xlsx";
        auto named = http_call(day.port(), "GET", target, {}, {}, day.link.facilitator_key);
        const std::string joiner = std::string_view(format).find('?') == std::string_view::npos ? "?" : "&";
        auto nameless = http_call(day.port(), "GET", target + joiner + "names=0", {}, {}, day.link.facilitator_key);
        INFO(format);
        REQUIRE(named.status == 200);
        REQUIRE(nameless.status == 200);
        const std::string with = zipped ? zip_text(day.dir, named.body) : named.body;
        const std::string without = zipped ? zip_text(day.dir, nameless.body) : nameless.body;
        // The content is all there: the notes, or in the table of next steps, the step.
        const bool steps = std::string_view(format).ends_with("next_steps");
        CHECK(without.find(steps ? "Ring til kommunen" : "Bænke langs kajen") != std::string::npos);
        CHECK(named_in(without).empty());
        // The named export holds the names the format shows (the CSV of notes has no owners, the
        // next steps no conveners), so the search above can fail.
        CHECK_FALSE(named_in(with).empty());
        CHECK(nameless.disposition.find("-without-names") != std::string::npos);
    }
    CHECK(http_call(day.port(), "GET", day.exports() + "md?names=yes", {}, {}, day.link.facilitator_key).status == 400);
}

TEST_CASE("the archive without names imports, and its people are numbered", "[integration][export][names]") {
    named_day day;
    auto nameless = http_call(day.port(), "GET", day.exports() + "json?names=0", {}, {}, day.link.facilitator_key);
    REQUIRE(nameless.status == 200);
    CHECK(named_in(nameless.body).empty());
    auto decoded = samling::protocol::decode_archive(nameless.body);
    auto* archive = std::get_if<std::pair<samling::protocol::workshop_archive, samling::core::workshop_state>>(&decoded);
    REQUIRE(archive);
    const auto& state = archive->second;
    CHECK(state.participants.at(1).name == "Participant 1");
    CHECK(state.participants.at(day.tobias_id).name == "Participant " + std::to_string(day.tobias_id));  // renamed too
    for (const auto& [id, step] : state.steps) CHECK(step.owner.empty());
    CHECK(state.notes.size() == 2);
    CHECK(state.groups.at(day.group).convener == day.zelie_id);
}

TEST_CASE("an organiser link made without names gives recaps without names only", "[integration][export][names]") {
    named_day day;
    const std::string link_path = "/api/workshops/" + day.link.id + "/organiser-link";
    CHECK(http_call(day.port(), "POST", link_path + "?names=maybe", {}, {}, day.link.facilitator_key).status == 400);
    auto created = http_call(day.port(), "POST", link_path + "?names=0", {}, {}, day.link.facilitator_key);
    REQUIRE(created.status == 201);
    const json answer = created.parsed();
    CHECK(answer["names"] == false);
    const std::string key = answer["organiser_key"];
    CHECK(key.starts_with("anon-"));
    for (const auto& [format, url] : answer["exports"].items()) {
        CHECK(url.get<std::string>().ends_with("/export." + format + "?names=0"));
    }
    // Without a names parameter its exports leave the names out; asking for them is refused.
    for (const char* format : {"md", "html", "csv", "json"}) {
        auto plain = http_call(day.port(), "GET", day.exports() + format, {}, {}, key);
        INFO(format);
        REQUIRE(plain.status == 200);
        CHECK(named_in(plain.body).empty());
        auto asked = http_call(day.port(), "GET", day.exports() + format + "?names=1", {}, {}, key);
        CHECK(asked.status == 403);
        CHECK(asked.parsed()["error"]["code"] == "names_not_allowed");
    }
    // The prefix alone opens nothing: the hash binds the whole key.
    CHECK(http_call(day.port(), "GET", day.exports() + "md", {}, {}, "anon-" + day.link.facilitator_key).status == 401);
    // Replaced by a link with names, the one without stops working.
    auto named = http_call(day.port(), "POST", link_path, {}, {}, day.link.facilitator_key);
    REQUIRE(named.status == 201);
    CHECK(named.parsed()["names"] == true);
    CHECK(http_call(day.port(), "GET", day.exports() + "md", {}, {}, key).status == 401);
    auto full = http_call(day.port(), "GET", day.exports() + "md", {}, {}, named.parsed()["organiser_key"].get<std::string>());
    CHECK_FALSE(named_in(full.body).empty());
}
