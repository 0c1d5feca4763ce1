#include "optim/fp16.h"

namespace osvp::fw {

namespace {

constexpr std::uint32_t f32_exponent_mask = 0x7F800000u;
constexpr std::uint32_t f32_mantissa_mask = 0x007FFFFFu;
constexpr std::uint32_t f32_half_overflow = 0x477FF000u;   // 65520.0f: ties up to 2^16
constexpr std::uint32_t f32_half_min_normal = 0x38800000u; // 2^-14
constexpr std::uint32_t rebias = (127u - 15u) << 10;
constexpr std::uint16_t half_inf = 0x7C00u;
constexpr std::uint16_t half_quiet_bit = 0x0200u;

// Shifts `mantissa` right by `shift` (1..31) rounding to nearest, ties to even.
std::uint32_t shift_round_even(std::uint32_t mantissa, unsigned shift) {
    const std::uint32_t kept = mantissa >> shift;
    const std::uint32_t rest = mantissa & ((1u << shift) - 1u);
    const std::uint32_t half = 1u << (shift - 1u);
    return kept + ((rest > half || (rest == half && (kept & 1u))) ? 1u : 0u);
}

} // namespace

std::uint16_t fp32_to_fp16(float value) {
    const std::uint32_t bits = float_bits(value);
    const auto sign = static_cast<std::uint16_t>((bits >> 16) & 0x8000u);
    const std::uint32_t magnitude = bits & 0x7FFFFFFFu;
    if (magnitude > f32_exponent_mask) {
        const auto payload = static_cast<std::uint16_t>((magnitude & f32_mantissa_mask) >> 13);
        return sign | half_inf | (payload ? payload : half_quiet_bit);
    }
    if (magnitude >= f32_half_overflow) {
        return sign | half_inf;
    }
    if (magnitude >= f32_half_min_normal) {
        return sign | static_cast<std::uint16_t>(shift_round_even(magnitude, 13) - rebias);
    }
    const std::uint32_t exponent = magnitude >> 23;
    const unsigned shift = 126u - exponent; // half subnormal unit is 2^-24
    if (exponent == 0 || shift > 24u) {
        return sign;
    }
    const std::uint32_t mantissa = (magnitude & f32_mantissa_mask) | 0x00800000u;
    return sign | static_cast<std::uint16_t>(shift_round_even(mantissa, shift));
}

float fp16_to_fp32(std::uint16_t half) {
    const std::uint32_t sign = static_cast<std::uint32_t>(half & 0x8000u) << 16;
    const std::uint32_t exponent = (half >> 10) & 0x1Fu;
    std::uint32_t mantissa = half & 0x3FFu;
    if (exponent == 0x1Fu) {
        return bits_float(sign | f32_exponent_mask | (mantissa << 13));
    }
    if (exponent != 0) {
        return bits_float(sign | ((exponent + 112u) << 23) | (mantissa << 13));
    }
    if (mantissa == 0) {
        return bits_float(sign);
    }
    std::uint32_t f32_exponent = 113u; // 2^-14 before normalisation
    while ((mantissa & 0x400u) == 0) {
        mantissa <<= 1;
        --f32_exponent;
    }
    return bits_float(sign | (f32_exponent << 23) | ((mantissa & 0x3FFu) << 13));
}

} // namespace osvp::fw
