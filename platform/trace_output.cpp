#include "trace_output.h"

namespace osvp {

trace_output::trace_output(const trace_config& config) : m_window_end(config.window.end) {
    if (!config.vcd_path.empty()) {
        m_vcd =
            std::make_unique<trace::vcd_writer>(config.vcd_path, config.filter(), config.window);
    }
    if (!config.timeline_path.empty()) {
        m_timeline = std::make_unique<trace::timeline_writer>(config.timeline_path, config.filter(),
                                                              config.window);
    }
}

trace::signal_handle trace_output::add_wire(std::string_view name) {
    return m_vcd ? m_vcd->add_wire(name) : trace::signal_handle{};
}

trace::signal_handle trace_output::add_vector(std::string_view name, unsigned width) {
    return m_vcd ? m_vcd->add_vector(name, width) : trace::signal_handle{};
}

trace::signal_handle trace_output::add_enum(std::string_view name,
                                            const trace::enum_legend& legend) {
    return m_vcd ? m_vcd->add_enum(name, legend) : trace::signal_handle{};
}

trace::track_handle trace_output::add_track(std::string_view name) {
    return m_timeline ? m_timeline->add_track(name) : trace::track_handle{};
}

void trace_output::flush(time_ps watermark) {
    for (const auto& hook : m_hooks) {
        hook(watermark);
    }
    if (m_vcd) {
        m_vcd->advance(watermark);
    }
    m_next_flush = watermark + flush_period;
    m_finished = watermark >= m_window_end;
}

void trace_output::close() {
    if (m_closed) {
        return;
    }
    m_closed = true;
    for (const auto& hook : m_hooks) {
        hook(trace::time_window::open_end);
    }
    if (m_vcd) {
        m_vcd->close();
    }
    if (m_timeline) {
        m_timeline->close();
    }
}

} // namespace osvp
