// Request-target parsing: the path, query values and workshop ids the HTTP routes rely on.
#include <catch2/catch.hpp>

#include "server/http_target.hpp"

using samling::server::query_value;
using samling::server::target_path;
using samling::server::valid_workshop_id;

TEST_CASE("the path stops at the first question mark", "[http][target]") {
    CHECK(target_path("/api/workshops/abc/export.md?key=x") == "/api/workshops/abc/export.md");
    CHECK(target_path("/plain") == "/plain");
    CHECK(target_path("/a?b?c") == "/a");
    CHECK(target_path("?only") == "");
}

TEST_CASE("query values are found by exact name", "[http][target]") {
    CHECK(query_value("/x?key=abc", "key") == "abc");
    CHECK(query_value("/x?a=1&key=abc&b=2", "key") == "abc");
    CHECK(query_value("/x?key=first&key=second", "key") == "first");
    CHECK(query_value("/x?keys=no&key=yes", "key") == "yes");
    CHECK(query_value("/x?monkey=no", "key") == "");
    CHECK(query_value("/x?key", "key") == "");
    CHECK(query_value("/x?key=", "key") == "");
    CHECK(query_value("/x", "key") == "");
    CHECK(query_value("/x?&&key=v&&", "key") == "v");
    // Values stay undecoded: tokens never need escaping, and nothing decodes twice.
    CHECK(query_value("/x?key=a%20b", "key") == "a%20b");
}

TEST_CASE("workshop ids are lowercase base32 of bounded length", "[http][target]") {
    CHECK(valid_workshop_id("abcdefghijklmnopqrstuvwxyz"));
    CHECK(valid_workshop_id("a234567"));
    CHECK_FALSE(valid_workshop_id(""));
    CHECK_FALSE(valid_workshop_id("ABC"));
    CHECK_FALSE(valid_workshop_id("abc1"));
    CHECK_FALSE(valid_workshop_id("../etc"));
    CHECK_FALSE(valid_workshop_id(std::string("ab\0cd", 5)));
    CHECK_FALSE(valid_workshop_id(std::string(65, 'a')));
    CHECK(valid_workshop_id(std::string(64, 'a')));
}
