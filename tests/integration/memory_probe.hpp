#pragma once
/** How much the memory of this process (with the server running in it) grows while work runs. */
#include <cstddef>
#include <functional>

namespace samling::test {

/**
 * The growth of the process's peak memory while `work` runs: its peak RSS, or under a sanitizer
 * (whose allocator keeps freed memory and adds shadow memory) the peak of the bytes live on the
 * heap, sampled while `work` runs.
 */
std::size_t peak_growth_bytes(const std::function<void()>& work);

}  // namespace samling::test
