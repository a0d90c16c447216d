// samling-send-floor: what one small write to a loopback TCP socket costs this machine's kernel,
// the floor under any server's cost per delivery. One thread writes frames of --bytes bytes
// round-robin to --connections sockets (--gather frames per sendmsg); a child process on another
// core reads them all. Prints the writer's CPU time per write and per frame, and the deliveries
// per CPU-second a server could reach at most if each delivery took one such write.
//
// With --method io_uring the writer queues --batch sends (one frame each, to consecutive sockets
// of the round) as SQEs, submits them with one io_uring_submit and reaps their completions, so
// one system call carries many writes. --coop sets up the ring with IORING_SETUP_SINGLE_ISSUER
// and IORING_SETUP_COOP_TASKRUN, --registered-files registers the sockets with the ring. Where the
// kernel refuses io_uring (a container's seccomp profile, kernel.io_uring_disabled) or the tool was
// built without liburing, it says so and exits 0. The writer's CPU time is then the whole
// process's, so that work the kernel does in io_uring's own worker threads counts too.
//
//   samling-send-floor [--connections 1000] [--frames 200000] [--bytes 250] [--gather 1] [--json]
//                      [--method sendmsg|io_uring] [--batch 64] [--coop] [--registered-files]
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef SAMLING_HAVE_LIBURING
#include <liburing.h>
#endif

#include <algorithm>
#include <cerrno>
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
    std::string method = "sendmsg";  ///< sendmsg | io_uring
    int batch = 64;                  ///< io_uring: sends per submit
    bool coop = false;               ///< io_uring: IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_COOP_TASKRUN
    bool registered_files = false;   ///< io_uring: the sockets registered with the ring
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
        else if (flag == "--method") {
            if (i + 1 >= argc) throw std::runtime_error(flag + " needs a value");
            o.method = argv[++i];
        }
        else if (flag == "--batch") o.batch = static_cast<int>(value());
        else if (flag == "--coop") o.coop = true;
        else if (flag == "--registered-files") o.registered_files = true;
        else throw std::runtime_error("unknown option " + flag);
    }
    if (o.gather < 1 || o.gather > 64) throw std::runtime_error("--gather takes 1 to 64");
    if (o.method != "sendmsg" && o.method != "io_uring") throw std::runtime_error("--method takes sendmsg or io_uring");
    if (o.batch < 1 || o.batch > 4096) throw std::runtime_error("--batch takes 1 to 4096");
    if (o.method == "io_uring" && o.gather != 1) throw std::runtime_error("--method io_uring sends one frame per SQE: no --gather");
    return o;
}

double cpu_seconds(int who) {
    rusage usage{};
    getrusage(who, &usage);
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

/** Says that the io_uring mode cannot run here, as a line bench/run records, and why. */
int no_io_uring(const options& o, const std::string& reason) {
    std::fprintf(stderr, "samling-send-floor: io_uring is not available here (%s); skipping the io_uring mode\n",
                 reason.c_str());
    if (o.json) {
        std::printf("{\"workload\":\"send_floor\",\"method\":\"io_uring\",\"batch\":%d,\"available\":false,"
                    "\"reason\":\"%s\"}\n", o.batch, reason.c_str());
    }
    return 0;
}

#ifdef SAMLING_HAVE_LIBURING
unsigned ring_flags(const options& o) { return o.coop ? IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_COOP_TASKRUN : 0u; }

/** Sets up the ring; returns 0 or the kernel's negative errno. */
int open_ring(io_uring& ring, const options& o) {
    io_uring_params params{};
    params.flags = ring_flags(o);
    const unsigned entries = static_cast<unsigned>(o.batch < 8 ? 8 : o.batch);
    return io_uring_queue_init_params(entries, &ring, &params);
}

/**
 * The io_uring writer: each submit carries `batch` sends of one frame to consecutive sockets of
 * the round (fewer at a round's end), and every completion is reaped before the next. Returns
 * the number of submits.
 */
long write_with_io_uring(io_uring& ring, const options& o, const std::vector<int>& writers, const std::string& frame,
                         long frames) {
    long submits = 0;
    long sent = 0;
    while (sent < frames) {
        const long in_round = sent % o.connections;
        if (in_round == 0 && sent > 0) usleep(2000);  // as the sendmsg writer pauses after each round
        const long count = std::min<long>({o.batch, o.connections - in_round, frames - sent});
        for (long k = 0; k < count; ++k) {
            io_uring_sqe* sqe = io_uring_get_sqe(&ring);
            if (sqe == nullptr) throw std::runtime_error("io_uring: no free SQE");
            const int index = static_cast<int>(in_round + k);
            if (o.registered_files) {
                io_uring_prep_send(sqe, index, frame.data(), frame.size(), MSG_NOSIGNAL);
                sqe->flags |= IOSQE_FIXED_FILE;
            } else {
                io_uring_prep_send(sqe, writers[static_cast<std::size_t>(index)], frame.data(), frame.size(), MSG_NOSIGNAL);
            }
        }
        const int submitted = io_uring_submit(&ring);
        if (submitted != count) {
            throw std::runtime_error("io_uring_submit: " + std::string(submitted < 0 ? std::strerror(-submitted) : "short submit"));
        }
        ++submits;
        long reaped = 0;
        while (reaped < count) {
            io_uring_cqe* cqe = nullptr;
            if (io_uring_peek_cqe(&ring, &cqe) != 0) {
                const int waited = io_uring_wait_cqe(&ring, &cqe);
                if (waited < 0) throw std::runtime_error(std::string("io_uring_wait_cqe: ") + std::strerror(-waited));
            }
            unsigned head = 0, seen = 0;
            io_uring_for_each_cqe(&ring, head, cqe) {
                if (cqe->res != static_cast<int>(frame.size())) {
                    throw std::runtime_error("io_uring send: " + std::string(cqe->res < 0 ? std::strerror(-cqe->res) : "short write"));
                }
                ++seen;
            }
            io_uring_cq_advance(&ring, seen);
            reaped += seen;
        }
        sent += count;
    }
    return submits;
}
#endif

}  // namespace

