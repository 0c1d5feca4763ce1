// The virtual platform: the host ("host": memory and NVMe driver), the PCIe link ("link") and
// the SSD ("ssd"), as top-level modules so hierarchical names read ssd.ch0.die3.
#pragma once
#include "host_system.h"
#include "pcie/pcie_link.h"
#include "platform_config.h"
#include "ssd.h"

#include <nlohmann/json.hpp>

namespace osvp {

class vp_top {
public:
    explicit vp_top(const platform_config& config);

    host_system host;
    pcie_link link;
    ssd_device ssd;

    nlohmann::json stats() const;
};

} // namespace osvp
