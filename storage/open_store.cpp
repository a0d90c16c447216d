#include <memory>

#include "storage/event_store.hpp"
#include "storage/pg_store.hpp"
#include "storage/sqlite_store.hpp"

namespace samling::storage {

bool is_postgres_url(std::string_view location) {
    return location.starts_with("postgres://") || location.starts_with("postgresql://");
}

std::unique_ptr<event_store> open_store(const store_settings& settings) {
    if (is_postgres_url(settings.location)) {
        return std::make_unique<pg_store>(pg_options{settings.location, settings.node});
    }
    return std::make_unique<sqlite_store>(store_options{settings.location});
}

}  // namespace samling::storage
