#include "fw/fp16_readback.h"

#include "optim/fp16.h"

#include <algorithm>
#include <array>

namespace osvp::fw {

fp16_source fp16_source_of(std::uint64_t host_byte, std::uint32_t bytes, std::uint32_t page_bytes) {
    const std::uint64_t begin = 2 * host_byte;
    const std::uint64_t end = begin + 2ull * bytes;
    const std::uint64_t first = begin / page_bytes;
    return {first, static_cast<std::uint32_t>(begin % page_bytes),
            static_cast<std::uint32_t>((end + page_bytes - 1) / page_bytes - first)};
}

void convert_to_fp16(hardware& h, std::uint64_t source, std::uint64_t destination,
                     std::uint64_t fp32_bytes, std::uint32_t cycles_per_kib) {
    constexpr std::size_t chunk = 1024;
    std::array<float, chunk> in{};
    std::array<std::uint16_t, chunk> out{};
    for (std::uint64_t done = 0; done + 4 <= fp32_bytes;) {
        const std::size_t n =
            static_cast<std::size_t>(std::min<std::uint64_t>(chunk, (fp32_bytes - done) / 4));
        h.read(source + done, in.data(), 4 * n);
        std::transform(in.begin(), in.begin() + n, out.begin(), fp32_to_fp16);
        h.write(destination + done / 2, out.data(), 2 * n);
        h.charge(std::uint64_t{cycles_per_kib} * 4 * n / 1024);
        done += 4 * n;
    }
}

} // namespace osvp::fw
