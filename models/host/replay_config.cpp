#include "host/replay_config.h"

namespace osvp {

replay_config replay_config::from(const config_node& node) {
    replay_config c;
    c.file = node.get_string("file", c.file);
    c.format = node.get_choice("format", c.format, {"msr"});
    c.timing = node.get_choice("timing", c.timing, {"arrival", "closed"});
    c.time_scale = node.get_double("time_scale", c.time_scale, 0.0, 1e6);
    if (!(c.time_scale > 0.0)) {
        node.fail("time_scale", "must be above 0 (it multiplies the trace's arrival times), got 0");
    }
    c.queue_depth =
        static_cast<std::uint32_t>(node.get_uint("queue_depth", c.queue_depth, 1, 65535));
    c.request_limit = node.get_uint("request_limit", c.request_limit, 0, ~0ull);
    c.precondition = node.get_bool("precondition", c.precondition);
    return c;
}

} // namespace osvp
