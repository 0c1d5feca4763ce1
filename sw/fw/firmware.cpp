#include "fw/firmware.h"

#include "ftl/page_ftl.h"

#include <stdexcept>

namespace osvp::fw {

std::uint64_t firmware::user_lbas_of(const firmware_config& config) {
    const page_ftl probe(config.geometry, config.split, config.ftl);
    return probe.logical_pages() * (config.geometry.page_bytes / config.lba_bytes);
}

firmware::firmware(const firmware_config& config)
    : m_config(config), m_user_lbas(user_lbas_of(m_config)), m_namespace_lbas(0), m_host_core(0),
      m_flash_core(m_config.cores > 1 ? 1 : 0), m_optimizer(m_config, m_user_lbas),
      m_to_flash(m_flash_core), m_to_host(m_host_core),
      m_host(m_config, m_optimizer, m_user_lbas + m_optimizer.window_lbas(), m_to_host, m_to_flash),
      m_flash(m_config, m_optimizer, m_to_flash, m_to_host) {
    m_namespace_lbas = m_user_lbas + m_optimizer.window_lbas();
    if (m_config.lba_bytes == 0 || m_config.geometry.page_bytes % m_config.lba_bytes != 0) {
        throw std::invalid_argument("firmware: the LBA size (" +
                                    std::to_string(m_config.lba_bytes) +
                                    " B) must divide the flash page size (" +
                                    std::to_string(m_config.geometry.page_bytes) + " B)");
    }
}

void firmware::run(hardware& h) {
    const unsigned core = h.core_id();
    std::uint64_t lines = irq::bit(irq::ipi_first + core);
    if (core == m_host_core) {
        lines |= irq::bit(irq::nvme_command) | irq::bit(irq::nvme_dma);
    }
    if (core == m_flash_core) {
        for (unsigned c = 0; c < m_config.geometry.channels; ++c) {
            lines |= irq::bit(irq::fic_first + c);
        }
        if (m_config.engine == update_engine::controller) {
            lines |= irq::bit(irq::isp);
        }
    }
    h.log(log_level::info, "core " + std::to_string(core) + " started");
    while (true) {
        const std::uint64_t pending = h.wait_irq(lines);
        if (pending & irq::bit(irq::ipi_first + core)) {
            h.write32(memory_map::irq_base + irq::reg_ack, core);
            if (core == m_host_core) {
                m_host.on_pages_done(h);
            }
            if (core == m_flash_core) {
                m_flash.on_requests(h);
            }
        }
        if (pending & irq::bit(irq::nvme_command)) {
            m_host.on_commands(h);
        }
        if (pending & irq::bit(irq::nvme_dma)) {
            m_host.on_dma(h);
        }
        if (pending & irq::bit(irq::isp)) {
            m_flash.on_isp(h);
        }
        for (unsigned c = 0; c < m_config.geometry.channels; ++c) {
            if (pending & irq::bit(irq::fic_first + c)) {
                m_flash.on_flash(h, c);
            }
        }
    }
}

std::string firmware::describe() const {
    return m_host.describe() + m_flash.describe();
}

} // namespace osvp::fw
