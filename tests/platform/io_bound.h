// Closed-form ceilings of sustained sequential block I/O, computed here from a dumped
// configuration with the test's own arithmetic (not the executable's throughput_bound).
#pragma once
#include <nlohmann/json.hpp>

#include <string>

namespace osvp::platform_test {

/// Bytes per second of each resource and the smallest of them.
struct io_ceilings {
    double link = 0;     ///< PCIe payload: lanes x GT/s x encoding / 8 x MPS / (MPS + TLP overhead)
    double channels = 0; ///< channels x transfer rate (8-bit bus: one byte per transfer)
    double arrays = 0;   ///< dies x planes x page / (tPROG or tR + register copy)
    double dram = 0;     ///< transfer rate x bus bits / 8 / 2 (each byte crosses DRAM twice)
    double bound() const;
    std::string text() const;
};

/// PCIe bytes per second per direction before TLP overheads: lanes x GT/s x encoding / 8.
double pcie_raw_bytes_per_second(const nlohmann::json& pcie);
/// PCIe effective payload bandwidth per direction of the dumped "pcie" section.
double pcie_effective_bytes_per_second(const nlohmann::json& pcie);

/// Ceilings of writes (`write`, array time tPROG + t_reg_copy) or reads (tR + t_reg_copy).
io_ceilings sequential_ceilings(const nlohmann::json& config, bool write);

} // namespace osvp::platform_test
