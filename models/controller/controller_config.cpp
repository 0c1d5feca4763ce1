#include "controller/controller_config.h"

#include "hal/memory_map.h"

namespace osvp {

controller_config controller_config::from(const config_node& node) {
    controller_config c;
    c.cores = static_cast<unsigned>(node.get_uint("cores", c.cores, 1, fw::irq::max_cores));
    c.core_clock_hz = node.get_frequency("core_clock", "1 GHz");
    if (c.core_clock_hz < 1e6) {
        node.fail("core_clock", "must be at least 1 MHz");
    }
    c.quantum = node.get_time("quantum", "1 us");
    c.interconnect_latency = node.get_time("interconnect_latency", "10 ns");
    const config_node dram = node.child("dram");
    c.dram_bytes = dram.get_size("size", "4 GiB");
    if (c.dram_bytes < (1u << 20) || c.dram_bytes > (64ull << 30)) {
        dram.fail("size", "must be from 1 MiB to 64 GiB");
    }
    c.dram_transfer_rate = dram.get_transfer_rate("transfer_rate", "1600 MT/s");
    if (c.dram_transfer_rate < 1e6) {
        dram.fail("transfer_rate", "must be at least 1 MT/s");
    }
    c.dram_bus_bits = static_cast<unsigned>(dram.get_uint("bus_bits", c.dram_bus_bits, 8, 512));
    if (c.dram_bus_bits % 8 != 0) {
        dram.fail("bus_bits", "must be a multiple of 8, got " + std::to_string(c.dram_bus_bits));
    }
    c.dram_latency = dram.get_time("latency", "50 ns");
    const config_node isp = node.child("isp");
    c.isp_cycles_per_element =
        isp.get_double("cycles_per_element", c.isp_cycles_per_element, 1e-3, 1e6);
    return c;
}

} // namespace osvp
