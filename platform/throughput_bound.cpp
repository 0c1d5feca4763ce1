#include "throughput_bound.h"

#include "pcie/pcie_math.h"

#include <algorithm>

namespace osvp {

double throughput_bound::bound() const {
    return std::min({link, channels, arrays, dram});
}

std::string throughput_bound::bottleneck() const {
    const double b = bound();
    return b == link       ? "PCIe link"
           : b == channels ? "flash channels"
           : b == arrays   ? "flash arrays"
                           : "SSD DRAM";
}

throughput_bound block_io_bound(const platform_config& config, bool write) {
    const flash_config& f = config.ssd.flash;
    throughput_bound b;
    b.link = pcie_math(config.pcie).effective_bytes_per_second();
    b.channels = f.channels * f.transfer_rate;
    const double array_time =
        static_cast<double>((write ? f.t_prog : f.t_read) + f.t_reg_copy) * 1e-12;
    b.arrays = static_cast<double>(f.total_dies()) * f.planes_per_die * f.page_bytes / array_time;
    b.dram = config.ssd.controller.dram_bandwidth() / 2;
    return b;
}

} // namespace osvp
