#include "ssd.h"

#include "flash/die_breakdown.h"
#include "hal/memory_map.h"

#include <string>

namespace osvp {
ssd_device::ssd_device(const sc_core::sc_module_name& name, const ssd_config& config)
    : sc_module(name), frontend("frontend", config.nvme), m_config(config),
      m_firmware(config.firmware), m_bus("bus", config.controller.interconnect_latency),
      m_irqs("irq"), m_dram("dram", config.controller),
      m_isp("isp", config.controller, config.flash) {
    const flash_config& f = config.flash;
    for (unsigned k = 0; k < config.controller.cores; ++k) {
        m_cores.push_back(std::make_unique<fw_core>(
            ("core" + std::to_string(k)).c_str(), k, config.controller, m_irqs,
            [this](fw::hardware& h) { m_firmware.run(h); }, config.firmware.level));
        m_cores.back()->bus.bind(m_bus.from_initiators);
    }
    for (unsigned c = 0; c < f.channels; ++c) {
        m_channels.push_back(std::make_unique<channel_unit>(("ch" + std::to_string(c)).c_str(), f));
        flash_if_ctrl& fic = m_channels.back()->fic;
        fic.to_memory.bind(m_bus.from_initiators);
        fic.irq = [this, c](bool level) { m_irqs.set_line(fw::irq::fic_first + c, level); };
        fic.on_update = [this](time_ps start, time_ps end) {
            m_update_latency.record(end - start);
        };
    }
    m_isp.to_memory.bind(m_bus.from_initiators);
    m_isp.irq = [this](bool level) { m_irqs.set_line(fw::irq::isp, level); };
    frontend.to_memory.bind(m_bus.from_initiators);
    frontend.irq = [this](unsigned line, bool level) { m_irqs.set_line(line, level); };

    unsigned port = 0;
    m_bus.to_targets.bind(frontend.regs);
    m_bus.map(port++, fw::memory_map::nvme_fe_base, fw::memory_map::nvme_fe_size);
    for (unsigned c = 0; c < f.channels; ++c) {
        m_bus.to_targets.bind(m_channels[c]->fic.regs);
        m_bus.map(port++, fw::memory_map::fic(c), fw::memory_map::fic_stride);
    }
    m_bus.to_targets.bind(m_irqs.regs);
    m_bus.map(port++, fw::memory_map::irq_base, fw::memory_map::irq_size);
    m_bus.to_targets.bind(m_isp.regs);
    m_bus.map(port++, fw::memory_map::isp_base, fw::memory_map::isp_size);
    m_bus.to_targets.bind(m_dram.socket);
    m_bus.map(port++, fw::memory_map::dram_base, config.controller.dram_bytes);
}

nlohmann::json ssd_device::stats() const {
    nlohmann::json out;
    out["frontend"] = frontend.stats();
    out["dram"] = m_dram.stats();
    if (m_config.firmware.engine == fw::update_engine::controller) {
        out["isp"] = m_isp.stats();
    }
    for (unsigned k = 0; k < m_cores.size(); ++k) {
        out["cores"].push_back({{"busy_ps", m_cores[k]->busy_total()}});
    }
    for (const auto& unit : m_channels) {
        nlohmann::json ch = unit->bus.stats();
        ch["controller"] = unit->fic.stats();
        for (const auto& die : unit->dies) {
            nlohmann::json d = die->stats();
            d["breakdown"] = die_breakdown(die->behaviour().counters(), m_config.flash).to_json();
            ch["dies"].push_back(d);
        }
        out["channels"].push_back(ch);
    }
    const auto& ftl = m_firmware.flash().ftl().stats();
    out["ftl"] = {{"host_pages_written", ftl.host_pages_written},
                  {"gc_pages_moved", ftl.gc_pages_moved},
                  {"erases", ftl.erases},
                  {"write_amplification", ftl.write_amplification()},
                  {"gc_runs", m_firmware.flash().gc_runs()},
                  {"super_page_updates", m_firmware.flash().updates()},
                  {"unwritten_page_reads", m_firmware.flash().unwritten_reads()}};
    out["update_latency"] = m_update_latency.to_json();
    return out;
}

} // namespace osvp
