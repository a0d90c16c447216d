#pragma once
/** A real server on an ephemeral loopback port, and blocking HTTP/WebSocket clients for it. */
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "server/server.hpp"

namespace samling::test {

using nlohmann::json;

/** A temporary folder removed with the object. */
struct temp_dir {
    std::filesystem::path path;
    temp_dir();
    ~temp_dir();
    std::string file(const std::string& name) const { return (path / name).string(); }
};

/** The server running in this process on 127.0.0.1 with a database in `db`. */
struct running_server {
    using tuning = std::function<void(server::config&)>;
    explicit running_server(const std::string& db, const tuning& tune = {});
    ~running_server();
    std::uint16_t port() const { return app->port(); }
    std::unique_ptr<server::server> app;
};

struct http_reply {
    int status = 0;
    std::string body;
    std::string content_type;
    std::string csp;             ///< Content-Security-Policy header
    std::string content_length;  ///< Content-Length header
    std::string retry_after;     ///< Retry-After header
    std::string disposition;     ///< Content-Disposition header
    json parsed() const { return json::parse(body, nullptr, false); }
};

/** One blocking HTTP/1.1 request; a non-empty `bearer` goes in an Authorization header. */
http_reply http_call(std::uint16_t port, const std::string& method, const std::string& target,
                     const std::string& body = {}, const std::string& origin = {}, const std::string& bearer = {});

/** A workshop created through the API: its id and secrets. */
struct workshop_link {
    std::string id;
    std::string facilitator_key;
    std::string join_code;
    std::string wall_key{};
    std::string short_code{};
};
workshop_link create_workshop(std::uint16_t port, const std::string& title = "Åbent møde 😀");

/** How a WebSocket connection ended, as seen by the client. */
struct close_info {
    bool closed = false;
    int code = 0;
};

/** A blocking WebSocket client; every read has a deadline so a test can never hang. */
class ws_client {
public:
    explicit ws_client(std::uint16_t port, const std::string& origin = {});
    ~ws_client();
    void send(const json& message);
    void send_raw(const std::string& text);
    /** The next frame, or nullopt when the connection closed or the deadline passed. */
    std::optional<json> receive(std::chrono::milliseconds deadline = std::chrono::seconds(10));
    /** Frames until one of `type` (others are dropped); fails the test on timeout. */
    json expect(const std::string& type);
    /** The close code the server sent, once receive() has returned nullopt for a close; else 0. */
    int close_code() const;
    /** Reads until the server closes the connection and reports the close code. */
    close_info wait_close(std::chrono::milliseconds deadline = std::chrono::seconds(10));

    /** hello with a join code; returns the welcome. */
    json join(const workshop_link& w, const std::string& name, const std::string& role = "participant");
    json host(const workshop_link& w, std::uint64_t last_seq = 0);
    json resume(const workshop_link& w, const std::string& token, std::uint64_t last_seq);
    /** Sends a command with a fresh op id; returns the op id. */
    std::string command(json body);
    /** Sends a command and waits for its ack (failing the test on an error). */
    json must(json body);
    std::uint64_t last_seq = 0;  ///< highest event seq received

private:
    struct impl;
    std::unique_ptr<impl> impl_;
    int next_op_ = 0;
    std::string op_prefix_;
};

/**
 * Polls `condition` until it holds or `deadline` passes; returns whether it held. For state the
 * server changes on its own schedule (sweeps, counters), where no message announces it.
 */
bool wait_until(const std::function<bool()>& condition,
                std::chrono::milliseconds deadline = std::chrono::seconds(10));

/**
 * As the connected host: moves to the marketplace, proposes `theme`, moves to breakouts and
 * opens its group. Returns the group's id.
 */
std::uint64_t open_group(ws_client& host, const std::string& theme = "Liv på havnefronten");

}  // namespace samling::test
