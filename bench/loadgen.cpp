// samling-loadgen: the fan-out workload. Rooms of participants on one io_context; notes sent on
// a fixed schedule that never waits for replies (so latency is not under-measured); every
// delivery's latency from send to receipt, on the monotonic clock, into a histogram.
//
//   samling-loadgen --target samling|plain|socketio --port P [--rooms 5 --per-room 200 --rate 250
//                   --warmup 2 --seconds 10 --server-pid PID --json]
//
// `samling` speaks Samling's protocol (creates workshops over HTTP, joins with join codes, sends
// note.add). `plain` speaks the peers' minimal framing: connect to /?room=R, send
// {"room":R,"text":…}, receive {"seq":N,"room":R,"text":…} for every note of the room.
// `socketio` wraps the same in socket.io's framing (42["note",{…}]) over its WebSocket transport.
#include <charconv>
#include <chrono>
#include <deque>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include <boost/beast/core/buffers_to_string.hpp>
#include <nlohmann/json.hpp>

#include "bench/histogram.hpp"
#include "server/beast.hpp"

namespace {

using namespace samling::server;
using samling::bench::histogram;
using nlohmann::json;
using clock_type = std::chrono::steady_clock;

std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(clock_type::now().time_since_epoch()).count();
}

struct options {
    std::string target = "samling";
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;
    int rooms = 5;
    int per_room = 200;
    double rate = 250;  ///< actions per second, all rooms together
    double warmup = 2;
    double seconds = 10;
    int server_pid = 0;
    bool json_output = false;
};

/** What the whole run measured. */
struct totals {
    histogram delivery;
    histogram ack;
    std::int64_t window_start = 0, window_end = 0;  ///< send times that count
    std::uint64_t delivered = 0;                     ///< deliveries of notes sent in the window
    std::uint64_t sent_in_window = 0;
    std::uint64_t frames = 0;
};

/** One participant's connection: reads forever, writes from a queue, one write in flight. */
class connection : public std::enable_shared_from_this<connection> {
public:
    connection(net::io_context& io, totals& t) : ws_(io), totals_(t) {}

    void open(const options& o, const std::string& path) {
        auto& socket = beast::get_lowest_layer(ws_);
        socket.connect(tcp::endpoint(net::ip::make_address(o.host), o.port));
        socket.socket().set_option(tcp::no_delay(true));
        ws_.handshake(o.host + ":" + std::to_string(o.port), path);
    }

    /** socket.io's opening: the engine.io open packet, then joining the default namespace. */
    void socketio_connect() {
        beast::flat_buffer buffer;
        ws_.read(buffer);  // "0{...}": engine.io open
        ws_.write(net::buffer(std::string("40")));
        for (;;) {
            buffer.consume(buffer.size());
            ws_.read(buffer);
            if (beast::buffers_to_string(buffer.data()).rfind("40", 0) == 0) return;
        }
    }

    /** Blocking exchange used while setting up: send, then read until a frame holding `until`. */
    json request(const json& message, const std::string& until) {
        ws_.write(net::buffer(message.dump()));
        for (;;) {
            beast::flat_buffer buffer;
            ws_.read(buffer);
            json frame = json::parse(beast::buffers_to_string(buffer.data()), nullptr, false);
            if (frame.value("type", "") == until) return frame;
            if (frame.value("type", "") == "error") throw std::runtime_error(frame.dump());
        }
    }

    void start_reading() { read(); }

    void send(std::string text) {
        net::post(ws_.get_executor(), [self = shared_from_this(), text = std::move(text)]() mutable {
            self->queue_.push_back(std::move(text));
            if (self->queue_.size() == 1) self->write();
        });
    }

private:
    void write() {
        ws_.async_write(net::buffer(queue_.front()), [self = shared_from_this()](error_code ec, std::size_t) {
            if (ec) return;
            self->queue_.pop_front();
            if (!self->queue_.empty()) self->write();
        });
    }

    void read() {
        ws_.async_read(buffer_, [self = shared_from_this()](error_code ec, std::size_t) {
            if (ec) return;
            self->on_frame(std::string_view(static_cast<const char*>(self->buffer_.data().data()), self->buffer_.size()));
            self->buffer_.consume(self->buffer_.size());
            self->read();
        });
    }

