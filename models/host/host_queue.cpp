#include "host/host_queue.h"

#include <stdexcept>
#include <string>

namespace osvp {

host_queue::host_queue(sparse_memory& memory, std::uint16_t qid, std::uint32_t entries,
                       std::uint64_t sq_base, std::uint64_t cq_base)
    : m_memory(memory), m_qid(qid), m_entries(entries), m_sq_base(sq_base), m_cq_base(cq_base) {
    if (entries < 2 || entries > nvme::max_queue_entries) {
        throw std::invalid_argument("host_queue " + std::to_string(qid) +
                                    ": entries must be 2..65536, got " + std::to_string(entries));
    }
    if (sq_base % 4096 != 0 || cq_base % 4096 != 0) {
        throw std::invalid_argument("host_queue " + std::to_string(qid) +
                                    ": ring bases must be 4 KiB aligned, got SQ " +
                                    std::to_string(sq_base) + ", CQ " + std::to_string(cq_base));
    }
    m_memory.clear(sq_base, std::uint64_t{entries} * sizeof(nvme::submission_entry));
    m_memory.clear(cq_base, std::uint64_t{entries} * sizeof(nvme::completion_entry));
}

std::uint32_t host_queue::free_entries() const {
    const std::uint32_t used = (m_sq_tail + m_entries - m_sq_head) % m_entries;
    return m_entries - 1 - used;
}

std::uint32_t host_queue::push(const nvme::submission_entry& sqe) {
    if (free_entries() == 0) {
        throw std::logic_error("host_queue " + std::to_string(m_qid) + ": submission queue full (" +
                               std::to_string(m_entries) + " entries)");
    }
    m_memory.store(m_sq_base + std::uint64_t{m_sq_tail} * sizeof sqe, sqe);
    m_sq_tail = (m_sq_tail + 1) % m_entries;
    return m_sq_tail;
}

std::optional<nvme::completion_entry> host_queue::pop() {
    const auto cqe = m_memory.load<nvme::completion_entry>(
        m_cq_base + std::uint64_t{m_cq_head} * sizeof(nvme::completion_entry));
    if (cqe.phase() != m_phase) {
        return std::nullopt;
    }
    m_cq_head = (m_cq_head + 1) % m_entries;
    if (m_cq_head == 0) {
        m_phase = !m_phase;
    }
    if (cqe.sq_head < m_entries) {
        m_sq_head = cqe.sq_head;
    }
    return cqe;
}

} // namespace osvp
