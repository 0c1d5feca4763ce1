// Set bits of a plane mask, counted inline. __builtin_popcount compiles to a libgcc call when
// the target has no popcount instruction, which is the case for the baseline x86-64 this project
// builds for; the per-page paths count plane masks several times per command.
#pragma once
#include <cstdint>

namespace osvp {

/// The number of bits set in `mask` (parallel bit sum, no library call).
constexpr unsigned bit_count(std::uint32_t mask) {
    mask = mask - ((mask >> 1) & 0x5555'5555u);
    mask = (mask & 0x3333'3333u) + ((mask >> 2) & 0x3333'3333u);
    mask = (mask + (mask >> 4)) & 0x0F0F'0F0Fu;
    return (mask * 0x0101'0101u) >> 24;
}

} // namespace osvp
