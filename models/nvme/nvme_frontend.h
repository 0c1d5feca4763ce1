// The NVMe controller front end (hardware; firmware interface in hal/nvme_fe.h). It owns BAR0
// (NVMe 1.4 3.1), fetches submission queue entries by DMA when the host rings SQ tail doorbells
// (round robin over SQs, 4.11), moves command data between host memory and SSD DRAM with a pool
// of PRP-walking DMA engines (4.3), and posts completion entries followed by MSI-X messages
// (4.6, 7.5). Asynchronous Event Requests are not implemented: an invalid doorbell write (5.2.1)
// is reported as a warning, counted and ignored. Loosely timed: the targets never wait; the fetch
// thread, the DMA engines and the completion thread wait for their own transfers.
// Timing-only runs (nvme_config::timing_only, decided once by the platform): transfers the
// firmware marks as I/O data (fw::nvme_fe::dma_flag_io_data) go over the link and the DRAM
// port with a null data pointer, so their timing is unchanged and no payload byte is copied;
// host memory and SSD DRAM then neither read nor store those bytes. Each engine, the fetch and
// the completion thread own one reused generic payload (no per-transfer allocation).
#pragma once
#include "common/register_window.h"
#include "common/sim_time.h"
#include "hal/nvme_fe.h"
#include "nvme/bar0_registers.h"
#include "nvme/core/queue_table.h"
#include "nvme/nvme_config.h"
#include "nvme/transfer_plan.h"

#include <nlohmann/json.hpp>
#include <systemc>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace osvp {

class nvme_frontend : public sc_core::sc_module {
public:
    /// Host MMIO over the PCIe link: BAR0 registers and doorbells, addresses relative to BAR0.
    tlm_utils::simple_target_socket<nvme_frontend> bar0;
    /// Firmware register window (hal/nvme_fe.h), addresses relative to memory_map::nvme_fe_base.
    tlm_utils::simple_target_socket<nvme_frontend> regs;
    /// DMA reads/writes of host memory and MSI-X writes; host physical addresses.
    tlm_utils::simple_initiator_socket<nvme_frontend> to_host;
    /// SSD DRAM through the controller interconnect; controller physical addresses.
    tlm_utils::simple_initiator_socket<nvme_frontend> to_memory;
    /// Drives firmware interrupt line `line` (fw::irq::nvme_command, fw::irq::nvme_dma) to
    /// `level`: high while fetched commands, respectively DMA results, wait. May be empty.
    std::function<void(unsigned line, bool level)> irq;
    /// Called with the time, the SQ id and its new depth (commands the host submitted that have
    /// no posted completion yet) whenever that depth changes. May be empty.
    std::function<void(time_ps, unsigned sqid, unsigned depth)> on_queue_depth;
    /// Called with the time, the CQ id and its occupancy (entries posted that the host has not
    /// released through the CQ head doorbell) whenever it changes. May be empty.
    std::function<void(time_ps, unsigned cqid, unsigned depth)> on_cq_depth;
    /// One command's life in the device, from the end of its fetch into the command FIFO to
    /// the posting of its completion entry (NVMe 1.4 4.2, 4.6), for traces.
    struct command_span {
        time_ps fetched = 0;
        time_ps completed = 0;
        std::uint16_t sqid = 0;
        std::uint16_t cid = 0;
        std::uint8_t opcode = 0;
        std::uint16_t status = 0; ///< completion status field (SCT << 8 | SC)
    };
    /// Called when a completion is posted for a fetched command. May be empty; the front end
    /// records fetch times only while it is set.
    std::function<void(const command_span&)> on_command;

    SC_HAS_PROCESS(nvme_frontend);
    /// Throws config_error if `config` is invalid.
    nvme_frontend(const sc_core::sc_module_name& name, const nvme_config& config);

    /// Counters: commands fetched, bytes host->DRAM and DRAM->host, completions posted, MSI-X
    /// messages sent, doorbell errors, maximum command FIFO occupancy, and error counts.
    nlohmann::json stats() const;

private:
    struct pending_write {
        std::uint64_t offset;
        unsigned bytes;
        std::uint64_t value;
    };
    struct dma_job {
        fw::nvme_fe::dma_request request;
        time_ps arrival;
    };
    struct completion_job {
        fw::nvme_fe::completion_request request;
        std::uint16_t cqid;
        std::uint16_t sq_head; ///< used when the SQ no longer exists at posting time
        time_ps arrival;
    };
    /// Reused by one DMA engine thread; the buffer stays empty in timing-only transfers.
    struct dma_engine {
        tlm::tlm_generic_payload trans;
        std::vector<std::uint8_t> buffer;
        nvme::transfer_chunks chunks;
    };
    struct counters {
        std::uint64_t commands_fetched = 0;
        std::uint64_t bytes_host_to_dram = 0;
        std::uint64_t bytes_dram_to_host = 0;
        std::uint64_t dma_transfers = 0;
        std::uint64_t dma_errors = 0;
        std::uint64_t completions_posted = 0;
        std::uint64_t msi_sent = 0;
        std::uint64_t doorbell_errors = 0;
        std::uint64_t fetch_errors = 0;
        std::uint64_t host_write_errors = 0;
        std::uint64_t cq_full_stalls = 0;
        std::uint64_t aborted_by_sq_deletion = 0;
        std::uint64_t dropped_by_reset = 0;
        std::uint64_t max_fifo_occupancy = 0;
    };

