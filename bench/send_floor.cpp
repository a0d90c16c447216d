// samling-send-floor: what one small write to a loopback TCP socket costs this machine's kernel,
// the floor under any server's cost per delivery. One thread writes frames of --bytes bytes
// round-robin to --connections sockets (--gather frames per sendmsg); a child process on another
// core reads them all. Prints the writer's CPU time per write and per frame, and the deliveries
// per CPU-second a server could reach at most if each delivery took one such write.
//
//   samling-send-floor [--connections 1000] [--frames 200000] [--bytes 250] [--gather 1] [--json]
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct options {
    int connections = 1000;
    long frames = 200'000;
    int bytes = 250;
    int gather = 1;
    bool json = false;
};

options parse(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        const auto value = [&]() -> long {
            if (i + 1 >= argc) throw std::runtime_error(flag + " needs a value");
            return std::stol(argv[++i]);
        };
        if (flag == "--connections") o.connections = static_cast<int>(value());
        else if (flag == "--frames") o.frames = value();
        else if (flag == "--bytes") o.bytes = static_cast<int>(value());
        else if (flag == "--gather") o.gather = static_cast<int>(value());
        else if (flag == "--json") o.json = true;
        else throw std::runtime_error("unknown option " + flag);
    }
    if (o.gather < 1 || o.gather > 64) throw std::runtime_error("--gather takes 1 to 64");
    return o;
}

double thread_cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_THREAD, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

void pin(int core) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(core, &set);
    sched_setaffinity(0, sizeof set, &set);
}

/** The reader: drains every socket until it has seen `total` bytes. */
[[noreturn]] void drain(const std::vector<int>& sockets, long total) {
    pin(1);
    const int poll = epoll_create1(0);
    for (const int fd : sockets) {
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = fd;
        epoll_ctl(poll, EPOLL_CTL_ADD, fd, &ev);
    }
    std::vector<char> buffer(1 << 16);
    std::vector<epoll_event> ready(256);
    long seen = 0;
    while (seen < total) {
        const int n = epoll_wait(poll, ready.data(), static_cast<int>(ready.size()), 5000);
        if (n <= 0) _exit(1);
        for (int k = 0; k < n; ++k) {
            const ssize_t got = read(ready[k].data.fd, buffer.data(), buffer.size());
            if (got > 0) seen += got;
        }
    }
    _exit(0);
}

}  // namespace

int main(int argc, char** argv) try {
    const options o = parse(argc, argv);
    const int listener = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(listener, 4096) != 0 ||
        getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        throw std::runtime_error(std::string("listen: ") + std::strerror(errno));
    }
    std::vector<int> readers, writers;
    for (int i = 0; i < o.connections; ++i) {
        const int client = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(client, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            throw std::runtime_error(std::string("connect: ") + std::strerror(errno));
        }
        const int server = accept(listener, nullptr, nullptr);
        const int one = 1;
        setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        readers.push_back(client);
        writers.push_back(server);
    }
    const long writes = o.frames / o.gather;
    const pid_t child = fork();
    if (child == 0) drain(readers, writes * o.gather * o.bytes);
    pin(0);
    const std::string frame(static_cast<std::size_t>(o.bytes), 'x');
    std::vector<iovec> iov(static_cast<std::size_t>(o.gather), iovec{const_cast<char*>(frame.data()), frame.size()});
    msghdr message{};
    message.msg_iov = iov.data();
    message.msg_iovlen = iov.size();
    const double before = thread_cpu_seconds();
    for (long i = 0; i < writes; ++i) {
        // A pause after each round lets the reader catch up, as a server's pause between events.
        if (i % o.connections == 0 && i > 0) usleep(2000);
        if (sendmsg(writers[static_cast<std::size_t>(i % o.connections)], &message, MSG_NOSIGNAL) < 0) {
            throw std::runtime_error(std::string("sendmsg: ") + std::strerror(errno));
        }
    }
    const double cpu = thread_cpu_seconds() - before;
    int status = 0;
    waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error("the reader did not get every byte");
    const double per_write_us = cpu * 1e6 / static_cast<double>(writes);
    const double per_frame_us = per_write_us / o.gather;
    if (o.json) {
        std::printf("{\"workload\":\"send_floor\",\"connections\":%d,\"frames\":%ld,\"bytes\":%d,\"gather\":%d,"
                    "\"cpu_seconds\":%.4f,\"us_per_write\":%.3f,\"us_per_frame\":%.3f,\"frames_per_cpu_second\":%.0f}\n",
                    o.connections, writes * o.gather, o.bytes, o.gather, cpu, per_write_us, per_frame_us, 1e6 / per_frame_us);
    } else {
        std::printf("%ld frames of %d bytes, %d per write, over %d connections: %.2f us per write, %.2f us per frame, "
                    "at most %.0f frames per CPU-second\n",
                    writes * o.gather, o.bytes, o.gather, o.connections, per_write_us, per_frame_us, 1e6 / per_frame_us);
    }
    return 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "samling-send-floor: %s\n", e.what());
    return 2;
}
