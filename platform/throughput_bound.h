// Analytic upper bound on sustained sequential block I/O throughput of the configured drive:
// the slowest of the PCIe link (effective payload bandwidth), the flash channels, the dies'
// arrays (every plane busy with back-to-back multi-plane operations) and the SSD DRAM (each byte
// crosses it twice: in from one side, out to the other).
#pragma once
#include "platform_config.h"

#include <string>

namespace osvp {

struct throughput_bound {
    double link = 0, channels = 0, arrays = 0, dram = 0; ///< bytes per second each
    double bound() const;
    std::string bottleneck() const;
};

/// `write` selects tPROG (else tR) for the arrays.
throughput_bound block_io_bound(const platform_config& config, bool write);

} // namespace osvp
