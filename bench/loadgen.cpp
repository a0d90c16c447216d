// samling-loadgen: the benchmark's workloads, on one io_context with a hand-written WebSocket
// client (parses every frame that arrived in one read).
//
//   --workload fanout (default): rooms × per-room participants; notes sent on a fixed schedule
//     that never waits for replies (so latency is not under-measured); every delivery's latency
//     from send to receipt, on the monotonic clock, into a histogram. --strace FILE also counts
//     the server's send calls over the measured window (strace -c).
//   --workload idle: rooms × per-room participants connect and sit still; server RSS per connection.
//   --workload join (Samling): a workshop holding --notes notes, then --joiners join at once;
//     time until each has its snapshot.
//   --workload open (Samling): --rooms workshops of a database written by samling-bench-seed
//     (--seeded FILE, its output) are opened one after another; time until each snapshot.
//   --workload hot: ONE workshop of --participants connections (default 2000, the host's
//     included); --voters of them (default 1000) each place --dots dot votes (default 5) within
//     --seconds (default 30), spread evenly on a fixed schedule that never waits for replies, as
//     in fanout. Every vote reaches every participant; each delivery's latency is measured from
//     the vote's send to its `vote.added` event at each participant (matched by the voter's
//     participant id and the vote's ordinal). For `plain` the same traffic: as many connections
//     in one room and as many messages, of about the size of Samling's vote event, to everyone.
//
//   samling-loadgen --target samling|plain|socketio --port P [--rooms 5 --per-room 200 --rate 250
//                   --warmup 2 --seconds 10 --server-pid PID [--also-pid PID ...] --json]
//
// `samling` speaks Samling's protocol (creates workshops over HTTP, joins with join codes, sends
// note.add). `plain` speaks the peers' minimal framing: connect to /?room=R, send
// {"room":R,"text":…}, receive {"seq":N,"room":R,"text":…} for every note of the room.
// `socketio` wraps the same in socket.io's framing (42["note",{…}]) over its WebSocket transport.
#include <algorithm>
#include <atomic>
#include <charconv>
#include <csignal>
#include <sys/wait.h>
#include <cstring>
#include <functional>
#include <chrono>
#include <deque>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

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
    std::vector<int> also_pids;       ///< processes whose CPU counts as the server's too (--also-pid)
    bool json_output = false;
    std::string workload = "fanout";  ///< fanout | idle | join
    int notes = 10'000;               ///< join: notes in the workshop before the storm
    int joiners = 500;                ///< join: participants joining at once
    std::string strace_output;        ///< fanout: count the server's send calls over the window
    std::string seeded;               ///< open: samling-bench-seed's output (workshop ids, key)
    double hold = 0;                  ///< idle: seconds to keep the connections open after measuring
    int participants = 2000;          ///< hot: connections in the one workshop, the host's included
    int voters = 1000;                ///< hot: participants who vote
    int dots = 5;                     ///< hot: votes each voter places
    bool seconds_given = false;       ///< hot: --seconds defaults to 30 there

};

/** What the whole run measured. */
struct totals {
    histogram delivery;
    histogram ack;
    std::int64_t window_start = 0, window_end = 0;  ///< send times that count
    std::uint64_t delivered = 0;                     ///< deliveries of notes sent in the window
    std::uint64_t sent_in_window = 0;
    std::atomic<std::uint64_t> frames{0};  ///< frames received, all connections
    /// hot (Samling): when each vote left, at [voter's participant id × dots + ordinal]; written by
    /// the sending thread before the vote is posted to the io thread, read there once its event
    /// arrives.
    std::vector<std::int64_t> vote_sent;
    int dots = 0;
};

/** Waits (up to `limit`) for the last of `expected` deliveries to arrive, while `io` runs on its thread. */
void wait_delivered(net::io_context& io, const totals& t, std::uint64_t expected, std::chrono::seconds limit) {
    const auto deadline = clock_type::now() + limit;
    while (clock_type::now() < deadline) {
        std::uint64_t delivered = 0;
        net::post(io, [&] { delivered = t.delivered; });
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (delivered >= expected) break;
    }
}

/** What every delivering workload reports: counts, latencies, the server's CPU and the generator's share. */
json delivery_figures(const totals& t, std::uint64_t expected, std::uint64_t frames, double server_cpu,
                      double generator_share) {
    const auto ms = [](std::int64_t ns) { return static_cast<double>(ns) / 1e6; };
    return {{"sent", t.sent_in_window},
            {"expected", expected},
            {"delivered", t.delivered},
            {"frames_received", frames},
            {"p50_ms", ms(t.delivery.at(0.50))},
            {"p99_ms", ms(t.delivery.at(0.99))},
            {"max_ms", ms(t.delivery.max())},
            {"ack_p50_ms", ms(t.ack.at(0.50))},
            {"ack_p99_ms", ms(t.ack.at(0.99))},
            {"server_cpu_seconds", server_cpu},
            {"deliveries_per_cpu_second", server_cpu > 0 ? static_cast<double>(t.delivered) / server_cpu : 0},
            {"generator_cpu_share", generator_share},
            {"ok", t.delivered == expected}};
}

/**
 * One participant's connection, speaking WebSocket by hand: the upgrade request, masked frames
 * out (a zero mask key, so the payload goes as it is), unmasked frames in, parsed straight from
 * one read buffer. A read takes every frame that has arrived, so the generator spends its core
 * on frames rather than on a library's per-message machinery; writes queued while one is in
 * flight leave together.
 */
