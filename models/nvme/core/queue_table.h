// The controller's admin and I/O queues (NVMe 1.4 sections 3.1.8-3.1.10, 5.3-5.6, 7.6.1): admin
// queues come from AQA/ASQ/ACQ when CC.EN goes to 1, I/O queues from Create/Delete I/O SQ/CQ
// commands. Validation results are NVMe status codes the front end posts as completions.
#pragma once
#include "hal/nvme_spec.h"
#include "nvme/core/queue_ring.h"

#include <cstdint>
#include <map>
#include <vector>

namespace osvp::nvme {

// Queue limits the controller advertises.
struct queue_table_config {
    // I/O submission queues and, separately, I/O completion queues supported: ids 1..this
    // (Number of Queues feature, 5.21.1.7); 1..65535.
    std::uint32_t max_io_queues = 0;
    // Largest I/O queue in entries, CAP.MQES + 1 (3.1.1); 2..65536.
    std::uint32_t max_queue_entries = 0;
    // MSI-X interrupt vectors; a CQ's IV must be below this; 1..2048 (PCIe MSI-X table limit).
    std::uint32_t interrupt_vectors = 0;
    // Throws std::invalid_argument naming the field, its value and the allowed range.
    void validate() const;
};

// A completion queue: physically contiguous at `base` (host byte address).
struct completion_queue {
    std::uint64_t base;
    queue_ring ring;
    std::uint16_t vector;
    bool interrupts_enabled;
    // Submission queues that post to this queue; it cannot be deleted while non-zero.
    std::uint32_t attached_sqs;
};

// A submission queue: physically contiguous at `base`, completing to CQ `cqid`; `priority` is
// QPRIO (0 urgent .. 3 low), used by weighted round robin arbitration only.
struct submission_queue {
    std::uint64_t base;
    queue_ring ring;
    std::uint16_t cqid;
    std::uint8_t priority;
};

class queue_table {
public:
    // Throws std::invalid_argument if the config is invalid.
    explicit queue_table(const queue_table_config& config);

    // CC.EN 0 -> 1 with the given AQA, ASQ, ACQ register values and memory page size in bytes:
    // creates admin queues 0. Sizes must be 2..4096 entries (Invalid Queue Size) and both bases
    // page aligned (Invalid PRP Offset); on failure no queue exists and the front end sets
    // CSTS.CFS. Throws std::logic_error if already enabled.
    status enable(std::uint32_t aqa, std::uint64_t asq, std::uint64_t acq,
                  std::uint64_t page_bytes);
    // CC.EN 1 -> 0 or a controller reset: deletes every queue (7.3).
    void disable();
    bool enabled() const { return m_enabled; }

    // Create I/O Completion Queue (5.3): QID in CDW10 15:0, QSIZE (0's based) in 31:16, PC in
    // CDW11 bit 0, IEN bit 1, IV 31:16, base in PRP1. Errors: Invalid Queue Identifier (QID 0,
    // above max_io_queues, or in use), Invalid Queue Size (QSIZE 0 or above MQES), Invalid Field
    // (PC = 0: this controller sets CAP.CQR and supports only contiguous queues), Invalid PRP
    // Offset (base not page aligned), Invalid Interrupt Vector (IEN = 1 and IV out of range).
    status create_io_cq(const submission_entry& cmd);
    // Create I/O Submission Queue (5.4): QID/QSIZE as above, PC in CDW11 bit 0, QPRIO 2:1, CQID
    // 31:16. Errors as for the CQ, and Completion Queue Invalid when CQID is 0 (the admin CQ) or
    // names no existing I/O CQ.
    status create_io_sq(const submission_entry& cmd);
    // Delete I/O Submission Queue (5.6): QID in CDW10 15:0; Invalid Queue Identifier for 0 or a
    // missing queue. The front end aborts the queue's outstanding commands first.
    status delete_io_sq(const submission_entry& cmd);
    // Delete I/O Completion Queue (5.5): Invalid Queue Identifier for 0 or a missing queue,
    // Invalid Queue Deletion while a submission queue still posts to it.
    status delete_io_cq(const submission_entry& cmd);

    // Host wrote SQ `qid` Tail Doorbell (completion_queue = false) or CQ `qid` Head Doorbell
    // (true). invalid_register when that queue does not exist, else the ring's verdict.
    doorbell_error write_doorbell(std::uint16_t qid, bool completion_queue, std::uint32_t value);

    // Queue `qid`, or nullptr if it does not exist. Id 0 is the admin queue.
    submission_queue* find_sq(std::uint16_t qid);
    const submission_queue* find_sq(std::uint16_t qid) const;
    completion_queue* find_cq(std::uint16_t qid);
    const completion_queue* find_cq(std::uint16_t qid) const;
    // Ids of existing submission queues in ascending order (arbitration order).
    std::vector<std::uint16_t> sq_ids() const;

private:
    status check_new_queue(std::uint32_t cdw10, bool completion) const;
    void require_enabled(const char* operation) const;

    queue_table_config m_config;
    bool m_enabled = false;
    std::uint64_t m_page_bytes = 0;
    std::map<std::uint16_t, submission_queue> m_sqs;
    std::map<std::uint16_t, completion_queue> m_cqs;
};

} // namespace osvp::nvme
