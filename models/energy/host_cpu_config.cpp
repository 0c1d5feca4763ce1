#include "energy/host_cpu_config.h"

#include <cmath>
#include <string>

namespace osvp {
namespace {

void check_positive(const char* field, double value, const char* unit) {
    if (!(std::isfinite(value) && value > 0.0)) {
        throw config_error(std::string("host_cpu.") + field + ": must be a positive " + unit +
                           ", got " + std::to_string(value));
    }
}

} // namespace

void host_cpu_config::validate() const {
    if (threads < 1 || threads > 1024) {
        throw config_error("host_cpu.threads: must be in [1, 1024], got " +
                           std::to_string(threads));
    }
    if (reference_threads < 1 || reference_threads > 1024) {
        throw config_error("host_cpu.reference_threads: must be in [1, 1024], got " +
                           std::to_string(reference_threads));
    }
    check_positive("memory_bandwidth", memory_bandwidth, "bandwidth in B/s");
    check_positive("reference_rate", reference_rate, "rate in parameters/s");
    check_positive("reference_memory_bandwidth", reference_memory_bandwidth, "bandwidth in B/s");
    check_positive("active_power", active_power, "power in W");
    if (!(std::isfinite(idle_power) && idle_power >= 0.0 && idle_power <= active_power)) {
        throw config_error("host_cpu.idle_power: must be in [0, active_power = " +
                           std::to_string(active_power) + "] W, got " + std::to_string(idle_power));
    }
}

host_cpu_config host_cpu_config::from(const config_node& node) {
    host_cpu_config c;
    c.threads = static_cast<unsigned>(node.get_uint("threads", c.threads, 1, 1024));
    c.memory_bandwidth = node.get_bandwidth("memory_bandwidth", "115.2 GB/s");
    c.reference_rate = node.get_double("reference_rate", c.reference_rate, 1.0, 1e15);
    c.reference_threads =
        static_cast<unsigned>(node.get_uint("reference_threads", c.reference_threads, 1, 1024));
    c.reference_memory_bandwidth = node.get_bandwidth("reference_memory_bandwidth", "255.9 GB/s");
    c.chunk_overhead = node.get_time("chunk_overhead", "100 us");
    c.active_power = node.get_power("active_power", "100 W");
    c.idle_power = node.get_power("idle_power", "20 W");
    c.validate();
    return c;
}

} // namespace osvp
