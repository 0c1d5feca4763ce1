// The workload loop of the NVMe host driver: slots of the queue depth, PRPs, verify data,
// interrupt-driven completion and the run summary.
#include "host/nvme_driver.h"

#include "host/prp_builder.h"

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

namespace osvp {
namespace {

time_ps now_ps() {
    return sc_core::sc_time_stamp().value();
}

std::string text_of(nvme::status s) {
    std::ostringstream out;
    out << s;
    return out.str();
}

} // namespace

void nvme_driver::prepare_slots(const workload& load) {
    const prp_builder prp(nvme::memory_page_bytes(0));
    const std::uint64_t bytes = m_workload.request_bytes;
    m_slots.assign(m_workload.queue_depth, slot{});
    for (slot& s : m_slots) {
        s.buffer = allocate(bytes);
        const std::uint64_t list_pages = prp.list_pages(s.buffer, bytes);
        const std::uint64_t list = list_pages == 0 ? 0 : allocate(list_pages * 4096);
        const prp_pointers pointers = prp.build(m_memory.storage(), s.buffer, bytes, list);
        s.prp1 = pointers.prp1;
        s.prp2 = pointers.prp2;
    }
}

void nvme_driver::run_workload() {
    if (!initialised()) {
        throw std::logic_error(std::string(name()) + ": run_workload before initialise");
    }
    workload load(m_workload, lba_bytes(), m_namespace.nsze);
    const std::uint64_t limit = m_controller.max_transfer_bytes(nvme::memory_page_bytes(0));
    if (limit != 0 && m_workload.request_bytes > limit) {
        fail("workload.request_size = " + std::to_string(m_workload.request_bytes) +
             " B exceeds the controller's maximum transfer (MDTS " +
             std::to_string(m_controller.mdts) + ") of " + std::to_string(limit) + " B");
    }
    prepare_slots(load);
    m_running = true;
    const time_ps start = now_ps();
    const time_ps stack = m_config.storage_stack_latency;
    for (slot& s : m_slots) {
        s.ready_at = start;
    }
    m_summary.first_submission = start;
    std::optional<block_request> pending;
    std::uint64_t in_flight = 0;
    time_ps last_progress = start;
    for (;;) {
        const time_ps now = now_ps();
        bool submitted = false;
        for (std::size_t cid = 0; cid < m_slots.size(); ++cid) {
            if (m_slots[cid].busy || m_slots[cid].ready_at + stack > now) {
                continue;
            }
            if (!pending && load.done()) {
                break;
            }
            const block_request request = pending ? *pending : load.next();
            pending.reset();
            const bool overlaps =
                m_workload.verify && m_busy_lba_slots.count(load.slot_of(request.slba)) != 0;
            if (overlaps || m_io->free_entries() == 0) {
                pending = request;
                break;
            }
            submit(static_cast<std::uint16_t>(cid), request, load);
            ++in_flight;
            submitted = true;
        }
        if (submitted) {
            ring_sq(*m_io);
        }
        const bool more = pending || !load.done();
        if (!more && in_flight == 0) {
            break;
        }
        std::optional<time_ps> next_ready;
        for (const slot& s : m_slots) {
            if (more && !s.busy && s.ready_at + stack > now) {
                next_ready = std::min(next_ready.value_or(s.ready_at + stack), s.ready_at + stack);
            }
        }
        if (in_flight == 0) {
            if (!next_ready) {
                throw std::logic_error(std::string(name()) +
                                       ": work left but no command in flight or due");
            }
            wait(sc_core::sc_time::from_value(*next_ready - now));
            continue;
        }
        const time_ps timeout_at = last_progress + m_config.command_timeout;
        wait_interrupt(io_vector, std::min(next_ready.value_or(timeout_at), timeout_at));
        std::uint64_t completed = 0;
        bool popped = false;
        while (auto cqe = m_io->pop()) {
            popped = true;
            completed += complete(*cqe, load) ? 1 : 0;
        }
        if (popped) {
            ring_cq(*m_io);
        }
        in_flight -= completed;
        if (completed != 0) {
            last_progress = now_ps();
        } else if (now_ps() >= timeout_at) {
            fail(std::to_string(in_flight) + " I/O command(s) got no completion within " +
                 std::to_string(m_config.command_timeout) + " ps");
        }
    }
    m_running = false;
}

void nvme_driver::submit(std::uint16_t cid, const block_request& request, const workload& load) {
    slot& s = m_slots[cid];
    s.busy = true;
    s.request = request;
    s.handed_over = s.ready_at;
    const std::uint64_t bytes = std::uint64_t{request.nlb} * lba_bytes();
    if (m_workload.verify) {
        m_busy_lba_slots.insert(load.slot_of(request.slba));
        if (request.op == io_op::write) {
            s.seed = m_workload.seed ^ mix64(m_next_seed++);
            std::vector<std::uint8_t> data(bytes);
            fill_pattern(s.seed, request.slba * lba_bytes(), data.data(), bytes);
            m_memory.storage().write(s.buffer, data.data(), bytes);
        }
    }
    nvme::submission_entry sqe;
    const std::uint8_t opcode =
        request.op == io_op::read ? nvme::nvm_opcode::read : nvme::nvm_opcode::write;
    sqe.cdw0 = nvme::make_cdw0(opcode, cid);
    sqe.nsid = m_config.namespace_id;
    sqe.prp1 = s.prp1;
    sqe.prp2 = s.prp2;
    sqe.cdw10 = static_cast<std::uint32_t>(request.slba);
    sqe.cdw11 = static_cast<std::uint32_t>(request.slba >> 32);
    sqe.cdw12 = request.nlb - 1;
    m_io->push(sqe);
}

bool nvme_driver::complete(const nvme::completion_entry& cqe, const workload& load) {
    if (cqe.cid >= m_slots.size() || !m_slots[cqe.cid].busy) {
        SC_REPORT_WARNING(name(), ("completion for CID " + std::to_string(cqe.cid) +
                                   " that is not in flight; ignored")
                                      .c_str());
        return false;
    }
    const time_ps now = now_ps();
    slot& s = m_slots[cqe.cid];
    s.busy = false;
    s.ready_at = now;
    const block_request& r = s.request;
    const bool read = r.op == io_op::read;
    const std::uint64_t bytes = std::uint64_t{r.nlb} * lba_bytes();
    const std::uint64_t lba_slot = load.slot_of(r.slba);
    const time_ps latency = now - s.handed_over;
    ++m_summary.commands;
    ++(read ? m_summary.reads : m_summary.writes);
    m_summary.latency.record(latency);
    (read ? m_summary.read_latency : m_summary.write_latency).record(latency);
    m_summary.last_completion = now;
    if (!cqe.status().ok()) {
        ++m_summary.errors[text_of(cqe.status())];
        if (m_workload.verify && !read) {
            m_record.forget(lba_slot);
        }
    } else {
        m_summary.bytes += bytes;
        if (m_workload.verify && !read) {
            m_record.written(lba_slot, s.seed);
        } else if (m_workload.verify) {
            const std::optional<std::uint64_t> seed = m_record.expected(lba_slot);
            if (!seed) {
                ++m_summary.unverified_reads;
            } else {
                std::vector<std::uint8_t> data(bytes);
                m_memory.storage().read(s.buffer, data.data(), bytes);
                ++m_summary.verified_reads;
                m_summary.mismatched_reads +=
                    count_mismatches(*seed, r.slba * lba_bytes(), data.data(), bytes) != 0 ? 1 : 0;
            }
        }
    }
    m_busy_lba_slots.erase(lba_slot);
    return true;
}

} // namespace osvp
