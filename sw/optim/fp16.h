// IEEE 754 binary16 <-> binary32 conversion, shared by the host's mixed-precision path
// (OptimStore section 2: the GPU produces FP16 gradients, the host casts them to FP32) and the
// firmware's FP16 weight read-back (hal/optimstore_if.h). Bit-exact and independent of the
// floating-point unit it runs on.
#pragma once
#include <cstdint>
#include <cstring>

namespace osvp::fw {

// Rounds to nearest, ties to even. Magnitudes >= 65520 become +-inf, values below the half
// subnormal range round to +-0 (sign kept). NaN stays NaN with the top 10 payload bits kept; a NaN
// whose kept payload would be zero becomes the quiet NaN 0x7E00 (with its sign).
std::uint16_t fp32_to_fp16(float value);

// Exact widening: every binary16 value, including subnormals, +-inf and NaN payloads, maps to the
// binary32 value with the same meaning; fp32_to_fp16(fp16_to_fp32(h)) == h for every h.
float fp16_to_fp32(std::uint16_t half);

inline std::uint32_t float_bits(float value) {
    std::uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    return bits;
}

inline float bits_float(std::uint32_t bits) {
    float value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
}

} // namespace osvp::fw