    // Host side (nvme_frontend.cpp).
    void bar0_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned bar0_debug(tlm::tlm_generic_payload& trans);
    void apply_due_writes(time_ps until);
    void apply_writes_method();
    void handle(const bar0_effect& effect, time_ps at);
    void reset_work();

    // Firmware side (nvme_regs.cpp).
    /// Declares the registers of hal/nvme_fe.h in m_regs.
    void map_registers();
    void regs_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned regs_debug(tlm::tlm_generic_payload& trans);
    fw::nvme_fe::fetched_command pop_command();
    fw::nvme_fe::dma_completion pop_dma_done();
    /// Queues a DMA request written at the kernel's time + `delay`.
    void submit_dma(const fw::nvme_fe::dma_request& request, const sc_core::sc_time& delay);
    void request_completion(const fw::nvme_fe::completion_request& request, time_ps arrival);
    std::uint16_t queue_admin(const nvme::submission_entry& sqe);
    void abort_fetched(std::uint16_t sqid);
    void push_abort(std::uint16_t sqid, std::uint16_t cid, std::uint16_t cqid,
                    std::uint16_t sq_head);

    // Engines (nvme_fetch.cpp, nvme_dma.cpp, nvme_completion.cpp).
    void fetch_thread();
    bool fetch_next();
    void dma_thread(unsigned engine);
    /// Moves the data of `request` with `engine`'s payload and chunk plan; `buffer` is null
    /// for a timing-only transfer.
    nvme::status transfer(const fw::nvme_fe::dma_request& request, dma_engine& engine,
                          std::uint8_t* buffer, sc_core::sc_time& delay);
    /// The host side of one chunk: its pieces, in order, to or from `buffer` (null: timing only).
    bool host_chunk(tlm::tlm_generic_payload& trans, tlm::tlm_command command,
                    const nvme::transfer_chunks& cut, const nvme::transfer_chunk& chunk,
                    std::uint8_t* buffer, sc_core::sc_time& delay);
    void completion_thread();
    void post(const completion_job& job, nvme::completion_queue& cq);

    /// One access through `trans` (reused by the calling thread); a null `data` is timing only.
    bool host_access(tlm::tlm_generic_payload& trans, tlm::tlm_command command,
                     std::uint64_t address, void* data, std::uint64_t length,
                     sc_core::sc_time& delay);
    bool memory_access(tlm::tlm_generic_payload& trans, tlm::tlm_command command,
                       std::uint64_t address, void* data, std::uint64_t length,
                       sc_core::sc_time& delay);
    void wait_until(time_ps t);
    void set_line(unsigned line, bool level);
    void report_depth(std::uint16_t sqid);
    void report_cq_depth(std::uint16_t cqid);

    nvme_config m_config;
    nvme::queue_table m_queues;
    bar0_registers m_registers;
    std::multimap<time_ps, pending_write> m_pending_writes;
    sc_core::sc_event m_write_due;
    std::uint64_t m_epoch = 0; ///< incremented by every controller reset

    std::deque<fw::nvme_fe::fetched_command> m_fifo;
    std::uint32_t m_fetch_reserved = 0;
    std::uint16_t m_last_sq = 0xFFFF;
    std::map<std::uint16_t, std::uint32_t> m_in_flight; ///< fetched, not yet completed, per SQ
    sc_core::sc_event m_fetch_wake;

    std::unique_ptr<dma_engine[]> m_engines;
    std::deque<dma_job> m_dma_jobs;
    std::deque<fw::nvme_fe::dma_completion> m_dma_done;
    sc_core::sc_event m_dma_wake;

    tlm::tlm_generic_payload m_fetch_trans;
    tlm::tlm_generic_payload m_completion_trans;
    std::deque<completion_job> m_completions;
    sc_core::sc_event m_completion_wake;
    std::uint16_t m_queue_status = 0;
    register_window m_regs;

    /// Fetch time and opcode per (sqid << 16 | cid), kept only while on_command is set.
    std::map<std::uint32_t, std::pair<time_ps, std::uint8_t>> m_fetch_times;
    bool m_line_level[2] = {false, false};
    counters m_stats;
};

} // namespace osvp
