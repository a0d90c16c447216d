#include "server/websocket_session.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <optional>

#include "protocol/messages.hpp"
#include "server/limits.hpp"
#include "server/log.hpp"
#include "server/workshop_room.hpp"

namespace samling::server {

namespace {

/** Bytes taken from the socket per read: a whole frame of the largest size, and its header. */
constexpr std::size_t read_chunk_bytes = 64 * 1024 + 16;
/** Reads per wake-up before other connections get their turn. */
constexpr int reads_per_wake = 4;

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
      opened_(clock::now()),
      tokens_(context.settings.connection.command_burst),
      refilled_(clock::now()),
      last_heard_(clock::now().time_since_epoch().count()) {
    context_.counters.websocket_connections.fetch_add(1, std::memory_order_relaxed);
}

websocket_session::~websocket_session() {
    context_.counters.websocket_connections.fetch_sub(1, std::memory_order_relaxed);
    if (catch_up_bytes_ > 0 && slot_) slot_->release_catch_up(catch_up_bytes_);
    // While stopping, rooms may already be gone with the io_context; nothing is left to tell.
    // A hello still pending leaves too: its room may be storing the join, and must not subscribe it.
    if (auto& room = room_ ? room_ : hello_room_; room && !context_.stopping) room->leave(this);
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
    // the bytes are then read into this thread's buffer. The byte is the session's own: the
    // kernel writes it on whichever thread completes the peek.
    socket_.async_receive(net::buffer(&peeked_, 1), tcp::socket::message_peek,
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
    if (message.kind == ws::opcode::close) return on_close_frame(message.payload);
    const bool control = message.kind == ws::opcode::ping || message.kind == ws::opcode::pong;
    {
        std::lock_guard lock(write_mutex_);
        // Closing: nothing more is answered; control frames are skipped to reach the peer's close.
        if (close_queued_ || finished_) return control;
    }
    // Every frame counts against one rate, control frames too: a pong costs the server a write
    // like any answer, and a client that never reads must not make it queue them without end.
    if (!take_token()) return over_rate(message.kind);
    strikes_ = 0;
    switch (message.kind) {
    case ws::opcode::ping:
        answer_ping(message.payload);
        return true;
    case ws::opcode::pong:
        return true;
    case ws::opcode::binary:
        reply_error(core::errc::bad_json, "Send JSON in text frames, not binary ones.");
        return true;
    default:
        handle(message.payload);
        return true;
    }
}

bool websocket_session::on_close_frame(std::string_view payload) {
    std::uint16_t code = 1000;
    if (payload.size() == 1) code = ws::close_protocol_error;
    if (payload.size() >= 2) {
        code = static_cast<std::uint16_t>((static_cast<unsigned char>(payload[0]) << 8) |
                                          static_cast<unsigned char>(payload[1]));
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

bool websocket_session::over_rate(ws::opcode kind) {
    context_.counters.rate_limited.fetch_add(1, std::memory_order_relaxed);
    if (++strikes_ > context_.settings.connection.flood_strikes) {
        close_now(close_codes::flooding, "too many messages", true);
        return false;
    }
    // A text frame is told why it was refused; a control or binary frame is just not answered.
    if (kind == ws::opcode::text) {
        reply_error(core::errc::rate_limited, "You are sending too fast; wait a moment and try again.");
    }
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
        if (!url_workshop_.empty() && hello->workshop != url_workshop_) {
            return reply_error(core::errc::bad_message, "The WebSocket URL names another workshop than the hello.");
        }
        hello_pending_ = true;
        // A cold workshop is loaded on a loader thread; the hello goes on, on this strand, once it is.
        auto id = hello->workshop;
        context_.rooms.open(id, [self = shared_from_this(), hello = std::move(*hello)](open_result opened) mutable {
            net::dispatch(self->socket_.get_executor(), [self, hello = std::move(hello), opened = std::move(opened)]() mutable {
                self->hello_opened(std::move(opened), std::move(hello));
            });
        });
        return;
    }
    auto& command = std::get<protocol::command_message>(message);
    if (!room_) return reply_error(core::errc::not_joined, "Say hello (join the workshop) first.", command.op);
    room_->command(shared_from_this(), participant_, std::move(command.op), std::move(command.command));
}

void websocket_session::hello_opened(open_result opened, protocol::hello hello) {
    if (context_.stopping) return;
    if (!opened.room) {
        hello_pending_ = false;
        if (opened.failed) return reply_error(core::errc::unavailable, "The workshop cannot be opened right now.");
        return reply_error(core::errc::bad_credentials, "There is no workshop with that link.");
    }
    hello_room_ = opened.room;
    opened.room->hello(shared_from_this(), std::move(hello), slot_->address());
}

void websocket_session::reply_error(core::errc code, const std::string& message, const std::string& op) {
    deliver(share(protocol::encode_error(code, message, op)));
}

void websocket_session::joined(std::shared_ptr<workshop_room> room, core::entity_id participant) {
    greeted_.store(true, std::memory_order_relaxed);
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
    if (close_queued_ || finished_ || !admit_locked(0)) return;
    enqueue_locked(outgoing_frame{ws::opcode::ping, empty_payload()});
    if (!waiting_writable_) flush_locked();
}

void websocket_session::check_hello() {
    // A hello being answered gets its answer first: loading a large workshop may take a while.
    if (room_ || hello_pending_) return;
    log_warning("closing a connection that did not join in time");
    close_now(close_codes::policy, "no hello in time", true);
}

void websocket_session::check_timeouts(clock::time_point now) {
    const auto& limit = context_.settings.connection;
    const auto since = [](const std::atomic<clock::rep>& at) {
        const auto rep = at.load(std::memory_order_relaxed);
        return rep == 0 ? std::optional<clock::time_point>() : clock::time_point(clock::duration(rep));
    };
    const clock::time_point heard{clock::duration(last_heard_.load(std::memory_order_relaxed))};
    const auto closing = since(close_started_);
    const auto catching_up = since(catch_up_since_);
    const bool close_overdue = closing && now - *closing > limit.ws_close_timeout;
    // A catch-up still held past its time is dropped with the connection: it is partly sent, so
    // no close frame could follow it. Once: the sweep may come by again before the drop.
    const bool catch_up_overdue = catching_up && now - *catching_up > limit.catch_up_drain_timeout &&
                                  catch_up_since_.exchange(0, std::memory_order_relaxed) != 0;
    if (catch_up_overdue) {
        context_.counters.slow_consumers_closed.fetch_add(1, std::memory_order_relaxed);
        log_warning("dropping a connection that did not take its catch-up in time");
    }
    if (close_overdue || catch_up_overdue || now - heard > limit.ws_idle_timeout) {
        net::post(socket_.get_executor(), [self = shared_from_this()] { self->finish(); });
    } else if (!closing && !greeted_.load(std::memory_order_relaxed) && now - opened_ > limit.ws_handshake_timeout) {
        net::post(socket_.get_executor(), [self = shared_from_this()] { self->check_hello(); });
    } else if (now - heard > limit.ws_idle_timeout / 2 && !ping_outstanding_.exchange(true, std::memory_order_relaxed)) {
        send_ping();
    }
}

void websocket_session::finish() {
    {
        std::lock_guard lock(write_mutex_);
        finished_ = true;
        drop_queue_locked(false);
    }
    // Cancels the outstanding read and write: their handlers hold the last references.
    error_code ignored;
    if (socket_.is_open()) socket_.close(ignored);
}

}  // namespace samling::server
