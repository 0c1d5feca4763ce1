// Tracing of a platform run (VCD waveforms and a per-operation timeline, issue 5). Built after
// the platform is elaborated and before simulation starts: registers the signals and tracks of
// every module the scope selects, named after the module hierarchy, and installs the observers
// that feed them. Signals: link.downstream.busy, link.upstream.busy, ssd.frontend.sq<q>.depth,
// ssd.frontend.cq<q>.depth, ssd.core<k>.busy and the flash signals of trace_flash.h. Timeline
// tracks: ssd.frontend.sq<q>.cmd<row> (one span per NVMe command, fetch to completion post,
// packed into rows so spans never overlap), ssd.core<k>.tasks (one span per run of contiguous
// charged firmware work), ssd.core<k>.log (one instant per firmware log line, named by its
// message, category its level) and the flash tracks of trace_flash.h. Disabled, it installs
// nothing.
#pragma once
#include "trace_config.h"
#include "trace_flash.h"
#include "trace_output.h"
#include "vp_top.h"

#include <map>
#include <memory>
#include <vector>

namespace osvp {

/// Name of an NVMe opcode for spans: admin (sqid 0) or NVM command set names, vendor-specific
/// opcodes (NVMe 1.4 5, 6: C0h-FFh) as "vendor 0xNN", anything else as "opcode 0xNN".
std::string nvme_command_name(unsigned sqid, std::uint8_t opcode);

class tracing {
public:
    /// Opens the files of `config` (std::runtime_error naming a file that cannot be opened) and
    /// installs the observers on `top`, which must outlive this object.
    tracing(const trace_config& config, vp_top& top);
    /// Calls close(); an error there is printed to stderr because a destructor cannot throw.
    ~tracing();
    tracing(const tracing&) = delete;
    tracing& operator=(const tracing&) = delete;

    /// Writes everything recorded up to the end of the simulation and closes the files;
    /// idempotent. Call after sc_start() returns.
    void close();
    /// One line per file written: path, bytes and changes or spans (empty when disabled).
    std::string report() const;

private:
    struct core_trace {
        trace::signal_handle busy;
        trace::track_handle tasks;
        trace::track_handle log;
        time_ps open_begin = 0;
        time_ps open_end = 0;
        bool open = false;
    };

    void install_link();
    void install_frontend();
    void install_cores();
    /// Advances the output to the kernel time; false when nothing more is recorded.
    bool tick();
    void core_busy(unsigned core, time_ps begin, time_ps end);
    void close_task(core_trace& c);
    void command(const nvme_frontend::command_span& span);

    trace_config m_config;
    vp_top& m_top;
    std::unique_ptr<trace_output> m_out;
    std::vector<std::unique_ptr<channel_trace>> m_channels;
    trace::signal_handle m_link[2];
    std::vector<trace::signal_handle> m_sq_depth;
    std::vector<trace::signal_handle> m_cq_depth;
    std::map<unsigned, std::vector<time_ps>> m_command_rows;
    std::vector<core_trace> m_cores;
    bool m_closed = false;
};

} // namespace osvp