class connection : public std::enable_shared_from_this<connection> {
public:
    static constexpr std::size_t read_buffer_bytes = 16 * 1024;

    connection(net::io_context& io, totals& t) : socket_(io), totals_(t) { in_.resize(read_buffer_bytes); }

    void open(const options& o, const std::string& path) {
        socket_.connect(tcp::endpoint(net::ip::make_address(o.host), o.port));
        socket_.set_option(tcp::no_delay(true));
        const std::string request = "GET " + path + " HTTP/1.1\r\nHost: " + o.host + ":" + std::to_string(o.port) +
                                    "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        net::write(socket_, net::buffer(request));
        for (;;) {
            const std::string_view seen(in_.data() + begin_, end_ - begin_);
            if (const auto header_end = seen.find("\r\n\r\n"); header_end != std::string_view::npos) {
                if (seen.substr(0, 12).find(" 101") == std::string_view::npos) {
                    throw std::runtime_error("upgrade refused: " + std::string(seen.substr(0, seen.find('\r'))));
                }
                begin_ += header_end + 4;
                return;
            }
            fill_blocking();
        }
    }

    /** socket.io's opening: the engine.io open packet, then joining the default namespace. */
    void socketio_connect() {
        read_message();  // "0{...}": engine.io open
        write_blocking("40");
        while (read_message().rfind("40", 0) != 0) {
        }
    }

    /** Blocking exchange used while setting up: send, then read until a frame holding `until`. */
    json request(const json& message, const std::string& until) {
        write_blocking(message.dump());
        return wait_for(until);
    }

    /** Blocking: reads frames until one of type `until`; returns it. */
    json wait_for(const std::string& until) {
        for (;;) {
            const std::string text = read_message();
            json frame = json::parse(text, nullptr, false);
            if (frame.is_discarded()) throw std::runtime_error("not JSON: " + text.substr(0, 200));
            if (frame.value("type", "") == until) return frame;
            if (frame.value("type", "") == "error") throw std::runtime_error(frame.dump());
        }
    }

    void start_reading() { read(); }

    /** hot (Samling): count `vote.added` events per voter, for ids below `participant_ids`. */
    void count_votes(std::size_t participant_ids) { votes_seen_.assign(participant_ids, 0); }

    /** Sends `text` from any thread. */
    void send(std::string text) {
        net::post(socket_.get_executor(), [self = shared_from_this(), text = std::move(text)]() mutable {
            append_frame(self->pending_, text);
            if (!self->writing_) self->write();
        });
    }

    /** Sends `text` from the io thread (or before it runs). */
    void send_here(std::string_view text) {
        append_frame(pending_, text);
        if (!writing_) write();
    }

    /** Asynchronous connect, upgrade and (for Samling) hello; `done` gets the time the snapshot arrived. */
    void join_async(const options& o, std::string hello, std::function<void(std::int64_t)> done) {
        on_snapshot_ = std::move(done);
        socket_.async_connect(tcp::endpoint(net::ip::make_address(o.host), o.port),
                              [self = shared_from_this(), o, hello = std::move(hello)](error_code ec) {
            if (ec) throw std::runtime_error("connect: " + ec.message());
            self->socket_.set_option(tcp::no_delay(true));
            self->handshake_pending_ = true;
            self->pending_ = "GET /ws HTTP/1.1\r\nHost: " + o.host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
            self->hello_ = hello;  // sent once the upgrade is answered
            self->write();
            self->read();
        });
    }

