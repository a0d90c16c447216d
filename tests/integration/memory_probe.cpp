#include "tests/integration/memory_probe.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>

#include "tests/integration/server_process.hpp"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
// The sanitizer runtime's count of bytes allocated and not yet freed (GCC ships no header for it).
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();
#endif

namespace samling::test {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
std::size_t peak_growth_bytes(const std::function<void()>& work) {
    const std::size_t before = __sanitizer_get_current_allocated_bytes();
    std::atomic<bool> done{false};
    std::atomic<std::size_t> peak{before};
    std::thread sampler([&] {
        while (!done.load()) {
            peak = std::max(peak.load(), __sanitizer_get_current_allocated_bytes());
            std::this_thread::sleep_for(std::chrono::milliseconds(1));  // a sampling period, not a wait
        }
    });
    work();
    done = true;
    sampler.join();
    return peak.load() > before ? peak.load() - before : 0;
}
#else
std::size_t peak_growth_bytes(const std::function<void()>& work) {
    { std::ofstream("/proc/self/clear_refs") << "5"; }  // the peak starts from what is held now
    const std::size_t before_kib = status_kib("/proc/self/status", "VmRSS");
    work();
    const std::size_t peak_kib = status_kib("/proc/self/status", "VmHWM");
    return peak_kib > before_kib ? (peak_kib - before_kib) * 1024 : 0;
}
#endif

}  // namespace samling::test
