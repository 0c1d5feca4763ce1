#include "tracing.h"

#include "common/sc_time_util.h"
#include "common/units.h"
#include "hal/nvme_spec.h"

#include <cstdio>
#include <iostream>
#include <sstream>

namespace osvp {
namespace {

std::string hex_byte(std::uint8_t value) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02x", value);
    return text;
}

} // namespace

std::string nvme_command_name(unsigned sqid, std::uint8_t opcode) {
    if (opcode >= 0xC0) {
        return "vendor " + hex_byte(opcode);
    }
    namespace a = nvme::admin_opcode;
    namespace n = nvme::nvm_opcode;
    if (sqid == 0) {
        switch (opcode) {
        case a::delete_io_sq:
            return "delete_io_sq";
        case a::create_io_sq:
            return "create_io_sq";
        case a::get_log_page:
            return "get_log_page";
        case a::delete_io_cq:
            return "delete_io_cq";
        case a::create_io_cq:
            return "create_io_cq";
        case a::identify:
            return "identify";
        case a::abort:
            return "abort";
        case a::set_features:
            return "set_features";
        case a::get_features:
            return "get_features";
        case a::async_event_request:
            return "async_event_request";
        }
    } else {
        switch (opcode) {
        case n::flush:
            return "flush";
        case n::write:
            return "write";
        case n::read:
            return "read";
        }
    }
    return "opcode " + hex_byte(opcode);
}

tracing::tracing(const trace_config& config, vp_top& top) : m_config(config), m_top(top) {
    if (!config.enabled()) {
        return;
    }
    m_out = std::make_unique<trace_output>(m_config);
    install_link();
    install_frontend();
    install_cores();
    for (unsigned c = 0; c < top.ssd.channel_count(); ++c) {
        m_channels.push_back(
            std::make_unique<channel_trace>(*m_out, top.ssd.channel(c), top.ssd.config().flash));
    }
    // NVMe command tracks are registered as commands complete: probe their first rows.
    bool commands = false;
    for (unsigned q = 0; q <= top.ssd.config().nvme.max_io_queues; ++q) {
        commands = commands || m_out->track_in_scope(std::string(top.ssd.frontend.name()) + ".sq" +
                                                     std::to_string(q) + ".cmd0");
    }
    if (!m_out->selected_any() && !commands) {
        throw config_error("trace.scope: '" + config.scope +
                           "' selects nothing to trace; names look like link.downstream.busy, "
                           "ssd.frontend.sq1.depth, ssd.core0.busy, ssd.ch0.bus.busy, "
                           "ssd.ch0.die0.state, ssd.ch0.die0.pe0, ssd.ch0.fic.queue");
    }
}

tracing::~tracing() {
    try {
        close();
    } catch (const std::exception& e) {
        std::cerr << "tracing: " << e.what() << "\n";
    }
}

void tracing::install_link() {
    const pcie_direction directions[] = {pcie_direction::downstream, pcie_direction::upstream};
    bool selected = false;
    for (const pcie_direction d : directions) {
        m_link[static_cast<int>(d)] =
            m_out->add_wire(std::string(m_top.link.name()) + "." + to_string(d) + ".busy");
        selected = selected || m_link[static_cast<int>(d)].selected();
    }
    if (selected) {
        m_top.link.set_busy_observer([this](pcie_direction d, time_ps start, time_ps end) {
            if (!tick()) {
                return;
            }
            m_out->change(m_link[static_cast<int>(d)], start, 1);
            m_out->change(m_link[static_cast<int>(d)], end, 0);
        });
    }
}

void tracing::install_frontend() {
    nvme_frontend& fe = m_top.ssd.frontend;
    const std::string base = fe.name();
    bool sq = false;
    bool cq = false;
    for (unsigned q = 0; q <= m_top.ssd.config().nvme.max_io_queues; ++q) {
        m_sq_depth.push_back(m_out->add_vector(base + ".sq" + std::to_string(q) + ".depth", 32));
        m_cq_depth.push_back(m_out->add_vector(base + ".cq" + std::to_string(q) + ".depth", 32));
        sq = sq || m_sq_depth.back().selected();
        cq = cq || m_cq_depth.back().selected();
    }
    if (sq) {
        fe.on_queue_depth = [this](time_ps t, unsigned q, unsigned depth) {
            if (!tick()) {
                return;
            }
            if (q < m_sq_depth.size()) {
                m_out->change(m_sq_depth[q], t, depth);
            }
        };
    }
    if (cq) {
        fe.on_cq_depth = [this](time_ps t, unsigned q, unsigned depth) {
            if (!tick()) {
                return;
            }
            if (q < m_cq_depth.size()) {
                m_out->change(m_cq_depth[q], t, depth);
            }
        };
    }
    if (m_out->timeline() != nullptr) {
        fe.on_command = [this](const nvme_frontend::command_span& span) { command(span); };
    }
}

