#pragma once
/** Commands organisers run on the database file: list, export, import. No network involved. */
#include <iosfwd>
#include <string>
#include <vector>

namespace samling::server {

/**
 * Runs `samling list|export|import` with `args` (after the command's name); writes results to
 * `out` and messages for people to `err`. Returns the process exit code.
 */
int run_admin_command(const std::string& command, const std::vector<std::string>& args, std::ostream& out,
                      std::ostream& err);

}  // namespace samling::server
