// NVMe host driver (the host CPU's SC_THREAD): brings up a controller over MMIO as NVMe 1.4
// section 7.6.1 describes, builds its admin and one I/O queue pair in host memory, and offers an
// asynchronous I/O engine with interrupt-driven completions (MSI-X vector 0 admin, vector 1 I/O)
// on which the block workload and the training driver both run.
#pragma once
#include "host/host_config.h"
#include "host/host_memory.h"
#include "host/host_queue.h"
#include "host/identify_data.h"
#include "host/prp_builder.h"
#include "host/run_summary.h"
#include "host/workload.h"

#include "common/wake_timer.h"
#include "hal/nvme_spec.h"

#include <nlohmann/json.hpp>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace osvp {

/// One asynchronous I/O command: `nlb` logical blocks (a count) from `slba` of the driver's
/// namespace, moving the data through the buffer of the slot it is submitted on.
struct io_request {
    io_op op = io_op::read;
    std::uint64_t slba = 0;
    std::uint32_t nlb = 0;
};

/// A finished asynchronous command. Its latency runs from the hand-over to the storage stack to
/// the driver seeing the completion entry (ps).
struct io_completion {
    std::uint16_t slot = 0;
    io_request request;
    nvme::status status;
    time_ps handed_over = 0;
    time_ps completed = 0;
    time_ps latency() const { return completed - handed_over; }
};

/// The host's NVMe driver. MMIO goes through `mmio` (to the PCIe link's host_side, BAR0
/// offsets); queues, PRP lists and data buffers are accessed directly in host_memory's storage
/// at zero time. MMIO reads stall the thread for their round trip; MMIO writes are posted.
/// Fatal problems (controller not ready in CAP.TO, failed admin command, lost command) are
/// SC_REPORT_ERRORs; I/O commands completing with an error status are reported to their caller.
/// initialise, run_workload, execute and wait_io wait, so they must be called from a thread.
///
/// Asynchronous I/O: open_io creates `depth` slots, each with a data buffer and a PRP list; the
/// slot index is the command's CID. submit_io hands a command to the storage stack at the
/// current time; it enters the SQ (one doorbell per batch) storage_stack_latency later, in
/// hand-over order. wait_io returns the completions of the next interrupt.
class nvme_driver : public sc_core::sc_module {
public:
    /// Queue of a directly executed command: admin (QID 0) or the I/O queue (QID 1).
    enum class queue_id { admin, io };
    /// MSI-X vectors the driver configures (CQ 0 always uses vector 0, NVMe 1.4 7.5.1).
    static constexpr std::uint32_t admin_vector = 0;
    static constexpr std::uint32_t io_vector = 1;
    /// CID used by execute() on the I/O queue; asynchronous CIDs are the slots 0..depth-1.
    static constexpr std::uint16_t direct_io_cid = 0xFFFE;

    tlm_utils::simple_initiator_socket<nvme_driver> mmio;

    /// Installs itself as `memory`'s interrupt handler. Throws config_error for bad configs.
    nvme_driver(const sc_core::sc_module_name& name, const nvme_driver_config& config,
                const workload_config& workload, host_memory& memory);

    /// MSI-X message entry point, raised `delay` after the current time.
    void interrupt(std::uint32_t vector, const sc_core::sc_time& delay);
    /// Resets and enables the controller, identifies it and the namespace, creates the I/O
    /// completion queue (vector 1, interrupts enabled) and submission queue.
    void initialise();
    /// Runs the configured workload to its end, keeping queue_depth commands in flight.
    void run_workload();
    /// Writes every LBA of `ranges` (sorted, disjoint) once, in order, in commands of at most
    /// `most_lbas`, keeping every idle slot busy, and returns when all have completed; not
    /// counted in the run summary (preconditioning before a measured run). Needs open_io.
    void write_ranges(const std::vector<lba_range>& ranges, std::uint64_t most_lbas);
    /// Submits `sqe` (its CID replaced by the driver) and returns the completion entry; fails
    /// after `timeout` (default host.command_timeout) without it. On the I/O queue only while no
    /// asynchronous command is in flight (std::logic_error).
    nvme::completion_entry execute(queue_id queue, nvme::submission_entry sqe,
                                   std::optional<time_ps> timeout = std::nullopt);
    /// `bytes` of zeroed, 4 KiB-aligned host memory from the driver's DMA region.
    std::uint64_t allocate(std::uint64_t bytes);

