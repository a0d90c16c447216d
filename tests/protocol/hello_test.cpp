// The hello frame: five credential forms, and every way to get one wrong.
#include "tests/protocol/test_support.hpp"

using namespace protocol_test;

namespace {
json base() {
    return {{"type", "hello"}, {"protocol", protocol::version}, {"workshop", "k3v9q2xw7mz4a5bt"}};
}

json with(json j, const json& fields) {
    for (const auto& [key, value] : fields.items()) j[key] = value;
    return j;
}

protocol::hello hello_of(const json& j) {
    return std::get<protocol::hello>(accepted(j.dump()));
}
}  // namespace

TEST_CASE("hello with a join code, a resume token or a facilitator key", "[protocol][hello]") {
    auto joiner = hello_of(
        with(base(),
             {{"join_code", "Q4-x_9"}, {"name", "Åse 😀"}, {"role", "observer"}, {"last_seq", 12}}));
    CHECK(joiner.protocol == 1);
    CHECK(joiner.workshop == "k3v9q2xw7mz4a5bt");
    CHECK(joiner.join_code == "Q4-x_9");
    CHECK(joiner.name == "Åse 😀");
    CHECK(joiner.role == core::role::observer);
    CHECK(joiner.last_seq == 12);
    CHECK(joiner.resume_token.empty());
    CHECK(joiner.facilitator_key.empty());
    auto participant = hello_of(with(base(), {{"join_code", "c"}, {"name", "Bo"}}));
    CHECK(participant.role == core::role::participant);
    CHECK(participant.last_seq == 0);
    auto resumer = hello_of(with(base(), {{"resume_token", "t0k"}, {"last_seq", 57}}));
    CHECK(resumer.resume_token == "t0k");
    CHECK(resumer.join_code.empty());
    CHECK(resumer.last_seq == 57);
    auto host = hello_of(with(base(), {{"facilitator_key", "key"}, {"last_seq", nullptr}}));
    CHECK(host.facilitator_key == "key");
    CHECK(host.last_seq == 0);
    // Name and role mean nothing without a join code and are not read.
    CHECK(hello_of(with(base(), {{"resume_token", "t"}, {"role", "facilitator"}})).resume_token ==
          "t");
}

TEST_CASE("hello needs exactly one credential", "[protocol][hello]") {
    CHECK(refusal(base().dump()) == core::errc::bad_message);
    CHECK(refusal(with(base(), {{"resume_token", "t"}, {"facilitator_key", "k"}}).dump()) ==
          core::errc::bad_message);
    CHECK(
        refusal(with(base(), {{"join_code", "c"}, {"name", "x"}, {"resume_token", "t"}}).dump()) ==
        core::errc::bad_message);
    CHECK(refusal_of(
              with(base(), {{"join_code", "c"}, {"name", "x"}, {"facilitator_key", "k"}}).dump())
              .message == "Give exactly one of join_code, short_code, resume_token, facilitator_key or wall_key.");
    CHECK(refusal(with(base(), {{"wall_key", "w"}, {"facilitator_key", "k"}}).dump()) == core::errc::bad_message);
    CHECK(refusal(with(base(), {{"short_code", "482913"}, {"join_code", "c"}, {"name", "x"}}).dump()) ==
          core::errc::bad_message);
}

TEST_CASE("hello with the wall key, or with the short code and a name", "[protocol][hello][wall]") {
    auto wall = hello_of(with(base(), {{"wall_key", "w4ll"}, {"last_seq", 3}, {"name", "ignored"}}));
    CHECK(wall.wall_key == "w4ll");
    CHECK(wall.last_seq == 3);
    CHECK(wall.name.empty());
    CHECK(wall.join_code.empty());
    auto typed = hello_of(with(base(), {{"short_code", "482913"}, {"name", "Åse"}, {"role", "observer"}}));
    CHECK(typed.short_code == "482913");
    CHECK(typed.join_code.empty());
    CHECK(typed.name == "Åse");
    CHECK(typed.role == core::role::observer);
    CHECK(refusal(with(base(), {{"short_code", "482913"}}).dump()) == core::errc::bad_message);
    CHECK(refusal(with(base(), {{"short_code", "482 913"}, {"name", "x"}}).dump()) == core::errc::bad_message);
}

