#pragma once
/**
 * A connection's queue of frames waiting to be written, oldest first. Unlike std::deque it
 * allocates nothing while empty (most connections are, most of the time) and gives its memory
 * back once drained after a burst.
 */
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "server/websocket_frame.hpp"

namespace samling::server {

/**
 * One queued frame: its kind and the payload, shared with every other recipient. A snapshot's
 * payload comes in two parts: the joiner's own head, then the state shared by every joiner at
 * that seq (`tail`).
 */
struct outgoing_frame {
    ws::opcode kind;
    std::shared_ptr<const std::string> payload;
    std::shared_ptr<const std::string> tail = nullptr;
    bool catch_up = false;  ///< counted against the catch-up bounds, not the live queue's

    std::size_t size() const { return payload->size() + (tail ? tail->size() : 0); }
};

class frame_queue {
public:
    /** Capacity kept after the queue drains; more is given back. */
    static constexpr std::size_t kept_capacity = 16;

    bool empty() const { return head_ == frames_.size(); }
    std::size_t size() const { return frames_.size() - head_; }
    outgoing_frame& front() { return frames_[head_]; }
    /** The frames from the oldest on, for gathering into one write. */
    auto begin() { return frames_.begin() + static_cast<std::ptrdiff_t>(head_); }
    auto end() { return frames_.end(); }

    void push_back(outgoing_frame frame) {
        // Reuse the room of frames already written before growing.
        if (head_ > 0 && frames_.size() == frames_.capacity()) compact();
        frames_.push_back(std::move(frame));
    }

    void pop_front() {
        frames_[head_].payload.reset();
        frames_[head_].tail.reset();
        if (++head_ == frames_.size()) clear();
    }

    void clear() {
        frames_.clear();
        head_ = 0;
        if (frames_.capacity() > kept_capacity) std::vector<outgoing_frame>().swap(frames_);
    }

private:
    void compact() {
        frames_.erase(frames_.begin(), frames_.begin() + static_cast<std::ptrdiff_t>(head_));
        head_ = 0;
    }

    std::vector<outgoing_frame> frames_;
    std::size_t head_ = 0;  ///< frames_[0, head_) are written and empty
};

}  // namespace samling::server