    /// Prepares `depth` slots with buffers of `buffer_bytes` (reusing the current ones when they
    /// are large enough). Needs initialise() and no command in flight; a depth not below
    /// io_queue_entries or a buffer that is no LBA multiple or exceeds the controller's MDTS
    /// fails naming `section`.queue_depth or `section`.request_size.
    void open_io(std::uint32_t depth, std::uint64_t buffer_bytes, const std::string& section);
    /// Lowest-numbered slot without a command, if any.
    std::optional<std::uint16_t> idle_slot() const;
    /// Host physical address of a slot's data buffer (the CPU fills and reads it in storage()).
    std::uint64_t slot_buffer(std::uint16_t slot) const;
    /// Hands `request` to the storage stack on idle `slot`; its data (at most the slot's buffer)
    /// goes through that slot's buffer. std::logic_error for a busy slot or bad size.
    void submit_io(std::uint16_t slot, const io_request& request);
    /// Waits until at least one command completes and returns every completion then found.
    /// std::logic_error with nothing in flight; fails after command_timeout without progress.
    /// When `wake` is notified first it returns what has completed by then, possibly nothing.
    std::vector<io_completion> wait_io(const sc_core::sc_event* wake = nullptr);
    /// Commands handed over and not yet completed.
    std::uint32_t io_in_flight() const { return m_in_flight; }

    bool initialised() const { return m_io.has_value(); }
    /// Notified when the autorun thread has finished the workload.
    const sc_core::sc_event& finished_event() const { return m_finished_event; }
    bool finished() const { return m_finished; }
    const nvme_driver_config& config() const { return m_config; }
    host_memory& memory() { return m_memory; }
    const controller_identity& controller() const { return m_controller; }
    const namespace_identity& namespace_data() const { return m_namespace; }
    std::uint32_t lba_bytes() const { return 1u << m_namespace.lbads; }
    const run_summary& summary() const { return m_summary; }
    /// The run summary plus MMIO and interrupt counts.
    nlohmann::json stats() const;

private:
    enum class slot_state { idle, stack, device };
    struct io_slot {
        slot_state state = slot_state::idle;
        io_request request;
        time_ps handed_over = 0;
        std::uint64_t buffer = 0;
        std::uint64_t prp_list = 0;
    };

    void main_thread();
    /// One BAR0 access through the reused m_mmio_trans; returns its response status.
    tlm::tlm_response_status mmio_access(tlm::tlm_command command, std::uint64_t offset, void* data,
                                         unsigned bytes, sc_core::sc_time& delay);
    std::uint64_t mmio_read(std::uint64_t offset, unsigned bytes);
    void mmio_write(std::uint64_t offset, std::uint64_t value, unsigned bytes);
    /// Waits until CSTS.RDY equals `ready` or CAP.TO expires.
    void wait_ready(bool ready);
    /// Waits for an interrupt on `vector` until `deadline` or `due`, whichever comes first (or
    /// until `wake` is notified); true if one arrived.
    bool wait_interrupt(std::uint32_t vector, time_ps deadline,
                        const sc_core::sc_event* wake = nullptr,
                        std::optional<time_ps> due = std::nullopt);
    nvme::completion_entry admin(const nvme::submission_entry& sqe, const char* what);
    void identify();
    void create_io_queues();
    /// Moves handed-over commands whose stack latency has elapsed into the SQ.
    void push_due();
    /// Pops the CQ; completions of unknown CIDs are warnings.
    std::vector<io_completion> reap();
    void ring_sq(const host_queue& queue);
    void ring_cq(const host_queue& queue);
    [[noreturn]] void fail(const std::string& message) const;

    nvme_driver_config m_config;
    workload_config m_workload;
    host_memory& m_memory;
    std::uint64_t m_next_free;
    std::uint64_t m_cap = 0;
    time_ps m_ready_timeout = 0;
    controller_identity m_controller;
    namespace_identity m_namespace;
    std::optional<host_queue> m_admin;
    std::optional<host_queue> m_io;
    std::uint16_t m_next_admin_cid = 0;
    bool m_finished = false;
    std::vector<io_slot> m_slots;
    std::uint64_t m_slot_bytes = 0;
    std::deque<std::uint16_t> m_stack;
    prp_builder m_prp{nvme::memory_page_bytes(0)}; ///< CC.MPS 0 (4 KiB), as the driver enables
    std::uint32_t m_in_flight = 0;
    std::uint32_t m_in_device = 0;
    time_ps m_last_progress = 0;
    run_summary m_summary;
    std::array<std::multiset<time_ps>, 2> m_pending_irqs;
    std::array<sc_core::sc_event, 2> m_irq_event;
    wake_timer m_deadline_timer; ///< command timeouts
    wake_timer m_due_timer;      ///< commands leaving the host storage stack
    wake_timer m_irq_timer;      ///< interrupts raised with a delay, after the first
    std::array<std::uint64_t, 2> m_irq_count{};
    tlm::tlm_generic_payload m_mmio_trans;
    std::uint64_t m_mmio_reads = 0;
    std::uint64_t m_mmio_writes = 0;
    sc_core::sc_event m_finished_event;
};

} // namespace osvp
