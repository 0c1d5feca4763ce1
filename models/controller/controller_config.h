// Configuration of the SSD controller SoC (key "controller"): firmware cores, interconnect, SSD
// DRAM. Table II gives 3 ARM Cortex-A9 cores and 4 GB DDR4-1600; what it leaves open is marked.
#pragma once
#include "common/config.h"
#include "common/sim_time.h"

#include <cstdint>

namespace osvp {

struct controller_config {
    unsigned cores = 3;
    /// Core clock [open in the paper; ours: 1 GHz, a common Cortex-A9 SoC clock].
    double core_clock_hz = 1e9;
    /// Local-time quantum of a core (temporal decoupling) before it synchronises.
    time_ps quantum = 1'000'000;
    /// One hop through the on-chip interconnect [ours: 10 ns].
    time_ps interconnect_latency = 10'000;
    std::uint64_t dram_bytes = 4ull << 30;
    /// DDR4-1600 (Table II); bus width [open; ours: 64 bit] -> 12.8 GB/s peak.
    double dram_transfer_rate = 1.6e9;
    unsigned dram_bus_bits = 64;
    /// First-word latency of an SSD DRAM access [ours: 50 ns].
    time_ps dram_latency = 50'000;

    /// C-ISP engine (key "isp"): core clock cycles per FP32 element per ODC pass. Default 0.5
    /// [ours, from ARM Cortex-A9 NEON: a 4-lane FP32 quadword multiply(-accumulate) issues every
    /// 2 cycles on its 64-bit datapath (Cortex-A9 NEON MPE TRM, instruction timing), so 2
    /// elements per cycle; loads and stores are charged separately as SSD DRAM traffic].
    double isp_cycles_per_element = 0.5;

    double dram_bandwidth() const { return dram_transfer_rate * dram_bus_bits / 8.0; }
    time_ps cycles(std::uint64_t n) const {
        return static_cast<time_ps>(static_cast<double>(n) * 1e12 / core_clock_hz + 0.5);
    }

    static controller_config from(const config_node& node);
};

} // namespace osvp
