// Streaming two-state VCD writer (IEEE 1364-2005 section 18, value change dump, values 0/1 only,
// timescale 1 ps) for time-stamped state changes of the models: busy flags, queue depths, owners,
// enumerated die states.
//
// Protocol. Register every signal first (add_wire/add_vector/add_enum); signals whose hierarchical
// name the scope_filter rejects get an unselected handle on which change() is a no-op. Then call
// change(handle, t, value) in any order across signals but in non-decreasing time per signal;
// changes may lie ahead of simulated time (temporal decoupling). advance(w) promises that no later
// change is earlier than w and writes every buffered change before w in time order; call it
// regularly (e.g. once per quantum) to bound memory. close() (or the destructor) flushes the rest.
//
// Window [start, end): a change at or before start sets the value shown in $dumpvars at #start;
// changes at or after end are dropped; a change equal to the signal's current value is not written.
// Every signal starts at 0 (for enums: legend entry 0). The file ends with a timestamp at
// min(end, latest time seen) so viewers show the duration of the last state.
//
// Beside "NAME.vcd" the writer creates "NAME.gtkw" (GTKWave save file listing the selected signals)
// and one translate-filter file "NAME.LEGEND.filter" per enum legend, with lines "<decimal value>
// <state name>", which the save file attaches so enumerated states display by name.
#pragma once
#include "common/sim_time.h"
#include "common/trace/enum_legend.h"
#include "common/trace/scope_filter.h"
#include "common/trace/time_window.h"

#include <cstdint>
#include <cstdio>
#include <deque>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace osvp::trace {

/// Refers to a registered signal; unselected handles make change() a no-op.
struct signal_handle {
    static constexpr std::uint32_t unselected = 0xffffffffu;
    std::uint32_t index = unselected;
    bool selected() const { return index != unselected; }
};

/// Output volume, for sizing traces.
struct vcd_stats {
    std::uint64_t bytes_written = 0;   ///< bytes written to the VCD file
    std::uint64_t changes_written = 0; ///< value changes written after $dumpvars
    std::uint64_t pending_changes = 0; ///< changes buffered until the watermark passes them
};

/// Writes one VCD file plus its GTKWave companions; see the protocol above. Not thread-safe.
class vcd_writer {
public:
    /// Opens `vcd_path` for writing (std::runtime_error naming the path on failure).
    explicit vcd_writer(std::string vcd_path, scope_filter filter = scope_filter{},
                        time_window window = time_window{});
    /// Calls close(); an error there is printed to stderr because a destructor cannot throw.
    ~vcd_writer();
    vcd_writer(const vcd_writer&) = delete;
    vcd_writer& operator=(const vcd_writer&) = delete;

    /// 1-bit signal (VCD var type wire), e.g. "ssd.ch0.busy".
    signal_handle add_wire(std::string_view name);
    /// Unsigned vector of `width` bits, 1..64 (VCD var type reg), e.g. a queue depth.
    signal_handle add_vector(std::string_view name, unsigned width);
    /// Enumerated state: a vector just wide enough for legend.states.size() values.
    signal_handle add_enum(std::string_view name, const enum_legend& legend);

    /// Records that the signal takes `value` at time `t` (ps). Throws std::invalid_argument if the
    /// value does not fit, and std::runtime_error if t is earlier than this signal's previous
    /// change or than the watermark, or after close().
    void change(signal_handle handle, time_ps t, std::uint64_t value);
    /// Raises the watermark to `t` (ps, non-decreasing) and writes all changes earlier than it.
    void advance(time_ps t);
    /// Writes everything left, the final timestamp and the companion files; idempotent.
    void close();

    /// Volume so far; bytes_written counts bytes handed to the file (all of them after close()).
    const vcd_stats& stats() const { return m_stats; }
    /// Path of the GTKWave save file: the VCD path with ".vcd" replaced by ".gtkw".
    const std::string& gtkw_path() const { return m_gtkw_path; }
    /// Path of the translate-filter file of legend `legend_name` (written if a selected enum uses
    /// it).
    std::string filter_path(std::string_view legend_name) const;

private:
    struct pending_change {
        time_ps time;
        std::uint64_t value;
    };
    struct signal_state {
        std::string name;
        unsigned width;
        int legend;
        std::string id;
        std::uint64_t current = 0;
        std::uint64_t written = 0;
        time_ps last_time = 0;
        std::deque<pending_change> pending;
    };
    struct file_closer {
        void operator()(std::FILE* f) const { std::fclose(f); }
    };

    signal_handle add_signal(std::string_view name, unsigned width, int legend);
    void check_name(std::string_view name);
    void begin_output();
    void write_header();
    void write_dumpvars();
    void emit_before(time_ps limit);
    void put_value(const signal_state& s, std::uint64_t value);
    void put_time(time_ps t);
    void flush_buffer();

    std::string m_vcd_path;
    std::string m_stem;
    std::string m_gtkw_path;
    scope_filter m_filter;
    time_window m_window;
    std::unique_ptr<std::FILE, file_closer> m_file;
    std::string m_buffer;
    std::vector<signal_state> m_signals;
    std::vector<enum_legend> m_legends;
    std::set<std::string, std::less<>> m_names;
    std::set<std::string, std::less<>> m_scopes;
    time_ps m_watermark = 0;
    time_ps m_horizon = 0;
    time_ps m_last_written_time = 0;
    bool m_time_written = false;
    bool m_started = false;
    bool m_dumped = false;
    bool m_closed = false;
    vcd_stats m_stats;
};

} // namespace osvp::trace