int main(int argc, char** argv) try {
    const options o = parse(argc, argv);
    const bool uring = o.method == "io_uring";
#ifdef SAMLING_HAVE_LIBURING
    if (uring) {
        // Asked once before any socket exists, so a refusing kernel costs nothing.
        io_uring probe{};
        if (const int refused = open_ring(probe, o); refused < 0) {
            if (refused == -EPERM || refused == -ENOSYS || refused == -EACCES) {
                return no_io_uring(o, std::string("io_uring_setup: ") + std::strerror(-refused));
            }
            throw std::runtime_error(std::string("io_uring_setup: ") + std::strerror(-refused));
        }
        io_uring_queue_exit(&probe);
    }
#else
    if (uring) return no_io_uring(o, "built without liburing");
#endif
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
    double cpu = 0;
    long submits = 0;
    if (!uring) {
        std::vector<iovec> iov(static_cast<std::size_t>(o.gather), iovec{const_cast<char*>(frame.data()), frame.size()});
        msghdr message{};
        message.msg_iov = iov.data();
        message.msg_iovlen = iov.size();
        const double before = cpu_seconds(RUSAGE_THREAD);
        for (long i = 0; i < writes; ++i) {
            // A pause after each round lets the reader catch up, as a server's pause between events.
            if (i % o.connections == 0 && i > 0) usleep(2000);
            if (sendmsg(writers[static_cast<std::size_t>(i % o.connections)], &message, MSG_NOSIGNAL) < 0) {
                throw std::runtime_error(std::string("sendmsg: ") + std::strerror(errno));
            }
        }
        cpu = cpu_seconds(RUSAGE_THREAD) - before;
        submits = writes;
    }
#ifdef SAMLING_HAVE_LIBURING
    else {
        io_uring ring{};
        if (const int refused = open_ring(ring, o); refused < 0) {
            throw std::runtime_error(std::string("io_uring_setup: ") + std::strerror(-refused));
        }
        if (o.registered_files) {
            if (const int refused = io_uring_register_files(&ring, writers.data(), static_cast<unsigned>(writers.size()));
                refused < 0) {
                throw std::runtime_error(std::string("io_uring_register_files: ") + std::strerror(-refused));
            }
        }
        const double before = cpu_seconds(RUSAGE_SELF);
        submits = write_with_io_uring(ring, o, writers, frame, writes);
        cpu = cpu_seconds(RUSAGE_SELF) - before;
        io_uring_queue_exit(&ring);
    }
#endif
    int status = 0;
    waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error("the reader did not get every byte");
    // A "write" is one system call: a sendmsg, or an io_uring_submit carrying a batch of sends.
    const double per_write_us = cpu * 1e6 / static_cast<double>(submits);
    const double per_frame_us = cpu * 1e6 / static_cast<double>(writes * o.gather);
    const double frames_per_write = static_cast<double>(writes * o.gather) / static_cast<double>(submits);
    if (o.json) {
        std::printf("{\"workload\":\"send_floor\",\"method\":\"%s\",\"connections\":%d,\"frames\":%ld,\"bytes\":%d,"
                    "\"gather\":%d,\"batch\":%d,\"coop\":%s,\"registered_files\":%s,\"frames_per_write\":%.2f,"
                    "\"cpu_seconds\":%.4f,\"us_per_write\":%.3f,\"us_per_frame\":%.3f,\"frames_per_cpu_second\":%.0f}\n",
                    o.method.c_str(), o.connections, writes * o.gather, o.bytes, o.gather, uring ? o.batch : 1,
                    uring && o.coop ? "true" : "false", uring && o.registered_files ? "true" : "false", frames_per_write,
                    cpu, per_write_us, per_frame_us, 1e6 / per_frame_us);
    } else if (uring) {
        std::printf("%ld frames of %d bytes, io_uring, up to %d sends per submit (%.1f on average)%s%s, over %d "
                    "connections: %.2f us per submit, %.2f us per frame, at most %.0f frames per CPU-second\n",
                    writes, o.bytes, o.batch, frames_per_write, o.coop ? ", SINGLE_ISSUER|COOP_TASKRUN" : "",
                    o.registered_files ? ", registered files" : "", o.connections, per_write_us, per_frame_us, 1e6 / per_frame_us);
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
