// Host side of one NVMe submission/completion queue pair living in host memory (NVMe 1.4
// sections 4.1 queue rings, 4.6 completion entries and the Phase Tag).
#pragma once
#include "common/sparse_memory.h"

#include "hal/nvme_spec.h"

#include <cstdint>
#include <optional>

namespace osvp {

/// Owns the SQ tail, CQ head and expected Phase Tag of queue `qid`. Both rings have `entries`
/// slots; the SQ is full when one slot is left, and the SQ head comes from completion entries.
class host_queue {
public:
    /// Zeroes both rings (Phase Tags 0, so the first pass expects 1). `entries` 2..65536,
    /// ring bases 4 KiB aligned (std::invalid_argument otherwise).
    host_queue(sparse_memory& memory, std::uint16_t qid, std::uint32_t entries,
               std::uint64_t sq_base, std::uint64_t cq_base);

    std::uint16_t qid() const { return m_qid; }
    std::uint32_t entries() const { return m_entries; }
    std::uint64_t sq_base() const { return m_sq_base; }
    std::uint64_t cq_base() const { return m_cq_base; }
    std::uint32_t sq_tail() const { return m_sq_tail; }
    std::uint32_t cq_head() const { return m_cq_head; }
    /// Submission slots free: entries - 1 - (tail - head) mod entries.
    std::uint32_t free_entries() const;
    /// Writes `sqe` at the tail and advances it; returns the new tail (the doorbell value).
    /// std::logic_error when the queue is full.
    std::uint32_t push(const nvme::submission_entry& sqe);
    /// The entry at the CQ head if its Phase Tag is the expected one; advances the head
    /// (inverting the expected phase on wrap) and takes the SQ head it reports.
    std::optional<nvme::completion_entry> pop();

private:
    sparse_memory& m_memory;
    std::uint16_t m_qid;
    std::uint32_t m_entries;
    std::uint64_t m_sq_base;
    std::uint64_t m_cq_base;
    std::uint32_t m_sq_tail = 0;
    std::uint32_t m_sq_head = 0;
    std::uint32_t m_cq_head = 0;
    bool m_phase = true;
};

} // namespace osvp
