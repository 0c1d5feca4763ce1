// Firmware register window of the front end (hal/nvme_fe.h).
#include "nvme/nvme_frontend.h"

#include "common/sc_time_util.h"
#include "hal/memory_map.h"

#include <string>

namespace osvp {
namespace fe = fw::nvme_fe;

void nvme_frontend::map_registers() {
    m_regs.add_read(
        fe::reg_command, [this] { return pop_command(); },
        [this] { return m_fifo.empty() ? fe::fetched_command{} : m_fifo.front(); });
    const auto count = [this] { return static_cast<std::uint32_t>(m_fifo.size()); };
    m_regs.add_read(fe::reg_command_count, count, count);
    m_regs.add_write<fe::dma_request>(
        fe::reg_dma_submit,
        [this](const fe::dma_request& r, const sc_core::sc_time& d) { submit_dma(r, d); });
    m_regs.add_read(
        fe::reg_dma_done, [this] { return pop_dma_done(); },
        [this] { return m_dma_done.empty() ? fe::dma_completion{} : m_dma_done.front(); });
    m_regs.add_write<fe::completion_request>(
        fe::reg_complete, [this](const fe::completion_request& r, const sc_core::sc_time& d) {
            request_completion(r, to_ps(kernel_time() + d));
        });
    m_regs.add_write<nvme::submission_entry>(
        fe::reg_queue_admin, [this](const nvme::submission_entry& sqe, const sc_core::sc_time&) {
            m_queue_status = queue_admin(sqe);
        });
    const auto status = [this] { return std::uint32_t{m_queue_status}; };
    m_regs.add_read(fe::reg_queue_status, status, status);
}

void nvme_frontend::regs_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    m_regs.transport(trans, delay);
}

unsigned nvme_frontend::regs_debug(tlm::tlm_generic_payload& trans) {
    return m_regs.debug(trans);
}

void nvme_frontend::submit_dma(const fe::dma_request& request, const sc_core::sc_time& delay) {
    if (request.dir != fe::direction::host_to_dram && request.dir != fe::direction::dram_to_host) {
        SC_REPORT_ERROR(name(), ("dma_request tag " + std::to_string(request.tag) +
                                 " has direction " + std::to_string(unsigned(request.dir)) +
                                 "; allowed 0 (host_to_dram) or 1 (dram_to_host)")
                                    .c_str());
        return;
    }
    m_dma_jobs.push_back({request, to_ps(kernel_time() + delay)});
    m_dma_wake.notify(delay);
}

fe::fetched_command nvme_frontend::pop_command() {
    if (m_fifo.empty()) {
        return {};
    }
    const fe::fetched_command command = m_fifo.front();
    m_fifo.pop_front();
    if (m_fifo.empty()) {
        set_line(fw::irq::nvme_command, false);
    }
    m_fetch_wake.notify(sc_core::SC_ZERO_TIME);
    return command;
}

fe::dma_completion nvme_frontend::pop_dma_done() {
    if (m_dma_done.empty()) {
        return {};
    }
    const fe::dma_completion done = m_dma_done.front();
    m_dma_done.pop_front();
    if (m_dma_done.empty()) {
        set_line(fw::irq::nvme_dma, false);
    }
    return done;
}

void nvme_frontend::request_completion(const fe::completion_request& request, time_ps arrival) {
    const nvme::submission_queue* sq = m_queues.find_sq(request.sqid);
    if (sq == nullptr) {
        SC_REPORT_ERROR(name(),
                        ("completion request for SQ " + std::to_string(request.sqid) + " cid " +
                         std::to_string(request.cid) + ": no such submission queue (firmware bug)")
                            .c_str());
        return;
    }
    if ((request.status >> 8) > 7) {
        SC_REPORT_ERROR(name(), ("completion request for SQ " + std::to_string(request.sqid) +
                                 " cid " + std::to_string(request.cid) + " has status type " +
                                 std::to_string(request.status >> 8) + "; allowed 0..7")
                                    .c_str());
        return;
    }
    m_completions.push_back(
        {request, sq->cqid, static_cast<std::uint16_t>(sq->ring.head()), arrival});
    const time_ps now = now_ps();
    m_completion_wake.notify(to_sc(arrival > now ? arrival - now : 0));
}

std::uint16_t nvme_frontend::queue_admin(const nvme::submission_entry& sqe) {
    if (!m_queues.enabled()) {
        return fe::pack_status(nvme::status_code::command_sequence_error);
    }
    const auto qid = static_cast<std::uint16_t>(sqe.cdw10 & 0xFFFF);
    switch (sqe.opcode()) {
    case nvme::admin_opcode::create_io_cq:
        return fe::pack_status(m_queues.create_io_cq(sqe));
    case nvme::admin_opcode::create_io_sq:
        return fe::pack_status(m_queues.create_io_sq(sqe));
    case nvme::admin_opcode::delete_io_cq:
        return fe::pack_status(m_queues.delete_io_cq(sqe));
    case nvme::admin_opcode::delete_io_sq: {
        if (qid != 0 && m_queues.find_sq(qid) != nullptr) {
            abort_fetched(qid);
        }
        const nvme::status status = m_queues.delete_io_sq(sqe);
        if (status.ok()) {
            m_in_flight.erase(qid);
            report_depth(qid);
        }
        return fe::pack_status(status);
    }
    default:
        return fe::pack_status(nvme::status_code::invalid_opcode);
    }
}

void nvme_frontend::abort_fetched(std::uint16_t sqid) {
    const nvme::submission_queue& sq = *m_queues.find_sq(sqid);
    for (auto it = m_fifo.begin(); it != m_fifo.end();) {
        if (it->sqid == sqid) {
            push_abort(sqid, it->sqe.cid(), sq.cqid, static_cast<std::uint16_t>(sq.ring.head()));
            it = m_fifo.erase(it);
        } else {
            ++it;
        }
    }
    if (m_fifo.empty()) {
        set_line(fw::irq::nvme_command, false);
    }
}

void nvme_frontend::push_abort(std::uint16_t sqid, std::uint16_t cid, std::uint16_t cqid,
                               std::uint16_t sq_head) {
    fe::completion_request abort{};
    abort.sqid = sqid;
    abort.cid = cid;
    abort.status = fe::pack_status(nvme::status_code::aborted_sq_deletion);
    m_completions.push_back({abort, cqid, sq_head, now_ps()});
    ++m_stats.aborted_by_sq_deletion;
    m_completion_wake.notify(sc_core::SC_ZERO_TIME);
}

} // namespace osvp
