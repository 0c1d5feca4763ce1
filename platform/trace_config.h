// Options of the platform's traces (key "trace"; command line --vcd, --timeline, --trace-scope,
// --trace-window): which files to write and which part of the run they keep. Read from the
// configuration tree by main before platform_config::from, which fails on unread keys.
#pragma once
#include "common/config.h"
#include "common/trace/scope_filter.h"
#include "common/trace/time_window.h"

#include <string>

namespace osvp {

struct trace_config {
    /// IEEE 1364 VCD file ("" = none); GTKWave companions are written beside it.
    std::string vcd_path;
    /// Chrome/Perfetto trace-event JSON file ("" = none).
    std::string timeline_path;
    /// Hierarchical-name patterns, comma separated (scope_filter.h syntax); "" selects all.
    std::string scope;
    /// Simulated time kept, "START:END" (time_window.h syntax, e.g. "10ms:12ms"); "" keeps all.
    std::string window_text;
    trace::time_window window;

    /// True when at least one trace file is requested.
    bool enabled() const { return !vcd_path.empty() || !timeline_path.empty(); }
    /// The compiled scope patterns.
    trace::scope_filter filter() const { return trace::scope_filter(scope); }

    /// Reads "vcd", "timeline", "scope" and "window" of `node`; a bad pattern or window, or
    /// equal file names, is a config_error naming the key, the value and the allowed form.
    static trace_config from(const config_node& node);
};

} // namespace osvp
