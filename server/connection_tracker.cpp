#include "server/connection_tracker.hpp"

#include <algorithm>

#include "server/websocket_session.hpp"

namespace samling::server {

connection_slot::~connection_slot() { tracker_.release(address_); }

bool connection_slot::reserve_catch_up(std::size_t bytes) { return tracker_.reserve_catch_up(address_, bytes); }

void connection_slot::release_catch_up(std::size_t bytes) { tracker_.release_catch_up(address_, bytes); }

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

bool connection_tracker::reserve_catch_up(const std::string& address, std::size_t bytes) {
    std::lock_guard lock(mutex_);
    auto it = catch_up_bytes_.find(address);
    const std::size_t held = it == catch_up_bytes_.end() ? 0 : it->second;
    const bool address_fits = held == 0 || held + bytes <= catch_up_per_address_;
    const bool total_fits = catch_up_total_ == 0 || catch_up_total_ + bytes <= catch_up_total_limit_;
    if (!address_fits || !total_fits) return false;
    catch_up_bytes_[address] = held + bytes;
    catch_up_total_ += bytes;
    return true;
}

void connection_tracker::release_catch_up(const std::string& address, std::size_t bytes) {
    std::lock_guard lock(mutex_);
    catch_up_total_ -= bytes;
    if (auto it = catch_up_bytes_.find(address); it != catch_up_bytes_.end() && (it->second -= bytes) == 0) {
        catch_up_bytes_.erase(it);
    }
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
