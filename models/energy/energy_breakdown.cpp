#include "energy/energy_activity.h"

namespace osvp {

double energy_breakdown::ssd() const {
    return nand_array + nand_transfer + nand_idle + channel_io + pe + core_active + core_idle +
           dram_background + dram_access;
}

nlohmann::json energy_breakdown::to_json() const {
    return nlohmann::json{{"nand_array_J", nand_array},
                          {"nand_transfer_J", nand_transfer},
                          {"nand_idle_J", nand_idle},
                          {"channel_io_J", channel_io},
                          {"pe_J", pe},
                          {"core_active_J", core_active},
                          {"core_idle_J", core_idle},
                          {"dram_background_J", dram_background},
                          {"dram_access_J", dram_access},
                          {"pcie_J", pcie},
                          {"host_cpu_active_J", host_cpu_active},
                          {"host_cpu_idle_J", host_cpu_idle},
                          {"ssd_J", ssd()},
                          {"host_J", host()},
                          {"total_J", total}};
}

} // namespace osvp
