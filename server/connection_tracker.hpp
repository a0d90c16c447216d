#pragma once
/**
 * Counts connections per address and in all, and the bytes of catch-up (snapshots, replayed
 * events) queued for them and not yet written; remembers WebSockets to close on shutdown.
 */
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
    /** The peer's address, as counted. */
    const std::string& address() const { return address_; }

    /**
     * Reserves `bytes` of undrained catch-up for this connection; false when that would pass its
     * address's bound or the server's. When nothing is reserved (for the address, or at all) one
     * catch-up of any size is let through, so that a workshop of any size can still be joined.
     */
    bool reserve_catch_up(std::size_t bytes);
    /** Gives back bytes reserved with reserve_catch_up(). */
    void release_catch_up(std::size_t bytes);

private:
    connection_tracker& tracker_;
    std::string address_;
};

class connection_tracker {
public:
    connection_tracker(std::size_t per_address, std::size_t total, std::size_t catch_up_per_address,
                       std::size_t catch_up_total)
        : per_address_(per_address),
          total_limit_(total),
          catch_up_per_address_(catch_up_per_address),
          catch_up_total_limit_(catch_up_total) {}

    /** A slot for a new connection from `address`, or nullptr when a limit is reached. */
    std::unique_ptr<connection_slot> admit(const std::string& address);
    void remember(std::weak_ptr<websocket_session> websocket);
    /** The WebSockets still open. */
    std::vector<std::shared_ptr<websocket_session>> open_websockets();

private:
    friend class connection_slot;
    void release(const std::string& address);
    bool reserve_catch_up(const std::string& address, std::size_t bytes);
    void release_catch_up(const std::string& address, std::size_t bytes);

    std::mutex mutex_;
    std::size_t per_address_;
    std::size_t total_limit_;
    std::size_t total_ = 0;
    std::unordered_map<std::string, std::size_t> counts_;
    std::size_t catch_up_per_address_;
    std::size_t catch_up_total_limit_;
    std::size_t catch_up_total_ = 0;
    std::unordered_map<std::string, std::size_t> catch_up_bytes_;  ///< per address, only those with some
    std::vector<std::weak_ptr<websocket_session>> websockets_;
};

}  // namespace samling::server