TEST_CASE("hello with a join code needs a name and a non-facilitator role", "[protocol][hello]") {
    CHECK(refusal(with(base(), {{"join_code", "c"}}).dump()) == core::errc::bad_message);
    CHECK(refusal(with(base(), {{"join_code", "c"}, {"name", ""}}).dump()) ==
          core::errc::bad_message);
    CHECK(refusal(with(base(), {{"join_code", "c"}, {"name", 7}}).dump()) ==
          core::errc::bad_message);
    CHECK(refusal(with(base(), {{"join_code", "c"}, {"name", "Bo\nBo"}}).dump()) ==
          core::errc::invalid_text);
    CHECK(refusal(with(base(), {{"join_code", "c"}, {"name", std::string(61, 'n')}}).dump()) ==
          core::errc::text_too_long);
    CHECK(refusal(
              with(base(), {{"join_code", "c"}, {"name", "x"}, {"role", "facilitator"}}).dump()) ==
          core::errc::bad_message);
    CHECK(refusal(with(base(), {{"join_code", "c"}, {"name", "x"}, {"role", "king"}}).dump()) ==
          core::errc::bad_message);
}

TEST_CASE("hello speaks protocol version 1 only", "[protocol][hello]") {
    const json resume = with(base(), {{"resume_token", "t"}});
    CHECK(refusal(with(resume, {{"protocol", 2}}).dump()) == core::errc::unsupported_protocol);
    CHECK(refusal(with(resume, {{"protocol", 0}}).dump()) == core::errc::unsupported_protocol);
    CHECK(refusal(with(resume, {{"protocol", -1}}).dump()) == core::errc::unsupported_protocol);
    auto no_version = resume;
    no_version.erase("protocol");
    CHECK(refusal(no_version.dump()) == core::errc::bad_message);
    CHECK(refusal(with(resume, {{"protocol", "1"}}).dump()) == core::errc::bad_message);
    CHECK(refusal(with(resume, {{"protocol", 1.5}}).dump()) == core::errc::bad_message);
}

TEST_CASE("hello tokens are 1 to 64 safe characters", "[protocol][hello]") {
    const json joiner = with(base(), {{"join_code", "c"}, {"name", "x"}});
    CHECK(refusal(with(joiner, {{"workshop", "../etc"}}).dump()) == core::errc::bad_message);
    CHECK(refusal(with(joiner, {{"workshop", ""}}).dump()) == core::errc::bad_message);
    CHECK(refusal(with(joiner, {{"workshop", 5}}).dump()) == core::errc::bad_message);
    CHECK(refusal(with(joiner, {{"workshop", std::string(65, 'w')}}).dump()) ==
          core::errc::bad_message);
    CHECK(hello_of(with(joiner, {{"workshop", std::string(64, 'w')}})).workshop ==
          std::string(64, 'w'));
    auto no_workshop = joiner;
    no_workshop.erase("workshop");
    CHECK(refusal(no_workshop.dump()) == core::errc::bad_message);
    CHECK(refusal(with(base(), {{"resume_token", "to ken"}}).dump()) == core::errc::bad_message);
    CHECK(refusal(with(base(), {{"resume_token", "tøken"}}).dump()) == core::errc::bad_message);
    CHECK(refusal(with(base(), {{"facilitator_key", ""}}).dump()) == core::errc::bad_message);
    CHECK(refusal(with(base(), {{"join_code", json::array()}, {"name", "x"}}).dump()) ==
          core::errc::bad_message);
    CHECK(refusal(with(base(), {{"resume_token", "t"}, {"last_seq", -1}}).dump()) ==
          core::errc::bad_message);
    CHECK(refusal(with(base(), {{"resume_token", "t"}, {"last_seq", "5"}}).dump()) ==
          core::errc::bad_message);
}
