#pragma once
/** The browser client: embedded in the binary at build time, or read from a folder while developing. */
#include <optional>
#include <string>
#include <string_view>

#include "server/http_target.hpp"

namespace samling::server {

struct static_file {
    std::string content_type;
    std::string body;
};

class static_files {
public:
    /** Serves the embedded files, or the files under `directory` when it is not empty. */
    explicit static_files(std::string directory) : directory_(std::move(directory)) {}

    /**
     * The file for a request target such as "/app.js?v=1"; nullopt when there is none.
     * Targets that could leave the web root (dot segments, backslashes, NUL, bad escapes) have none,
     * and nor has a file under `directory` that is a symbolic link (or lies in a linked folder)
     * resolving to a place outside it.
     */
    std::optional<static_file> find(std::string_view target) const;

private:
    std::string directory_;
};

/** Content-Type for a file name, by its extension. */
std::string content_type_for(std::string_view path);

}  // namespace samling::server
