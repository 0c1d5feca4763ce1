// Firmware register window of the front end (hal/nvme_fe.h).
#include "nvme/nvme_frontend.h"

#include "common/sc_time_util.h"
#include "hal/memory_map.h"

#include <cstring>
#include <string>

namespace osvp {
namespace fe = fw::nvme_fe;

void nvme_frontend::regs_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    const std::uint64_t address = trans.get_address();
    const unsigned length = trans.get_data_length();
    unsigned char* data = trans.get_data_ptr();
    const time_ps arrival = to_ps(kernel_time() + delay);
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    if (trans.get_byte_enable_ptr() != nullptr) {
        trans.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    } else if (trans.get_streaming_width() < length) {
        trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    } else if (trans.is_read() && address == fe::reg_command &&
               length == sizeof(fe::fetched_command)) {
        const fe::fetched_command command = pop_command();
        std::memcpy(data, &command, sizeof command);
    } else if (trans.is_read() && address == fe::reg_command_count && length == 4) {
        const auto count = static_cast<std::uint32_t>(m_fifo.size());
        std::memcpy(data, &count, 4);
    } else if (trans.is_write() && address == fe::reg_dma_submit &&
               length == sizeof(fe::dma_request)) {
        fe::dma_request request;
        std::memcpy(&request, data, sizeof request);
        if (request.dir != fe::direction::host_to_dram &&
            request.dir != fe::direction::dram_to_host) {
            SC_REPORT_ERROR(name(), ("dma_request tag " + std::to_string(request.tag) +
                                     " has direction " + std::to_string(unsigned(request.dir)) +
                                     "; allowed 0 (host_to_dram) or 1 (dram_to_host)")
                                        .c_str());
            return;
        }
        m_dma_jobs.push_back({request, arrival});
        m_dma_wake.notify(delay);
    } else if (trans.is_read() && address == fe::reg_dma_done &&
               length == sizeof(fe::dma_completion)) {
        const fe::dma_completion done = pop_dma_done();
        std::memcpy(data, &done, sizeof done);
    } else if (trans.is_write() && address == fe::reg_complete &&
               length == sizeof(fe::completion_request)) {
        fe::completion_request request;
        std::memcpy(&request, data, sizeof request);
        request_completion(request, arrival);
    } else if (trans.is_write() && address == fe::reg_queue_admin &&
               length == sizeof(nvme::submission_entry)) {
        nvme::submission_entry sqe;
        std::memcpy(&sqe, data, sizeof sqe);
        m_queue_status = queue_admin(sqe);
    } else if (trans.is_read() && address == fe::reg_queue_status && length == 4) {
        const std::uint32_t status = m_queue_status;
        std::memcpy(data, &status, 4);
    } else {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    }
}

unsigned nvme_frontend::regs_debug(tlm::tlm_generic_payload& trans) {
    const std::uint64_t address = trans.get_address();
    const unsigned length = trans.get_data_length();
    if (!trans.is_read()) {
        return 0;
    }
    std::uint32_t value = 0;
    if (address == fe::reg_command && length == sizeof(fe::fetched_command)) {
        fe::fetched_command peek{};
        if (!m_fifo.empty()) {
            peek = m_fifo.front();
        }
        std::memcpy(trans.get_data_ptr(), &peek, sizeof peek);
        return length;
    }
    if (address == fe::reg_dma_done && length == sizeof(fe::dma_completion)) {
        fe::dma_completion peek{};
        if (!m_dma_done.empty()) {
            peek = m_dma_done.front();
        }
        std::memcpy(trans.get_data_ptr(), &peek, sizeof peek);
        return length;
    }
    if (address == fe::reg_command_count && length == 4) {
        value = static_cast<std::uint32_t>(m_fifo.size());
    } else if (address == fe::reg_queue_status && length == 4) {
        value = m_queue_status;
    } else {
        return 0;
    }
    std::memcpy(trans.get_data_ptr(), &value, 4);
    return 4;
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
