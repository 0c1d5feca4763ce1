#include "host/nvme_driver.h"

#include "common/sc_time_util.h"
#include "common/units.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <string>

namespace osvp {
namespace {

std::string hex(std::uint64_t v) {
    std::ostringstream out;
    out << "0x" << std::hex << v;
    return out.str();
}

/// The TLM name of `status` (as tlm_generic_payload::get_response_string gives it).
std::string response_text(tlm::tlm_response_status status) {
    tlm::tlm_generic_payload trans;
    trans.set_response_status(status);
    return trans.get_response_string();
}

} // namespace

nvme_driver::nvme_driver(const sc_core::sc_module_name& name, const nvme_driver_config& config,
                         const workload_config& workload, host_memory& memory)
    : sc_core::sc_module(name), mmio("mmio"), m_config(config), m_workload(workload),
      m_memory(memory), m_next_free(config.dma_base) {
    m_config.validate();
    m_workload.validate();
    if (sc_core::sc_get_time_resolution() != sc_core::sc_time(1, sc_core::SC_PS)) {
        throw std::runtime_error(std::string(this->name()) +
                                 ": the SystemC time resolution must be 1 ps, got " +
                                 sc_core::sc_get_time_resolution().to_string());
    }
    if (m_config.autorun && m_workload.queue_depth >= m_config.io_queue_entries) {
        throw config_error("workload.queue_depth: must be below host.io_queue_entries (" +
                           std::to_string(m_config.io_queue_entries) + "), got " +
                           std::to_string(m_workload.queue_depth));
    }
    m_memory.set_interrupt_handler(
        [this](std::uint32_t vector, std::uint32_t, const sc_core::sc_time& delay) {
            interrupt(vector, delay);
        });
    SC_HAS_PROCESS(nvme_driver);
    SC_THREAD(main_thread);
}

void nvme_driver::main_thread() {
    if (!m_config.autorun) {
        return;
    }
    initialise();
    run_workload();
    m_finished = true;
    m_finished_event.notify(sc_core::SC_ZERO_TIME);
}

void nvme_driver::fail(const std::string& message) const {
    SC_REPORT_ERROR(name(), message.c_str());
    throw std::runtime_error(std::string(name()) + ": " + message);
}

std::uint64_t nvme_driver::allocate(std::uint64_t bytes) {
    const std::uint64_t size = (std::max<std::uint64_t>(bytes, 1) + 4095) / 4096 * 4096;
    const std::uint64_t base = m_next_free;
    const std::uint64_t msi = m_memory.config().msi_base;
    const bool hits_msi = base < msi + host_memory::msi_window_bytes && base + size > msi;
    if (!m_memory.storage().contains(base, size) || hits_msi) {
        throw std::runtime_error(std::string(name()) + ": cannot allocate " + std::to_string(size) +
                                 " B of host memory at " + hex(base) + ": it must lie inside [0, " +
                                 hex(m_memory.config().size) +
                                 ") and outside the MSI-X window at " + hex(msi));
    }
    m_next_free += size;
    m_memory.storage().clear(base, size);
    return base;
}

tlm::tlm_response_status nvme_driver::mmio_access(tlm::tlm_command command, std::uint64_t offset,
                                                  void* data, unsigned bytes,
                                                  sc_core::sc_time& delay) {
    m_mmio_trans.set_command(command);
    m_mmio_trans.set_address(offset);
    m_mmio_trans.set_data_ptr(static_cast<unsigned char*>(data));
    m_mmio_trans.set_data_length(bytes);
    m_mmio_trans.set_streaming_width(bytes);
    m_mmio_trans.set_byte_enable_ptr(nullptr);
    m_mmio_trans.set_dmi_allowed(false);
    m_mmio_trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    mmio->b_transport(m_mmio_trans, delay);
    return m_mmio_trans.get_response_status();
}

std::uint64_t nvme_driver::mmio_read(std::uint64_t offset, unsigned bytes) {
    std::uint64_t value = 0;
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    const tlm::tlm_response_status status =
        mmio_access(tlm::TLM_READ_COMMAND, offset, &value, bytes, delay);
    wait(delay);
    ++m_mmio_reads;
    if (status != tlm::TLM_OK_RESPONSE) {
        fail("MMIO read of " + std::to_string(bytes) + " B at BAR0 offset " + hex(offset) +
             " failed: " + response_text(status));
    }
    return value;
}

void nvme_driver::mmio_write(std::uint64_t offset, std::uint64_t value, unsigned bytes) {
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    const tlm::tlm_response_status status =
        mmio_access(tlm::TLM_WRITE_COMMAND, offset, &value, bytes, delay);
    ++m_mmio_writes;
    if (status != tlm::TLM_OK_RESPONSE) {
        fail("MMIO write of " + hex(value) + " to BAR0 offset " + hex(offset) +
             " failed: " + response_text(status));
    }
}

void nvme_driver::ring_sq(const host_queue& queue) {
    mmio_write(nvme::sq_tail_doorbell(queue.qid(), nvme::cap::DSTRD::get(m_cap)), queue.sq_tail(),
               4);
}

void nvme_driver::ring_cq(const host_queue& queue) {
    mmio_write(nvme::cq_head_doorbell(queue.qid(), nvme::cap::DSTRD::get(m_cap)), queue.cq_head(),
               4);
}

void nvme_driver::interrupt(std::uint32_t vector, const sc_core::sc_time& delay) {
    if (vector != admin_vector && vector != io_vector) {
        SC_REPORT_WARNING(
            name(),
            ("MSI-X vector " + std::to_string(vector) + " was never configured; ignored").c_str());
        return;
    }
    ++m_irq_count[vector];
    m_pending_irqs[vector].insert(now_ps() + delay.value());
    m_irq_event[vector].notify(delay);
}

bool nvme_driver::wait_interrupt(std::uint32_t vector, time_ps deadline,
                                 const sc_core::sc_event* wake, std::optional<time_ps> due) {
    auto& pending = m_pending_irqs[vector];
    for (;;) {
        const time_ps now = now_ps();
        if (!pending.empty() && *pending.begin() <= now) {
            pending.erase(pending.begin(), pending.upper_bound(now));
            return true;
        }
        if (now >= deadline || (due && now >= *due)) {
            return false;
        }
        m_deadline_timer.arm(deadline);
        sc_core::sc_event_or_list events;
        events |= m_irq_event[vector];
        events |= m_deadline_timer.event();
        if (due) {
            m_due_timer.arm(*due);
            events |= m_due_timer.event();
        }
        if (!pending.empty()) {
            m_irq_timer.arm(*pending.begin());
            events |= m_irq_timer.event();
        }
        if (wake != nullptr) {
            events |= *wake;
        }
        wait(events);
        if (wake != nullptr && wake->triggered()) {
            return false;
        }
    }
}

nvme::completion_entry nvme_driver::execute(queue_id queue, nvme::submission_entry sqe,
                                            std::optional<time_ps> timeout) {
    const bool io = queue == queue_id::io;
    if (io ? !m_io : !m_admin) {
        throw std::logic_error(std::string(name()) + ": execute on the " + (io ? "I/O" : "admin") +
                               " queue before it exists");
    }
    if (io && m_in_flight != 0) {
        throw std::logic_error(std::string(name()) +
                               ": execute on the I/O queue while asynchronous commands are in "
                               "flight");
    }
    host_queue& q = io ? *m_io : *m_admin;
    const std::uint16_t cid = io ? direct_io_cid : m_next_admin_cid++;
    sqe.cdw0 = (sqe.cdw0 & 0xFFFF) | std::uint32_t{cid} << 16;
    if (q.free_entries() == 0) {
        fail("queue " + std::to_string(q.qid()) + " is full");
    }
    q.push(sqe);
    ring_sq(q);
    const time_ps limit = timeout.value_or(m_config.command_timeout);
    const time_ps deadline = now_ps() + limit;
    bool timed_out = false;
    for (;;) {
        std::optional<nvme::completion_entry> found;
        bool popped = false;
        while (auto cqe = q.pop()) {
            popped = true;
            if (cqe->cid == cid && !found) {
                found = cqe;
            } else {
                SC_REPORT_WARNING(name(),
                                  ("unexpected completion for CID " + std::to_string(cqe->cid) +
                                   " on queue " + std::to_string(q.qid()))
                                      .c_str());
            }
        }
        if (popped) {
            ring_cq(q);
        }
        if (found) {
            return *found;
        }
        if (timed_out) {
            fail("command opcode " + hex(sqe.opcode()) + " CID " + std::to_string(cid) +
                 " on queue " + std::to_string(q.qid()) + " got no completion within " +
                 format_time(limit));
        }
        timed_out = !wait_interrupt(io ? io_vector : admin_vector, deadline);
    }
}

nlohmann::json nvme_driver::stats() const {
    return {{"summary", m_summary.to_json()},
            {"mmio_reads", m_mmio_reads},
            {"mmio_writes", m_mmio_writes},
            {"interrupts", {{"admin", m_irq_count[admin_vector]}, {"io", m_irq_count[io_vector]}}},
            {"namespace",
             {{"lba_bytes", initialised() ? lba_bytes() : 0}, {"lbas", m_namespace.nsze}}}};
}

} // namespace osvp