void tracing::install_cores() {
    for (unsigned k = 0; k < m_top.ssd.core_count(); ++k) {
        fw_core& core = m_top.ssd.core(k);
        core_trace c;
        c.busy = m_out->add_wire(std::string(core.name()) + ".busy");
        c.tasks = m_out->add_track(std::string(core.name()) + ".tasks");
        c.log = m_out->add_track(std::string(core.name()) + ".log");
        m_cores.push_back(c);
        if (c.busy.selected() || c.tasks.selected()) {
            core.on_busy = [this, k](time_ps begin, time_ps end) { core_busy(k, begin, end); };
        }
        if (c.log.selected()) {
            core.on_log = [this, k](fw::log_level level, time_ps at, const std::string& message) {
                if (tick()) {
                    m_out->instant(m_cores[k].log, message, fw_core::level_name(level), at);
                }
            };
        }
    }
    m_out->on_flush([this](time_ps watermark) {
        if (watermark == trace::time_window::open_end) {
            for (core_trace& c : m_cores) {
                close_task(c);
            }
        }
    });
}

bool tracing::tick() {
    return m_out->tick(now_ps());
}

void tracing::core_busy(unsigned core, time_ps begin, time_ps end) {
    if (!tick()) {
        return;
    }
    core_trace& c = m_cores[core];
    m_out->change(c.busy, begin, 1);
    m_out->change(c.busy, end, 0);
    if (c.open && c.open_end == begin) {
        c.open_end = end;
        return;
    }
    close_task(c);
    c.open = true;
    c.open_begin = begin;
    c.open_end = end;
}

void tracing::close_task(core_trace& c) {
    if (c.open) {
        m_out->span(c.tasks, "firmware", "core", c.open_begin, c.open_end);
        c.open = false;
    }
}

void tracing::command(const nvme_frontend::command_span& span) {
    // Reported at completion, so it may have begun inside the window even after it ended.
    tick();
    std::vector<time_ps>& rows = m_command_rows[span.sqid];
    std::size_t row = 0;
    while (row < rows.size() && rows[row] > span.fetched) {
        ++row;
    }
    if (row == rows.size()) {
        rows.push_back(0);
    }
    rows[row] = span.completed;
    const trace::track_handle track =
        m_out->add_track(m_top.ssd.frontend.name() + std::string(".sq") +
                         std::to_string(span.sqid) + ".cmd" + std::to_string(row));
    m_out->span(track, nvme_command_name(span.sqid, span.opcode), "nvme", span.fetched,
                span.completed,
                {trace::uint_arg("sqid", span.sqid), trace::uint_arg("cid", span.cid),
                 trace::hex_arg("opcode", span.opcode), trace::hex_arg("status", span.status)});
}

void tracing::close() {
    if (m_closed || !m_out) {
        m_closed = true;
        return;
    }
    m_closed = true;
    m_out->flush(now_ps());
    m_out->close();
    m_top.link.set_busy_observer(nullptr);
    m_top.ssd.frontend.on_queue_depth = nullptr;
    m_top.ssd.frontend.on_cq_depth = nullptr;
    m_top.ssd.frontend.on_command = nullptr;
    for (unsigned k = 0; k < m_top.ssd.core_count(); ++k) {
        m_top.ssd.core(k).on_busy = nullptr;
    }
    m_channels.clear();
}

std::string tracing::report() const {
    std::ostringstream out;
    if (m_out && m_out->vcd() != nullptr) {
        const trace::vcd_stats& s = m_out->vcd()->stats();
        out << "trace: " << m_config.vcd_path << ": " << s.bytes_written << " bytes, "
            << s.changes_written << " value changes\n";
    }
    if (m_out && m_out->timeline() != nullptr) {
        const trace::timeline_stats& s = m_out->timeline()->stats();
        out << "trace: " << m_config.timeline_path << ": " << s.bytes_written << " bytes, "
            << s.spans_written << " spans, " << s.instants_written << " log lines\n";
    }
    return out.str();
}

} // namespace osvp
