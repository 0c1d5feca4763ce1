#include "energy/energy_model.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace osvp {
namespace {

double seconds(time_ps t) {
    return static_cast<double>(t) / static_cast<double>(ps_per_s);
}

void check_fits(const std::string& counter, time_ps busy, time_ps elapsed) {
    if (busy > elapsed) {
        throw std::invalid_argument("energy activity: " + counter + " = " + std::to_string(busy) +
                                    " ps exceeds elapsed = " + std::to_string(elapsed) +
                                    " ps; a busy time must lie within the run");
    }
}

} // namespace

energy_model::energy_model(const energy_config& energy, const host_cpu_config& host,
                           double channel_transfer_rate)
    : m_energy(energy), m_host(host), m_channel_rate(channel_transfer_rate) {
    m_energy.validate();
    m_host.validate();
    if (!(std::isfinite(channel_transfer_rate) && channel_transfer_rate > 0.0)) {
        throw std::invalid_argument("energy_model: channel_transfer_rate must be a positive "
                                    "number of bytes per second, got " +
                                    std::to_string(channel_transfer_rate));
    }
}

double energy_model::die_idle_current() const {
    return m_energy.idle_state == die_idle_state::bus_idle ? m_energy.nand_bus_idle_current
                                                           : m_energy.nand_standby_current;
}

energy_breakdown energy_model::evaluate(const energy_activity& a) const {
    energy_breakdown e;
    const double elapsed = seconds(a.elapsed);
    const double vcc = m_energy.nand_voltage;
    std::uint64_t channel_bytes = 0;
    for (std::size_t d = 0; d < a.dies.size(); ++d) {
        const die_energy_activity& die = a.dies[d];
        const std::string name = "dies[" + std::to_string(d) + "]";
        check_fits(name + ".array_busy", die.array_busy, a.elapsed);
        const double array = seconds(die.array_busy);
        const double transfer = static_cast<double>(die.transfer_bytes) / m_channel_rate;
        e.nand_array += array * vcc * m_energy.nand_active_current;
        e.nand_transfer += transfer * vcc * m_energy.nand_transfer_current;
        const double idle = elapsed - array - transfer;
        e.nand_idle += (idle > 0.0 ? idle : 0.0) * vcc * die_idle_current();
        channel_bytes += die.transfer_bytes;
        const double pe_power = m_energy.pe_scope == pe_power_scope::per_pe || die.pe_busy.empty()
                                    ? m_energy.pe_power
                                    : m_energy.pe_power / static_cast<double>(die.pe_busy.size());
        for (std::size_t p = 0; p < die.pe_busy.size(); ++p) {
            check_fits(name + ".pe_busy[" + std::to_string(p) + "]", die.pe_busy[p], a.elapsed);
            e.pe += pe_power * seconds(die.pe_busy[p]);
        }
    }
    e.channel_io = static_cast<double>(channel_bytes) * 8.0 * m_energy.channel_io_energy_per_bit;
    for (std::size_t c = 0; c < a.core_busy.size(); ++c) {
        check_fits("core_busy[" + std::to_string(c) + "]", a.core_busy[c], a.elapsed);
        e.core_active += seconds(a.core_busy[c]) * m_energy.core_active_power;
        e.core_idle += seconds(a.elapsed - a.core_busy[c]) * m_energy.core_idle_power;
    }
    e.dram_background = elapsed * m_energy.dram_background_power;
    e.dram_access = static_cast<double>(a.dram_read_bytes) * m_energy.dram_read_energy_per_byte +
                    static_cast<double>(a.dram_write_bytes) * m_energy.dram_write_energy_per_byte;
    e.pcie = static_cast<double>(a.pcie_bytes_to_device + a.pcie_bytes_to_host) * 8.0 *
             m_energy.pcie_energy_per_bit;
    check_fits("host_cpu_busy", a.host_cpu_busy, a.elapsed);
    e.host_cpu_active = seconds(a.host_cpu_busy) * m_host.active_power;
    e.host_cpu_idle = seconds(a.elapsed - a.host_cpu_busy) * m_host.idle_power;
    e.total = e.ssd() + e.pcie + e.host();
    return e;
}

} // namespace osvp
