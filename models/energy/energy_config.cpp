#include "energy/energy_config.h"

#include <cmath>

namespace osvp {
namespace {

void check(const char* field, double value, double max, const char* unit) {
    if (!(std::isfinite(value) && value >= 0.0 && value <= max)) {
        throw config_error(std::string("energy.") + field + ": must be in [0, " +
                           std::to_string(max) + "] " + unit + ", got " + std::to_string(value));
    }
}

} // namespace

const char* to_string(die_idle_state state) {
    return state == die_idle_state::bus_idle ? "bus_idle" : "standby";
}

const char* to_string(pe_power_scope scope) {
    return scope == pe_power_scope::per_pe ? "per_pe" : "per_die";
}

void energy_config::validate() const {
    if (!(nand_voltage > 0.0 && nand_voltage <= 5.0)) {
        throw config_error("energy.nand_voltage: must be in (0, 5] V, got " +
                           std::to_string(nand_voltage));
    }
    check("nand_active_current", nand_active_current, 1.0, "A");
    check("nand_bus_idle_current", nand_bus_idle_current, 1.0, "A");
    check("nand_standby_current", nand_standby_current, 1.0, "A");
    check("nand_transfer_current", nand_transfer_current, 1.0, "A");
    check("channel_io_energy_per_bit", channel_io_energy_per_bit, 1e-9, "J");
    check("pe_power", pe_power, 10.0, "W");
    check("core_active_power", core_active_power, 100.0, "W");
    check("core_idle_power", core_idle_power, 100.0, "W");
    check("dram_background_power", dram_background_power, 100.0, "W");
    check("dram_read_energy_per_byte", dram_read_energy_per_byte, 1e-6, "J");
    check("dram_write_energy_per_byte", dram_write_energy_per_byte, 1e-6, "J");
    check("pcie_energy_per_bit", pcie_energy_per_bit, 1e-9, "J");
    if (core_idle_power > core_active_power) {
        throw config_error("energy.core_idle_power: must not exceed core_active_power (" +
                           std::to_string(core_active_power) + " W), got " +
                           std::to_string(core_idle_power) + " W");
    }
}

energy_config energy_config::from(const config_node& node) {
    energy_config c;
    c.nand_voltage = node.get_voltage("nand_voltage", "3.3 V");
    c.nand_active_current = node.get_current("nand_active_current", "25 mA");
    c.nand_bus_idle_current = node.get_current("nand_bus_idle_current", "5 mA");
    c.nand_standby_current = node.get_current("nand_standby_current", "10 uA");
    c.nand_transfer_current = node.get_current("nand_transfer_current", "25 mA");
    c.idle_state =
        node.get_choice("die_idle_state", "bus_idle", {"bus_idle", "standby"}) == "bus_idle"
            ? die_idle_state::bus_idle
            : die_idle_state::standby;
    c.channel_io_energy_per_bit = node.get_energy("channel_io_energy_per_bit", "14.4 pJ");
    c.pe_power = node.get_power("pe_power", "4.66 mW");
    c.pe_scope = node.get_choice("pe_power_scope", "per_pe", {"per_pe", "per_die"}) == "per_pe"
                     ? pe_power_scope::per_pe
                     : pe_power_scope::per_die;
    c.core_active_power = node.get_power("core_active_power", "475 mW");
    c.core_idle_power = node.get_power("core_idle_power", "47.5 mW");
    c.dram_background_power = node.get_power("dram_background_power", "306 mW");
    c.dram_read_energy_per_byte = node.get_energy("dram_read_energy_per_byte", "49 pJ");
    c.dram_write_energy_per_byte = node.get_energy("dram_write_energy_per_byte", "45.25 pJ");
    c.pcie_energy_per_bit = node.get_energy("pcie_energy_per_bit", "3.86 pJ");
    c.validate();
    return c;
}

} // namespace osvp
