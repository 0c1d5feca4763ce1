// FP32 datapath of one ODP processing element (OptimStore Sec. III-A: NaN filters on both inputs,
// subtract-shifter, two multipliers, one fused multiply-add). Every function is the whole
// pipeline for one element, inputs as they arrive from the cache registers, so NaN filtering is
// included. Operation order (each step rounds to binary32, round-to-nearest-even):
//   LVS   r = fmaf(a, f(v1), b * f(v2))                       mul, FMA
//   QVS   r = fmaf(a, f(v1), (b * f(v2)) * f(v2))             mul, mul, FMA
//   VMUL  r = f(v1) * f(v2)                                   mul
//   ISQRT x = fmaf(a, f(v1), b); r = isqrt(x)                 FMA, then see fast_isqrt
// where f is nan_filter. (a, b) is the selected constant register.
#pragma once
#include <cstdint>

namespace osvp::odp {

// ISQRT implementation: the paper's fast inverse square root, or an ideal 1.0f / sqrtf.
enum class isqrt_mode : std::uint8_t { fast, exact };

// ISQRT configuration. newton_iterations (fast mode, 0..4): default 1, because one pass of the
// paper's pipeline (shifter, mul, FMA, mul) is exactly one Newton-Raphson step; each further
// step is another pass. Max relative error over ALL positive normal floats, measured
// exhaustively: 0 -> 3.438e-2, 1 -> 1.7524e-3, 2 -> 4.724e-6, 3 -> 1.74e-7 (rounding-limited).
struct isqrt_config {
    isqrt_mode mode = isqrt_mode::fast;
    unsigned newton_iterations = 1;
    // Throws std::invalid_argument when newton_iterations > 4.
    void validate() const;
    // Pipeline passes of one ISQRT over an element: max(1, newton_iterations) in fast mode, 1 in
    // exact mode (every other vector command takes one).
    unsigned passes() const;
};

// Magic constant of the subtract-shifter: y0 = bits(magic - (bits(x) >> 1)).
constexpr std::uint32_t isqrt_magic = 0x5f3759df;

// Raw binary32 bit pattern of x and back.
std::uint32_t f32_bits(float x);
float f32_from_bits(std::uint32_t bits);

// Little-endian binary32 load/store at p (the byte order of operands in a page).
float load_f32(const std::uint8_t* p);
void store_f32(std::uint8_t* p, float x);

// NaN filter: if x decodes as NaN (exponent all ones, mantissa non-zero) the exponent MSB
// (bit 30) is cleared, giving sign * 1.mantissa * 2^0; sign and mantissa are kept. Every other
// value, infinities included, passes unchanged.
float nan_filter(float x);

// Fast inverse square root with `iterations` Newton steps y <- y * fmaf(-(h*y), y, 1.5f),
// h = 0.5f * x. Special cases [ours]: NaN -> NaN; x < 0 (not -0) -> quiet NaN; +inf -> +0;
// +-0 -> the estimate for bits 0 (1.3212e19 raw, 1.9818e19 after one step; finite, so
// 0 * ISQRT(0) = 0). Denormal x follow the bit trick unrenormalised (error up to ~100%).
float fast_isqrt(float x, unsigned iterations);

// The PE pipelines for one element, as documented above.
float pe_lvs(float a, float b, float v1, float v2);
float pe_qvs(float a, float b, float v1, float v2);
float pe_vmul(float v1, float v2);
float pe_isqrt(float a, float b, float v1, const isqrt_config& cfg);

} // namespace osvp::odp
