// The trace files of one run behind one interface (plain C++): an optional VCD writer and an
// optional timeline writer sharing the scope filter and time window, plus the watermark logic.
// Stages that reorder changes (trace_signals.h) register a flush hook; the output runs the hooks
// and advances the VCD watermark whenever kernel time has moved one flush period past the last
// watermark, so buffered changes stay bounded without adding kernel events.
#pragma once
#include "common/trace/timeline_writer.h"
#include "common/trace/vcd_writer.h"
#include "trace_config.h"

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

namespace osvp {

class trace_output {
public:
    /// Kernel time between watermark advances [ours: 10 us, a few hundred changes per die].
    static constexpr time_ps flush_period = 10 * ps_per_us;

    /// Opens the files `config` names (std::runtime_error naming a file that cannot be opened).
    explicit trace_output(const trace_config& config);

    /// Signal registration; without a VCD file, or outside the scope, the handle is unselected.
    trace::signal_handle add_wire(std::string_view name);
    trace::signal_handle add_vector(std::string_view name, unsigned width);
    trace::signal_handle add_enum(std::string_view name, const trace::enum_legend& legend);
    /// Track registration; without a timeline file, or outside the scope, the handle is
    /// unselected.
    trace::track_handle add_track(std::string_view name);
    /// Whether any registration so far was selected.
    bool selected_any() const { return m_selected != 0; }
    /// Whether a track named `name`, registered later, would be selected.
    bool track_in_scope(std::string_view name) const {
        return m_timeline != nullptr && m_scope.matches(name);
    }

    /// vcd_writer::change on a selected handle; no-op otherwise.
    void change(trace::signal_handle h, time_ps t, std::uint64_t value) {
        if (h.selected()) {
            m_vcd->change(h, t, value);
        }
    }
    /// timeline_writer::span on a selected handle; no-op otherwise.
    void span(trace::track_handle h, std::string_view name, std::string_view category,
              time_ps begin, time_ps end, const std::vector<trace::span_arg>& args = {}) {
        if (h.selected()) {
            m_timeline->span(h, name, category, begin, end, args);
        }
    }

    /// timeline_writer::instant on a selected handle; no-op otherwise.
    void instant(trace::track_handle h, std::string_view name, std::string_view category,
                 time_ps at, const std::vector<trace::span_arg>& args = {}) {
        if (h.selected()) {
            m_timeline->instant(h, name, category, at, args);
        }
    }

    /// Adds a hook run at every flush with the watermark (reordering stages emit there).
    void on_flush(std::function<void(time_ps)> hook) { m_hooks.push_back(std::move(hook)); }
    /// Called by observers with the kernel time `now` (ps): flushes when a period has passed.
    /// Returns false once the watermark has passed the window's end: nothing that starts later
    /// is kept, so observers of intervals starting at or after `now` return at once.
    bool tick(time_ps now) {
        if (now >= m_next_flush) {
            flush(now);
        }
        return !m_finished;
    }
    /// Runs the hooks and advances the VCD to `watermark`: the caller promises that no later
    /// change is earlier.
    void flush(time_ps watermark);
    /// Flushes everything (hooks with an open watermark, then the writers); idempotent.
    void close();

    const trace::vcd_writer* vcd() const { return m_vcd.get(); }
    const trace::timeline_writer* timeline() const { return m_timeline.get(); }

private:
    /// Counts `h` when selected.
    template <typename Handle>
    Handle counted(Handle h);

    std::unique_ptr<trace::vcd_writer> m_vcd;
    std::unique_ptr<trace::timeline_writer> m_timeline;
    trace::scope_filter m_scope;
    unsigned m_selected = 0;
    std::vector<std::function<void(time_ps)>> m_hooks;
    time_ps m_window_end;
    time_ps m_next_flush = 0;
    bool m_finished = false;
    bool m_closed = false;
};

} // namespace osvp