    void close() {
        error_code ignored;
        socket_.close(ignored);
    }

private:
    static void append_frame(std::string& out, std::string_view payload) {
        out += static_cast<char>(0x81);  // FIN, text
        if (payload.size() < 126) {
            out += static_cast<char>(0x80 | payload.size());
        } else if (payload.size() < 65536) {
            out += static_cast<char>(0x80 | 126);
            out += static_cast<char>(payload.size() >> 8);
            out += static_cast<char>(payload.size() & 0xff);
        } else {
            out += static_cast<char>(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((payload.size() >> shift) & 0xff);
        }
        out.append(4, '\0');  // mask key 0: XOR leaves the payload unchanged
        out += payload;
    }

    void write_blocking(std::string_view text) {
        std::string frame;
        append_frame(frame, text);
        net::write(socket_, net::buffer(frame));
    }

    void write() {
        writing_ = true;
        out_.swap(pending_);
        pending_.clear();
        net::async_write(socket_, net::buffer(out_), [self = shared_from_this()](error_code ec, std::size_t) {
            self->writing_ = false;
            if (ec) return;
            if (!self->pending_.empty()) self->write();
        });
    }

    /** Makes room at the end of the buffer, keeping the unparsed bytes. */
    void compact(std::size_t need) {
        if (begin_ > 0) {
            std::memmove(in_.data(), in_.data() + begin_, end_ - begin_);
            end_ -= begin_;
            begin_ = 0;
        }
        if (in_.size() - end_ < need) in_.resize(std::max(in_.size() * 2, end_ + need));
    }

    void fill_blocking() {
        compact(4096);
        end_ += socket_.read_some(net::buffer(in_.data() + end_, in_.size() - end_));
    }

    /**
     * Takes one whole frame from the buffer if there is one: its opcode and payload. Pings are
     * answered here. Returns false when more bytes are needed (`need` says at least how many).
     */
    bool next_frame(int& opcode, std::string_view& payload, std::size_t& need) {
        if (!raw_frame(opcode, payload, need)) return false;
        // Fragments (servers split large messages) are joined into one message.
        if (opcode == 0x0 || ((opcode == 0x1 || opcode == 0x2) && !fin_)) {
            if (opcode != 0x0) message_.clear();
            message_ += payload;
            if (!fin_) {
                opcode = -1;  // nothing whole yet
                return true;
            }
            opcode = 0x1;
            payload = message_;
        }
        return true;
    }

    bool raw_frame(int& opcode, std::string_view& payload, std::size_t& need) {
        const std::size_t have = end_ - begin_;
        const auto* p = reinterpret_cast<const unsigned char*>(in_.data() + begin_);
        need = 2;
        if (have < 2) return false;
        std::size_t header = 2;
        std::uint64_t length = p[1] & 0x7f;
        if (length == 126) header = 4;
        if (length == 127) header = 10;
        need = header;
        if (have < header) return false;
        // Decided on the 7-bit code: a 16-bit length of exactly 127 is not the 64-bit form.
        if (header == 4) {
            length = (std::uint64_t{p[2]} << 8) | p[3];
        } else if (header == 10) {
            length = 0;
            for (int i = 2; i < 10; ++i) length = (length << 8) | p[i];
        }
        if (length > (std::uint64_t{1} << 30) || (p[1] & 0x80) != 0) {
            throw std::runtime_error("unexpected frame header: " + std::string(in_.data() + begin_, std::min<std::size_t>(have, 80)));
        }
        need = header + length;
        if (have < need) return false;
        opcode = p[0] & 0x0f;
        fin_ = (p[0] & 0x80) != 0;
        payload = std::string_view(in_.data() + begin_ + header, length);
        begin_ += need;
        return true;
    }

    /** Blocking: the next whole text message (setup only). */
    std::string read_message() {
        for (;;) {
            int opcode = 0;
            std::string_view payload;
            std::size_t need = 0;
            while (next_frame(opcode, payload, need)) {
                if (opcode == 0x9) {
                    std::string pong(1, static_cast<char>(0x8a));
                    write_blocking_control(pong, payload);
                } else if (opcode == 0x8) {
                    throw std::runtime_error("server closed the connection");
                } else if (opcode == 0x1) {
                    return std::string(payload);
                }
            }
            fill_blocking();
        }
    }

    void write_blocking_control(std::string frame, std::string_view payload) {
        frame += static_cast<char>(0x80 | payload.size());
        frame.append(4, '\0');
        frame += payload;
        net::write(socket_, net::buffer(frame));
    }

    void read() {
        // Wait for data, then read what is there: one recv per wake-up. (An async_read_some
        // would try one more recv when re-armed, which finds nothing most of the time.) The
        // io_context runs on one thread, so a wake-up cannot be lost between the last read and
        // the next wait.
        socket_.non_blocking(true);
        socket_.async_wait(tcp::socket::wait_read, [self = shared_from_this()](error_code ec) {
            if (ec) return;
            for (;;) {
                self->compact(4096);
                const std::size_t room = self->in_.size() - self->end_;
                error_code read_error;
                const std::size_t bytes = self->socket_.read_some(net::buffer(self->in_.data() + self->end_, room), read_error);
                if (read_error == net::error::would_block) break;
                if (read_error) return;
                self->end_ += bytes;
                self->parse_all();
                if (self->closed_) return;
                if (bytes < room) break;  // drained: the next data is a new edge
            }
            self->read();
        });
    }

    void parse_all() {
        if (handshake_pending_) {
            const std::string_view seen(in_.data() + begin_, end_ - begin_);
            const auto header_end = seen.find("\r\n\r\n");
            if (header_end == std::string_view::npos) return;
            begin_ += header_end + 4;
            handshake_pending_ = false;
            if (!hello_.empty()) send_here(hello_);
        }
        if (!skip_large_snapshot()) return;
        int opcode = 0;
        std::string_view payload;
        std::size_t need = 0;
        while (next_frame(opcode, payload, need)) {
            if (opcode == 0x9) {
                pending_ += static_cast<char>(0x8a);
                pending_ += static_cast<char>(0x80 | payload.size());
                pending_.append(4, '\0');
                pending_ += payload;
                if (!writing_) write();
            } else if (opcode == 0x8) {
                closed_ = true;
                return;
            } else if (opcode == 0x1) {
                on_frame(payload);
            }
        }
        if (need > in_.size() && !skip_large_snapshot()) return;
        if (need > in_.size()) compact(need - (end_ - begin_));
        if (begin_ == end_ && in_.size() > read_buffer_bytes) {  // a snapshot made it grow
            in_.assign(read_buffer_bytes, '\0');
            in_.shrink_to_fit();
            begin_ = end_ = 0;
        }
    }

    /**
     * A snapshot larger than the read buffer is counted as it streams past instead of being
     * gathered (500 joiners × several MB would make the generator, not the server, the
     * bottleneck). Returns false while such a snapshot is still arriving.
     */
    bool skip_large_snapshot() {
        if (skip_ == 0) {
            constexpr std::string_view snapshot = R"({"type":"snapshot")";
            const std::size_t have = end_ - begin_;
            const auto* p = reinterpret_cast<const unsigned char*>(in_.data() + begin_);
            if (have < 10 || (p[1] & 0x7f) < 126) return true;
            const std::size_t header = (p[1] & 0x7f) == 126 ? 4 : 10;
            std::uint64_t length = 0;
            for (std::size_t i = 2; i < header; ++i) length = (length << 8) | p[i];
            if (length <= read_buffer_bytes || have < header + snapshot.size()) return true;
            if (std::string_view(in_.data() + begin_ + header, snapshot.size()) != snapshot) return true;
            skip_ = header + length;
        }
        const std::size_t take = std::min(skip_, end_ - begin_);
        begin_ += take;
        skip_ -= take;
        if (skip_ > 0) return false;
        totals_.frames.fetch_add(1, std::memory_order_relaxed);
        if (on_snapshot_) {
            on_snapshot_(now_ns());
            on_snapshot_ = nullptr;
        }
        return true;
    }

    /** Finds every "t=<ns>;" marker (one per note in the frame) and "\"op\":\"o<ns>" for acks. */
    void on_frame(std::string_view frame) {
        const std::int64_t now = now_ns();
        totals_.frames.fetch_add(1, std::memory_order_relaxed);
        if (on_snapshot_) {
            if (frame.starts_with(R"({"type":"snapshot")")) {
                on_snapshot_(now);
                on_snapshot_ = nullptr;
            }
            return;
        }
        for (std::size_t at = frame.find("t="); at != std::string_view::npos; at = frame.find("t=", at + 2)) {
            std::int64_t sent = 0;
            auto [end, error] = std::from_chars(frame.data() + at + 2, frame.data() + frame.size(), sent);
            if (error != std::errc{} || end == frame.data() + frame.size() || *end != ';') continue;
            if (sent < totals_.window_start || sent >= totals_.window_end) continue;
            ++totals_.delivered;
            totals_.delivery.record(now - sent);
        }
        if (!votes_seen_.empty()) count_vote_events(frame, now);
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

    /**
     * Each `vote.added` event in the frame: its actor's next vote in the order they were sent
     * (one connection per voter, so the server keeps that order), whose send time is known.
     */
    void count_vote_events(std::string_view frame, std::int64_t now) {
        constexpr std::string_view type = R"("type":"vote.added")";
        constexpr std::string_view actor_field = R"("actor":)";
        for (std::size_t at = frame.find(type); at != std::string_view::npos; at = frame.find(type, at + type.size())) {
            // The event is a flat object whose keys may come in any order (the server's come sorted).
            const auto object_at = frame.rfind('{', at);
            const auto object_end = frame.find('}', at);
            if (object_at == std::string_view::npos || object_end == std::string_view::npos) break;
            const auto actor_at = frame.substr(0, object_end).find(actor_field, object_at);
            if (actor_at == std::string_view::npos) continue;
            std::size_t actor = 0;
            const char* digits = frame.data() + actor_at + actor_field.size();
            if (std::from_chars(digits, frame.data() + frame.size(), actor).ec != std::errc{}) continue;
            if (actor >= votes_seen_.size()) continue;
            const auto ordinal = votes_seen_[actor]++;
            if (static_cast<int>(ordinal) >= totals_.dots) continue;
            const std::int64_t sent = totals_.vote_sent[actor * static_cast<std::size_t>(totals_.dots) + ordinal];
            if (sent == 0 || sent < totals_.window_start || sent >= totals_.window_end) continue;
            ++totals_.delivered;
            totals_.delivery.record(now - sent);
        }
    }

    tcp::socket socket_;
    std::vector<std::uint16_t> votes_seen_;  ///< hot: vote.added events seen per actor
    std::vector<char> in_;
    std::size_t begin_ = 0, end_ = 0;  ///< unparsed bytes of in_
    std::string out_, pending_;        ///< bytes being written, bytes waiting for the next write
    bool writing_ = false;
    bool closed_ = false;
    bool handshake_pending_ = false;
    std::size_t skip_ = 0;  ///< bytes of a large snapshot still to stream past
    std::string hello_;    ///< join_async: the hello to send after the upgrade
    bool fin_ = true;      ///< the last raw frame ended its message
    std::string message_;  ///< fragments of a message so far
    std::function<void(std::int64_t)> on_snapshot_;
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
    std::vector<std::uint64_t> groups;  ///< samling: the breakout groups notes go to, in turn
    int index = 0;
};

/** A Samling workshop in its breakout phase with `groups` groups, and its facilitator's connection. */
struct samling_workshop {
    json created;
    std::shared_ptr<connection> host;
    std::vector<std::uint64_t> groups;
};

samling_workshop open_samling_workshop(net::io_context& io, totals& t, const options& o, int index, int groups) {
    samling_workshop w;
    w.created = http_post(o, "/api/workshops", {{"title", "Bench " + std::to_string(index)}, {"language", "en"}});
    w.host = std::make_shared<connection>(io, t);
    // The URL names the workshop, so that a load balancer in front of several nodes routes on it.
    w.host->open(o, "/ws?workshop=" + w.created["id"].get<std::string>());
    w.host->request({{"type", "hello"}, {"protocol", 1}, {"workshop", w.created["id"]},
                     {"facilitator_key", w.created["facilitator_key"]}},
                    "snapshot");
    w.host->request({{"type", "workshop.set_phase"}, {"op", "s1"}, {"phase", "marketplace"}}, "ack");
    std::vector<json> themes;
    for (int g = 0; g < groups; ++g) {
        themes.push_back(w.host->request(
            {{"type", "theme.propose"}, {"op", "t" + std::to_string(g)}, {"title", "Load " + std::to_string(g)}}, "ack"));
    }
    w.host->request({{"type", "workshop.set_phase"}, {"op", "s3"}, {"phase", "breakouts"}}, "ack");
    for (int g = 0; g < groups; ++g) {
        w.groups.push_back(w.host->request(
            {{"type", "group.open"}, {"op", "g" + std::to_string(g)}, {"theme", themes[g]["id"]}}, "ack")["id"]);
    }
    return w;
}

json samling_hello(const samling_workshop& w, int p) {
    return {{"type", "hello"}, {"protocol", 1}, {"workshop", w.created["id"]}, {"join_code", w.created["join_code"]},
            {"name", "p" + std::to_string(p)}};
}

room open_samling_room(net::io_context& io, totals& t, const options& o, int index) {
    room r;
    r.index = index;
    // A group holds at most 2000 notes: the longest step sends 2400 per room, so notes rotate
    // over several groups.
    auto w = open_samling_workshop(io, t, o, index, 4);
    r.groups = w.groups;
    for (int p = 0; p < o.per_room; ++p) {
        auto c = std::make_shared<connection>(io, t);
        c->open(o, "/ws?workshop=" + w.created["id"].get<std::string>());
        c->request(samling_hello(w, p), "snapshot");
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

/** CPU seconds of the server: its process and every --also-pid (the nodes and nginx of a cluster). */
double server_cpu_seconds(const options& o) {
    double total = cpu_seconds(o.server_pid);
    for (int pid : o.also_pids) total += cpu_seconds(pid);
    return total;
}

/** Resident set size of a process in KiB, from /proc/PID/status. */
double rss_kib(int pid) {
    std::ifstream file("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(file, line);) {
        if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6));
    }
    return 0;
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
        else if (flag == "--seconds") {
            o.seconds = std::stod(value);
            o.seconds_given = true;
        }
        else if (flag == "--server-pid") o.server_pid = std::stoi(value);
        else if (flag == "--also-pid") o.also_pids.push_back(std::stoi(value));
        else if (flag == "--workload") o.workload = value;
        else if (flag == "--notes") o.notes = std::stoi(value);
        else if (flag == "--joiners") o.joiners = std::stoi(value);
        else if (flag == "--strace") o.strace_output = value;
        else if (flag == "--seeded") o.seeded = value;
        else if (flag == "--hold") o.hold = std::stod(value);
        else if (flag == "--participants") o.participants = std::stoi(value);
        else if (flag == "--voters") o.voters = std::stoi(value);
        else if (flag == "--dots") o.dots = std::stoi(value);
        else throw std::runtime_error("unknown option " + flag);
    }
    return o;
}


/** Starts `strace -c` on the server's threads; stop() ends it and returns its send-call count. */
class send_counter {
public:
    send_counter(int pid, std::string output) : output_(std::move(output)) {
        child_ = fork();
        if (child_ == 0) {
            const std::string target = std::to_string(pid);
            execlp("strace", "strace", "-c", "-f", "-q", "-e", "trace=write,writev,sendmsg,sendto,sendmmsg", "-p",
                   target.c_str(), "-o", output_.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(300));  // attaching takes a moment
    }
    /** Detaches strace; the number of write/send calls it counted. */
    std::uint64_t stop() {
        kill(child_, SIGINT);
        int status = 0;
        waitpid(child_, &status, 0);
        std::ifstream file(output_);
        std::uint64_t calls = 0;
        for (std::string line; std::getline(file, line);) {
            std::istringstream fields(line);
            std::string percent, seconds, usecs, count, rest;
            fields >> percent >> seconds >> usecs >> count;
            std::string name;
            while (fields >> rest) name = rest;
            if (name == "write" || name == "writev" || name == "sendmsg" || name == "sendto" || name == "sendmmsg") {
                calls += std::strtoull(count.c_str(), nullptr, 10);
            }
        }
        return calls;
    }

private:
    std::string output_;
    pid_t child_ = -1;
};

json fanout(const options& o) {
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
    std::uint64_t frames_before = 0, frames_after = 0, send_calls = 0;
    std::unique_ptr<send_counter> strace;
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
            if (!o.strace_output.empty()) strace = std::make_unique<send_counter>(o.server_pid, o.strace_output);
            cpu_before = server_cpu_seconds(o);
            own_before = own_cpu_seconds();
            frames_before = t.frames.load(std::memory_order_relaxed);
        }
        room& r = rooms[k % rooms.size()];
        auto& sender = r.people[(k / rooms.size()) % r.people.size()];
        const std::int64_t sent = now_ns();
        if (sent >= t.window_start && sent < t.window_end) ++t.sent_in_window;
        const std::string text = "t=" + std::to_string(sent) + "; " + padding;
        if (o.target == "samling") {
            const auto group = r.groups[(k / rooms.size()) % r.groups.size()];
            sender->send(json{{"type", "note.add"}, {"op", "o" + std::to_string(sent) + "-" + std::to_string(k)},
                              {"group", group}, {"text", text}}.dump());
        } else if (o.target == "socketio") {
            sender->send("42" + json::array({"note", {{"room", r.index}, {"text", text}}}).dump());
        } else {
            sender->send(json{{"room", r.index}, {"text", text}}.dump());
        }
    }
    const double cpu_after_send = server_cpu_seconds(o);
    const double own_after = own_cpu_seconds();
    frames_after = t.frames.load(std::memory_order_relaxed);
    if (strace) send_calls = strace->stop();
    // Give the last deliveries time to arrive, then stop.
    const std::uint64_t expected = t.sent_in_window * static_cast<std::uint64_t>(o.per_room);
    wait_delivered(io, t, expected, std::chrono::seconds(10));
    io.stop();
    io_thread.join();

