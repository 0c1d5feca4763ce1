#include "trace_config.h"

#include <stdexcept>

namespace osvp {

trace_config trace_config::from(const config_node& node) {
    trace_config c;
    c.vcd_path = node.get_string("vcd", "");
    c.timeline_path = node.get_string("timeline", "");
    c.scope = node.get_string("scope", "");
    c.window_text = node.get_string("window", "");
    try {
        trace::scope_filter check(c.scope);
    } catch (const std::invalid_argument& e) {
        node.fail("scope", e.what());
    }
    try {
        c.window = trace::parse_time_window(c.window_text);
    } catch (const std::invalid_argument& e) {
        node.fail("window", e.what());
    }
    if (!c.vcd_path.empty() && c.vcd_path == c.timeline_path) {
        node.fail("timeline", "'" + c.timeline_path +
                                  "' is also the VCD file; the two traces need different files");
    }
    return c;
}

} // namespace osvp
