#include "trace_flash.h"

#include "common/sc_time_util.h"

#include <stdexcept>
#include <string>

namespace osvp {
namespace {

void push(std::vector<die_phase>& phases, die_state state, time_ps& at, time_ps duration) {
    if (duration != 0) {
        phases.push_back({state, at, at + duration});
        at += duration;
    }
}

} // namespace

std::vector<die_phase> io_phases(const flash_config& c, const channel_transfer& t) {
    std::vector<die_phase> phases;
    time_ps at = t.start;
    switch (t.op) {
    case flash_op::data_out:
        push(phases, die_state::cmd_addr, at, 7 * c.t_cmd_cycle + c.t_whr);
        push(phases, die_state::data_out, at, c.data_time(t.data_bytes));
        break;
    case flash_op::vpp:
        push(phases, die_state::cmd_addr, at, 6 * c.t_cmd_cycle + c.t_adl);
        push(phases, die_state::data_in, at, c.data_time(t.data_bytes));
        break;
    case flash_op::lcr:
        push(phases, die_state::cmd_addr, at, 2 * c.t_cmd_cycle + c.t_adl);
        push(phases, die_state::data_in, at, c.data_time(t.data_bytes));
        break;
    case flash_op::program:
        for (unsigned p = 0; p < t.planes; ++p) {
            const std::uint64_t before = t.data_bytes * p / t.planes;
            const std::uint64_t after = t.data_bytes * (p + 1) / t.planes;
            push(phases, die_state::cmd_addr, at, 6 * c.t_cmd_cycle + c.t_adl);
            push(phases, die_state::data_in, at, c.data_time(after) - c.data_time(before));
            push(phases, die_state::cmd_addr, at, c.t_cmd_cycle);
        }
        break;
    default:
        push(phases, die_state::cmd_addr, at, t.end - t.start);
        break;
    }
    if (at != t.end) {
        throw std::logic_error("io_phases: the phases of a " + std::string(to_string(t.op)) +
                               " transfer end at " + std::to_string(at) +
                               " ps but the bus is busy"
                               " until " +
                               std::to_string(t.end) +
                               " ps; update io_phases to the"
                               " channel's bus_time");
    }
    return phases;
}

trace::enum_legend die_state_legend() {
    trace::enum_legend legend{"die_state", {}};
    for (unsigned s = 0; s < die_state_count; ++s) {
        legend.states.emplace_back(to_string(static_cast<die_state>(s)));
    }
    return legend;
}

trace::enum_legend bus_owner_legend(unsigned dies) {
    trace::enum_legend legend{"bus_owner_" + std::to_string(dies), {"none"}};
    for (unsigned d = 0; d < dies; ++d) {
        legend.states.push_back("die" + std::to_string(d));
    }
    return legend;
}

std::string command_name(const flash_command& cmd) {
    if (cmd.op != flash_op::odc) {
        return to_string(cmd.op);
    }
    std::string name;
    for (unsigned i = 0; i < cmd.odc_count; ++i) {
        name += (i == 0 ? "" : "+") + std::string(hal::opcode_name(cmd.odcs[i].op));
    }
    return name;
}

channel_trace::channel_trace(trace_output& out, channel_unit& unit, const flash_config& config)
    : m_out(out), m_unit(unit), m_config(config), m_dies(unit.dies.size()) {
    const std::string ch = unit.name();
    const unsigned dies = static_cast<unsigned>(unit.dies.size());
    m_busy = out.add_wire(ch + ".bus.busy");
    m_owner = out.add_enum(ch + ".bus.owner", bus_owner_legend(dies));
    m_queue_signal = out.add_vector(ch + ".fic.queue", 32);
    m_transfers = out.add_track(ch + ".bus.transfers");
    bool any_state = false;
    for (unsigned d = 0; d < dies; ++d) {
        die_trace& t = m_dies[d];
        const std::string die = ch + ".die" + std::to_string(d);
        t.state_signal = out.add_enum(die + ".state", die_state_legend());
        t.io_signal = out.add_enum(die + ".io", die_state_legend());
        t.commands = out.add_track(die + ".commands");
        bool pe_selected = false;
        for (unsigned p = 0; p < config.planes_per_die; ++p) {
            t.pe.push_back(out.add_wire(die + ".pe" + std::to_string(p)));
            t.pe_tracks.push_back(out.add_track(die + ".pe" + std::to_string(p)));
            pe_selected = pe_selected || t.pe.back().selected() || t.pe_tracks.back().selected();
        }
        const bool state = t.state_signal.selected() || t.commands.selected();
        any_state = any_state || state || t.io_signal.selected();
        if (state) {
            unit.dies[d]->on_control = [this, d](const flash_command& cmd, const die_activity& a) {
                control(d, cmd, a);
            };
        }
        if (pe_selected) {
            unit.dies[d]->on_pe = [this, d](unsigned plane, hal::odp_opcode op, time_ps begin,
                                            time_ps end) { pe(d, plane, op, begin, end); };
        }
        if (t.state_signal.selected()) {
            out.on_flush([this, d](time_ps watermark) {
                die_trace& dt = m_dies[d];
                dt.state.flush(watermark, [&](time_ps t, std::uint64_t v) {
                    m_out.change(dt.state_signal, t, v);
                });
            });
        }
    }
    if (any_state || m_busy.selected() || m_owner.selected() || m_transfers.selected()) {
        unit.bus.on_busy = [this](const channel_transfer& t) { transfer(t); };
    }
    if (m_queue_signal.selected()) {
        unit.fic.on_queue_change = [this](time_ps at, int delta) { queue(at, delta); };
        out.on_flush([this](time_ps watermark) {
            m_queue.flush(watermark, [this](time_ps t, std::uint64_t v) {
                m_out.change(m_queue_signal, t, v);
            });
        });
    }
}

channel_trace::~channel_trace() {
    m_unit.bus.on_busy = nullptr;
    m_unit.fic.on_queue_change = nullptr;
    for (auto& die : m_unit.dies) {
        die->on_control = nullptr;
        die->on_pe = nullptr;
    }
}

bool channel_trace::tick() {
    return m_out.tick(now_ps());
}

void channel_trace::transfer(const channel_transfer& t) {
    if (!tick()) {
        return;
    }
    m_out.change(m_busy, t.start, 1);
    m_out.change(m_busy, t.end, 0);
    m_out.change(m_owner, t.start, t.die + 1);
    m_out.change(m_owner, t.end, 0);
    m_out.span(m_transfers, to_string(t.op), "channel", t.start, t.end,
               {trace::uint_arg("die", t.die), trace::uint_arg("planes", t.planes),
                trace::uint_arg("data_bytes", t.data_bytes)});
    die_trace& d = m_dies[t.die];
    if (!d.state_signal.selected() && !d.io_signal.selected()) {
        return;
    }
    for (const die_phase& p : io_phases(m_config, t)) {
        if (d.state_signal.selected()) {
            d.state.add(1, p.begin, p.end, static_cast<std::uint64_t>(p.state));
        }
        m_out.change(d.io_signal, p.begin, static_cast<std::uint64_t>(p.state));
    }
    m_out.change(d.io_signal, t.end, static_cast<std::uint64_t>(die_state::idle));
}

void channel_trace::control(unsigned die, const flash_command& cmd, const die_activity& a) {
    if (!tick()) {
        return;
    }
    die_trace& d = m_dies[die];
    if (d.state_signal.selected()) {
        for (unsigned i = 0; i < a.count; ++i) {
            d.state.add(0, a.phases[i].begin, a.phases[i].end,
                        static_cast<std::uint64_t>(a.phases[i].state));
        }
    }
    if (d.commands.selected()) {
        std::vector<trace::span_arg> args{trace::hex_arg("plane_mask", cmd.plane_mask)};
        if (cmd.op != flash_op::odc && cmd.op != flash_op::pcache && cmd.op != flash_op::rcache) {
            args.push_back(trace::uint_arg("block", cmd.block));
            args.push_back(trace::uint_arg("page", cmd.page));
        }
        m_out.span(d.commands, command_name(cmd), "die", a.begin(), a.end(), args);
    }
}

void channel_trace::pe(unsigned die, unsigned plane, hal::odp_opcode op, time_ps begin,
                       time_ps end) {
    if (!tick()) {
        return;
    }
    die_trace& d = m_dies[die];
    if (plane >= d.pe.size()) {
        throw std::out_of_range("channel_trace: PE of plane " + std::to_string(plane) + " on " +
                                m_unit.name() + ".die" + std::to_string(die) + "; allowed 0.." +
                                std::to_string(d.pe.size() - 1));
    }
    m_out.change(d.pe[plane], begin, 1);
    m_out.change(d.pe[plane], end, 0);
    m_out.span(d.pe_tracks[plane], hal::opcode_name(op), "pe", begin, end);
}

void channel_trace::queue(time_ps at, int delta) {
    if (!tick()) {
        return;
    }
    m_queue.add(at, delta);
}

} // namespace osvp