    const auto frames = frames_after - frames_before;
    json result{{"workload", "fanout"},
                {"target", o.target},
                {"rooms", o.rooms},
                {"per_room", o.per_room},
                {"rate", o.rate},
                {"seconds", o.seconds}};
    result.update(delivery_figures(t, expected, frames, cpu_after_send - cpu_before, (own_after - own_before) / o.seconds));
    if (strace) {
        result["send_calls"] = send_calls;
        result["frames_per_send"] = send_calls > 0 ? static_cast<double>(frames) / static_cast<double>(send_calls) : 0;
        result["deliveries_per_send"] =
            send_calls > 0 ? static_cast<double>(t.delivered) / static_cast<double>(send_calls) : 0;
    }
    return result;
}

/** Runs `io` on this thread until `done()` or the deadline; false on timeout. */
bool run_until(net::io_context& io, const std::function<bool()>& done, std::chrono::seconds limit) {
    const auto deadline = clock_type::now() + limit;
    while (!done()) {
        if (clock_type::now() > deadline) return false;
        io.run_for(std::chrono::milliseconds(20));
        if (io.stopped()) io.restart();
    }
    return true;
}

/**
 * Idle: rooms × per_room participants connect (Samling: join with a hello and get their
 * snapshot), then sit still; the server's RSS growth per connection.
 */
