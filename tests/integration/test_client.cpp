#include "tests/integration/test_client.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <iostream>
#include <random>
#include <thread>

#include <boost/beast/core/buffers_to_string.hpp>

#include "server/beast.hpp"

#include <boost/beast/websocket/stream.hpp>

namespace samling::test {

namespace srv = samling::server;

temp_dir::temp_dir() {
    std::random_device random;
    path = std::filesystem::temp_directory_path() / ("samling-test-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(path);
}

temp_dir::~temp_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
}

running_server::running_server(const std::string& db, const tuning& tune) {
    srv::config settings;
    settings.bind = "127.0.0.1";
    settings.port = 0;
    settings.db = db;
    settings.threads = 2;
    if (tune) tune(settings);
    app = std::make_unique<srv::server>(settings);
    app->start();
}

running_server::~running_server() { app->stop(); }

http_reply http_call(std::uint16_t port, const std::string& method, const std::string& target, const std::string& body,
                     const std::string& origin, const std::string& bearer) {
    srv::net::io_context io;
    srv::beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(10));
    stream.connect(srv::tcp::endpoint(srv::net::ip::make_address("127.0.0.1"), port));
    srv::http::request<srv::http::string_body> request{srv::http::string_to_verb(method), target, 11};
    request.set(srv::http::field::host, "127.0.0.1:" + std::to_string(port));
    if (!origin.empty()) request.set(srv::http::field::origin, origin);
    if (!bearer.empty()) request.set(srv::http::field::authorization, "Bearer " + bearer);
    if (!body.empty()) request.set(srv::http::field::content_type, "application/json");
    request.body() = body;
    request.prepare_payload();
    srv::http::write(stream, request);
    srv::beast::flat_buffer buffer;
    srv::http::response_parser<srv::http::string_body> parser;
    parser.skip(method == "HEAD");  // a HEAD answer announces a body it does not send
    srv::http::read(stream, buffer, parser);
    const auto& response = parser.get();
    return {static_cast<int>(response.result_int()), response.body(),
            std::string(response[srv::http::field::content_type]), std::string(response["Content-Security-Policy"]),
            std::string(response[srv::http::field::content_length]),
            std::string(response[srv::http::field::retry_after]),
            std::string(response[srv::http::field::content_disposition])};
}

workshop_link create_workshop(std::uint16_t port, const std::string& title) {
    json body{{"title", title}, {"purpose", "Hvorfor vi mødes.\nAnden linje."}, {"language", "da"},
              {"facilitator_name", "Liv"}};
    auto reply = http_call(port, "POST", "/api/workshops", body.dump());
    REQUIRE(reply.status == 201);
    auto answer = reply.parsed();
    return {answer["id"], answer["facilitator_key"], answer["join_code"], answer["wall_key"], answer["short_code"]};
}

struct ws_client::impl {
    srv::net::io_context io;
    srv::websocket::stream<srv::beast::tcp_stream> ws{io};
    srv::beast::flat_buffer buffer;
};

namespace {

/**
 * One WebSocket read, bounded by `deadline`. Beast's stream timeouts apply to asynchronous
 * operations only, so the read runs asynchronously on the client's own io_context; when the
 * deadline passes, the stream closes the socket and the read ends with an error.
 */
template <class Impl>
srv::error_code read_within(Impl& i, std::chrono::milliseconds deadline) {
    srv::beast::get_lowest_layer(i.ws).expires_after(deadline);
    i.buffer.consume(i.buffer.size());
    srv::error_code result;
    i.ws.async_read(i.buffer, [&result](srv::error_code ec, std::size_t) { result = ec; });
    i.io.restart();
    i.io.run();
    return result;
}

}  // namespace

ws_client::ws_client(std::uint16_t port, const std::string& origin) : impl_(std::make_unique<impl>()) {
    auto& lowest = srv::beast::get_lowest_layer(impl_->ws);
    lowest.expires_after(std::chrono::seconds(10));
    lowest.connect(srv::tcp::endpoint(srv::net::ip::make_address("127.0.0.1"), port));
    impl_->ws.set_option(srv::websocket::stream_base::decorator([origin](srv::websocket::request_type& request) {
        if (!origin.empty()) request.set(srv::http::field::origin, origin);
    }));
    impl_->ws.handshake("127.0.0.1:" + std::to_string(port), "/ws");
    lowest.expires_never();
}

