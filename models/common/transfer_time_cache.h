// A small memo of transfer_time (units.h) at one fixed rate. Hot paths (the PCIe link, the SSD
// DRAM port) ask for the same few sizes millions of times; the cached value is the exact result
// of transfer_time, so simulated times are unchanged.
#pragma once
#include "common/units.h"

#include <array>
#include <cstdint>

namespace osvp {

/// transfer_time(units, rate) for one `rate` (units per second), remembered per size in a
/// direct-mapped table of 8 entries indexed by a Fibonacci hash (sizes are mostly multiples of
/// 8, so the low bits alone would collide) [ours].
class transfer_time_cache {
public:
    explicit transfer_time_cache(double rate_per_s) : m_rate(rate_per_s) {}

    /// Exactly transfer_time(units, rate) in ps.
    time_ps operator()(std::uint64_t units) const {
        entry& e = m_entries[(units * 0x9E3779B97F4A7C15ull) >> 61];
        if (!e.valid || e.units != units) {
            e = {units, transfer_time(units, m_rate), true};
        }
        return e.time;
    }

private:
    struct entry {
        std::uint64_t units = 0;
        time_ps time = 0;
        bool valid = false;
    };
    double m_rate;
    mutable std::array<entry, 8> m_entries{};
};

} // namespace osvp
