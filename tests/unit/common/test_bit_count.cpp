#include "common/bit_count.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace {

// Reference: test each bit in turn.
unsigned bits_one_by_one(std::uint32_t v) {
    unsigned n = 0;
    for (unsigned b = 0; b < 32; ++b) {
        n += (v >> b) & 1u;
    }
    return n;
}

} // namespace

TEST(bit_count, matches_a_bit_by_bit_count_for_every_plane_mask_and_wide_words) {
    for (std::uint32_t mask = 0; mask < 256; ++mask) {
        EXPECT_EQ(osvp::bit_count(mask), bits_one_by_one(mask)) << mask;
    }
    for (const std::uint32_t v : {0x8000'0000u, 0xFFFF'FFFFu, 0xDEAD'BEEFu, 0x0F0F'F0F0u}) {
        EXPECT_EQ(osvp::bit_count(v), bits_one_by_one(v)) << v;
    }
    static_assert(osvp::bit_count(0xFFu) == 8);
}
