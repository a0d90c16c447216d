#include "server/server.hpp"

#include <algorithm>

#include <boost/asio/executor_work_guard.hpp>

#include "server/limits.hpp"
#include "server/listener.hpp"
#include "server/log.hpp"
#include "server/retention.hpp"
#include "server/websocket_session.hpp"

namespace samling::server {

server::server(config settings)
    : settings_(std::move(settings)),
      connections_(settings_.max_connections_per_ip, settings_.max_connections,
                   settings_.connection.catch_up_bytes_per_address, settings_.connection.catch_up_bytes_total),
      web_(settings_.web_dir),
      io_(static_cast<int>(settings_.threads == 0 ? std::max(1u, std::thread::hardware_concurrency())
                                                  : settings_.threads)) {
    store_ = storage::open_store({settings_.db, settings_.node});
    store_->set_commit_observer([this](std::chrono::nanoseconds duration, std::size_t) {
        metrics_.commit_latency.observe(duration);
    });
    rooms_ = std::make_unique<room_registry>(io_.get_executor(), *store_, metrics_, settings_.admission);
    const auto per_minute = static_cast<double>(settings_.admission.creations_per_minute);
    context_.reset(new server_context{settings_, *rooms_, metrics_, connections_, web_, {false},
                                      keyed_rate_limiter(per_minute / 60.0, per_minute)});
    const auto address = net::ip::make_address(settings_.bind);
    listener_ = std::make_shared<listener>(io_, tcp::endpoint(address, settings_.port), *context_);
}

server::~server() { stop(); }

std::uint16_t server::port() const { return listener_->port(); }

void server::schedule_sweep() {
    sweep_timer_.expires_after(settings_.rooms.sweep_interval);
    sweep_timer_.async_wait([this](error_code ec) {
        if (ec || context_->stopping) return;
        rooms_->unload_idle(settings_.rooms.idle_unload);
        schedule_sweep();
    });
}

void server::schedule_retention(std::chrono::milliseconds after) {
    if (settings_.admission.retention_days == 0) return;
    retention_timer_.expires_after(after);
    retention_timer_.async_wait([this](error_code ec) {
        if (ec || context_->stopping) return;
        const auto& clock = settings_.rooms.retention_clock;
        const std::int64_t now = clock ? clock() : now_ms();
        try {
            for (const auto& w : due_for_deletion(store_->list_workshops(), now, settings_.admission.retention_days)) {
                rooms_->erase(w.id, std::nullopt, [](access_outcome) {});
            }
        } catch (const std::exception& e) {
            log_error(std::string("retention: the workshops could not be listed: ") + e.what());
        }
        metrics_.retention_sweeps.fetch_add(1, std::memory_order_relaxed);
        schedule_retention(settings_.rooms.retention_sweep_interval);
    });
}

void server::schedule_websocket_sweep() {
    // One timer for all connections instead of one per connection: a connection costs no timer,
    // and each timeout is kept within an eighth of the idle timeout and a quarter of the others.
    const auto& limit = settings_.connection;
    const auto period = std::max<std::chrono::milliseconds>(
        std::min({limit.ws_idle_timeout / 8, limit.ws_handshake_timeout / 4, limit.ws_close_timeout / 4,
                  limit.catch_up_drain_timeout / 4}),
        std::chrono::milliseconds(10));
    websocket_timer_.expires_after(period);
    websocket_timer_.async_wait([this](error_code ec) {
        if (ec || context_->stopping) return;
        const auto now = websocket_session::clock::now();
        for (auto& websocket : connections_.open_websockets()) websocket->check_timeouts(now);
        schedule_websocket_sweep();
    });
}

void server::start() {
    listener_->run();
    schedule_sweep();
    schedule_websocket_sweep();
    schedule_retention(std::chrono::milliseconds(0));  // at start, then every interval
    const unsigned count = settings_.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : settings_.threads;
    for (unsigned i = 0; i < count; ++i) {
        threads_.emplace_back([this] {
            auto guard = net::make_work_guard(io_);
            io_.run();
        });
    }
    log_info("samling listening on " + settings_.bind + ":" + std::to_string(port()) + ", database " + store_->describe());
    if (settings_.admission.retention_days > 0) {
        log_info("workshops are deleted " + std::to_string(settings_.admission.retention_days) + " days after they close");
    }
}

void server::stop() {
    if (stopped_) return;
    stopped_ = true;
    context_->stopping = true;
    listener_->stop();
    net::post(sweep_timer_.get_executor(), [this] {
        sweep_timer_.cancel();
        websocket_timer_.cancel();
    });
    auto open = connections_.open_websockets();
    for (auto& websocket : open) websocket->disconnect(close_codes::going_away, "server shutting down");
    open.clear();
    // Let close handshakes and in-flight commits finish, then end the threads.
    store_->flush();
    const auto deadline = std::chrono::steady_clock::now() + limits::shutdown_grace;
    while (metrics_.websocket_connections.load() > 0 && std::chrono::steady_clock::now() < deadline &&
           !threads_.empty()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    store_->flush();
    io_.stop();
    for (auto& thread : threads_) thread.join();
    threads_.clear();
    log_info("samling stopped");
}

void server::run_until_signalled() {
    // Signals are caught before the server says it listens: a stop asked for from then on is
    // graceful, and nothing is opened after the announcement.
    net::io_context signals_io;
    net::signal_set signals(signals_io, SIGINT, SIGTERM);
    signals.async_wait([](error_code, int signal) {
        log_info(std::string("received ") + (signal == SIGTERM ? "SIGTERM" : "SIGINT") + ", stopping");
    });
    start();
    signals_io.run();
    stop();
}

}  // namespace samling::server
