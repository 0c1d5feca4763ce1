// PE datapath: each pipeline against double-precision arithmetic with the FP32 rounding bound,
// the documented operation order, the NaN filter, and the ISQRT error bounds.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

#include "flash/odp/pe_arith.h"

namespace osvp::odp {
namespace {

constexpr double u = 1.0 / (1 << 24); // unit roundoff of binary32

// Deterministic normal-range operand: random sign, mantissa, exponent in [-20, 20].
float operand(std::mt19937& rng) {
    const std::uint32_t r = rng();
    const std::uint32_t exp = 127 - 20 + (r % 41);
    return f32_from_bits((rng() & 0x807FFFFFu) | (exp << 23));
}

TEST(PeNanFilter, ClearsExponentMsbOfNaNsKeepingSignAndMantissa) {
    EXPECT_EQ(0x3FC00000u, f32_bits(nan_filter(f32_from_bits(0x7FC00000u))));
    EXPECT_EQ(1.5f, nan_filter(std::numeric_limits<float>::quiet_NaN()));
    EXPECT_EQ(0x3F800001u, f32_bits(nan_filter(f32_from_bits(0x7F800001u))));
    EXPECT_EQ(0xBFC00001u, f32_bits(nan_filter(f32_from_bits(0xFFC00001u))));
    EXPECT_EQ(0x3FFFFFFFu, f32_bits(nan_filter(f32_from_bits(0x7FFFFFFFu))));
}

TEST(PeNanFilter, PassesEveryNonNaNUnchanged) {
    for (std::uint32_t hi = 0; hi < 0x200; ++hi) {
        for (std::uint32_t lo : {0u, 1u, 0x400000u, 0x7FFFFFu}) {
            const std::uint32_t bits = (hi << 23) | lo;
            if (!std::isnan(f32_from_bits(bits))) {
                EXPECT_EQ(bits, f32_bits(nan_filter(f32_from_bits(bits))));
            }
        }
    }
    EXPECT_EQ(std::numeric_limits<float>::infinity(),
              nan_filter(std::numeric_limits<float>::infinity()));
}

TEST(PeArith, LvsQvsVmulAgreeWithDoubleWithinTheirRoundings) {
    std::mt19937 rng(7);
    for (int i = 0; i < 200000; ++i) {
        const float a = operand(rng), b = operand(rng), x = operand(rng), y = operand(rng);
        const double lvs = double(a) * x + double(b) * y;
        EXPECT_LE(std::fabs(pe_lvs(a, b, x, y) - lvs),
                  u * std::fabs(lvs) + u * std::fabs(double(b) * y) * (1 + u));
        const double qvs = double(a) * x + double(b) * y * y;
        EXPECT_LE(std::fabs(pe_qvs(a, b, x, y) - qvs),
                  u * std::fabs(qvs) + (2 * u + u * u) * std::fabs(double(b) * y * y) * (1 + u));
        const double mul = double(x) * y;
        EXPECT_LE(std::fabs(pe_vmul(x, y) - mul), u * std::fabs(mul));
    }
}

TEST(PeArith, LvsIsFusedAndQvsMultipliesBByV2First) {
    const float a = 1.0f + std::ldexp(1.0f, -12);
    // a*a = 1 + 2^-11 + 2^-24 exactly; a separate product would round the 2^-24 away.
    EXPECT_EQ(std::ldexp(1.0f, -24), pe_lvs(a, -1.0f, a, 1.0f + std::ldexp(1.0f, -11)));
    // (b*v2)*v2 stays finite where v2*v2 = 2^140 would overflow.
    EXPECT_EQ(std::ldexp(1.0f, 40),
              pe_qvs(1.0f, std::ldexp(1.0f, -100), 0.0f, std::ldexp(1.0f, 70)));
}

TEST(PeArith, FiltersNaNOnBothInputs) {
    const float nan = f32_from_bits(0x7FC00000u);
    EXPECT_EQ(pe_lvs(2.0f, 3.0f, 1.5f, 1.5f), pe_lvs(2.0f, 3.0f, nan, nan));
    EXPECT_EQ(pe_qvs(2.0f, 3.0f, 1.5f, 1.5f), pe_qvs(2.0f, 3.0f, nan, nan));
    EXPECT_EQ(2.25f, pe_vmul(nan, nan));
    EXPECT_EQ(pe_isqrt(1.0f, 0.0f, 1.5f, {}), pe_isqrt(1.0f, 0.0f, nan, {}));
}

// Max relative error of fast_isqrt over a set of positive normal floats.
struct isqrt_error {
    double below = 0.0; // largest underestimate, as a positive number
    double above = 0.0; // largest overestimate
};

isqrt_error measure(unsigned iterations, std::uint32_t first, std::uint32_t last,
                    std::uint32_t stride) {
    isqrt_error e;
    for (std::uint64_t b = first; b < last; b += stride) {
        const float x = f32_from_bits(static_cast<std::uint32_t>(b));
        const double exact = 1.0 / std::sqrt(double(x));
        const double rel = (fast_isqrt(x, iterations) - exact) / exact;
        e.below = std::max(e.below, -rel);
        e.above = std::max(e.above, rel);
    }
    return e;
}

// Documented bounds (pe_arith.h), measured exhaustively over all positive normal floats.
constexpr double fast_bound[] = {3.438e-2, 1.7524e-3, 4.724e-6, 1.74e-7};

TEST(PeIsqrt, FastModeMeetsItsBoundOnTwoFullBinades) {
    // bits >> 1 pairs exponents, so [1, 4) holds every mantissa/exponent-parity case; outside
    // it the computation scales exactly by powers of two, except in the lowest binades where
    // h = x/2 is denormal (3 steps: the global max 1.74e-7 is there; [1, 4) reaches 1.3e-7).
    for (unsigned it = 0; it <= 3; ++it) {
        const isqrt_error e = measure(it, 0x3F800000u, 0x40800000u, 1);
        EXPECT_LE(e.below, fast_bound[it]) << it << " iterations";
        EXPECT_LE(e.above, fast_bound[it]) << it << " iterations";
        if (it <= 2) {
            EXPECT_GT(e.below, 0.9 * fast_bound[it]) << "bound is not tight for " << it;
        }
        if (it >= 1) {
            EXPECT_LE(e.above, 2e-7) << "Newton steps overestimate only by rounding";
        }
    }
}

TEST(PeIsqrt, FastModeMeetsItsBoundAcrossAllNormalExponents) {
    for (unsigned it = 0; it <= 3; ++it) {
        const isqrt_error e = measure(it, 0x00800000u, 0x7F800000u, 4099);
        EXPECT_LE(std::max(e.below, e.above), fast_bound[it]) << it << " iterations";
    }
}

TEST(PeIsqrt, ExactModeIsWithinTwoRoundings) {
    const isqrt_config exact{isqrt_mode::exact, 0};
    for (std::uint64_t b = 0x00800000u; b < 0x7F800000u; b += 997) {
        const float x = f32_from_bits(static_cast<std::uint32_t>(b));
        const double ref = 1.0 / std::sqrt(double(x));
        EXPECT_LE(std::fabs(pe_isqrt(1.0f, 0.0f, x, exact) - ref), 2 * u * ref) << x;
    }
    EXPECT_EQ(0.5f, pe_isqrt(1.0f, 0.0f, 4.0f, exact));
    EXPECT_EQ(std::numeric_limits<float>::infinity(), pe_isqrt(1.0f, 0.0f, 0.0f, exact));
}

TEST(PeIsqrt, ConstantRegisterPreAddsBeforeTheRoot) {
    const isqrt_config exact{isqrt_mode::exact, 0};
    EXPECT_EQ(0.5f, pe_isqrt(1.0f, 3.0f, 1.0f, exact));
    EXPECT_EQ(0.25f, pe_isqrt(2.0f, 8.0f, 4.0f, exact));
}

TEST(PeIsqrt, SpecialCasesAreTheDocumentedOnes) {
    EXPECT_EQ(0.0f, fast_isqrt(std::numeric_limits<float>::infinity(), 1));
    EXPECT_TRUE(std::isnan(fast_isqrt(-1.0f, 1)));
    EXPECT_TRUE(std::isnan(fast_isqrt(std::numeric_limits<float>::quiet_NaN(), 1)));
    EXPECT_EQ(f32_from_bits(isqrt_magic), fast_isqrt(0.0f, 0));
    EXPECT_EQ(1.5f * f32_from_bits(isqrt_magic), fast_isqrt(0.0f, 1));
    EXPECT_EQ(fast_isqrt(0.0f, 1), fast_isqrt(-0.0f, 1));
    EXPECT_NEAR(1.9818e19, fast_isqrt(0.0f, 1), 1e15);
    EXPECT_EQ(0.0f, 0.0f * fast_isqrt(0.0f, 4));
}

TEST(PeIsqrt, ConfigRefusesTooManyIterations) {
    EXPECT_NO_THROW((isqrt_config{isqrt_mode::fast, 4}.validate()));
    EXPECT_THROW((isqrt_config{isqrt_mode::fast, 5}.validate()), std::invalid_argument);
}

TEST(PeBytes, OperandsAreLittleEndianBinary32) {
    std::uint8_t p[4];
    store_f32(p, 1.0f);
    EXPECT_EQ(0x00, p[0]);
    EXPECT_EQ(0x00, p[1]);
    EXPECT_EQ(0x80, p[2]);
    EXPECT_EQ(0x3F, p[3]);
    EXPECT_EQ(1.0f, load_f32(p));
}

} // namespace
} // namespace osvp::odp
