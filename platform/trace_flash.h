// Traces of the flash side of the SSD: one channel_trace per channel records its bus, its flash
// interface controller's queue and its dies' states and PEs. Die state merges the die control's
// operations (flash_die::on_control) with the bus phases of the die's I/O path (from the channel
// transfers, io_phases), the control taking priority where both are active (a data-in during
// tPROG shows as program; the "io" signal and the bus owner show the transfer).
#pragma once
#include "channel_unit.h"
#include "common/trace/enum_legend.h"
#include "trace_output.h"
#include "trace_signals.h"

#include <vector>

namespace osvp {

/// The I/O-path phases of one channel transfer in ONFI cycle order, covering exactly
/// [t.start, t.end): command/address cycles with their tADL/tWHR waits, then data; a program
/// repeats "80h, 5 address cycles, tADL, data, 11h/10h" per plane (data split evenly). Read,
/// erase, copy, BPR, BPP and ODC transfers are command/address cycles only. Throws
/// std::logic_error if the phases do not add up to the transfer (bus_time changed).
std::vector<die_phase> io_phases(const flash_config& config, const channel_transfer& t);

/// Legend "die_state" of the die state and io signals: the die_state names in enum order.
trace::enum_legend die_state_legend();
/// Legend "bus_owner_<dies>" of a channel's bus owner: 0 "none", d + 1 "die<d>".
trace::enum_legend bus_owner_legend(unsigned dies);
/// Span name of a die command: the flash_op name, or the ODC members' mnemonics ("LVS+QVS").
std::string command_name(const flash_command& cmd);

/// Records one channel "<ch>" (e.g. ssd.ch0). VCD: <ch>.bus.busy (wire), <ch>.bus.owner (enum),
/// <ch>.fic.queue (descriptors queued, 32 bits), <ch>.die<d>.state and .io (die_state legend),
/// <ch>.die<d>.pe<p> (wire per plane). Timeline: <ch>.bus.transfers (one span per transfer),
/// <ch>.die<d>.commands (one span per die-control command), <ch>.die<d>.pe<p> (one span per PE
/// operation). Installs only the observers whose outputs the scope selects; removes them when
/// destroyed.
class channel_trace {
public:
    channel_trace(trace_output& out, channel_unit& unit, const flash_config& config);
    ~channel_trace();
    channel_trace(const channel_trace&) = delete;
    channel_trace& operator=(const channel_trace&) = delete;

private:
    struct die_trace {
        trace::lane_merge state{static_cast<std::uint64_t>(die_state::idle)};
        trace::signal_handle state_signal;
        trace::signal_handle io_signal;
        std::vector<trace::signal_handle> pe;
        trace::track_handle commands;
        std::vector<trace::track_handle> pe_tracks;
    };

    void transfer(const channel_transfer& t);
    void control(unsigned die, const flash_command& cmd, const die_activity& a);
    void pe(unsigned die, unsigned plane, hal::odp_opcode op, time_ps begin, time_ps end);
    void queue(time_ps at, int delta);
    /// Advances the output to the kernel time; false when nothing more is recorded.
    bool tick();

    trace_output& m_out;
    channel_unit& m_unit;
    const flash_config& m_config;
    trace::signal_handle m_busy;
    trace::signal_handle m_owner;
    trace::signal_handle m_queue_signal;
    trace::track_handle m_transfers;
    trace::delta_counter m_queue;
    std::vector<die_trace> m_dies;
};

} // namespace osvp
