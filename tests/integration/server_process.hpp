#pragma once
/** The real `samling serve` in a child process, so that it can be killed, stopped and measured. */
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace samling::test {

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
std::uint16_t free_port();

class server_process {
public:
    /** `environment`: NAME=value entries for the child, added to this process's own (replacing the same names). */
    server_process(std::string db, std::uint16_t port, std::vector<std::string> environment = {});
    ~server_process();
    server_process(const server_process&) = delete;
    server_process& operator=(const server_process&) = delete;

    /** Before start(): the server's standard error (its log) goes to `path` instead of /dev/null. */
    void log_to(std::string path) { log_path_ = std::move(path); }
    /** Starts the server and returns once it accepts connections. */
    void start();
    /** Like a crash: SIGKILL, no chance to flush or close anything. */
    void kill_hard();
    /** A graceful stop (SIGTERM), as an organiser's service manager does; returns its exit status. */
    int stop();
    /** Sends SIGTERM and returns at once: the server closes its connections while clients read. */
    void terminate();
    /** Waits for the child to exit (after terminate()); returns its wait status. */
    int wait();
    /** Whether the child is still running (it has not exited). */
    bool running();
    /** A field of /proc/<pid>/status in KiB, e.g. "VmRSS" or "VmHWM" (its peak). */
    std::size_t memory_kib(const std::string& field) const;
    std::uint16_t port() const { return port_; }
    pid_t pid() const { return pid_; }

private:
    int end(int signal);

    std::string db_;
    std::uint16_t port_;
    std::vector<std::string> environment_;
    std::string log_path_ = "/dev/null";
    pid_t pid_ = -1;
};

/** A field of a /proc/.../status file in KiB ("VmRSS", "VmHWM"); fails the test if absent. */
std::size_t status_kib(const std::string& status_file, const std::string& field);

}  // namespace samling::test
