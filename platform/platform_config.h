// The whole platform's configuration, read once from a config_tree (DRAMSys style: JSON ->
// typed structs with defaults and units -> const references into the module constructors).
// The built-in defaults are the paper's evaluated configuration (optimstore.md section 4).
#pragma once
#include "common/config.h"
#include "energy/energy_config.h"
#include "energy/host_cpu_config.h"
#include "eval/gpu_config.h"
#include "host/block_trace.h"
#include "host/host_config.h"
#include "host/offload_config.h"
#include "host/replay_config.h"
#include "host/training_config.h"
#include "host/workload.h"
#include "mode_dispatch.h"
#include "pcie/pcie_config.h"
#include "ssd.h"

#include <optional>

namespace osvp {

struct platform_config {
    platform_mode mode = platform_mode::optimstore;
    host_memory_config host_memory;
    nvme_driver_config driver;
    workload_config workload;
    /// The "replay" section (read in every mode).
    replay_config replay;
    /// Replay mode: how the trace maps onto the block-device part of namespace 1, and what the
    /// whole trace amounts to (read at configuration time).
    trace_mapping replay_mapping;
    std::optional<trace_summary> replay_trace;
    /// Present in every mode that runs optimizer steps.
    std::optional<training_config> training;
    /// The host CPU's optimizer model (section "host_cpu"; baseline and cpu modes, bounds).
    host_cpu_config host_cpu;
    baseline_config baseline;
    cpu_mode_config cpu;
    pcie_config pcie;
    ssd_config ssd;
    /// Power and energy figures of the energy report (section "energy").
    energy_config energy;
    /// The GPU of the end-to-end iteration estimate (section "gpu"; training modes).
    gpu_config gpu;
    /// LBAs of namespace 1's block-device part (below the optimizer window).
    std::uint64_t block_lbas = 0;

    /// Reads every section and fails on keys nobody read (config_tree::check_all_used).
    static platform_config from(config_tree& tree);
};

} // namespace osvp
