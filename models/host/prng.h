// Deterministic pseudo-random numbers for workloads and data patterns: SplitMix64 (Steele, Lea,
// Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014), independent of the
// standard library's unspecified distributions so results are identical everywhere.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

namespace osvp {

/// SplitMix64 finaliser: a bijective 64-bit mix, usable as a stateless hash.
constexpr std::uint64_t mix64(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/// SplitMix64 generator; the same seed always yields the same sequence.
class splitmix64 {
public:
    explicit splitmix64(std::uint64_t seed) : m_state(seed) {}

    std::uint64_t next() {
        m_state += 0x9E3779B97F4A7C15ull;
        return mix64(m_state);
    }
    /// Uniform integer in [0, bound) without modulo bias (rejection sampling); bound > 0.
    std::uint64_t below(std::uint64_t bound) {
        if (bound == 0) {
            throw std::invalid_argument("splitmix64::below: bound must be positive, got 0");
        }
        const std::uint64_t reject_under = (0 - bound) % bound;
        for (;;) {
            const std::uint64_t x = next();
            if (x >= reject_under) {
                return x % bound;
            }
        }
    }
    /// Uniform double in [0, 1) with 53 random bits.
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

private:
    std::uint64_t m_state;
};

} // namespace osvp