json idle(const options& o) {
    net::io_context io(1);
    totals t;
    std::vector<samling_workshop> workshops;
    const bool samling = o.target == "samling";
    if (samling) {
        for (int r = 0; r < o.rooms; ++r) workshops.push_back(open_samling_workshop(io, t, o, r, 1));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const double before = rss_kib(o.server_pid);
    std::vector<std::shared_ptr<connection>> people;
    const int total = o.rooms * o.per_room;
    int joined = 0;
    const auto started = clock_type::now();
    if (samling) {
        // Joins in waves of 500: each wave's join events commit together.
        constexpr int wave = 500;
        for (int first = 0; first < total; first += wave) {
            for (int i = first; i < std::min(total, first + wave); ++i) {
                auto c = std::make_shared<connection>(io, t);
                c->join_async(o, samling_hello(workshops[i % o.rooms], i).dump(), [&joined](std::int64_t) { ++joined; });
                people.push_back(std::move(c));
            }
            if (!run_until(io, [&] { return joined == static_cast<int>(people.size()); }, std::chrono::seconds(120))) {
                throw std::runtime_error("joins did not complete: " + std::to_string(joined) + " of " + std::to_string(people.size()));
            }
        }
    } else {
        for (int i = 0; i < total; ++i) {
            auto c = std::make_shared<connection>(io, t);
            if (o.target == "socketio") {
                c->open(o, "/socket.io/?EIO=4&transport=websocket&room=" + std::to_string(i % o.rooms));
                c->socketio_connect();
            } else {
                c->open(o, "/?room=" + std::to_string(i % o.rooms));
            }
            c->start_reading();
            people.push_back(std::move(c));
            ++joined;
        }
    }
    const double join_seconds = std::chrono::duration<double>(clock_type::now() - started).count();
    // Let presence frames drain and the server settle before reading its memory.
    run_until(io, [] { return false; }, std::chrono::seconds(0));
    const auto settle = clock_type::now() + std::chrono::seconds(2);
    while (clock_type::now() < settle) io.run_for(std::chrono::milliseconds(50));
    const double after = rss_kib(o.server_pid);
    const auto hold_until = clock_type::now() + std::chrono::duration<double>(o.hold);
    while (clock_type::now() < hold_until) io.run_for(std::chrono::milliseconds(50));
    for (auto& c : people) c->close();
    return {{"workload", "idle"},
            {"target", o.target},
            {"connections", total},
            {"rooms", o.rooms},
            {"join_seconds", join_seconds},
            {"rss_before_kib", before},
            {"rss_after_kib", after},
            {"kib_per_connection", (after - before) / total},
            {"ok", joined == total}};
}

/**
 * Join storm (Samling): a workshop holding `notes` notes, then `joiners` participants join at
 * once; the time from the storm's start until each has its snapshot.
 */
json join_storm(const options& o) {
    net::io_context io(1);
    totals t;
    const int groups = std::max(1, (o.notes + 1999) / 2000);
    auto w = open_samling_workshop(io, t, o, 0, groups);
    // Writers fill the workshop: each sends its notes in one go (within the command burst) and
    // then reads until every one is acknowledged.
    constexpr int notes_per_writer = 50;
    const int writers = (o.notes + notes_per_writer - 1) / notes_per_writer;
    const std::string padding(150, 'x');
    std::vector<std::shared_ptr<connection>> writer_connections;
    for (int wr = 0; wr < writers; ++wr) {
        auto c = std::make_shared<connection>(io, t);
        c->open(o, "/ws");
        c->request(samling_hello(w, 100'000 + wr), "snapshot");
        writer_connections.push_back(c);
    }
    const auto fill_started = clock_type::now();
    int written = 0;
    for (int wr = 0; wr < writers; ++wr) {
        const int count = std::min(notes_per_writer, o.notes - written);
        for (int n = 0; n < count; ++n) {
            writer_connections[wr]->send_here(json{{"type", "note.add"}, {"op", "n" + std::to_string(n)},
                                                   {"group", w.groups[(written + n) % groups]},
                                                   {"text", "Note " + std::to_string(written + n) + " æøå 🌱 " + padding}}.dump());
        }
        written += count;
    }
    io.run();
    io.restart();
    for (int wr = 0; wr < writers; ++wr) {
        const int count = std::min(notes_per_writer, o.notes - wr * notes_per_writer);
        for (int n = 0; n < count; ++n) writer_connections[wr]->wait_for("ack");
        writer_connections[wr]->close();
    }
    const double fill_seconds = std::chrono::duration<double>(clock_type::now() - fill_started).count();

    histogram to_snapshot;
    int arrived = 0;
    std::vector<std::shared_ptr<connection>> joiners;
    const double server_cpu_before = server_cpu_seconds(o), own_cpu_before = own_cpu_seconds();
    const std::int64_t storm = now_ns();
    for (int j = 0; j < o.joiners; ++j) {
        auto c = std::make_shared<connection>(io, t);
        c->join_async(o, samling_hello(w, j).dump(), [&, storm](std::int64_t at) {
            to_snapshot.record(at - storm);
            ++arrived;
        });
        joiners.push_back(std::move(c));
    }
    const bool ok = run_until(io, [&] { return arrived == o.joiners; }, std::chrono::seconds(300));
    const double storm_seconds = static_cast<double>(now_ns() - storm) / 1e9;
    const double server_cpu = server_cpu_seconds(o) - server_cpu_before;
    const double own_cpu = own_cpu_seconds() - own_cpu_before;
    for (auto& c : joiners) c->close();
    return {{"workload", "join"},
            {"target", o.target},
            {"notes", o.notes},
            {"joiners", o.joiners},
            {"fill_seconds", fill_seconds},
            {"snapshots", arrived},
            {"p50_ms", static_cast<double>(to_snapshot.at(0.50)) / 1e6},
            {"p99_ms", static_cast<double>(to_snapshot.at(0.99)) / 1e6},
            {"max_ms", static_cast<double>(to_snapshot.max()) / 1e6},
            {"storm_seconds", storm_seconds},
            {"server_cpu_seconds", server_cpu},
            {"generator_cpu_seconds", own_cpu},
            {"ok", ok}};
}

/**
 * Open (Samling, after a restart): the facilitator of each of `rooms` seeded workshops, picked
 * across the database, says hello; the time until each snapshot, every workshop loading cold.
 */
json open_cold(const options& o) {
    std::ifstream file(o.seeded);
    const json seeded = json::parse(file);
    const auto& ids = seeded["workshops"];
    net::io_context io(1);
    totals t;
    histogram to_snapshot;
    const int count = std::min<int>(o.rooms, static_cast<int>(ids.size()));
    for (int i = 0; i < count; ++i) {
        const std::string id = ids[static_cast<std::size_t>(i) * ids.size() / count];
        const auto started = now_ns();
        auto c = std::make_shared<connection>(io, t);
        c->open(o, "/ws");
        const json snapshot = c->request({{"type", "hello"}, {"protocol", 1}, {"workshop", id},
                                          {"facilitator_key", seeded["facilitator_key"]}},
                                         "snapshot");
        to_snapshot.record(now_ns() - started);
        c->close();
        if (snapshot["seq"].get<std::uint64_t>() == 0) throw std::runtime_error("empty workshop " + id);
    }
    return {{"workload", "open"},
            {"target", o.target},
            {"workshops", count},
            {"p50_ms", static_cast<double>(to_snapshot.at(0.50)) / 1e6},
            {"max_ms", static_cast<double>(to_snapshot.max()) / 1e6},
            {"ok", true}};
}


/**
 * Hot room: one workshop (for `plain`, one room) of `participants` connections; `voters` of them
 * each cast `dots` votes within `seconds`, on a fixed schedule (vote k leaves at start + k / rate,
 * voters in turn), and every vote reaches everyone. Server CPU is counted from the first vote until
 * the last delivery arrived (or the wait for it ended), since no warm-up precedes the votes.
 */
json hot_room(const options& given) {
    options o = given;
    if (!o.seconds_given) o.seconds = 30;
    if (o.participants < 2 || o.voters < 1 || o.voters >= o.participants) {
        throw std::runtime_error("hot: --voters must be at least 1 and below --participants");
    }
    if (o.dots < 1 || o.dots > 20) throw std::runtime_error("hot: --dots takes 1 to 20 (the workshop's limit)");
    net::io_context io(1);
    totals t;
    const bool samling = o.target == "samling";
    std::vector<std::shared_ptr<connection>> people, voters;
    std::vector<std::size_t> voter_ids;
    std::vector<std::uint64_t> themes;
    std::size_t ids = 0;
    const auto setup_started = clock_type::now();
    if (samling) {
        // The host sets the dots each participant has, proposes the themes and opens the voting
        // phase; the host's connection is one of the participants and receives every vote too.
        samling_workshop w;
        w.created = http_post(o, "/api/workshops", {{"title", "Hot room"}, {"language", "en"}});
        w.host = std::make_shared<connection>(io, t);
        w.host->open(o, "/ws");
        w.host->request({{"type", "hello"}, {"protocol", 1}, {"workshop", w.created["id"]},
                         {"facilitator_key", w.created["facilitator_key"]}},
                        "snapshot");
        w.host->request({{"type", "workshop.set_options"}, {"op", "d1"}, {"dots_per_participant", o.dots}}, "ack");
        w.host->request({{"type", "workshop.set_phase"}, {"op", "s1"}, {"phase", "marketplace"}}, "ack");
        constexpr int theme_count = 10;
        for (int th = 0; th < theme_count; ++th) {
            themes.push_back(w.host->request({{"type", "theme.propose"}, {"op", "t" + std::to_string(th)},
                                              {"title", "Theme " + std::to_string(th)}},
                                             "ack")["id"]);
        }
        w.host->request({{"type", "workshop.set_phase"}, {"op", "s2"}, {"phase", "voting"}}, "ack");
        people.push_back(w.host);
        for (int p = 1; p < o.participants; ++p) {
            auto c = std::make_shared<connection>(io, t);
            c->open(o, "/ws");
            const auto id = c->request(samling_hello(w, p), "welcome")["participant"].get<std::size_t>();
            c->wait_for("snapshot");
            ids = std::max(ids, id + 1);
            if (p <= o.voters) {
                voters.push_back(c);
                voter_ids.push_back(id);
            }
            people.push_back(std::move(c));
        }
        t.dots = o.dots;
        t.vote_sent.assign(ids * static_cast<std::size_t>(o.dots), 0);
    } else {
        options room_options = o;
        room_options.per_room = o.participants;
        people = open_plain_room(io, t, room_options, 0).people;
        voters.assign(people.begin(), people.begin() + o.voters);
    }
    const double setup_seconds = std::chrono::duration<double>(clock_type::now() - setup_started).count();
    for (auto& c : people) {
        if (samling) c->count_votes(ids);
        c->start_reading();
    }
    // Plain peers' messages are padded to the size of the events frame that carries one of
    // Samling's votes ({"type":"events","events":[{"seq":…,"type":"vote.added","at":…,
    // "actor":…,"theme":…}]}, about 100 bytes).
    const std::string padding(45, 'x');
    const auto total_votes = static_cast<std::uint64_t>(o.voters) * static_cast<std::uint64_t>(o.dots);
    const double rate = static_cast<double>(total_votes) / o.seconds;
    const std::int64_t start = now_ns() + 100'000'000;
    t.window_start = start;
    t.window_end = std::numeric_limits<std::int64_t>::max();

    std::thread io_thread([&] {
        auto guard = net::make_work_guard(io);
        io.run();
    });
    const double cpu_before = server_cpu_seconds(o);
    const double own_before = own_cpu_seconds();
    const std::uint64_t frames_before = t.frames.load(std::memory_order_relaxed);
    for (std::uint64_t k = 0; k < total_votes; ++k) {
        const std::int64_t due = start + static_cast<std::int64_t>(static_cast<double>(k) * 1e9 / rate);
        while (now_ns() < due) std::this_thread::sleep_for(std::chrono::microseconds(50));
        const std::size_t v = k % voters.size();
        const std::uint64_t ordinal = k / voters.size();
        const std::int64_t sent = now_ns();
        ++t.sent_in_window;
        if (samling) {
            t.vote_sent[voter_ids[v] * static_cast<std::size_t>(o.dots) + ordinal] = sent;
            voters[v]->send(json{{"type", "vote.add"}, {"op", "o" + std::to_string(sent) + "-" + std::to_string(k)},
                                 {"theme", themes[k % themes.size()]}}.dump());
        } else {
            voters[v]->send(json{{"room", 0}, {"text", "t=" + std::to_string(sent) + "; " + padding}}.dump());
        }
    }
    const double own_after = own_cpu_seconds();
    const std::uint64_t expected = t.sent_in_window * static_cast<std::uint64_t>(o.participants);
    wait_delivered(io, t, expected, std::chrono::seconds(30));
    const double server_cpu = server_cpu_seconds(o) - cpu_before;
    const std::uint64_t frames = t.frames.load(std::memory_order_relaxed) - frames_before;
    io.stop();
    io_thread.join();
    for (auto& c : people) c->close();
    json result{{"workload", "hot"},
                {"target", o.target},
                {"participants", o.participants},
                {"voters", o.voters},
                {"dots", o.dots},
                {"seconds", o.seconds},
                {"rate", rate},
                {"setup_seconds", setup_seconds}};
    result.update(delivery_figures(t, expected, frames, server_cpu, (own_after - own_before) / o.seconds));
    return result;
}

}  // namespace

int main(int argc, char** argv) try {
    const options o = parse(argc, argv);
    json result;
    if (o.workload == "fanout") result = fanout(o);
    else if (o.workload == "idle") result = idle(o);
    else if (o.workload == "join") result = join_storm(o);
    else if (o.workload == "open") result = open_cold(o);
    else if (o.workload == "hot") result = hot_room(o);
    else throw std::runtime_error("unknown workload " + o.workload);
    std::cout << (o.json_output ? result.dump() : result.dump(2)) << "\n";
    return result["ok"].get<bool>() ? 0 : 1;
} catch (const std::exception& e) {
    std::cerr << "samling-loadgen: " << e.what() << "\n";
    return 2;
}
