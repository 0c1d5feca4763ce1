// Closed-form lower bounds on the time of one optimizer step for each evaluated system: the
// time each resource needs for the step's traffic and work if nothing else limited it; the
// step takes at least the largest of them (the bottleneck).
#pragma once
#include "common/sim_time.h"
#include "eval/step_traffic.h"
#include "flash/flash_config.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace osvp {

/// Throughputs and timings the bounds are computed from, as plain numbers (bytes per second,
/// picoseconds); the caller derives them from the configurations in force.
struct system_rates {
    /// Effective PCIe payload bandwidth per direction (e.g. pcie_math::
    /// effective_bytes_per_second, or the paper's 7.3 GB/s).
    double pcie_bytes_per_s = 0;
    /// PCIe links are full duplex (PCIe Base 4.0, 4.2): the two directions are separate
    /// resources. False charges both directions to one "pcie" resource.
    bool pcie_full_duplex = true;
    unsigned channels = 0;
    /// Bytes per second of one channel (8-bit NV-DDR3: the transfer rate).
    double channel_bytes_per_s = 0;
    unsigned dies = 0;
    unsigned planes_per_die = 0;
    std::uint32_t page_bytes = 0;
    time_ps t_read = 0;
    time_ps t_prog = 0;
    time_ps t_reg_copy = 0;
    /// FP32 elements per second of one PE (interface rate / beats per element).
    double pe_elements_per_s = 0;
    /// Pipeline passes of one ISQRT over an element (odp::isqrt_config::passes).
    unsigned isqrt_passes = 1;
    /// Host CPU update rate for the step's optimizer (host_cpu_model::params_per_second).
    double host_cpu_params_per_s = 0;
    /// SSD DRAM peak bandwidth (controller_config::dram_bandwidth).
    double ssd_dram_bytes_per_s = 0;
    /// C-ISP compute rate, parameters per second of the updating core or engine.
    double controller_params_per_s = 0;

    /// Fills channels, dies, planes, page size, array timings and PE rate from `flash`; the
    /// other fields stay 0 for the caller to set.
    static system_rates from_flash(const flash_config& flash);
};

/// One super-page update on a die (optimstore.md section 3, steps 2-8): PE passes and
/// cache/data register copies in sequence, and the element operations per parameter. Copies
/// on different planes in the same step run concurrently and count once [ours].
struct odp_sequence {
    unsigned pe_passes = 0;
    unsigned reg_copies = 0;
    /// Vector-command element operations per parameter (LVS, QVS, ISQRT, VMUL each count 1).
    unsigned element_ops = 0;
    /// ISQRT commands among the passes (each takes isqrt_passes pipeline passes).
    unsigned isqrt_commands = 0;
};

/// Adam {4 passes (LVS+QVS together, ISQRT, VMUL, LVS), 3 copies (RCACHE M,V; PCACHE M,V +
/// RCACHE W; PCACHE W), 5 ops} from the paper; momentum {2, 3, 2} and Adagrad {4, 4, 4}
/// [ours: momentum LVS M, LVS W; Adagrad QVS A, ISQRT, VMUL with G, LVS W, with RCACHE A,
/// PCACHE A, RCACHE W, PCACHE W in sequence because VMUL needs G in the W plane's cache
/// register].
/// With `isqrt_passes` > 1 (odp::isqrt_config::passes, Newton iterations of the fast inverse
/// square root) each ISQRT adds isqrt_passes - 1 passes and element operations.
odp_sequence default_odp_sequence(optimizer_kind kind, unsigned isqrt_passes = 1);

/// The step to bound.
struct step_workload {
    std::uint64_t parameters = 0;
    traffic_options traffic;
    /// OptimStore per-die time of one super-page update without the gradient's channel
    /// transfer (which the array read hides); 0 computes it here as
    /// t_read + copies x t_reg_copy + passes x (page / 4) / pe_rate + t_prog.
    time_ps optimstore_super_page_time = 0;
};

struct resource_time {
    std::string resource;
    time_ps time = 0;
};

/// The bound of one mode with everything it was computed from.
struct step_bound {
    step_mode mode = step_mode::optimstore;
    std::uint64_t parameters = 0;
    step_traffic traffic;
    std::vector<resource_time> resources;
    time_ps bound = 0;
    /// Resource with the largest time (the first listed on a tie).
    std::string bottleneck;

    nlohmann::json to_json() const;
};

/// Resources per mode (times rounded up to whole ps):
///  pcie_to_device / pcie_to_host (or pcie): bytes x N / pcie_bytes_per_s;
///  channels: channel bytes x N / (channels x channel_bytes_per_s);
///  die_array (BL, C-ISP, DS): (pages read x N x t_read + pages programmed x N x t_prog)
///    / (dies x planes), multi-plane operations on all planes at once;
///  die_compute (DS): N x element_ops / (dies x planes x pe_elements_per_s), DeepStore units
///    as fast as OptimStore's PEs, one per plane [ours];
///  die_sequence (OS): ceil(ceil(N x 4 / page) / dies) super-pages on the busiest die x
///    (super-page time + t_read of the weight read-back, one plane);
///  ssd_dram: DRAM bytes x N / ssd_dram_bytes_per_s;
///  host_cpu (BL, CPU): N / host_cpu_params_per_s;  controller (C-ISP): N /
///  controller_params_per_s.
/// std::invalid_argument naming the field when a rate the mode needs is not positive.
step_bound compute_step_bound(step_mode mode, const system_rates& rates,
                              const step_workload& workload);

} // namespace osvp
