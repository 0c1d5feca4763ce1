// Text pieces of a VCD file and its GTKWave companions (IEEE 1364-2005 section 18.2; GTKWave
// save-file and translate-filter formats), kept apart from the streaming logic of vcd_writer.
#pragma once
#include "common/sim_time.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace osvp::trace {

/// One selected signal as the header and the GTKWave save file need it.
struct vcd_var_decl {
    std::string_view name;        ///< hierarchical, dot-separated
    unsigned width;               ///< bits, 1..64
    std::string_view id;          ///< VCD identifier code
    std::string_view filter_path; ///< translate-filter file, empty for non-enum signals
};

/// Identifier code number `index` (0-based) from printable ASCII '!'..'~' (VCD section 18.2.1).
std::string vcd_identifier(std::uint32_t index);

/// Appends "b<binary without leading zeros> " or the bare bit for 1-bit signals.
void append_vcd_value(std::string& out, unsigned width, std::uint64_t value);

/// Header: $version, $comment (window, filter), $timescale 1ps, the $scope tree built from the
/// dotted names (first-seen order, variables before sub-scopes) and $enddefinitions.
std::string vcd_definitions(const std::vector<vcd_var_decl>& vars, std::string_view comment);

/// Name GTKWave gives a VCD variable: "a.b.c" for 1 bit, "a.b.c[W-1:0]" for vectors.
std::string gtkwave_signal_name(std::string_view name, unsigned width);

/// Writes a GTKWave save file that opens `vcd_path` at `start` and shows `vars` in order: bits in
/// binary, vectors in decimal, enums in decimal through their translate filter (^N path lines).
void write_gtkw_save_file(const std::string& path, const std::string& vcd_path, time_ps start,
                          const std::vector<vcd_var_decl>& vars);

} // namespace osvp::trace
