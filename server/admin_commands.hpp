#pragma once
/** Commands organisers run on the database file: list, export, import, backup, check. No network involved. */
#include <iosfwd>
#include <string>
#include <vector>

namespace samling::server {

/** The usage of `samling <command>` (list, export, import, backup, check); empty for any other name. */
std::string admin_usage(const std::string& command);

/**
 * Runs `samling list|export|import|backup|check` with `args` (after the command's name); writes
 * results to `out` and messages for people to `err`. With `--help` or `-h` among `args` it
 * writes the command's usage to `out` instead and returns 0. Returns the process exit code.
 */
int run_admin_command(const std::string& command, const std::vector<std::string>& args, std::ostream& out,
                      std::ostream& err);

}  // namespace samling::server
