// A minimal NVMe controller written from the NVMe 1.4 specification for testing the host side
// without the real front end: BAR0 registers (CAP, VS, CC, CSTS, AQA, ASQ, ACQ, doorbells), one
// worker that fetches SQEs through the PCIe link, executes Identify, Create I/O CQ/SQ, Read and
// Write against a sparse LBA store, posts CQEs with phase tags and raises MSI-X messages. It
// walks PRPs independently of the driver and records every violation it finds.
#pragma once
#include "hal/nvme_spec.h"

#include "common/sim_time.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace osvp::test {

/// Behaviour knobs of the fake controller.
struct fake_device_params {
    std::uint64_t namespace_lbas = 1 << 16;
    std::uint8_t lbads = 12;
    std::uint8_t mdts = 6;
    std::uint16_t mqes = 1023;
    std::uint8_t timeout_units = 1;
    time_ps ready_delay = 10 * ps_per_us;
    time_ps command_time = 2 * ps_per_us;
    /// Every n-th I/O command completes with LBA Out of Range instead (0: never).
    unsigned fail_every = 0;
    /// Flip one byte of every read's data.
    bool corrupt_reads = false;
    /// Never complete I/O commands.
    bool drop_io = false;
    std::uint64_t msi_base = 0xFEE00000;
    /// Optimizer window (sw/hal/optimstore_if.h): super-pages per region (0: no window, vendor
    /// features fail with Invalid Field), first LBA and flash page size in bytes.
    std::uint64_t window_super_pages = 0;
    std::uint64_t window_base_lba = 1 << 15;
    std::uint64_t window_page_bytes = 8192;
};

/// One command that touched the optimizer window, in execution order. kind 'S' is Set Features
/// C2h (step begin), 'W' a write, 'R' a read; offset and nlb in LBAs within `region`.
struct window_event {
    char kind = 0;
    unsigned region = 0;
    std::uint64_t offset = 0;
    std::uint64_t nlb = 0;
    std::uint64_t step = 0;
};

/// One Set or Get Features command with its feature identifier and its 4 KiB data buffer.
struct feature_call {
    std::uint8_t opcode = 0;
    std::uint8_t fid = 0;
    std::vector<std::uint8_t> data;
};

/// One I/O command as the device saw it: its SQE and the data pages its PRPs describe.
struct seen_io {
    nvme::submission_entry sqe;
    std::vector<std::uint64_t> pages;
};

class fake_nvme_device : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<fake_nvme_device> bar0;
    tlm_utils::simple_initiator_socket<fake_nvme_device> dma;

    fake_nvme_device(const sc_core::sc_module_name& name, const fake_device_params& params);

    /// Register writes in arrival order: (BAR0 offset, value), doorbells excluded.
    std::vector<std::pair<std::uint64_t, std::uint64_t>> register_writes;
    std::vector<nvme::submission_entry> admin_commands;
    std::vector<seen_io> io_commands;
    /// PRP rule violations (NVMe 1.4 4.3) found while walking I/O commands.
    std::vector<std::string> prp_errors;
    std::vector<feature_call> feature_calls;
    std::vector<window_event> window_events;
    /// Window commands that do not stay inside one region.
    std::vector<std::string> window_errors;
    /// The G region as delivered in step s + 1: FP32 elements of all super-pages.
    std::vector<std::vector<float>> step_gradients;
    /// FP32 element `index` of region 0..2 (W, M, V) as stored now.
    float state(unsigned region, std::uint64_t index) const;

private:
    struct queue {
        bool exists = false;
        std::uint64_t base = 0;
        std::uint32_t entries = 0;
        std::uint32_t head = 0;
        std::uint32_t tail = 0;
        bool phase = true;
        std::uint32_t vector = 0;
        bool interrupts = true;
    };

    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& trans);
    void write_register(std::uint64_t offset, std::uint64_t value, unsigned bytes,
                        const sc_core::sc_time& delay);
    void register_image(std::uint8_t* image) const;
    void become_ready();
    void apply_doorbells();
    void worker();
    void dma_access(tlm::tlm_command command, std::uint64_t address, void* data,
                    std::uint64_t length);
    nvme::status execute_admin(const nvme::submission_entry& sqe);
    nvme::status execute_io(const nvme::submission_entry& sqe);
    std::vector<std::uint64_t> walk_prps(const nvme::submission_entry& sqe, std::uint64_t length);
    /// Copies `length` bytes between `data` and the host pages of a command.
    void transfer(tlm::tlm_command command, const std::vector<std::uint64_t>& pages,
                  std::uint8_t* data, std::uint64_t length);
    /// Vendor Set/Get Features C0h (parameter_set, window_info) and C2h (step_begin).
    nvme::status execute_feature(const nvme::submission_entry& sqe);
    std::uint64_t window_region_lbas() const;
    /// The region of a command inside the window, or -1 outside, -2 when it spans regions.
    int window_region(std::uint64_t slba, std::uint64_t nlb) const;
    /// Fills an FP16 W read-back; false when the read is an ordinary one.
    bool window_read(std::uint64_t slba, std::uint64_t nlb, std::vector<std::uint8_t>& data);
    /// Logs a window write; a G write applies the reference update to W, M and V.
    void window_write(std::uint64_t slba, std::uint64_t nlb, const std::vector<std::uint8_t>& data);
    void set_state(unsigned region, std::uint64_t index, float value);
    void post_completion(std::uint16_t sqid, const nvme::submission_entry& sqe, nvme::status s);

    fake_device_params m_params;
    std::uint64_t m_cap;
    std::uint32_t m_cc = 0;
    std::uint32_t m_csts = 0;
    std::uint32_t m_aqa = 0;
    std::uint64_t m_asq = 0;
    std::uint64_t m_acq = 0;
    std::map<std::uint16_t, queue> m_sq;
    std::map<std::uint16_t, queue> m_cq;
    std::map<std::uint16_t, std::uint16_t> m_sq_to_cq;
    std::map<std::uint64_t, std::vector<std::uint8_t>> m_blocks;
    std::multimap<time_ps, std::pair<std::uint64_t, std::uint32_t>> m_doorbells;
    unsigned m_io_count = 0;
    std::vector<std::uint8_t> m_parameter_set;
    std::uint64_t m_steps = 0;
    double m_step_lr = 0;
    sc_core::sc_event m_ready_event;
    sc_core::sc_event m_work_event;
};

} // namespace osvp::test
