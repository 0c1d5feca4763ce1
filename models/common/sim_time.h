// Simulated time for plain-C++ code (no SystemC include): integer picoseconds, the SystemC
// default time resolution, so conversions to sc_time are exact.
#pragma once
#include <cstdint>

namespace osvp {

using time_ps = std::uint64_t;

constexpr time_ps ps_per_ns = 1000;
constexpr time_ps ps_per_us = 1000 * ps_per_ns;
constexpr time_ps ps_per_ms = 1000 * ps_per_us;
constexpr time_ps ps_per_s = 1000 * ps_per_ms;

} // namespace osvp