ws_client::~ws_client() {
    srv::error_code ignored;
    srv::beast::get_lowest_layer(impl_->ws).socket().close(ignored);
}

void ws_client::send(const json& message) { send_raw(message.dump()); }

void ws_client::send_raw(const std::string& text) {
    impl_->ws.text(true);
    impl_->ws.write(srv::net::buffer(text));
}

std::optional<json> ws_client::receive(std::chrono::milliseconds deadline) {
    if (read_within(*impl_, deadline)) return std::nullopt;
    auto frame = json::parse(srv::beast::buffers_to_string(impl_->buffer.data()), nullptr, false);
    if (frame.is_object() && frame.value("type", "") == "events") {
        for (const auto& ev : frame["events"]) last_seq = std::max<std::uint64_t>(last_seq, ev["seq"]);
    }
    if (frame.is_object() && frame.value("type", "") == "snapshot") last_seq = frame["seq"];
    return frame;
}

json ws_client::expect(const std::string& type) {
    for (;;) {
        auto frame = receive();
        if (!frame) FAIL("no \"" << type << "\" frame arrived");
        if (frame->value("type", "") == type) return *frame;
        if (type != "error" && frame->value("type", "") == "error") FAIL("unexpected error: " << frame->dump());
    }
}

int ws_client::close_code() const { return impl_->ws.reason().code; }

close_info ws_client::wait_close(std::chrono::milliseconds deadline) {
    for (;;) {
        const srv::error_code ec = read_within(*impl_, deadline);
        if (ec == srv::websocket::error::closed) return {true, impl_->ws.reason().code};
        // A close frame was received but our reply could not be written (the server had
        // already shut the socket): the server's close code is still known.
        if (ec && impl_->ws.reason().code != 0) return {true, impl_->ws.reason().code};
        if (ec) {
            std::cerr << "connection ended without a close frame: " << ec.message() << "\n";
            return {false, 0};
        }
    }
}

json ws_client::join(const workshop_link& w, const std::string& name, const std::string& role) {
    send({{"type", "hello"}, {"protocol", 1}, {"workshop", w.id}, {"join_code", w.join_code}, {"name", name},
          {"role", role}, {"last_seq", 0}});
    auto welcome = expect("welcome");
    expect("snapshot");
    return welcome;
}

json ws_client::host(const workshop_link& w, std::uint64_t last_seq) {
    send({{"type", "hello"}, {"protocol", 1}, {"workshop", w.id}, {"facilitator_key", w.facilitator_key},
          {"last_seq", last_seq}});
    return expect("welcome");
}

json ws_client::resume(const workshop_link& w, const std::string& token, std::uint64_t last_seq) {
    send({{"type", "hello"}, {"protocol", 1}, {"workshop", w.id}, {"resume_token", token}, {"last_seq", last_seq}});
    return expect("welcome");
}

std::string ws_client::command(json body) {
    // Op ids must be unique per participant for the workshop's lifetime, across connections.
    static std::atomic<int> client_counter{0};
    if (op_prefix_.empty()) op_prefix_ = "c" + std::to_string(++client_counter) + "-" + std::to_string(std::random_device{}());
    const std::string op = op_prefix_ + "-" + std::to_string(++next_op_);
    body["op"] = op;
    send(body);
    return op;
}

json ws_client::must(json body) {
    const std::string op = command(std::move(body));
    for (;;) {
        auto frame = receive();
        if (!frame) FAIL("no ack for " << op);
        const auto type = frame->value("type", "");
        if (type == "error" && frame->value("op", "") == op) FAIL("refused: " << frame->dump());
        if (type == "ack" && frame->value("op", "") == op) return *frame;
    }
}

std::uint64_t open_group(ws_client& host, const std::string& theme) {
    host.must({{"type", "workshop.set_phase"}, {"phase", "marketplace"}});
    auto proposed = host.must({{"type", "theme.propose"}, {"title", theme}});
    host.must({{"type", "workshop.set_phase"}, {"phase", "breakouts"}});
    return host.must({{"type", "group.open"}, {"theme", proposed["id"]}})["id"];
}

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds deadline) {
    const auto end = std::chrono::steady_clock::now() + deadline;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= end) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

}  // namespace samling::test
