// Power and energy figures of the SSD and of the host link (key "energy"). NAND figures are the
// paper's Table II (optimstore.md section 4); every other default names its source or is marked
// [ours] with the reasoning. Units: volts, amperes, watts, joules.
#pragma once
#include "common/config.h"

#include <string>

namespace osvp {

/// What a die draws while its array is not busy and it is not transferring data.
enum class die_idle_state {
    /// Bus-idle current (CE# asserted, no operation): every die of the SSD is addressed all the
    /// time during an optimizer step, so this is the default [ours, the upper estimate].
    bus_idle,
    /// Standby current (CE# high): the lower estimate.
    standby,
};

/// Whether the paper's PE power (4.66 mW, optimstore.md section 3) is per PE or per die.
enum class pe_power_scope {
    /// Each plane's PE draws the full figure while busy [ours: the default, the upper estimate].
    per_pe,
    /// The figure covers a die's PEs together: each PE draws figure / planes_per_die while busy.
    per_die,
};

struct energy_config {
    /// NAND supply VCC (Table II: 3.3 V).
    double nand_voltage = 3.3;
    /// Die current while its array reads, programs or erases (Table II: 25 mA).
    double nand_active_current = 25e-3;
    /// Die current when selected without an operation (Table II: 5 mA "bus idle").
    double nand_bus_idle_current = 5e-3;
    /// Die current when deselected (Table II: 10 uA standby).
    double nand_standby_current = 10e-6;
    /// VCC current of a die during its own data-in/data-out cycles [ours: Table II's active
    /// 25 mA; ONFI-era datasheets list I/O burst currents of the order of the array currents].
    double nand_transfer_current = 25e-3;
    die_idle_state idle_state = die_idle_state::bus_idle;
    /// VCCQ energy per bit moved on a channel: 0.5 x C x VCCQ^2 with VCCQ = 1.2 V (ONFI
    /// NV-DDR3) and C = 20 pF of pad and trace load [ours: order-of-magnitude load, no
    /// measured NV-DDR3 figure found] -> 14.4 pJ/bit.
    double channel_io_energy_per_bit = 14.4e-12;
    /// On-die PE power while busy (paper: 4.66 mW, 65 nm synthesis).
    double pe_power = 4.66e-3;
    pe_power_scope pe_scope = pe_power_scope::per_pe;
    /// Cortex-A9 core power while busy: ARM's TSMC 40G hard macro, dual core, 10k DMIPS at
    /// 2 GHz dissipating 1.9 W (ARM's figure as quoted by ITProPortal, 2012-05-05, "TSMC pushes
    /// Cortex-A9 chip to 3.1GHz"; checked) -> 0.95 W per core at 2 GHz, scaled linearly to the
    /// controller's 1 GHz clock [ours: frequency-only scaling, voltage unchanged].
    double core_active_power = 0.475;
    /// Core power while waiting (WFI, clock-gated) [ours: 10 % of active, leakage only].
    double core_idle_power = 0.0475;
    /// SSD DRAM background power: Micron 4 GB x64 DDR4 UDIMM of four 8 Gb x16 dies
    /// (MTA4ATF51264AZ data sheet atf4c512x64az Rev. B 8/16, Table 13, die revision B, module
    /// totals, DDR4-2400 column, the slowest published; checked): IDD3N 188 mA x 1.2 V +
    /// IPP3N 12 mA x 2.5 V + refresh (IDD5B 1120 - IDD3N 188 mA) x 1.2 V x tRFC 350 ns /
    /// tREFI 7.8 us (JEDEC DDR4 8 Gb) = 0.306 W.
    double dram_background_power = 0.306;
    /// SSD DRAM energy per byte read: (IDD4R 972 - IDD3N 188 mA) x 1.2 V / 19.2 GB/s (same
    /// module) = 49 pJ/B; I/O termination is not included.
    double dram_read_energy_per_byte = 49e-12;
    /// SSD DRAM energy per byte written: (IDD4W 912 - IDD3N 188 mA) x 1.2 V / 19.2 GB/s.
    double dram_write_energy_per_byte = 45.25e-12;
    /// PCIe energy per bit moved: 1.93 pJ/bit of a PCIe Gen4 PHY transmitter at 16 Gb/s
    /// including interface, bias and BIST (Bae, Cho, Jeong, Electronics 10(1):68, 2021,
    /// doi:10.3390/electronics10010068, 28 nm; checked) plus an equal receiver share [ours]
    /// = 3.86 pJ/bit.
    double pcie_energy_per_bit = 3.86e-12;

    /// Throws config_error naming the field, the value and the allowed range.
    void validate() const;
    /// Reads the "energy" section `node` (defaults above) and validates it.
    static energy_config from(const config_node& node);
};

const char* to_string(die_idle_state state);
const char* to_string(pe_power_scope scope);

} // namespace osvp
