#include "server/connection_tracker.hpp"

#include <algorithm>

#include "server/websocket_session.hpp"

namespace samling::server {

connection_slot::~connection_slot() { tracker_.release(address_); }

std::unique_ptr<connection_slot> connection_tracker::admit(const std::string& address) {
    std::lock_guard lock(mutex_);
    auto& count = counts_[address];
    if (count >= per_address_ || total_ >= total_limit_) {
        if (count == 0) counts_.erase(address);
        return nullptr;
    }
    ++count;
    ++total_;
    return std::make_unique<connection_slot>(*this, address);
}

void connection_tracker::release(const std::string& address) {
    std::lock_guard lock(mutex_);
    --total_;
    if (auto it = counts_.find(address); it != counts_.end() && --it->second == 0) counts_.erase(it);
}

void connection_tracker::remember(std::weak_ptr<websocket_session> websocket) {
    std::lock_guard lock(mutex_);
    // Forget closed ones now and then, so the list stays as long as the open connections.
    if (websockets_.size() >= 64 && websockets_.size() >= 2 * total_) {
        std::erase_if(websockets_, [](const auto& w) { return w.expired(); });
    }
    websockets_.push_back(std::move(websocket));
}

std::vector<std::shared_ptr<websocket_session>> connection_tracker::open_websockets() {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<websocket_session>> open;
    for (auto& w : websockets_) {
        if (auto s = w.lock()) open.push_back(std::move(s));
    }
    return open;
}

}  // namespace samling::server
