#pragma once
/** Golden files: the expected bytes of an export, kept in tests/core/golden. */
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace samling::test {

/** Compares with a golden file, or rewrites it when SAMLING_UPDATE_GOLDEN=1. */
inline void check_golden(const std::string& name, const std::string& actual) {
    const std::string path = std::string(SAMLING_GOLDEN_DIR) + "/" + name;
    if (const char* update = std::getenv("SAMLING_UPDATE_GOLDEN");
        update && std::string_view(update) == "1") {
        std::ofstream(path, std::ios::binary) << actual;
        WARN("rewrote " << path);
        return;
    }
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::ostringstream expected;
    expected << in.rdbuf();
    const std::string golden = expected.str();
    std::size_t at = 0;
    while (at < golden.size() && at < actual.size() && golden[at] == actual[at]) ++at;
    INFO(name << " differs at byte " << at << ": golden \"" << golden.substr(at, 60)
              << "\" vs actual \"" << actual.substr(at, 60) << "\"");
    CHECK(golden == actual);
}

}  // namespace samling::test
