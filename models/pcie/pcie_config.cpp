#include "pcie/pcie_config.h"

#include <string>

namespace osvp {
namespace {

bool is_power_of_two(std::uint64_t v) {
    return v != 0 && (v & (v - 1)) == 0;
}

void check_tlp_size(const char* field, std::uint64_t bytes) {
    if (bytes < 128 || bytes > 4096 || !is_power_of_two(bytes)) {
        throw config_error(std::string("pcie.") + field +
                           ": must be a power of two from 128 B to 4096 B, got " +
                           std::to_string(bytes) + " B");
    }
}

} // namespace

void pcie_config::validate() const {
    if (generation < 1 || generation > 5) {
        throw config_error("pcie.generation: must be 1..5, got " + std::to_string(generation));
    }
    if (lanes != 1 && lanes != 2 && lanes != 4 && lanes != 8 && lanes != 16) {
        throw config_error("pcie.lanes: must be 1, 2, 4, 8 or 16, got " + std::to_string(lanes));
    }
    check_tlp_size("max_payload", max_payload);
    check_tlp_size("max_read_request", max_read_request);
    if (tlp_overhead < 1 || tlp_overhead > 64) {
        throw config_error("pcie.tlp_overhead: must be 1 B..64 B, got " +
                           std::to_string(tlp_overhead) + " B");
    }
    if (!(dllp_overhead >= 0.0 && dllp_overhead <= 0.5)) {
        throw config_error("pcie.dllp_overhead: must be a fraction in [0, 0.5], got " +
                           std::to_string(dllp_overhead));
    }
}

pcie_config pcie_config::from(const config_node& node) {
    pcie_config c;
    c.generation = static_cast<unsigned>(node.get_uint("generation", c.generation, 1, 5));
    c.lanes = static_cast<unsigned>(node.get_uint("lanes", c.lanes, 1, 16));
    c.max_payload = node.get_size("max_payload", "256 B");
    c.max_read_request = node.get_size("max_read_request", "512 B");
    c.tlp_overhead = node.get_size("tlp_overhead", "26 B");
    c.latency = node.get_time("latency", "500 ns");
    c.dllp_overhead = node.get_double("dllp_overhead", c.dllp_overhead, 0.0, 0.5);
    c.validate();
    return c;
}

} // namespace osvp
