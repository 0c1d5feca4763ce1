// Completion posting (NVMe 1.4 4.6, 7.5): completion entries go to the host CQs in the order the
// firmware requested them, each followed by the CQ's MSI-X message. Both are posted writes: the
// thread does not wait for them, the link keeps their order.
#include "nvme/nvme_frontend.h"

#include "common/sc_time_util.h"
#include "nvme/transfer_plan.h"

#include <string>

namespace osvp {

void nvme_frontend::completion_thread() {
    bool stalled = false;
    while (true) {
        if (m_completions.empty()) {
            sc_core::wait(m_completion_wake);
            continue;
        }
        const completion_job job = m_completions.front();
        const time_ps now = now_ps();
        if (job.arrival > now) {
            sc_core::wait(to_sc(job.arrival - now), m_completion_wake);
            continue;
        }
        nvme::completion_queue* cq = m_queues.find_cq(job.cqid);
        if (cq == nullptr) {
            m_completions.pop_front();
            SC_REPORT_ERROR(name(),
                            ("completion for SQ " + std::to_string(job.request.sqid) + " cid " +
                             std::to_string(job.request.cid) + ": CQ " + std::to_string(job.cqid) +
                             " was deleted before it could be posted (firmware bug)")
                                .c_str());
            continue;
        }
        if (cq->ring.full()) {
            m_stats.cq_full_stalls += stalled ? 0 : 1;
            stalled = true;
            sc_core::wait(m_completion_wake);
            continue;
        }
        stalled = false;
        m_completions.pop_front();
        post(job, *cq);
    }
}

void nvme_frontend::post(const completion_job& job, nvme::completion_queue& cq) {
    const fw::nvme_fe::completion_request& request = job.request;
    const nvme::submission_queue* sq = m_queues.find_sq(request.sqid);
    const bool same_queue = sq != nullptr && sq->cqid == job.cqid;
    const auto sq_head = same_queue ? static_cast<std::uint16_t>(sq->ring.head()) : job.sq_head;
    const nvme::queue_ring::slot slot = cq.ring.push();
    nvme::completion_entry cqe =
        nvme::make_cqe(request.dw0, sq_head, request.sqid, request.cid, request.status, slot.phase);
    constexpr std::uint64_t cqe_bytes = 1u << nvme::cqe_size_log2;
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    if (!host_access(m_completion_trans, tlm::TLM_WRITE_COMMAND, cq.base + slot.index * cqe_bytes,
                     &cqe, cqe_bytes, delay)) {
        ++m_stats.host_write_errors;
        SC_REPORT_WARNING(name(),
                          ("host memory refused the CQE for SQ " + std::to_string(request.sqid) +
                           " cid " + std::to_string(request.cid) + " at CQ " +
                           std::to_string(job.cqid) + " slot " + std::to_string(slot.index))
                              .c_str());
    }
    ++m_stats.completions_posted;
    report_cq_depth(job.cqid);
    if (on_command) {
        const auto fetched = m_fetch_times.find(std::uint32_t{request.sqid} << 16 | request.cid);
        if (fetched != m_fetch_times.end()) {
            on_command({fetched->second.first, now_ps(), request.sqid, request.cid,
                        fetched->second.second, request.status});
            m_fetch_times.erase(fetched);
        }
    }
    if (same_queue) {
        auto in_flight = m_in_flight.find(request.sqid);
        if (in_flight != m_in_flight.end() && in_flight->second > 0) {
            --in_flight->second;
        }
        report_depth(request.sqid);
    }
    if (cq.interrupts_enabled) {
        std::uint32_t data = cq.vector;
        if (!host_access(m_completion_trans, tlm::TLM_WRITE_COMMAND,
                         m_config.msi_address + 16ull * cq.vector, &data, sizeof data, delay)) {
            ++m_stats.host_write_errors;
            SC_REPORT_WARNING(
                name(),
                ("host refused the MSI-X message of vector " + std::to_string(cq.vector)).c_str());
        }
        ++m_stats.msi_sent;
    }
}

} // namespace osvp
