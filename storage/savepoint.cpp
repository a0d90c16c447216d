#include "storage/savepoint.hpp"

#include <utility>

#include "storage/database.hpp"

namespace samling::storage {

savepoint::savepoint(database& db, std::string name) : db_(db), name_(std::move(name)) {
    db_.exec("SAVEPOINT " + name_);
}

savepoint::~savepoint() {
    if (done_ || !db_.in_transaction()) {
        return;
    }
    try {
        rollback();
    } catch (...) {
        // The enclosing transaction's owner rolls everything back.
    }
}

void savepoint::release() {
    db_.exec("RELEASE " + name_);
    done_ = true;
}

void savepoint::rollback() {
    done_ = true;
    db_.reset_cached();
    db_.exec("ROLLBACK TO " + name_);
    db_.exec("RELEASE " + name_);
}

}  // namespace samling::storage
