// The asynchronous I/O engine of the NVMe host driver: slots with data buffers and PRP lists
// (NVMe 1.4 4.3), the storage-stack delay before a command reaches the SQ, batched doorbells and
// interrupt-driven completion (NVMe 1.4 7.2.x command processing).
#include "host/nvme_driver.h"

#include "common/sc_time_util.h"
#include "common/units.h"

#include <algorithm>
#include <string>

namespace osvp {
void nvme_driver::open_io(std::uint32_t depth, std::uint64_t buffer_bytes,
                          const std::string& section) {
    if (!initialised()) {
        throw std::logic_error(std::string(name()) + ": open_io before initialise");
    }
    if (m_in_flight != 0) {
        throw std::logic_error(std::string(name()) + ": open_io with " +
                               std::to_string(m_in_flight) + " command(s) in flight");
    }
    if (depth == 0 || depth >= m_config.io_queue_entries) {
        throw config_error(section + ".queue_depth: must be 1..host.io_queue_entries - 1 (" +
                           std::to_string(m_config.io_queue_entries - 1) + "), got " +
                           std::to_string(depth));
    }
    const std::string size_key = section + ".request_size";
    if (buffer_bytes == 0 || buffer_bytes % lba_bytes() != 0 ||
        buffer_bytes / lba_bytes() > 65536) {
        throw config_error(size_key + " = " + std::to_string(buffer_bytes) +
                           " B invalid: must be a positive multiple of the LBA size " +
                           std::to_string(lba_bytes()) + " B and at most 65536 blocks");
    }
    const std::uint64_t limit = m_controller.max_transfer_bytes(nvme::memory_page_bytes(0));
    if (limit != 0 && buffer_bytes > limit) {
        fail(size_key + " = " + std::to_string(buffer_bytes) +
             " B exceeds the controller's maximum transfer (MDTS " +
             std::to_string(m_controller.mdts) + ") of " + std::to_string(limit) + " B");
    }
    if (depth <= m_slots.size() && buffer_bytes <= m_slot_bytes) {
        m_slots.resize(depth);
        return;
    }
    m_slots.assign(depth, io_slot{});
    m_slot_bytes = buffer_bytes;
    for (io_slot& s : m_slots) {
        s.buffer = allocate(buffer_bytes);
        const std::uint64_t list_pages = m_prp.list_pages(s.buffer, buffer_bytes);
        s.prp_list = list_pages == 0 ? 0 : allocate(list_pages * 4096);
    }
}

std::optional<std::uint16_t> nvme_driver::idle_slot() const {
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        if (m_slots[i].state == slot_state::idle) {
            return static_cast<std::uint16_t>(i);
        }
    }
    return std::nullopt;
}

std::uint64_t nvme_driver::slot_buffer(std::uint16_t slot) const {
    if (slot >= m_slots.size()) {
        throw std::logic_error(std::string(name()) + ": slot " + std::to_string(slot) +
                               " does not exist (open_io made " + std::to_string(m_slots.size()) +
                               ")");
    }
    return m_slots[slot].buffer;
}

void nvme_driver::submit_io(std::uint16_t slot, const io_request& request) {
    slot_buffer(slot);
    io_slot& s = m_slots[slot];
    const std::uint64_t bytes = std::uint64_t{request.nlb} * lba_bytes();
    if (s.state != slot_state::idle || request.nlb == 0 || bytes > m_slot_bytes) {
        throw std::logic_error(std::string(name()) + ": submit_io on slot " + std::to_string(slot) +
                               " with " + std::to_string(request.nlb) +
                               " blocks: the slot must be idle and the data 1 block to " +
                               std::to_string(m_slot_bytes) + " B");
    }
    s.state = slot_state::stack;
    s.request = request;
    s.handed_over = now_ps();
    m_stack.push_back(slot);
    ++m_in_flight;
}

void nvme_driver::push_due() {
    const time_ps now = now_ps();
    bool pushed = false;
    while (!m_stack.empty() && m_io->free_entries() != 0) {
        io_slot& s = m_slots[m_stack.front()];
        if (s.handed_over + m_config.storage_stack_latency > now) {
            break;
        }
        const std::uint16_t cid = m_stack.front();
        m_stack.pop_front();
        const std::uint64_t bytes = std::uint64_t{s.request.nlb} * lba_bytes();
        const prp_pointers pointers = m_prp.build(m_memory.storage(), s.buffer, bytes, s.prp_list);
        nvme::submission_entry sqe;
        const std::uint8_t opcode =
            s.request.op == io_op::read ? nvme::nvm_opcode::read : nvme::nvm_opcode::write;
        sqe.cdw0 = nvme::make_cdw0(opcode, cid);
        sqe.nsid = m_config.namespace_id;
        sqe.prp1 = pointers.prp1;
        sqe.prp2 = pointers.prp2;
        sqe.cdw10 = static_cast<std::uint32_t>(s.request.slba);
        sqe.cdw11 = static_cast<std::uint32_t>(s.request.slba >> 32);
        sqe.cdw12 = s.request.nlb - 1;
        m_io->push(sqe);
        s.state = slot_state::device;
        if (m_in_device++ == 0) {
            m_last_progress = now;
        }
        pushed = true;
    }
    if (pushed) {
        ring_sq(*m_io);
    }
}

std::vector<io_completion> nvme_driver::reap() {
    std::vector<io_completion> done;
    bool popped = false;
    while (auto cqe = m_io->pop()) {
        popped = true;
        if (cqe->cid >= m_slots.size() || m_slots[cqe->cid].state != slot_state::device) {
            SC_REPORT_WARNING(name(), ("completion for CID " + std::to_string(cqe->cid) +
                                       " that is not in flight; ignored")
                                          .c_str());
            continue;
        }
        io_slot& s = m_slots[cqe->cid];
        s.state = slot_state::idle;
        done.push_back({cqe->cid, s.request, cqe->status(), s.handed_over, now_ps()});
    }
    if (popped) {
        ring_cq(*m_io);
    }
    m_in_flight -= static_cast<std::uint32_t>(done.size());
    m_in_device -= static_cast<std::uint32_t>(done.size());
    if (!done.empty()) {
        m_last_progress = now_ps();
    }
    return done;
}

std::vector<io_completion> nvme_driver::wait_io(const sc_core::sc_event* wake) {
    if (m_in_flight == 0) {
        throw std::logic_error(std::string(name()) + ": wait_io with no command in flight");
    }
    for (;;) {
        push_due();
        std::vector<io_completion> done = reap();
        if (!done.empty()) {
            return done;
        }
        const time_ps now = now_ps();
        std::optional<time_ps> next_due;
        if (!m_stack.empty() && m_io->free_entries() != 0) {
            next_due = m_slots[m_stack.front()].handed_over + m_config.storage_stack_latency;
        }
        if (m_in_device == 0) {
            if (!next_due) {
                throw std::logic_error(std::string(name()) +
                                       ": commands in flight but none in the SQ or due");
            }
            wait(sc_core::sc_time::from_value(*next_due - now));
            continue;
        }
        const time_ps timeout_at = m_last_progress + m_config.command_timeout;
        if (now >= timeout_at) {
            fail(std::to_string(m_in_device) + " I/O command(s) got no completion within " +
                 format_time(m_config.command_timeout) + " (host.command_timeout)");
        }
        wait_interrupt(io_vector, timeout_at, wake, next_due);
        if (wake != nullptr && wake->triggered()) {
            push_due();
            return reap();
        }
    }
}

} // namespace osvp
