#pragma once
/** What a workshop room's shell needs from a connection. */
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "core/types.hpp"
#include "server/shared_frame.hpp"

namespace samling::server {

class workshop_room;

class subscriber {
public:
    virtual ~subscriber() = default;
    /** Sends an encoded frame (the JSON text), or queues it while the socket is full; callable from any thread. */
    virtual void deliver(const std::shared_ptr<const std::string>& frame) = 0;
    /**
     * Sends a frame of a joiner's catch-up, right after its welcome: a snapshot (the joiner's
     * `head`, then the state `body` that every joiner at that seq shares) or replayed events
     * (`head` alone). It is bounded apart from live frames: by the catch-up bytes per address and
     * in all, and by the time it may take to be read. Callable from any thread.
     */
    virtual void deliver_catch_up(std::shared_ptr<const std::string> head, std::shared_ptr<const std::string> body) = 0;
    /** Closes the connection with a WebSocket close code; callable from any thread. */
    virtual void disconnect(std::uint16_t code, std::string reason) = 0;
    /**
     * The hello succeeded: from now on the connection speaks for `participant` in `room`. Called
     * before the welcome is delivered, as hello_refused() is before the error: a frame may reach
     * the client, and its answer the connection, before anything posted later.
     */
    virtual void joined(std::shared_ptr<workshop_room> room, core::entity_id participant) = 0;
    /** The hello was refused (the error frame is already delivered); another hello may follow. */
    virtual void hello_refused() = 0;
};

}  // namespace samling::server