    /** Finds every "t=<ns>;" marker (one per note in the frame) and "\"op\":\"o<ns>" for acks. */
    void on_frame(std::string_view frame) {
        const std::int64_t now = now_ns();
        ++totals_.frames;
        for (std::size_t at = frame.find("t="); at != std::string_view::npos; at = frame.find("t=", at + 2)) {
            std::int64_t sent = 0;
            auto [end, error] = std::from_chars(frame.data() + at + 2, frame.data() + frame.size(), sent);
            if (error != std::errc{} || end == frame.data() + frame.size() || *end != ';') continue;
            if (sent < totals_.window_start || sent >= totals_.window_end) continue;
            ++totals_.delivered;
            totals_.delivery.record(now - sent);
        }
        if (frame.find("\"ack\"") != std::string_view::npos) {
            const auto at = frame.find("\"op\":\"o");
            std::int64_t sent = 0;
            if (at != std::string_view::npos &&
                std::from_chars(frame.data() + at + 7, frame.data() + frame.size(), sent).ec == std::errc{} &&
                sent >= totals_.window_start && sent < totals_.window_end) {
                totals_.ack.record(now - sent);
            }
        }
    }

    websocket::stream<beast::tcp_stream> ws_;
    beast::flat_buffer buffer_;
    std::deque<std::string> queue_;
    totals& totals_;
};

json http_post(const options& o, const std::string& target, const json& body) {
    net::io_context io;
    beast::tcp_stream stream(io);
    stream.connect(tcp::endpoint(net::ip::make_address(o.host), o.port));
    http::request<http::string_body> request{http::verb::post, target, 11};
    request.set(http::field::host, o.host);
    request.set(http::field::content_type, "application/json");
    request.body() = body.dump();
    request.prepare_payload();
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    return json::parse(response.body());
}

/** One room's people: the connections that send and receive, and how a note is framed. */
struct room {
    std::vector<std::shared_ptr<connection>> people;
    std::uint64_t group = 0;  ///< samling: the breakout group notes go to
    int index = 0;
};

room open_samling_room(net::io_context& io, totals& t, const options& o, int index) {
    room r;
    r.index = index;
    const json created = http_post(o, "/api/workshops", {{"title", "Bench " + std::to_string(index)}, {"language", "en"}});
    const std::string id = created["id"];
    auto host = std::make_shared<connection>(io, t);
    host->open(o, "/ws");
    host->request({{"type", "hello"}, {"protocol", 1}, {"workshop", id}, {"facilitator_key", created["facilitator_key"]}},
                  "snapshot");
    host->request({{"type", "workshop.set_phase"}, {"op", "s1"}, {"phase", "marketplace"}}, "ack");
    const json theme = host->request({{"type", "theme.propose"}, {"op", "s2"}, {"title", "Load"}}, "ack");
    host->request({{"type", "workshop.set_phase"}, {"op", "s3"}, {"phase", "breakouts"}}, "ack");
    r.group = host->request({{"type", "group.open"}, {"op", "s4"}, {"theme", theme["id"]}}, "ack")["id"];
    for (int p = 0; p < o.per_room; ++p) {
        auto c = std::make_shared<connection>(io, t);
        c->open(o, "/ws");
        c->request({{"type", "hello"}, {"protocol", 1}, {"workshop", id}, {"join_code", created["join_code"]},
                    {"name", "p" + std::to_string(p)}},
                   "snapshot");
        r.people.push_back(std::move(c));
    }
    return r;
}

room open_plain_room(net::io_context& io, totals& t, const options& o, int index) {
    room r;
    r.index = index;
    const bool socketio = o.target == "socketio";
    for (int p = 0; p < o.per_room; ++p) {
        auto c = std::make_shared<connection>(io, t);
        if (socketio) {
            c->open(o, "/socket.io/?EIO=4&transport=websocket&room=" + std::to_string(index));
            c->socketio_connect();
        } else {
            c->open(o, "/?room=" + std::to_string(index));
        }
        r.people.push_back(std::move(c));
    }
    return r;
}

/** User and system CPU seconds of a process so far, from /proc/PID/stat. */
double cpu_seconds(int pid) {
    if (pid <= 0) return 0;
    std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    std::string skip;
    for (int i = 3; i < 14; ++i) fields >> skip;
    double user = 0, system = 0;
    fields >> user >> system;
    return (user + system) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

/** This process's CPU seconds, to tell when the generator itself was the bottleneck. */
double own_cpu_seconds() { return cpu_seconds(static_cast<int>(getpid())); }

options parse(int argc, char** argv) {
    options o;
    for (int i = 1; i + 1 < argc || (i < argc && std::string(argv[i]) == "--json"); ++i) {
        const std::string flag = argv[i];
        if (flag == "--json") {
            o.json_output = true;
            continue;
        }
        const std::string value = argv[++i];
        if (flag == "--target") o.target = value;
        else if (flag == "--host") o.host = value;
        else if (flag == "--port") o.port = static_cast<std::uint16_t>(std::stoi(value));
        else if (flag == "--rooms") o.rooms = std::stoi(value);
        else if (flag == "--per-room") o.per_room = std::stoi(value);
        else if (flag == "--rate") o.rate = std::stod(value);
        else if (flag == "--warmup") o.warmup = std::stod(value);
        else if (flag == "--seconds") o.seconds = std::stod(value);
        else if (flag == "--server-pid") o.server_pid = std::stoi(value);
        else throw std::runtime_error("unknown option " + flag);
    }
    return o;
}

}  // namespace

