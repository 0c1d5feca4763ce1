#include "trace_output.h"

#include "common/config.h"

#include <stdexcept>
#include <string>

namespace osvp {

namespace {

/// Makes a trace writer; a file that cannot be opened is a config_error naming `key`.
template <typename Writer>
std::unique_ptr<Writer> open_writer(const char* key, const std::string& path,
                                    const trace_config& config) {
    try {
        return std::make_unique<Writer>(path, config.filter(), config.window);
    } catch (const std::runtime_error& e) {
        throw config_error(std::string(key) + ": " + e.what());
    }
}

} // namespace

trace_output::trace_output(const trace_config& config)
    : m_scope(config.filter()), m_window_end(config.window.end) {
    if (!config.vcd_path.empty()) {
        m_vcd = open_writer<trace::vcd_writer>("trace.vcd", config.vcd_path, config);
    }
    if (!config.timeline_path.empty()) {
        m_timeline =
            open_writer<trace::timeline_writer>("trace.timeline", config.timeline_path, config);
    }
}

template <typename Handle>
Handle trace_output::counted(Handle h) {
    m_selected += h.selected() ? 1 : 0;
    return h;
}

trace::signal_handle trace_output::add_wire(std::string_view name) {
    return counted(m_vcd ? m_vcd->add_wire(name) : trace::signal_handle{});
}

trace::signal_handle trace_output::add_vector(std::string_view name, unsigned width) {
    return counted(m_vcd ? m_vcd->add_vector(name, width) : trace::signal_handle{});
}

trace::signal_handle trace_output::add_enum(std::string_view name,
                                            const trace::enum_legend& legend) {
    return counted(m_vcd ? m_vcd->add_enum(name, legend) : trace::signal_handle{});
}

trace::track_handle trace_output::add_track(std::string_view name) {
    return counted(m_timeline ? m_timeline->add_track(name) : trace::track_handle{});
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
