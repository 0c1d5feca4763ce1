#include "energy/energy_activity.h"

#include <stdexcept>
#include <string>

namespace osvp {
namespace {

template <typename T>
T minus(const std::string& counter, T later, T earlier) {
    if (earlier > later) {
        throw std::invalid_argument("energy activity: " + counter + " decreased from " +
                                    std::to_string(earlier) + " to " + std::to_string(later) +
                                    "; snapshots must be taken in time order");
    }
    return later - earlier;
}

void check_size(const std::string& what, std::size_t later, std::size_t earlier) {
    if (later != earlier) {
        throw std::invalid_argument("energy activity: " + what +
                                    " count differs between "
                                    "snapshots (" +
                                    std::to_string(earlier) + " then " + std::to_string(later) +
                                    ")");
    }
}

} // namespace

energy_activity energy_activity::since(const energy_activity& earlier) const {
    energy_activity d;
    d.elapsed = minus("elapsed", elapsed, earlier.elapsed);
    check_size("die", dies.size(), earlier.dies.size());
    for (std::size_t i = 0; i < dies.size(); ++i) {
        const std::string name = "dies[" + std::to_string(i) + "]";
        const die_energy_activity& a = dies[i];
        const die_energy_activity& b = earlier.dies[i];
        check_size(name + " PE", a.pe_busy.size(), b.pe_busy.size());
        die_energy_activity x;
        x.array_busy = minus(name + ".array_busy", a.array_busy, b.array_busy);
        x.transfer_bytes = minus(name + ".transfer_bytes", a.transfer_bytes, b.transfer_bytes);
        for (std::size_t p = 0; p < a.pe_busy.size(); ++p) {
            x.pe_busy.push_back(minus(name + ".pe_busy", a.pe_busy[p], b.pe_busy[p]));
        }
        d.dies.push_back(x);
    }
    check_size("core", core_busy.size(), earlier.core_busy.size());
    for (std::size_t k = 0; k < core_busy.size(); ++k) {
        d.core_busy.push_back(minus("core_busy", core_busy[k], earlier.core_busy[k]));
    }
    d.dram_read_bytes = minus("dram_read_bytes", dram_read_bytes, earlier.dram_read_bytes);
    d.dram_write_bytes = minus("dram_write_bytes", dram_write_bytes, earlier.dram_write_bytes);
    d.pcie_bytes_to_device =
        minus("pcie_bytes_to_device", pcie_bytes_to_device, earlier.pcie_bytes_to_device);
    d.pcie_bytes_to_host =
        minus("pcie_bytes_to_host", pcie_bytes_to_host, earlier.pcie_bytes_to_host);
    d.host_cpu_busy = minus("host_cpu_busy", host_cpu_busy, earlier.host_cpu_busy);
    return d;
}

nlohmann::json energy_activity::to_json() const {
    time_ps array = 0, pe = 0;
    std::uint64_t transfer = 0;
    for (const die_energy_activity& die : dies) {
        array += die.array_busy;
        transfer += die.transfer_bytes;
        for (const time_ps busy : die.pe_busy) {
            pe += busy;
        }
    }
    return {{"elapsed_ps", elapsed},
            {"array_busy_ps", array},
            {"transfer_bytes", transfer},
            {"pe_busy_ps", pe},
            {"core_busy_ps", core_busy},
            {"dram_read_bytes", dram_read_bytes},
            {"dram_write_bytes", dram_write_bytes},
            {"pcie_bytes_to_device", pcie_bytes_to_device},
            {"pcie_bytes_to_host", pcie_bytes_to_host},
            {"host_cpu_busy_ps", host_cpu_busy}};
}

} // namespace osvp
