#include "host/offload_config.h"

#include <string>

namespace osvp {

void baseline_config::validate() const {
    if (chunk_parameters == 0) {
        throw config_error("baseline.chunk_parameters: must be at least 1, got 0");
    }
    if (buffer_count < 1) {
        throw config_error("baseline.buffer_count: must be at least 1, got 0");
    }
    if (request_bytes == 0) {
        throw config_error("baseline.request_size: must be positive, got 0 B");
    }
    if (queue_depth == 0) {
        throw config_error("baseline.queue_depth: must be at least 1, got 0");
    }
}

baseline_config baseline_config::from(const config_node& node) {
    baseline_config c;
    c.chunk_parameters = node.get_uint("chunk_parameters", c.chunk_parameters, 1, 1ull << 48);
    c.buffer_count =
        static_cast<std::uint32_t>(node.get_uint("buffer_count", c.buffer_count, 1, 64));
    c.pipeline_read = node.get_bool("pipeline_read", c.pipeline_read);
    c.pipeline_write = node.get_bool("pipeline_write", c.pipeline_write);
    c.request_bytes = node.get_size("request_size", "1 MiB");
    c.queue_depth =
        static_cast<std::uint32_t>(node.get_uint("queue_depth", c.queue_depth, 1, 65535));
    c.validate();
    return c;
}

void cpu_mode_config::validate() const {
    if (bytes_per_parameter == 0) {
        throw config_error("cpu.bytes_per_parameter: must be at least 1, got 0");
    }
}

cpu_mode_config cpu_mode_config::from(const config_node& node) {
    cpu_mode_config c;
    c.bytes_per_parameter = node.get_uint("bytes_per_parameter", c.bytes_per_parameter, 1, 1024);
    c.validate();
    return c;
}

} // namespace osvp
