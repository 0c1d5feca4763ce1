#include "eval/gpu_config.h"

namespace osvp {

gpu_config gpu_config::from(const config_node& node) {
    gpu_config c;
    c.peak_flops = node.get_double("peak_flops", c.peak_flops, 1e9, 1e18);
    c.utilisation = node.get_double("utilisation", c.utilisation, 0.001, 1.0);
    c.tokens_per_iteration =
        node.get_uint("tokens_per_iteration", c.tokens_per_iteration, 1, std::uint64_t{1} << 40);
    c.flops_per_parameter_token =
        node.get_double("flops_per_parameter_token", c.flops_per_parameter_token, 2.0, 100.0);
    return c;
}

} // namespace osvp
