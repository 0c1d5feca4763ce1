// Time of the host CPU's optimizer update (DeepSpeed CPU Adam and the same kernel shape for the
// other optimizers), from host_cpu_config.
#pragma once
#include "energy/host_cpu_config.h"
#include "energy/optimizer_kind.h"

#include <cstdint>

namespace osvp {

/// Scaling rule [ours]. At the reference CPU-Adam moves about 3.89e9 x 28 B = 109 GB/s, 43 % of
/// the reference machine's peak DRAM bandwidth, and uses a small share of its AVX-512 compute,
/// so the kernel is bandwidth-bound and no clock or SIMD-width factor is applied (both CPUs are
/// AVX-512 Skylake-family cores). Adam rate = min(threads x reference_rate / reference_threads,
/// reference_rate x memory_bandwidth / reference_memory_bandwidth): a thread runs no faster than
/// a reference thread, and the whole CPU no faster than its DRAM allows. Other optimizers run
/// at the Adam rate x 28 B / update_bytes_per_parameter (bytes touched, the bandwidth-bound
/// cost). Default 4210R: min(10 x 81.0e6, 3.89e9 x 0.450) = 0.810e9 Adam parameters/s.
class host_cpu_model {
public:
    /// Validates `config` (config_error).
    explicit host_cpu_model(const host_cpu_config& config);

    /// Parameters per second the CPU updates for `kind`.
    double params_per_second(optimizer_kind kind) const;
    /// Time to update `parameters` handed over in chunks of `chunk_parameters`:
    /// ceil(parameters / chunk) x chunk_overhead + parameters / rate, rounded up to whole ps.
    /// std::invalid_argument for a zero chunk.
    time_ps update_time(std::uint64_t parameters, std::uint64_t chunk_parameters,
                        optimizer_kind kind) const;
    /// Package power while updating, W.
    double active_power() const { return m_config.active_power; }
    /// Package power while waiting, W.
    double idle_power() const { return m_config.idle_power; }
    const host_cpu_config& config() const { return m_config; }

private:
    host_cpu_config m_config;
};

} // namespace osvp
