// A full disk without privileges, for tests of the real server: loaded with LD_PRELOAD, this
// makes every write to a file under SAMLING_FULL_DISK_DIR fail with ENOSPC, as a full file
// system does, for as long as the file SAMLING_FULL_DISK_FLAG exists. Removing that file gives
// the space back to the running process: nothing restarts.
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

namespace {

bool disk_full(int fd) {
    static const char* const flag = getenv("SAMLING_FULL_DISK_FLAG");
    static const char* const dir = getenv("SAMLING_FULL_DISK_DIR");
    if (!flag || !dir) return false;
    const int saved = errno;
    bool full = false;
    if (access(flag, F_OK) == 0) {
        char link[64];
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        char target[PATH_MAX];
        const ssize_t n = readlink(link, target, sizeof target - 1);
        if (n > 0) {
            target[n] = '\0';
            const size_t len = strlen(dir);
            full = strncmp(target, dir, len) == 0 && target[len] == '/';
        }
    }
    errno = saved;
    return full;
}

template <class F>
F real(const char* name) {
    return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

}  // namespace

extern "C" {

ssize_t write(int fd, const void* data, size_t size) {
    static const auto next = real<ssize_t (*)(int, const void*, size_t)>("write");
    if (disk_full(fd)) return errno = ENOSPC, -1;
    return next(fd, data, size);
}

ssize_t pwrite(int fd, const void* data, size_t size, off_t offset) {
    static const auto next = real<ssize_t (*)(int, const void*, size_t, off_t)>("pwrite");
    if (disk_full(fd)) return errno = ENOSPC, -1;
    return next(fd, data, size, offset);
}

ssize_t pwrite64(int fd, const void* data, size_t size, off64_t offset) {
    static const auto next = real<ssize_t (*)(int, const void*, size_t, off64_t)>("pwrite64");
    if (disk_full(fd)) return errno = ENOSPC, -1;
    return next(fd, data, size, offset);
}

ssize_t writev(int fd, const struct iovec* parts, int count) {
    static const auto next = real<ssize_t (*)(int, const struct iovec*, int)>("writev");
    if (disk_full(fd)) return errno = ENOSPC, -1;
    return next(fd, parts, count);
}

ssize_t pwritev(int fd, const struct iovec* parts, int count, off_t offset) {
    static const auto next = real<ssize_t (*)(int, const struct iovec*, int, off_t)>("pwritev");
    if (disk_full(fd)) return errno = ENOSPC, -1;
    return next(fd, parts, count, offset);
}

}  // extern "C"
