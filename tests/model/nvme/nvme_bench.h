// A bench for the NVMe front end: a fake host memory (sparse, one bandwidth-limited port with a
// fixed latency, recording MSI-X writes), the front end, the controller interconnect and an SSD
// DRAM. One test thread plays both the host (BAR0 through `host_mmio`) and the firmware (the
// register window through `fw`); interrupt line edges are recorded.
#pragma once
#include "common/busy_timeline.h"
#include "common/sc_time_util.h"
#include "common/sparse_memory.h"
#include "common/tlm_access.h"
#include "common/units.h"
#include "controller/dram.h"
#include "controller/interconnect.h"
#include "hal/memory_map.h"
#include "hal/nvme_fe.h"
#include "nvme/nvme_frontend.h"

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <cstring>
#include <functional>
#include <vector>

namespace osvp::test {

/// Host memory behind the PCIe link, reduced to a latency and a bandwidth: an access of n bytes
/// occupies the port for n / bandwidth from (issue + latency) or when the port frees up.
struct host_stub : sc_core::sc_module {
    struct interrupt {
        std::uint32_t vector;
        std::uint32_t data;
        time_ps at;
    };
    struct access {
        bool write;
        std::uint64_t address;
        std::uint64_t length;
        time_ps end;
    };

    tlm_utils::simple_target_socket<host_stub> socket;
    sparse_memory memory{1ull << 30};
    busy_timeline port;
    time_ps latency = 200 * ps_per_ns;
    double bandwidth = 8e9;
    std::uint64_t msi_base;
    std::vector<interrupt> interrupts;
    std::vector<access> accesses;
    /// Accesses with a null data pointer (timing only): timed, nothing moved.
    std::uint64_t timing_only_accesses = 0;

