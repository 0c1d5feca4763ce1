// The host CPU of the paper's testbed, a Xeon Silver 4210R (optimstore.md section 4), running
// DeepSpeed's CPU Adam (key "host_cpu"). Throughput is scaled from a published CPU-Adam
// measurement by the rule of host_cpu_model; every default names its source or is [ours].
#pragma once
#include "common/config.h"
#include "common/sim_time.h"

namespace osvp {

struct host_cpu_config {
    /// Update threads: the 4210R's 10 physical cores (Intel ARK: 10 cores, 20 threads) [ours:
    /// one thread per core, as DeepSpeed's --bind_cores_to_rank pins them].
    unsigned threads = 10;
    /// Host DRAM peak bandwidth: 6 channels x DDR4-2400 x 8 B = 115.2 GB/s (Intel ARK: the
    /// 4210R supports 6 channels of DDR4 at most 2400 MT/s).
    double memory_bandwidth = 115.2e9;
    /// Reference CPU-Adam throughput in parameters per second: ZeRO-Offload (Ren et al., USENIX
    /// ATC 2021), CPU-Adam latency table: 10 billion parameters in 2.57 s -> 3.89e9 /s.
    double reference_rate = 3.89e9;
    /// Threads of that measurement: the DGX-2 host, 2 x 24-core Xeon Platinum 8168 [ours: all
    /// physical cores; the paper does not state the thread count].
    unsigned reference_threads = 48;
    /// Host DRAM peak bandwidth of that machine: 2 sockets x 6 channels x DDR4-2666 x 8 B.
    double reference_memory_bandwidth = 255.9e9;
    /// Fixed cost per chunk handed to the CPU optimizer [ours: one Python-to-C++ call and one
    /// OpenMP fork/join, order of magnitude 100 us; no measurement].
    time_ps chunk_overhead = 100 * ps_per_us;
    /// Package power while all threads update: PL1 = TDP = 100 W (Intel ARK), the sustained
    /// limit of an all-core load.
    double active_power = 100.0;
    /// Package power while the host waits for I/O [ours: 20 % of TDP, cores in C1 with the
    /// uncore, memory controller and PCIe root complex awake; no measurement found].
    double idle_power = 20.0;

    /// Throws config_error naming the field, the value and the allowed range.
    void validate() const;
    /// Reads the "host_cpu" section `node` (defaults above) and validates it.
    static host_cpu_config from(const config_node& node);
};

} // namespace osvp
