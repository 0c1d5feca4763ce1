// The SSD: NVMe front end, controller SoC (firmware cores, interconnect, interrupt controller,
// DRAM, one flash interface controller per channel) and the flash array (channels and dies).
// It owns every part as a member and binds them in its constructor; instance names equal the
// member names, so "ssd.ch3.die5" is both a trace scope and a statistics key.
#pragma once
#include "channel_unit.h"
#include "controller/controller_config.h"
#include "controller/dram.h"
#include "controller/fw_core.h"
#include "controller/interconnect.h"
#include "controller/irq_controller.h"
#include "controller/isp_engine.h"
#include "fw/firmware.h"
#include "host/latency_stats.h"
#include "nvme/nvme_config.h"
#include "nvme/nvme_frontend.h"

#include <nlohmann/json.hpp>
#include <systemc>

#include <memory>
#include <vector>

namespace osvp {

struct ssd_config {
    flash_config flash;
    controller_config controller;
    nvme_config nvme;
    fw::firmware_config firmware;
};

class ssd_device : public sc_core::sc_module {
public:
    ssd_device(const sc_core::sc_module_name& name, const ssd_config& config);

    nvme_frontend frontend;

    nlohmann::json stats() const;
    const fw::firmware& firmware() const { return m_firmware; }
    const ssd_config& config() const { return m_config; }
    const channel_unit& channel(unsigned c) const { return *m_channels[c]; }
    const fw_core& core(unsigned k) const { return *m_cores[k]; }
    /// Mutable access for installing observers (tracing) before the simulation starts.
    channel_unit& channel(unsigned c) { return *m_channels[c]; }
    fw_core& core(unsigned k) { return *m_cores[k]; }
    unsigned channel_count() const { return static_cast<unsigned>(m_channels.size()); }
    unsigned core_count() const { return static_cast<unsigned>(m_cores.size()); }

private:
    const ssd_config& m_config;
    fw::firmware m_firmware;
    interconnect m_bus;
    irq_controller m_irqs;
    dram m_dram;
    isp_engine m_isp;
    std::vector<std::unique_ptr<fw_core>> m_cores;
    std::vector<std::unique_ptr<channel_unit>> m_channels;
    latency_stats m_update_latency; ///< per super-page update, all channels
};

} // namespace osvp