    host_stub(const sc_core::sc_module_name& name, std::uint64_t msi)
        : sc_module(name), socket("socket"), msi_base(msi) {
        socket.register_b_transport(this, &host_stub::b_transport);
        socket.register_transport_dbg(this, &host_stub::transport_dbg);
    }

    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
        const std::uint64_t address = trans.get_address();
        const std::uint64_t length = trans.get_data_length();
        const time_ps now = to_ps(sc_core::sc_time_stamp());
        if (address >= msi_base && address < msi_base + 4096) {
            std::uint32_t data = 0;
            std::memcpy(&data, trans.get_data_ptr(), sizeof data);
            const bool ok = trans.is_write() && length == 4 && (address - msi_base) % 16 == 0;
            interrupts.push_back({static_cast<std::uint32_t>((address - msi_base) / 16), data,
                                  now + to_ps(delay) + latency});
            trans.set_response_status(ok ? tlm::TLM_OK_RESPONSE : tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        if (transport_dbg(trans) != length) {
            trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        const time_ps duration = transfer_time(length, bandwidth);
        const time_ps start = port.reserve(now + to_ps(delay) + latency, duration);
        delay = to_sc(start + duration - now);
        accesses.push_back({trans.is_write(), address, length, start + duration});
        trans.set_response_status(tlm::TLM_OK_RESPONSE);
    }

    unsigned transport_dbg(tlm::tlm_generic_payload& trans) {
        const std::uint64_t address = trans.get_address();
        const unsigned length = trans.get_data_length();
        if (!memory.contains(address, length)) {
            return 0;
        }
        if (trans.get_data_ptr() == nullptr) {
            ++timing_only_accesses;
        } else if (trans.is_write()) {
            memory.write(address, trans.get_data_ptr(), length);
        } else {
            memory.read(address, trans.get_data_ptr(), length);
        }
        return length;
    }
};

struct nvme_bench : sc_core::sc_module {
    nvme_config config;
    controller_config controller;
    host_stub host;
    nvme_frontend frontend;
    interconnect bus;
    dram memory;
    tlm_utils::simple_initiator_socket<nvme_bench> host_mmio;
    tlm_utils::simple_initiator_socket<nvme_bench> fw;
    bool line_level[2] = {false, false};
    sc_core::sc_event line_raised[2];
    std::vector<time_ps> raised_at[2];
    std::function<void(nvme_bench&)> scenario;

    SC_HAS_PROCESS(nvme_bench);
    nvme_bench(const nvme_config& c, std::function<void(nvme_bench&)> body,
               const sc_core::sc_module_name& name = "bench")
        : sc_module(name), config(c), host("host", c.msi_address), frontend("frontend", c),
          bus("bus", controller.interconnect_latency), memory("memory", controller),
          host_mmio("host_mmio"), fw("fw"), scenario(std::move(body)) {
        frontend.to_host.bind(host.socket);
        frontend.to_memory.bind(bus.from_initiators);
        bus.to_targets.bind(memory.socket);
        bus.map(0, fw::memory_map::dram_base, controller.dram_bytes);
        host_mmio.bind(frontend.bar0);
        fw.bind(frontend.regs);
        frontend.irq = [this](unsigned line, bool level) {
            line_level[line] = level;
            if (level) {
                raised_at[line].push_back(to_ps(sc_core::sc_time_stamp()));
                line_raised[line].notify(sc_core::SC_ZERO_TIME);
            }
        };
        SC_THREAD(run);
    }

    void run() { scenario(*this); }

    tlm::tlm_response_status transport(tlm_utils::simple_initiator_socket<nvme_bench>& socket,
                                       tlm::tlm_command command, std::uint64_t address, void* data,
                                       unsigned length) {
        return tlm_access(socket, command, address, data, length);
    }

    void mmio_write(std::uint64_t offset, std::uint64_t value, unsigned bytes = 4) {
        EXPECT_EQ(transport(host_mmio, tlm::TLM_WRITE_COMMAND, offset, &value, bytes),
                  tlm::TLM_OK_RESPONSE)
            << "BAR0 write at " << offset;
        sc_core::wait(sc_core::SC_ZERO_TIME);
    }
    std::uint64_t mmio_read(std::uint64_t offset, unsigned bytes = 4) {
        std::uint64_t value = 0;
        EXPECT_EQ(transport(host_mmio, tlm::TLM_READ_COMMAND, offset, &value, bytes),
                  tlm::TLM_OK_RESPONSE)
            << "BAR0 read at " << offset;
        return value;
    }
    void fw_write(std::uint64_t address, const void* data, unsigned length) {
        ASSERT_EQ(transport(fw, tlm::TLM_WRITE_COMMAND, address, const_cast<void*>(data), length),
                  tlm::TLM_OK_RESPONSE);
    }
    void fw_read(std::uint64_t address, void* data, unsigned length) {
        ASSERT_EQ(transport(fw, tlm::TLM_READ_COMMAND, address, data, length),
                  tlm::TLM_OK_RESPONSE);
    }

    /// Admin queues of `sq_entries`/`cq_entries` at `asq`/`acq`, then CC.EN = 1 and a wait
    /// until CSTS.RDY.
    void enable(std::uint32_t sq_entries, std::uint32_t cq_entries, std::uint64_t asq,
                std::uint64_t acq) {
        mmio_write(nvme::reg::AQA, (sq_entries - 1) | (cq_entries - 1) << 16);
        mmio_write(nvme::reg::ASQ, asq, 8);
        mmio_write(nvme::reg::ACQ, acq, 8);
        mmio_write(nvme::reg::CC, nvme::cc::EN::set(0, 1));
        sc_core::wait(to_sc(config.ready_delay));
        EXPECT_EQ(nvme::csts::RDY::get(mmio_read(nvme::reg::CSTS)), 1u);
    }
    void put_sqe(std::uint64_t base, std::uint32_t slot, const nvme::submission_entry& sqe) {
        host.memory.write(base + 64ull * slot, reinterpret_cast<const std::uint8_t*>(&sqe), 64);
    }
    nvme::completion_entry cqe_at(std::uint64_t base, std::uint32_t slot) {
        nvme::completion_entry e;
        host.memory.read(base + 16ull * slot, reinterpret_cast<std::uint8_t*>(&e), sizeof e);
        return e;
    }
    void ring_sq(std::uint16_t qid, std::uint32_t tail) {
        mmio_write(nvme::sq_tail_doorbell(qid, 0), tail);
    }
    void ring_cq(std::uint16_t qid, std::uint32_t head) {
        mmio_write(nvme::cq_head_doorbell(qid, 0), head);
    }
    fw::nvme_fe::fetched_command pop_command() {
        fw::nvme_fe::fetched_command c{};
        fw_read(fw::nvme_fe::reg_command, &c, sizeof c);
        return c;
    }
    std::uint16_t queue_admin(const nvme::submission_entry& sqe) {
        fw_write(fw::nvme_fe::reg_queue_admin, &sqe, sizeof sqe);
        std::uint32_t status = 0xFFFF;
        fw_read(fw::nvme_fe::reg_queue_status, &status, 4);
        return static_cast<std::uint16_t>(status);
    }
    void complete(std::uint16_t sqid, std::uint16_t cid, nvme::status status, std::uint32_t dw0) {
        const fw::nvme_fe::completion_request r{sqid, cid, fw::nvme_fe::pack_status(status),
                                                0,    dw0, 0};
        fw_write(fw::nvme_fe::reg_complete, &r, sizeof r);
    }
    void wait_line(unsigned line) {
        while (!line_level[line]) {
            sc_core::wait(line_raised[line]);
        }
    }
    /// Submits a transfer, waits for the nvme_dma line and pops the result.
    fw::nvme_fe::dma_completion dma(const fw::nvme_fe::dma_request& request) {
        fw_write(fw::nvme_fe::reg_dma_submit, &request, sizeof request);
        wait_line(fw::irq::nvme_dma);
        fw::nvme_fe::dma_completion done{};
        fw_read(fw::nvme_fe::reg_dma_done, &done, sizeof done);
        return done;
    }
};

/// Runs the bench's scenario to the end of simulation.
inline void run(nvme_bench&) {
    sc_core::sc_start();
}

/// Create I/O CQ / SQ commands (NVMe 1.4 5.3, 5.4) with physically contiguous queues.
inline nvme::submission_entry create_cq(std::uint16_t qid, std::uint32_t entries,
                                        std::uint64_t base, std::uint16_t vector, bool ien = true) {
    nvme::submission_entry e;
    e.cdw0 = nvme::make_cdw0(nvme::admin_opcode::create_io_cq, 1);
    e.prp1 = base;
    e.cdw10 = qid | (entries - 1) << 16;
    e.cdw11 = 1u | (ien ? 2u : 0u) | std::uint32_t{vector} << 16;
    return e;
}
inline nvme::submission_entry create_sq(std::uint16_t qid, std::uint32_t entries,
                                        std::uint64_t base, std::uint16_t cqid) {
    nvme::submission_entry e;
    e.cdw0 = nvme::make_cdw0(nvme::admin_opcode::create_io_sq, 2);
    e.prp1 = base;
    e.cdw10 = qid | (entries - 1) << 16;
    e.cdw11 = 1u | std::uint32_t{cqid} << 16;
    return e;
}
inline nvme::submission_entry delete_queue(std::uint8_t opcode, std::uint16_t qid) {
    nvme::submission_entry e;
    e.cdw0 = nvme::make_cdw0(opcode, 3);
    e.cdw10 = qid;
    return e;
}

} // namespace osvp::test
