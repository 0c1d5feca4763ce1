// The whole platform's configuration, read once from a config_tree (DRAMSys style: JSON ->
// typed structs with defaults and units -> const references into the module constructors).
// The built-in defaults are the paper's evaluated configuration (optimstore.md section 4).
#pragma once
#include "common/config.h"
#include "energy/energy_config.h"
#include "energy/host_cpu_config.h"
#include "host/host_config.h"
#include "host/training_config.h"
#include "host/workload.h"
#include "pcie/pcie_config.h"
#include "ssd.h"

#include <optional>

namespace osvp {

/// What the host runs: a block workload ("block") or in-storage optimizer steps
/// ("optimstore": the training driver against the drive's optimizer window).
enum class platform_mode { block, optimstore };

struct platform_config {
    platform_mode mode = platform_mode::optimstore;
    host_memory_config host_memory;
    nvme_driver_config driver;
    workload_config workload;
    std::optional<training_config> training;
    pcie_config pcie;
    ssd_config ssd;
    /// Power and energy figures of the energy report (section "energy").
    energy_config energy;
    /// The host CPU (section "host_cpu"): its powers price the host's share of the energy.
    host_cpu_config host_cpu;

    /// Reads every section and fails on keys nobody read (config_tree::check_all_used).
    static platform_config from(config_tree& tree);
};

} // namespace osvp
