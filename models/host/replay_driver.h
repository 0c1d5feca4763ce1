// The host of replay mode: replays a block I/O trace (host/block_trace.h) through the NVMe
// driver's asynchronous I/O engine, each command at its arrival time (replay.timing "arrival")
// or back to back with queue_depth in flight ("closed"). Latency runs from a command's arrival
// in the trace (arrival timing) or from its hand-over (closed) to its completion; the time a
// command arrived while queue_depth commands were in flight is counted as its slot wait. With
// replay.precondition the LBAs the trace reads are written first (not counted).
#pragma once
#include "host/block_trace.h"
#include "host/latency_stats.h"
#include "host/nvme_driver.h"
#include "host/replay_config.h"
#include "host/run_summary.h"

#include <nlohmann/json.hpp>
#include <systemc>

namespace osvp {

class replay_driver : public sc_core::sc_module {
public:
    /// Replays `config.file` cut by `mapping`; the commands' buffers hold `buffer_bytes` (the
    /// trace's largest command).
    replay_driver(const sc_core::sc_module_name& name, const replay_config& config,
                  const trace_mapping& mapping, std::uint64_t buffer_bytes, nvme_driver& driver);

    bool finished() const { return m_finished; }
    const sc_core::sc_event& finished_event() const { return m_finished_event; }
    const run_summary& summary() const { return m_summary; }
    /// {"file", "timing", "time_scale", "queue_depth", "requests" (trace requests submitted),
    /// "commands" (completed), "preconditioned_lbas", "slot_wait" (latency_stats of the commands
    /// that arrived with queue_depth commands in flight, arrival timing)}.
    nlohmann::json stats() const;

private:
    void main_thread();
    /// Writes every LBA the trace reads, queue_depth commands at a time.
    void precondition();

    replay_config m_config;
    trace_mapping m_mapping;
    std::uint64_t m_buffer_bytes;
    nvme_driver& m_driver;
    run_summary m_summary;
    latency_stats m_slot_wait;
    /// Trace requests submitted so far.
    std::uint64_t m_requests = 0;
    std::uint64_t m_preconditioned_lbas = 0;
    sc_core::sc_event m_arrival_event;
    bool m_finished = false;
    sc_core::sc_event m_finished_event;
};

} // namespace osvp
