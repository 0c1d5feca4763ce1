// What the platform measured during a run (the input of energy_model) and the energy it cost
// (the output). Times are integer picoseconds (common/sim_time.h), energies joules.
#pragma once
#include "common/sim_time.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <vector>

namespace osvp {

/// Activity of one NAND die.
struct die_energy_activity {
    /// Time the die reported busy on R/B# for array or register work: tR, tPROG, tBERS and
    /// cache/data register copies. PE passes are not array time (optimstore.md section 3: the
    /// array is idle during an on-die computation); they go in `pe_busy`.
    time_ps array_busy = 0;
    /// Data bytes the die sent or received on its channel (data cycles only).
    std::uint64_t transfer_bytes = 0;
    /// Busy time of each plane's PE, one entry per plane (empty for a die without PEs).
    std::vector<time_ps> pe_busy;
};

/// Activity counters of one run (or of one optimizer step), filled by the platform.
struct energy_activity {
    /// Simulated time the run covers; every busy time below must fit in it.
    time_ps elapsed = 0;
    std::vector<die_energy_activity> dies;
    /// Busy time of each controller core; in C-ISP the ISP engine is one more core, busy while
    /// it computes (optimstore.md section 5: "an extra controller core"; its DRAM loads and
    /// stores are priced as DRAM accesses).
    std::vector<time_ps> core_busy;
    std::uint64_t dram_read_bytes = 0;
    std::uint64_t dram_write_bytes = 0;
    /// PCIe bytes host -> SSD and SSD -> host (wire bytes when the link reports them).
    std::uint64_t pcie_bytes_to_device = 0;
    std::uint64_t pcie_bytes_to_host = 0;
    /// Wall time the host CPU spends updating parameters (all its threads busy).
    time_ps host_cpu_busy = 0;

    /// The activity between `earlier` and this snapshot of the same platform's cumulative
    /// counters (every field this minus earlier). std::invalid_argument when the shapes differ
    /// or a counter of `earlier` is larger (not an earlier snapshot).
    energy_activity since(const energy_activity& earlier) const;
    /// Totals over dies and PEs: {"elapsed_ps", "array_busy_ps", "transfer_bytes",
    /// "pe_busy_ps", "core_busy_ps" (per core), "dram_read_bytes", "dram_write_bytes",
    /// "pcie_bytes_to_device", "pcie_bytes_to_host", "host_cpu_busy_ps"}.
    nlohmann::json to_json() const;
};

/// Energy per component in joules. `total` is the sum of every other field.
struct energy_breakdown {
    double nand_array = 0;
    double nand_transfer = 0;
    double nand_idle = 0;
    double channel_io = 0;
    double pe = 0;
    double core_active = 0;
    double core_idle = 0;
    double dram_background = 0;
    double dram_access = 0;
    double pcie = 0;
    double host_cpu_active = 0;
    double host_cpu_idle = 0;
    double total = 0;

    /// Everything inside the SSD (NAND, channels, PEs, controller cores, SSD DRAM).
    double ssd() const;
    /// Host CPU package energy.
    double host() const { return host_cpu_active + host_cpu_idle; }
    /// Every field in joules, plus "ssd" and "host".
    nlohmann::json to_json() const;
};

} // namespace osvp
