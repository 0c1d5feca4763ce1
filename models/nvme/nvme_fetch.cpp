// Command fetch (NVMe 1.4 4.11 round robin arbitration): new SQ entries are read from host memory
// into the command FIFO that the firmware pops.
#include "nvme/nvme_frontend.h"

#include "common/sc_time_util.h"
#include "hal/memory_map.h"
#include "nvme/transfer_plan.h"

#include <algorithm>
#include <string>

namespace osvp {

void nvme_frontend::fetch_thread() {
    while (true) {
        if (!fetch_next()) {
            sc_core::wait(m_fetch_wake);
        }
    }
}

bool nvme_frontend::fetch_next() {
    const auto room =
        static_cast<std::uint32_t>(m_config.command_fifo - m_fifo.size() - m_fetch_reserved);
    if (room == 0) {
        return false;
    }
    const std::vector<std::uint16_t> ids = m_queues.sq_ids();
    const auto has_work = [this](std::uint16_t id) { return !m_queues.find_sq(id)->ring.empty(); };
    auto next =
        std::find_if(std::upper_bound(ids.begin(), ids.end(), m_last_sq), ids.end(), has_work);
    if (next == ids.end()) {
        next = std::find_if(ids.begin(), ids.end(), has_work);
    }
    if (next == ids.end()) {
        return false;
    }
    const std::uint16_t sqid = *next;
    nvme::submission_queue& sq = *m_queues.find_sq(sqid);
    const std::uint32_t count = std::min({sq.ring.count(), m_config.arbitration_burst, room});
    const std::uint16_t cqid = sq.cqid;
    const std::uint64_t epoch = m_epoch;
    const std::vector<nvme::sq_run> runs =
        nvme::sq_fetch_runs(sq.base, sq.ring.head(), sq.ring.size(), count);
    for (std::uint32_t i = 0; i < count; ++i) {
        sq.ring.pop();
    }
    const auto head_after = static_cast<std::uint16_t>(sq.ring.head());
    m_in_flight[sqid] += count;
    m_fetch_reserved += count;
    m_last_sq = sqid;

    std::vector<nvme::submission_entry> entries(count);
    bool ok = true;
    sc_core::sc_time done = sc_core::SC_ZERO_TIME;
    std::size_t index = 0;
    for (const nvme::sq_run& run : runs) {
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        ok = host_access(m_fetch_trans, tlm::TLM_READ_COMMAND, run.address, &entries[index],
                         std::uint64_t{run.entries} * sizeof(nvme::submission_entry), delay) &&
             ok;
        done = std::max(done, delay);
        index += run.entries;
    }
    sc_core::wait(done);
    m_fetch_reserved -= count;
    if (epoch != m_epoch) {
        return true;
    }
    if (!ok) {
        ++m_stats.fetch_errors;
        m_in_flight[sqid] -= count;
        m_registers.set_fatal(now_ps());
        SC_REPORT_WARNING(name(), ("host memory refused the fetch of " + std::to_string(count) +
                                   " entries of SQ " + std::to_string(sqid) + ": CSTS.CFS set")
                                      .c_str());
        report_depth(sqid);
        return true;
    }
    const nvme::submission_queue* still = m_queues.find_sq(sqid);
    for (const nvme::submission_entry& sqe : entries) {
        if (still == nullptr) {
            if (m_queues.find_cq(cqid) != nullptr) {
                push_abort(sqid, sqe.cid(), cqid, head_after);
            }
            continue;
        }
        m_fifo.push_back({sqid, 0, 1, sqe});
        if (on_command) {
            m_fetch_times[std::uint32_t{sqid} << 16 | sqe.cid()] = {now_ps(), sqe.opcode()};
        }
    }
    m_stats.commands_fetched += count;
    m_stats.max_fifo_occupancy = std::max<std::uint64_t>(m_stats.max_fifo_occupancy, m_fifo.size());
    if (!m_fifo.empty()) {
        set_line(fw::irq::nvme_command, true);
    }
    return true;
}

} // namespace osvp
