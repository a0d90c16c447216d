#pragma once
/** Counts connections per address and in all, and remembers WebSockets to close on shutdown. */
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>


namespace samling::server {

class connection_tracker;
class websocket_session;

/** One admitted connection; releases its place when destroyed (moves from HTTP to WebSocket). */
class connection_slot {
public:
    connection_slot(connection_tracker& tracker, std::string address) : tracker_(tracker), address_(std::move(address)) {}
    ~connection_slot();
    connection_slot(const connection_slot&) = delete;
    connection_slot& operator=(const connection_slot&) = delete;
    const std::string& address() const { return address_; }

private:
    connection_tracker& tracker_;
    std::string address_;
};

class connection_tracker {
public:
    connection_tracker(std::size_t per_address, std::size_t total) : per_address_(per_address), total_limit_(total) {}

    /** A slot for a new connection from `address`, or nullptr when a limit is reached. */
    std::unique_ptr<connection_slot> admit(const std::string& address);
    void remember(std::weak_ptr<websocket_session> websocket);
    /** The WebSockets still open. */
    std::vector<std::shared_ptr<websocket_session>> open_websockets();

private:
    friend class connection_slot;
    void release(const std::string& address);

    std::mutex mutex_;
    std::size_t per_address_;
    std::size_t total_limit_;
    std::size_t total_ = 0;
    std::unordered_map<std::string, std::size_t> counts_;
    std::vector<std::weak_ptr<websocket_session>> websockets_;
};

}  // namespace samling::server
