// Minimal VCD reader for the trace tests: scopes, $var declarations, $dumpvars and value changes
// with their times. Independent of the writer's code; throws std::runtime_error on anything it
// does not understand so that malformed output fails the tests.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace osvp::trace::test {

/// One $var: hierarchical path built from the enclosing scopes plus the reference name.
struct vcd_var {
    std::string type;
    unsigned width = 0;
    std::string id;
    std::string path;
    std::string range; ///< "[3:0]" for vectors, empty otherwise
};

/// One value record: time, variable path, value, and whether it was inside $dumpvars.
struct vcd_change {
    std::uint64_t time = 0;
    std::string path;
    std::uint64_t value = 0;
    bool dumpvars = false;

    bool operator==(const vcd_change& o) const {
        return time == o.time && path == o.path && value == o.value && dumpvars == o.dumpvars;
    }
};

/// The parsed file.
struct vcd_file {
    std::string timescale;
    std::string version;
    bool has_date = false;
    std::vector<vcd_var> vars;
    std::vector<vcd_change> changes;
    std::vector<std::uint64_t> timestamps; ///< every #time line in order
};

/// Reads and checks a VCD file (times must not decrease, ids must be declared).
vcd_file read_vcd(const std::string& path);

} // namespace osvp::trace::test
