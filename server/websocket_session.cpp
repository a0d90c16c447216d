#include "server/websocket_session.hpp"

#include "protocol/messages.hpp"
#include "server/limits.hpp"
#include "server/log.hpp"

namespace samling::server {

namespace {
std::shared_ptr<const std::string> share(std::string frame) {
    return std::make_shared<const std::string>(std::move(frame));
}
}  // namespace

websocket_session::websocket_session(beast::tcp_stream&& stream, std::unique_ptr<connection_slot> slot,
                                     server_context& context)
    : ws_(std::move(stream)),
      slot_(std::move(slot)),
      context_(context),
      tokens_(context.settings.connection.command_burst),
      refilled_(std::chrono::steady_clock::now()) {
    context_.counters.websocket_connections.fetch_add(1, std::memory_order_relaxed);
}

websocket_session::~websocket_session() {
    context_.counters.websocket_connections.fetch_sub(1, std::memory_order_relaxed);
    // While stopping, rooms may already be gone with the io_context; nothing is left to tell.
    if (room_ && !context_.stopping) room_->leave(this);
}

void websocket_session::run(http::request<http::string_body> request) {
    beast::get_lowest_layer(ws_).expires_never();  // the WebSocket timeouts take over
    websocket::stream_base::timeout timeouts{};
    const auto& limit = context_.settings.connection;
    timeouts.handshake_timeout = limit.ws_handshake_timeout;
    timeouts.idle_timeout = limit.ws_idle_timeout;
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    ws_.read_message_max(protocol::max_frame_bytes);
    // Each message leaves as one frame in one write: splitting a snapshot into 4 KiB fragments
    // costs a send call per fragment.
    ws_.auto_fragment(false);
    ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
        response.set(http::field::server, "samling");
    }));
    ws_.async_accept(request, beast::bind_front_handler(&websocket_session::on_accept, shared_from_this()));
}

void websocket_session::on_accept(error_code ec) {
    if (ec) return;
    context_.connections.remember(weak_from_this());
    if (context_.stopping) return close_now(close_codes::going_away, "server shutting down", true);
    do_read();
}

void websocket_session::do_read() {
    ws_.async_read(buffer_, beast::bind_front_handler(&websocket_session::on_read, shared_from_this()));
}

void websocket_session::on_read(error_code ec, std::size_t) {
    // Beast has already answered an oversized frame with close code 1009 (message_too_big).
    if (ec) return;
    if (!ws_.got_text()) {
        reply_error(core::errc::bad_json, "Send JSON in text frames, not binary ones.");
    } else if (!take_token()) {
        context_.counters.rate_limited.fetch_add(1, std::memory_order_relaxed);
        if (++strikes_ > context_.settings.connection.flood_strikes) return close_now(close_codes::flooding, "too many messages", true);
        reply_error(core::errc::rate_limited, "You are sending too fast; wait a moment and try again.");
    } else {
        strikes_ = 0;
        const auto data = buffer_.cdata();
        handle(std::string_view(static_cast<const char*>(data.data()), data.size()));
    }
    buffer_.consume(buffer_.size());
    if (!closing_) do_read();
}

bool websocket_session::take_token() {
    const auto now = std::chrono::steady_clock::now();
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
        return reply_error(error->code, error->message, error->op);
    }
    auto& message = std::get<protocol::client_message>(decoded);
    if (std::holds_alternative<protocol::ping_message>(message)) return send(share(protocol::encode_pong()));
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
    send(share(protocol::encode_error(code, message, op)));
}

void websocket_session::joined(std::shared_ptr<workshop_room> room, core::entity_id participant) {
    net::post(ws_.get_executor(), [self = shared_from_this(), room = std::move(room), participant]() mutable {
        self->room_ = std::move(room);
        self->participant_ = participant;
        self->hello_pending_ = false;
    });
}

void websocket_session::hello_refused() {
    net::post(ws_.get_executor(), [self = shared_from_this()] { self->hello_pending_ = false; });
}

void websocket_session::deliver(std::shared_ptr<const std::string> frame) {
    net::post(ws_.get_executor(), [self = shared_from_this(), frame = std::move(frame)]() mutable {
        self->send(std::move(frame));
    });
}

void websocket_session::send(std::shared_ptr<const std::string> frame) {
    if (closing_) return;
    const auto& limit = context_.settings.connection;
    const bool over = queued_bytes_ + frame->size() > limit.write_queue_bytes || queue_.size() >= limit.write_queue_frames;
    // The first frame always fits, so a large snapshot can reach a fresh connection.
    if (over && !queue_.empty()) {
        context_.counters.slow_consumers_closed.fetch_add(1, std::memory_order_relaxed);
        log_warning("closing a connection that reads too slowly");
        return close_now(close_codes::slow_consumer, "reading too slowly", true);
    }
    queued_bytes_ += frame->size();
    queue_.push_back(std::move(frame));
    if (!writing_) do_write();
}

void websocket_session::coalesce_front() {
    // Events frames that queued up behind each other leave as one frame: a connection that falls
    // behind (a busy room, a slow phone) catches up with fewer, larger frames and fewer sends.
    std::size_t run = 0, bytes = 0;
    while (run < queue_.size() && protocol::is_events_frame(*queue_[run]) &&
           (run == 0 || bytes + queue_[run]->size() <= limits::coalesced_frame_bytes)) {
        bytes += queue_[run]->size();
        ++run;
    }
    if (run < 2) return;
    std::vector<std::string_view> frames;
    frames.reserve(run);
    for (std::size_t i = 0; i < run; ++i) frames.emplace_back(*queue_[i]);
    auto merged = share(protocol::merge_events_frames(frames));
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(run));
    queued_bytes_ = queued_bytes_ - bytes + merged->size();
    queue_.push_front(std::move(merged));
    context_.counters.frames_coalesced.fetch_add(run - 1, std::memory_order_relaxed);
}

void websocket_session::do_write() {
    writing_ = true;
    coalesce_front();
    ws_.text(true);
    ws_.async_write(net::buffer(*queue_.front()),
                    beast::bind_front_handler(&websocket_session::on_write, shared_from_this()));
}

void websocket_session::on_write(error_code ec, std::size_t) {
    writing_ = false;
    if (ec) return;
    context_.counters.frames_sent.fetch_add(1, std::memory_order_relaxed);
    queued_bytes_ -= queue_.front()->size();
    queue_.pop_front();
    if (!queue_.empty()) return do_write();
    if (closing_) start_close();
}

void websocket_session::disconnect(std::uint16_t code, std::string reason) {
    net::post(ws_.get_executor(), [self = shared_from_this(), code, reason = std::move(reason)]() mutable {
        self->close_now(code, std::move(reason), false);
    });
}

void websocket_session::close_now(std::uint16_t code, std::string reason, bool drop_queue) {
    if (closing_) return;
    closing_ = true;
    close_reason_ = websocket::close_reason(static_cast<websocket::close_code>(code), reason);
    if (drop_queue && !queue_.empty()) {
        // Keep only the frame being written; the rest is never sent.
        auto in_flight = writing_ ? queue_.front() : nullptr;
        queue_.clear();
        queued_bytes_ = 0;
        if (in_flight) {
            queued_bytes_ = in_flight->size();
            queue_.push_back(std::move(in_flight));
        }
    }
    if (!writing_ && queue_.empty()) start_close();
    else if (!writing_) do_write();
}

void websocket_session::start_close() {
    if (close_started_) return;
    close_started_ = true;
    ws_.async_close(close_reason_, [self = shared_from_this()](error_code) {});
}

}  // namespace samling::server
