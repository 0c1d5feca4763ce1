#include "eval/step_traffic.h"

#include <stdexcept>

namespace osvp {

step_mode parse_step_mode(const std::string& name) {
    for (step_mode m : {step_mode::baseline, step_mode::cisp, step_mode::deepstore,
                        step_mode::optimstore, step_mode::cpu}) {
        if (name == to_string(m)) {
            return m;
        }
    }
    throw std::invalid_argument("mode '" + name +
                                "' is not known: expected baseline, cisp, deepstore, "
                                "optimstore or cpu");
}

const char* to_string(step_mode mode) {
    switch (mode) {
    case step_mode::baseline:
        return "baseline";
    case step_mode::cisp:
        return "cisp";
    case step_mode::deepstore:
        return "deepstore";
    case step_mode::optimstore:
        return "optimstore";
    case step_mode::cpu:
        return "cpu";
    }
    throw std::invalid_argument("step_mode out of range");
}

nlohmann::json step_traffic::to_json() const {
    return nlohmann::json{{"pcie_to_device_B", pcie_to_device},
                          {"pcie_to_host_B", pcie_to_host},
                          {"pcie_backward_B", pcie_backward},
                          {"channel_B", channel},
                          {"channel_backward_B", channel_backward},
                          {"pages_read", pages_read},
                          {"pages_programmed", pages_programmed},
                          {"pages_programmed_backward", pages_programmed_backward},
                          {"ssd_dram_B", ssd_dram}};
}

step_traffic traffic_per_parameter(step_mode mode, const traffic_options& options,
                                   std::uint32_t page_bytes) {
    if (page_bytes == 0) {
        throw std::invalid_argument("traffic_per_parameter: page_bytes must be positive, got 0");
    }
    const double s = 4.0 * stored_states(options.optimizer);
    const double g = 4.0;
    const double r = options.fp16_readback ? 2.0 : 4.0;
    const double page = page_bytes;
    const bool forward = options.dram_store_and_forward;
    step_traffic t;
    double read_bytes = 0;
    double programmed_bytes = 0;
    switch (mode) {
    case step_mode::baseline:
        t.pcie_to_device = s;
        t.pcie_to_host = s + g;
        t.pcie_backward = g;
        read_bytes = s + g;
        programmed_bytes = s;
        t.channel = read_bytes + programmed_bytes;
        t.channel_backward = g;
        t.pages_programmed_backward = g / page;
        t.ssd_dram = forward ? 2.0 * t.channel : 0.0;
        break;
    case step_mode::cisp: {
        const double g_flash = options.cisp_gradient_in_flash ? g : 0.0;
        t.pcie_to_device = g;
        t.pcie_to_host = r;
        read_bytes = s + g_flash + 4.0;
        programmed_bytes = s + g_flash;
        t.channel = read_bytes + programmed_bytes;
        const double core = (s + g) + s;
        t.ssd_dram = forward ? g + 2.0 * g_flash + s + core + s + 4.0 + r : core;
        break;
    }
    case step_mode::deepstore:
        t.pcie_to_host = r;
        t.pcie_backward = g;
        read_bytes = s + g + 4.0;
        programmed_bytes = s;
        t.channel = 2.0 * s + 4.0;
        t.channel_backward = g;
        t.pages_programmed_backward = g / page;
        t.ssd_dram = forward ? 2.0 * s + 4.0 + r : 0.0;
        break;
    case step_mode::optimstore:
        t.pcie_to_device = g;
        t.pcie_to_host = r;
        read_bytes = s + 4.0;
        programmed_bytes = s;
        t.channel = g + 4.0;
        t.ssd_dram = forward ? 2.0 * g + 4.0 + r : 0.0;
        break;
    case step_mode::cpu:
        break;
    }
    t.pages_read = read_bytes / page;
    t.pages_programmed = programmed_bytes / page;
    return t;
}

} // namespace osvp