int main(int argc, char** argv) try {
    const options o = parse(argc, argv);
    net::io_context io(1);
    totals t;
    std::vector<room> rooms;
    for (int r = 0; r < o.rooms; ++r) {
        rooms.push_back(o.target == "samling" ? open_samling_room(io, t, o, r) : open_plain_room(io, t, o, r));
    }
    for (auto& r : rooms) {
        for (auto& c : r.people) c->start_reading();
    }
    const std::int64_t start = now_ns() + 100'000'000;
    t.window_start = start + static_cast<std::int64_t>(o.warmup * 1e9);
    t.window_end = t.window_start + static_cast<std::int64_t>(o.seconds * 1e9);
    const auto total_actions = static_cast<std::uint64_t>((o.warmup + o.seconds) * o.rate);
    const std::string padding(150, 'x');
    double cpu_before = 0, own_before = 0;
    bool window_open = false;

    // The schedule: action k leaves at start + k / rate, whatever the server does.
    std::thread io_thread([&] {
        auto guard = net::make_work_guard(io);
        io.run();
    });
    for (std::uint64_t k = 0; k < total_actions; ++k) {
        const std::int64_t due = start + static_cast<std::int64_t>(static_cast<double>(k) * 1e9 / o.rate);
        while (now_ns() < due) std::this_thread::sleep_for(std::chrono::microseconds(50));
        if (!window_open && due >= t.window_start) {
            window_open = true;
            cpu_before = cpu_seconds(o.server_pid);
            own_before = own_cpu_seconds();
        }
        room& r = rooms[k % rooms.size()];
        auto& sender = r.people[(k / rooms.size()) % r.people.size()];
        const std::int64_t sent = now_ns();
        if (sent >= t.window_start && sent < t.window_end) ++t.sent_in_window;
        const std::string text = "t=" + std::to_string(sent) + "; " + padding;
        if (o.target == "samling") {
            sender->send(json{{"type", "note.add"}, {"op", "o" + std::to_string(sent) + "-" + std::to_string(k)},
                              {"group", r.group}, {"text", text}}.dump());
        } else if (o.target == "socketio") {
            sender->send("42" + json::array({"note", {{"room", r.index}, {"text", text}}}).dump());
        } else {
            sender->send(json{{"room", r.index}, {"text", text}}.dump());
        }
    }
    const double cpu_after_send = cpu_seconds(o.server_pid);
    const double own_after = own_cpu_seconds();
    // Give the last deliveries time to arrive, then stop.
    const std::uint64_t expected = t.sent_in_window * static_cast<std::uint64_t>(o.per_room);
    const auto deadline = clock_type::now() + std::chrono::seconds(10);
    while (clock_type::now() < deadline) {
        std::uint64_t delivered = 0;
        net::post(io, [&] { delivered = t.delivered; });
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (delivered >= expected) break;
    }
    io.stop();
    io_thread.join();

    const double server_cpu = cpu_after_send - cpu_before;
    const double generator_busy = (own_after - own_before) / o.seconds;
    const double per_cpu_second = server_cpu > 0 ? static_cast<double>(t.delivered) / server_cpu : 0;
    json result{{"target", o.target},
                {"rooms", o.rooms},
                {"per_room", o.per_room},
                {"rate", o.rate},
                {"seconds", o.seconds},
                {"sent", t.sent_in_window},
                {"expected", expected},
                {"delivered", t.delivered},
                {"p50_ms", static_cast<double>(t.delivery.at(0.50)) / 1e6},
                {"p99_ms", static_cast<double>(t.delivery.at(0.99)) / 1e6},
                {"max_ms", static_cast<double>(t.delivery.max()) / 1e6},
                {"ack_p50_ms", static_cast<double>(t.ack.at(0.50)) / 1e6},
                {"ack_p99_ms", static_cast<double>(t.ack.at(0.99)) / 1e6},
                {"server_cpu_seconds", server_cpu},
                {"deliveries_per_cpu_second", per_cpu_second},
                {"generator_cpu_share", generator_busy}};
    if (o.json_output) {
        std::cout << result.dump() << "\n";
    } else {
        std::cout << result.dump(2) << "\n";
    }
    return t.delivered == expected ? 0 : 1;
} catch (const std::exception& e) {
    std::cerr << "samling-loadgen: " << e.what() << "\n";
    return 2;
}
