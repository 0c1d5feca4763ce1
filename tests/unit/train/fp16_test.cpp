// IEEE binary16 conversion: exhaustive over all halves, all rounding ties, and a brute-force
// nearest-value reference.
#include "optim/fp16.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace osvp::fw {
namespace {

// Value of a finite half from the IEEE 754 definition, in double.
double half_value(std::uint16_t h) {
    const int exponent = (h >> 10) & 0x1F;
    const int mantissa = h & 0x3FF;
    const double magnitude =
        exponent == 0 ? std::ldexp(mantissa, -24) : std::ldexp(1024 + mantissa, exponent - 25);
    return (h & 0x8000) ? -magnitude : magnitude;
}

TEST(fp16, widening_matches_the_definition_for_all_halves) {
    for (std::uint32_t i = 0; i < 0x10000; ++i) {
        const auto h = static_cast<std::uint16_t>(i);
        const float f = fp16_to_fp32(h);
        const int exponent = (h >> 10) & 0x1F;
        if (exponent == 0x1F && (h & 0x3FF) != 0) {
            EXPECT_TRUE(std::isnan(f)) << std::hex << i;
        } else if (exponent == 0x1F) {
            EXPECT_EQ(f, (h & 0x8000) ? -INFINITY : INFINITY) << std::hex << i;
        } else {
            EXPECT_EQ(static_cast<double>(f), half_value(h)) << std::hex << i;
            EXPECT_EQ(std::signbit(f), (h & 0x8000) != 0) << std::hex << i;
        }
    }
}

TEST(fp16, round_trip_is_identity_for_all_halves) {
    for (std::uint32_t i = 0; i < 0x10000; ++i) {
        const auto h = static_cast<std::uint16_t>(i);
        ASSERT_EQ(fp32_to_fp16(fp16_to_fp32(h)), h) << std::hex << i;
    }
}

// Every midpoint between adjacent finite halves rounds to the even one; one FP32 ulp either side
// rounds to the nearer one. Covers subnormals, the normal range and the overflow threshold.
TEST(fp16, ties_round_to_even_and_neighbours_to_nearest) {
    for (std::uint16_t h = 0; h < 0x7C00; ++h) {
        const std::uint16_t up = h + 1; // 0x7C00 (inf) above 65504
        const double upper = up == 0x7C00 ? 65536.0 : half_value(up);
        const auto mid = static_cast<float>((half_value(h) + upper) / 2);
        ASSERT_EQ(static_cast<double>(mid), (half_value(h) + upper) / 2) << "midpoint exact";
        const std::uint16_t even = (h & 1) ? up : h;
        for (std::uint16_t sign : {0, 0x8000}) {
            const float s = sign ? -1.0f : 1.0f;
            ASSERT_EQ(fp32_to_fp16(s * mid), sign | even) << std::hex << h;
            ASSERT_EQ(fp32_to_fp16(s * std::nextafter(mid, 0.0f)), sign | h) << std::hex << h;
            ASSERT_EQ(fp32_to_fp16(s * std::nextafter(mid, INFINITY)), sign | up) << std::hex << h;
        }
    }
}

TEST(fp16, directed_values) {
    const float tiny = std::ldexp(1.0f, -24);
    const struct {
        float in;
        std::uint16_t out;
    } cases[] = {
        {0.0f, 0x0000},
        {-0.0f, 0x8000},
        {1.0f, 0x3C00},
        {-2.0f, 0xC000},
        {65504.0f, 0x7BFF},
        {std::nextafter(65520.0f, 0.0f), 0x7BFF},
        {65520.0f, 0x7C00},
        {-65520.0f, 0xFC00},
        {1e10f, 0x7C00},
        {std::numeric_limits<float>::max(), 0x7C00},
        {INFINITY, 0x7C00},
        {-INFINITY, 0xFC00},
        {tiny, 0x0001},
        {tiny / 2, 0x0000},
        {-tiny / 2, 0x8000},
        {std::nextafter(tiny / 2, 1.0f), 0x0001},
        {3 * tiny / 2, 0x0002},
        {5 * tiny / 2, 0x0002},
        {std::ldexp(1.0f, -14), 0x0400},
        {std::nextafter(std::ldexp(1.0f, -14), 0.0f), 0x0400},
        {std::ldexp(1023.0f, -24), 0x03FF},
        {std::numeric_limits<float>::denorm_min(), 0x0000},
        {-std::numeric_limits<float>::min(), 0x8000},
        {1.0f + std::ldexp(1.0f, -11), 0x3C00},
        {1.0f + 3 * std::ldexp(1.0f, -11), 0x3C02},
        {std::nextafter(1.0f + std::ldexp(1.0f, -11), 2.0f), 0x3C01},
        {0.1f, 0x2E66},
        {1.0f / 3.0f, 0x3555},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(fp32_to_fp16(c.in), c.out) << c.in;
    }
}

TEST(fp16, nan_stays_nan_with_payload_kept) {
    EXPECT_EQ(fp32_to_fp16(bits_float(0x7FC00000u)), 0x7E00);
    EXPECT_EQ(fp32_to_fp16(bits_float(0xFFC00000u)), 0xFE00);
    EXPECT_EQ(fp32_to_fp16(bits_float(0x7F800001u)), 0x7E00); // payload lost: quiet NaN
    EXPECT_EQ(fp32_to_fp16(bits_float(0x7FDFE000u)), 0x7EFF);
    EXPECT_EQ(fp32_to_fp16(bits_float(0x7F802000u)), 0x7C01); // signalling payload kept
    EXPECT_TRUE(std::isnan(fp16_to_fp32(0x7C01)));
    EXPECT_TRUE(std::isnan(fp16_to_fp32(0xFFFF)));
}

// Independent reference: the nearest finite half by search over the sorted magnitudes, ties to
// the even encoding, overflow to inf by the 65520 threshold.
std::uint16_t reference_fp16(float f, const std::vector<double>& magnitudes) {
    const double a = std::fabs(static_cast<double>(f));
    const std::uint16_t sign = std::signbit(f) ? 0x8000 : 0;
    if (a >= 65520.0) {
        return sign | 0x7C00;
    }
    const auto it = std::lower_bound(magnitudes.begin(), magnitudes.end(), a);
    if (it == magnitudes.end()) {
        return sign | 0x7BFF;
    }
    auto hi = static_cast<std::uint16_t>(it - magnitudes.begin());
    if (magnitudes[hi] == a || hi == 0) {
        return sign | hi;
    }
    const auto lo = static_cast<std::uint16_t>(hi - 1);
    const double below = a - magnitudes[lo];
    const double above = magnitudes[hi] - a;
    if (below < above || (below == above && (lo & 1) == 0)) {
        return sign | lo;
    }
    return sign | hi;
}

TEST(fp16, matches_brute_force_reference_on_a_fixed_sample) {
    std::vector<double> magnitudes;
    for (std::uint16_t h = 0; h < 0x7C00; ++h) {
        magnitudes.push_back(half_value(h));
    }
    std::uint64_t state = 0x243F6A8885A308D3ull; // fixed LCG stream (Knuth MMIX constants)
    for (int i = 0; i < 200000; ++i) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        const auto bits = static_cast<std::uint32_t>(state >> 32);
        const std::uint32_t exponent = 98 + (bits >> 24) % 48; // [2^-29, 2^19)
        const float f = bits_float((bits & 0x80000000u) | (exponent << 23) | (bits & 0x7FFFFFu));
        ASSERT_EQ(fp32_to_fp16(f), reference_fp16(f, magnitudes)) << f;
    }
}

} // namespace
} // namespace osvp::fw
