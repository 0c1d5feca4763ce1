// The virtual platform: the host ("host": memory and NVMe driver), the PCIe link ("link") and
// the SSD ("ssd"), as top-level modules so hierarchical names read ssd.ch0.die3.
#pragma once
#include "energy_report.h"
#include "host_system.h"
#include "pcie/pcie_link.h"
#include "platform_config.h"
#include "ssd.h"

#include <nlohmann/json.hpp>

#include <vector>

namespace osvp {

class vp_top {
public:
    explicit vp_top(const platform_config& config);

    host_system host;
    pcie_link link;
    ssd_device ssd;

    /// Every module's statistics plus "energy" (energy_report.h), for --stats and the summary.
    nlohmann::json stats() const;

private:
    /// The modules' statistics at the current simulated time.
    nlohmann::json counters() const;
    /// The part of counters() that read_activity reads (time, link, SSD, host CPU busy), taken
    /// at every step's start and end: the host's per-step records grow with the run.
    nlohmann::json activity_counters() const;

    const platform_config& m_config;
    /// Activity at each optimizer step's start and end (training modes).
    std::vector<step_activity> m_steps;
};

} // namespace osvp
