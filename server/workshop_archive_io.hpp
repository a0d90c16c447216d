#pragma once
/** Reading a workshop's archive out of the database (for `samling export` and the HTTP export). */
#include <optional>
#include <string>

#include "storage/event_store.hpp"

namespace samling::server {

/** The JSON archive of workshop `id`, or nullopt when there is none. Blocking reads; throws storage_error. */
std::optional<std::string> read_archive(storage::event_store& store, const std::string& id);

}  // namespace samling::server
