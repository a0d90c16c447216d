#include "server/websocket_session.hpp"

#include <sys/socket.h>
#include <sys/uio.h>

#include <array>
#include <cerrno>

#include "protocol/messages.hpp"
#include "server/limits.hpp"
#include "server/log.hpp"
#include "server/workshop_room.hpp"

namespace samling::server {

namespace {

/** Frames gathered into one sendmsg (two iovecs each: header and payload). */
constexpr std::size_t frames_per_write = 64;
/** Bytes taken from the socket per read: a whole frame of the largest size, and its header. */
constexpr std::size_t read_chunk_bytes = 64 * 1024 + 16;
/** Reads per wake-up before other connections get their turn. */
constexpr int reads_per_wake = 4;

std::shared_ptr<const std::string> share(std::string frame) {
    return std::make_shared<const std::string>(std::move(frame));
}

const std::shared_ptr<const std::string>& empty_payload() {
    static const auto empty = std::make_shared<const std::string>();
    return empty;
}

/** Close codes a client may send (RFC 6455, 7.4): anything else is answered with 1002. */
bool valid_close_code(std::uint16_t code) {
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

/** One buffer shared by every connection read on this thread: quiet connections hold none. */
char* read_buffer() {
    thread_local std::unique_ptr<char[]> buffer(new char[read_chunk_bytes]);
    return buffer.get();
}

}  // namespace

websocket_session::websocket_session(tcp::socket&& socket, std::unique_ptr<connection_slot> slot,
                                     server_context& context)
    : socket_(std::move(socket)),
      fd_(socket_.native_handle()),
      slot_(std::move(slot)),
      context_(context),
      reader_(protocol::max_frame_bytes),
      tokens_(context.settings.connection.command_burst),
      refilled_(clock::now()),
      last_heard_(clock::now().time_since_epoch().count()) {
    context_.counters.websocket_connections.fetch_add(1, std::memory_order_relaxed);
}

websocket_session::~websocket_session() {
    context_.counters.websocket_connections.fetch_sub(1, std::memory_order_relaxed);
    // While stopping, rooms may already be gone with the io_context; nothing is left to tell.
    if (room_ && !context_.stopping) room_->leave(this);
}

void websocket_session::run(std::string early) {
    net::dispatch(socket_.get_executor(), [self = shared_from_this(), early = std::move(early)]() mutable {
        self->context_.connections.remember(self);
        if (self->context_.stopping) return self->close_now(close_codes::going_away, "server shutting down", true);
        if (!early.empty()) {
            if (self->reader_.consume(early.data(), early.size(),
                                      [&](const ws::message& m) { return self->on_message(m); }) != 0) {
                return self->close_now(ws::close_protocol_error, "protocol error", true);
            }
        }
        self->do_wait_readable();
    });
}

// ---- reading, on the strand ----

void websocket_session::do_wait_readable() {
    // A one-byte peek tells that data is there without tying a buffer to every idle connection;
    // the bytes are then read into this thread's buffer. The peeked byte is never looked at.
    static char peeked;
    socket_.async_receive(net::buffer(&peeked, 1), tcp::socket::message_peek,
                          [self = shared_from_this()](error_code ec, std::size_t) { self->on_readable(ec); });
}

void websocket_session::on_readable(error_code ec) {
    if (ec) return finish();  // the peer closed or reset the connection, or we closed it
    char* buffer = read_buffer();
    for (int round = 0; round < reads_per_wake; ++round) {
        const ssize_t n = ::recv(fd_, buffer, read_chunk_bytes, MSG_DONTWAIT);
        if (n == 0) return finish();
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            return finish();
        }
        last_heard_.store(clock::now().time_since_epoch().count(), std::memory_order_relaxed);
        ping_outstanding_.store(false, std::memory_order_relaxed);
        const auto bytes = static_cast<std::size_t>(n);
        const std::uint16_t failed =
            reader_.consume(buffer, bytes, [this](const ws::message& m) { return on_message(m); });
        if (failed != 0) {
            close_now(failed, failed == ws::close_too_big ? "message too big" : "protocol error", true);
            break;
        }
        if (bytes < read_chunk_bytes) break;
    }
    bool finished = false;
    {
        std::lock_guard lock(write_mutex_);
        finished = finished_;
    }
    if (finished) return finish();
    do_wait_readable();
}

bool websocket_session::on_message(const ws::message& message) {
    switch (message.kind) {
    case ws::opcode::ping: {
        std::lock_guard lock(write_mutex_);
        if (!close_queued_ && !finished_) {
            enqueue_locked(ws::opcode::pong, share(std::string(message.payload)));
            if (!waiting_writable_) flush_locked();
        }
        return true;
    }
    case ws::opcode::pong:
        return true;
    case ws::opcode::close: {
        std::uint16_t code = 1000;
        if (message.payload.size() == 1) code = ws::close_protocol_error;
        if (message.payload.size() >= 2) {
            code = static_cast<std::uint16_t>((static_cast<unsigned char>(message.payload[0]) << 8) |
                                              static_cast<unsigned char>(message.payload[1]));
            if (!valid_close_code(code)) code = ws::close_protocol_error;
        }
        std::lock_guard lock(write_mutex_);
        peer_closed_ = true;
        if (close_sent_) {
            finished_ = true;  // both closes are exchanged: the read loop closes the socket
        } else {
            queue_close_locked(code, {}, true);
        }
        return false;
    }
    case ws::opcode::binary:
        reply_error(core::errc::bad_json, "Send JSON in text frames, not binary ones.");
        return true;
    default:
        break;
    }
    {
        std::lock_guard lock(write_mutex_);
        if (close_queued_ || finished_) return false;  // closing: nothing more is read
    }
    if (!take_token()) {
        context_.counters.rate_limited.fetch_add(1, std::memory_order_relaxed);
        if (++strikes_ > context_.settings.connection.flood_strikes) {
            close_now(close_codes::flooding, "too many messages", true);
            return false;
        }
        reply_error(core::errc::rate_limited, "You are sending too fast; wait a moment and try again.");
        return true;
    }
    strikes_ = 0;
    handle(message.payload);
    return true;
}

bool websocket_session::take_token() {
    const auto now = clock::now();
    const double elapsed = std::chrono::duration<double>(now - refilled_).count();
    refilled_ = now;
    const auto& limit = context_.settings.connection;
    tokens_ = std::min(limit.command_burst, tokens_ + elapsed * limit.commands_per_second);
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
}

void websocket_session::handle(std::string_view frame) {
    auto decoded = protocol::decode_client_message(frame);
    if (auto* error = std::get_if<protocol::decode_error>(&decoded)) {
        return deliver(
            share(protocol::encode_error(error->code, error->message, error->op, error->params)));
    }
    auto& message = std::get<protocol::client_message>(decoded);
    if (std::holds_alternative<protocol::ping_message>(message)) return deliver(share(protocol::encode_pong()));
    if (auto* hello = std::get_if<protocol::hello>(&message)) {
        if (room_ || hello_pending_) return reply_error(core::errc::already_joined, "This connection has already said hello.");
        std::shared_ptr<workshop_room> room;
        try {
            room = context_.rooms.find(hello->workshop);
        } catch (const std::exception& e) {
            log_error("loading workshop " + hello->workshop + " failed: " + e.what());
            return reply_error(core::errc::unavailable, "The workshop cannot be opened right now.");
        }
        if (!room) return reply_error(core::errc::bad_credentials, "There is no workshop with that link.");
        hello_pending_ = true;
        return room->hello(shared_from_this(), std::move(*hello));
    }
    auto& command = std::get<protocol::command_message>(message);
    if (!room_) return reply_error(core::errc::not_joined, "Say hello (join the workshop) first.", command.op);
    room_->command(shared_from_this(), participant_, std::move(command.op), std::move(command.command));
}

void websocket_session::reply_error(core::errc code, const std::string& message, const std::string& op) {
    deliver(share(protocol::encode_error(code, message, op)));
}

void websocket_session::joined(std::shared_ptr<workshop_room> room, core::entity_id participant) {
    net::post(socket_.get_executor(), [self = shared_from_this(), room = std::move(room), participant]() mutable {
        self->room_ = std::move(room);
        self->participant_ = participant;
        self->hello_pending_ = false;
    });
}

void websocket_session::hello_refused() {
    net::post(socket_.get_executor(), [self = shared_from_this()] { self->hello_pending_ = false; });
}

void websocket_session::disconnect(std::uint16_t code, std::string reason) {
    std::lock_guard lock(write_mutex_);
    queue_close_locked(code, reason, false);
}

void websocket_session::close_now(std::uint16_t code, std::string_view reason, bool drop_queue) {
    std::lock_guard lock(write_mutex_);
    queue_close_locked(code, reason, drop_queue);
}

void websocket_session::send_ping() {
    std::lock_guard lock(write_mutex_);
    if (close_queued_ || finished_) return;
    enqueue_locked(ws::opcode::ping, empty_payload());
    if (!waiting_writable_) flush_locked();
}

void websocket_session::check_timeouts(clock::time_point now) {
    const clock::time_point heard{clock::duration(last_heard_.load(std::memory_order_relaxed))};
    const clock::time_point closing{clock::duration(close_started_.load(std::memory_order_relaxed))};
    const auto idle = context_.settings.connection.ws_idle_timeout;
    const bool close_overdue = closing.time_since_epoch().count() != 0 && now - closing > limits::ws_close_timeout;
    if (close_overdue || now - heard > idle) {
        net::post(socket_.get_executor(), [self = shared_from_this()] { self->finish(); });
    } else if (now - heard > idle / 2 && !ping_outstanding_.exchange(true, std::memory_order_relaxed)) {
        send_ping();
    }
}

void websocket_session::finish() {
    {
        std::lock_guard lock(write_mutex_);
        finished_ = true;
        queue_.clear();
        queued_bytes_ = 0;
        written_ = 0;
    }
    // Cancels the outstanding read and write: their handlers hold the last references.
    error_code ignored;
    if (socket_.is_open()) socket_.close(ignored);
}

// ---- writing, with write_mutex_ held ----

void websocket_session::deliver(const std::shared_ptr<const std::string>& frame) {
    std::lock_guard lock(write_mutex_);
    if (close_queued_ || finished_) return;
    const auto& limit = context_.settings.connection;
    const bool over = queued_bytes_ + frame->size() > limit.write_queue_bytes || queue_.size() >= limit.write_queue_frames;
    // The first frame always fits, so a large snapshot can reach a fresh connection.
    if (over && !queue_.empty()) {
        context_.counters.slow_consumers_closed.fetch_add(1, std::memory_order_relaxed);
        log_warning("closing a connection that reads too slowly");
        return queue_close_locked(close_codes::slow_consumer, "reading too slowly", true);
    }
    enqueue_locked(ws::opcode::text, frame);
    if (!waiting_writable_) flush_locked();
}

void websocket_session::enqueue_locked(ws::opcode kind, std::shared_ptr<const std::string> payload) {
    queued_bytes_ += payload->size();
    queue_.push_back(outgoing_frame{kind, std::move(payload)});
}

void websocket_session::queue_close_locked(std::uint16_t code, std::string_view reason, bool drop_queue) {
    if (close_queued_ || finished_) return;
    if (drop_queue && !queue_.empty()) {
        // Keep only a frame already partly sent (or being sent); the rest is never sent.
        const bool started = written_ > 0 || waiting_writable_;
        auto front = std::move(queue_.front());
        queue_.clear();
        queued_bytes_ = 0;
        if (started) enqueue_locked(front.kind, std::move(front.payload));
    }
    enqueue_locked(ws::opcode::close, share(ws::close_payload(code, reason)));
    close_queued_ = true;
    close_started_.store(clock::now().time_since_epoch().count(), std::memory_order_relaxed);
    if (!waiting_writable_) flush_locked();
}

void websocket_session::flush_locked() {
    while (!queue_.empty() && !finished_) {
        std::array<ws::frame_header, frames_per_write> headers;
        std::array<iovec, 2 * frames_per_write> iov;
        std::size_t frames = 0, count = 0, total = 0, skip = written_;
        for (auto it = queue_.begin(); it != queue_.end() && frames < frames_per_write; ++it, ++frames) {
            auto& header = headers[frames] = ws::make_header(it->kind, it->payload->size());
            const char* head = reinterpret_cast<const char*>(header.bytes.data());
            std::size_t head_size = header.size;
            const char* body = it->payload->data();
            std::size_t body_size = it->payload->size();
            // Only the first frame can be partly sent already.
            if (skip >= head_size) {
                body += skip - head_size;
                body_size -= skip - head_size;
                head_size = 0;
            } else {
                head += skip;
                head_size -= skip;
            }
            skip = 0;
            if (head_size > 0) iov[count++] = iovec{const_cast<char*>(head), head_size};
            if (body_size > 0) iov[count++] = iovec{const_cast<char*>(body), body_size};
            total += head_size + body_size;
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
            queue_.clear();
            queued_bytes_ = 0;
            written_ = 0;
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
        const std::size_t size = ws::header_size(front.payload->size()) + front.payload->size();
        const std::size_t left = size - written_;
        if (bytes < left) {
            written_ += bytes;
            break;
        }
        bytes -= left;
        written_ = 0;
        queued_bytes_ -= front.payload->size();
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
        auto header = std::make_shared<ws::frame_header>(ws::make_header(front.kind, front.payload->size()));
        const auto* head = header->bytes.data();
        std::size_t head_size = header->size, skip = self->written_;
        std::array<net::const_buffer, 2> buffers{};
        if (skip < head_size) {
            buffers[0] = net::buffer(head + skip, head_size - skip);
            buffers[1] = net::buffer(*front.payload);
        } else {
            buffers[1] = net::buffer(front.payload->data() + (skip - head_size), front.payload->size() - (skip - head_size));
        }
        // The handler keeps the payload alive: finish() may drop the queue while this is in flight.
        self->socket_.async_send(buffers, [self, header, keep = front.payload](error_code ec, std::size_t bytes) {
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
