#include "flash/odp/pe_arith.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

namespace osvp::odp {

void isqrt_config::validate() const {
    if (newton_iterations > 4) {
        throw std::invalid_argument("isqrt newton_iterations " + std::to_string(newton_iterations) +
                                    " out of range (allowed 0..4)");
    }
}

unsigned isqrt_config::passes() const {
    return mode == isqrt_mode::fast && newton_iterations > 1 ? newton_iterations : 1;
}

std::uint32_t f32_bits(float x) {
    std::uint32_t u;
    std::memcpy(&u, &x, sizeof u);
    return u;
}

float f32_from_bits(std::uint32_t bits) {
    float x;
    std::memcpy(&x, &bits, sizeof x);
    return x;
}

float load_f32(const std::uint8_t* p) {
    return f32_from_bits(static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
                         static_cast<std::uint32_t>(p[2]) << 16 |
                         static_cast<std::uint32_t>(p[3]) << 24);
}

void store_f32(std::uint8_t* p, float x) {
    const std::uint32_t u = f32_bits(x);
    for (int i = 0; i < 4; ++i) {
        p[i] = static_cast<std::uint8_t>(u >> (8 * i));
    }
}

float nan_filter(float x) {
    const std::uint32_t u = f32_bits(x);
    const bool is_nan = (u & 0x7F800000u) == 0x7F800000u && (u & 0x007FFFFFu) != 0;
    return is_nan ? f32_from_bits(u & ~0x40000000u) : x;
}

float fast_isqrt(float x, unsigned iterations) {
    if (std::isnan(x) || (x < 0.0f)) {
        return std::numeric_limits<float>::quiet_NaN();
    }
    if (std::isinf(x)) {
        return 0.0f;
    }
    const float h = 0.5f * x;
    float y = f32_from_bits(isqrt_magic - ((f32_bits(x) & 0x7FFFFFFFu) >> 1));
    for (unsigned i = 0; i < iterations; ++i) {
        const float t = h * y;
        y = y * std::fmaf(-t, y, 1.5f);
    }
    return y;
}

float pe_lvs(float a, float b, float v1, float v2) {
    return std::fmaf(a, nan_filter(v1), b * nan_filter(v2));
}

float pe_qvs(float a, float b, float v1, float v2) {
    const float g = nan_filter(v2);
    return std::fmaf(a, nan_filter(v1), (b * g) * g);
}

float pe_vmul(float v1, float v2) {
    return nan_filter(v1) * nan_filter(v2);
}

float pe_isqrt(float a, float b, float v1, const isqrt_config& cfg) {
    const float x = std::fmaf(a, nan_filter(v1), b);
    if (cfg.mode == isqrt_mode::exact) {
        return 1.0f / std::sqrt(x);
    }
    return fast_isqrt(x, cfg.newton_iterations);
}

} // namespace osvp::odp
