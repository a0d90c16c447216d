// The writing half of websocket_session: the bounded queue and the non-blocking writes.
#include <sys/socket.h>
#include <sys/uio.h>

#include <array>
#include <cerrno>
#include <optional>

#include "server/limits.hpp"
#include "server/log.hpp"
#include "server/websocket_session.hpp"

namespace samling::server {

namespace {

/** Frames gathered into one sendmsg (up to three iovecs each: header, payload and tail). */
constexpr std::size_t frames_per_write = 64;

/** Adds what is left of `frame` after its first `skip` bytes to `iov`; returns the bytes added. */
std::size_t gather(const ws::frame_header& header, const outgoing_frame& frame, std::size_t skip, iovec* iov,
                   std::size_t& count) {
    const std::array<std::string_view, 3> parts{
        std::string_view(reinterpret_cast<const char*>(header.bytes.data()), header.size),
        std::string_view(*frame.payload), frame.tail ? std::string_view(*frame.tail) : std::string_view()};
    std::size_t total = 0;
    for (auto part : parts) {
        if (skip >= part.size()) {
            skip -= part.size();
            continue;
        }
        part.remove_prefix(skip);
        skip = 0;
        iov[count++] = iovec{const_cast<char*>(part.data()), part.size()};
        total += part.size();
    }
    return total;
}

}  // namespace

void websocket_session::deliver(const std::shared_ptr<const std::string>& frame) {
    std::lock_guard lock(write_mutex_);
    if (close_queued_ || finished_ || !admit_locked(frame->size())) return;
    enqueue_locked(outgoing_frame{ws::opcode::text, frame});
    if (!waiting_writable_) flush_locked();
}

void websocket_session::deliver_catch_up(std::shared_ptr<const std::string> head,
                                         std::shared_ptr<const std::string> body) {
    std::lock_guard lock(write_mutex_);
    if (close_queued_ || finished_ || !admit_locked(0)) return;
    outgoing_frame frame{ws::opcode::text, std::move(head), std::move(body), true};
    const std::size_t bytes = frame.size();
    if (slot_ && !slot_->reserve_catch_up(bytes)) {
        // The welcome stays queued: a participant who just joined keeps their resume token.
        log_warning("asking a joiner to come back: too much catch-up is queued for its address or in all");
        return queue_close_locked(close_codes::try_again_later, "busy; try again shortly", false);
    }
    if (catch_up_frames_++ == 0) catch_up_since_.store(clock::now().time_since_epoch().count(), std::memory_order_relaxed);
    catch_up_bytes_ += bytes;
    enqueue_locked(std::move(frame));
    if (!waiting_writable_) flush_locked();
}

void websocket_session::answer_ping(std::string_view payload) {
    std::lock_guard lock(write_mutex_);
    if (close_queued_ || finished_ || !admit_locked(payload.size())) return;
    enqueue_locked(outgoing_frame{ws::opcode::pong, share(std::string(payload))});
    if (!waiting_writable_) flush_locked();
}

bool websocket_session::admit_locked(std::size_t bytes) {
    const auto& limit = context_.settings.connection;
    if (queued_bytes_ + bytes <= limit.write_queue_bytes && queue_.size() < limit.write_queue_frames) return true;
    context_.counters.slow_consumers_closed.fetch_add(1, std::memory_order_relaxed);
    log_warning("closing a connection that reads too slowly");
    queue_close_locked(close_codes::slow_consumer, "reading too slowly", true);
    return false;
}

void websocket_session::enqueue_locked(outgoing_frame frame) {
    if (!frame.catch_up) queued_bytes_ += frame.size();
    queue_.push_back(std::move(frame));
}

void websocket_session::drop_queue_locked(bool keep_started) {
    std::optional<outgoing_frame> front;
    if (keep_started && !queue_.empty() && (written_ > 0 || waiting_writable_)) front = std::move(queue_.front());
    queue_.clear();
    queued_bytes_ = 0;
    if (!front) written_ = 0;
    // Catch-up that will never be sent gives its reservation back now.
    const std::size_t kept = front && front->catch_up ? front->size() : 0;
    if (slot_ && catch_up_bytes_ > kept) slot_->release_catch_up(catch_up_bytes_ - kept);
    catch_up_bytes_ = kept;
    catch_up_frames_ = kept > 0 ? 1 : 0;
    if (kept == 0) catch_up_since_.store(0, std::memory_order_relaxed);
    if (front) enqueue_locked(std::move(*front));
}

void websocket_session::queue_close_locked(std::uint16_t code, std::string_view reason, bool drop_queue) {
    if (close_queued_ || finished_) return;
    if (drop_queue) drop_queue_locked(true);
    enqueue_locked(outgoing_frame{ws::opcode::close, share(ws::close_payload(code, reason))});
    close_queued_ = true;
    close_started_.store(clock::now().time_since_epoch().count(), std::memory_order_relaxed);
    if (!waiting_writable_) flush_locked();
}

void websocket_session::flush_locked() {
    while (!queue_.empty() && !finished_) {
        std::array<ws::frame_header, frames_per_write> headers;
        std::array<iovec, 3 * frames_per_write> iov;
        std::size_t frames = 0, count = 0, total = 0, skip = written_;
        for (auto it = queue_.begin(); it != queue_.end() && frames < frames_per_write; ++it, ++frames) {
            headers[frames] = ws::make_header(it->kind, it->size());
            // Only the first frame can be partly sent already.
            total += gather(headers[frames], *it, skip, iov.data(), count);
            skip = 0;
        }
        msghdr message{};
        message.msg_iov = iov.data();
        message.msg_iovlen = count;
        const ssize_t sent = ::sendmsg(fd_, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return wait_writable();
            // The peer is gone: nothing queued can reach it; the read side ends the session.
            finished_ = true;
            drop_queue_locked(false);
            net::post(socket_.get_executor(), [self = shared_from_this()] { self->finish(); });
            return;
        }
        context_.counters.send_calls.fetch_add(1, std::memory_order_relaxed);
        wrote_locked(static_cast<std::size_t>(sent));
        if (static_cast<std::size_t>(sent) < total) return wait_writable();
    }
}

void websocket_session::wrote_locked(std::size_t bytes) {
    std::uint64_t frames = 0;
    while (bytes > 0 && !queue_.empty()) {
        auto& front = queue_.front();
        const std::size_t payload = front.size();
        const std::size_t left = ws::header_size(payload) + payload - written_;
        if (bytes < left) {
            written_ += bytes;
            break;
        }
        bytes -= left;
        written_ = 0;
        if (front.catch_up) {
            catch_up_written_locked(payload);
        } else {
            queued_bytes_ -= payload;
        }
        const bool was_close = front.kind == ws::opcode::close;
        queue_.pop_front();
        ++frames;
        if (was_close) {
            close_sent_ = true;
            if (peer_closed_) {
                finished_ = true;
                net::post(socket_.get_executor(), [self = shared_from_this()] { self->finish(); });
            } else {
                // Our close is out: half-close, and wait for the client's close or its end.
                ::shutdown(fd_, SHUT_WR);
            }
        }
    }
    context_.counters.frames_sent.fetch_add(frames, std::memory_order_relaxed);
}

void websocket_session::catch_up_written_locked(std::size_t bytes) {
    catch_up_bytes_ -= bytes;
    if (slot_) slot_->release_catch_up(bytes);
    if (--catch_up_frames_ == 0) catch_up_since_.store(0, std::memory_order_relaxed);
}

void websocket_session::wait_writable() {
    if (waiting_writable_) return;
    waiting_writable_ = true;
    // The socket is full: the rest waits for it to drain. An asynchronous send of the front
    // frame tries once more and then waits for the socket, on the connection's strand.
    net::post(socket_.get_executor(), [self = shared_from_this()] {
        std::lock_guard lock(self->write_mutex_);
        if (self->finished_ || self->queue_.empty()) {
            self->waiting_writable_ = false;
            return;
        }
        const auto& front = self->queue_.front();
        // The header lives in the handler, which stays put until the send completes.
        auto header = std::make_shared<ws::frame_header>(ws::make_header(front.kind, front.size()));
        std::array<iovec, 3> parts{};
        std::size_t count = 0;
        gather(*header, front, self->written_, parts.data(), count);
        std::array<net::const_buffer, 3> buffers{};
        for (std::size_t i = 0; i < count; ++i) buffers[i] = net::buffer(parts[i].iov_base, parts[i].iov_len);
        // The handler keeps the payload alive: finish() may drop the queue while this is in flight.
        self->socket_.async_send(buffers, [self, header, keep = front.payload, tail = front.tail](error_code ec,
                                                                                             std::size_t bytes) {
            self->on_writable(ec, bytes);
        });
    });
}

void websocket_session::on_writable(error_code ec, std::size_t bytes) {
    std::lock_guard lock(write_mutex_);
    waiting_writable_ = false;
    if (ec || finished_) return;
    context_.counters.send_calls.fetch_add(1, std::memory_order_relaxed);
    wrote_locked(bytes);
    flush_locked();
}

}  // namespace samling::server
