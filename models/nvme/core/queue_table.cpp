#include "nvme/core/queue_table.h"

#include <stdexcept>
#include <string>

namespace osvp::nvme {
namespace {

void check_range(const char* key, std::uint64_t value, std::uint64_t low, std::uint64_t high) {
    if (value < low || value > high) {
        throw std::invalid_argument(std::string("queue_table_config.") + key + " = " +
                                    std::to_string(value) + " is invalid; allowed " +
                                    std::to_string(low) + ".." + std::to_string(high));
    }
}

std::uint16_t queue_id(const submission_entry& cmd) {
    return cmd.cdw10 & 0xFFFF;
}
std::uint32_t queue_entries(const submission_entry& cmd) {
    return (cmd.cdw10 >> 16) + 1;
}
bool physically_contiguous(const submission_entry& cmd) {
    return cmd.cdw11 & 0x1;
}

} // namespace

void queue_table_config::validate() const {
    check_range("max_io_queues", max_io_queues, 1, 65535);
    check_range("max_queue_entries", max_queue_entries, 2, nvme::max_queue_entries);
    check_range("interrupt_vectors", interrupt_vectors, 1, 2048);
}

queue_table::queue_table(const queue_table_config& config) : m_config(config) {
    m_config.validate();
}

status queue_table::enable(std::uint32_t aqa_value, std::uint64_t asq, std::uint64_t acq,
                           std::uint64_t page_bytes) {
    if (m_enabled) {
        throw std::logic_error("queue_table::enable called while already enabled");
    }
    if (page_bytes < memory_page_bytes(0) || page_bytes > memory_page_bytes(15) ||
        (page_bytes & (page_bytes - 1)) != 0) {
        throw std::invalid_argument("memory page size " + std::to_string(page_bytes) +
                                    " bytes is invalid; allowed powers of two 4096.." +
                                    std::to_string(memory_page_bytes(15)));
    }
    const auto sq_entries = static_cast<std::uint32_t>(aqa::ASQS::get(aqa_value)) + 1;
    const auto cq_entries = static_cast<std::uint32_t>(aqa::ACQS::get(aqa_value)) + 1;
    if (sq_entries < 2 || cq_entries < 2) {
        return status_code::invalid_queue_size;
    }
    if ((asq & (page_bytes - 1)) != 0 || (acq & (page_bytes - 1)) != 0) {
        return status_code::invalid_prp_offset;
    }
    m_page_bytes = page_bytes;
    m_cqs.emplace(0, completion_queue{acq, queue_ring(cq_entries), 0, true, 1});
    m_sqs.emplace(0, submission_queue{asq, queue_ring(sq_entries), 0, 0});
    m_enabled = true;
    return status_code::success;
}

void queue_table::disable() {
    m_sqs.clear();
    m_cqs.clear();
    m_enabled = false;
}

void queue_table::require_enabled(const char* operation) const {
    if (!m_enabled) {
        throw std::logic_error(std::string("queue_table::") + operation +
                               " called while the controller is disabled (CC.EN = 0)");
    }
}

status queue_table::check_new_queue(std::uint32_t cdw10, bool completion) const {
    const std::uint16_t qid = cdw10 & 0xFFFF;
    const bool in_use = completion ? m_cqs.count(qid) != 0 : m_sqs.count(qid) != 0;
    if (qid == 0 || qid > m_config.max_io_queues || in_use) {
        return status_code::invalid_queue_identifier;
    }
    const std::uint32_t entries = (cdw10 >> 16) + 1;
    if (entries < 2 || entries > m_config.max_queue_entries) {
        return status_code::invalid_queue_size;
    }
    return status_code::success;
}

status queue_table::create_io_cq(const submission_entry& cmd) {
    require_enabled("create_io_cq");
    if (const status s = check_new_queue(cmd.cdw10, true); !s.ok()) {
        return s;
    }
    if (!physically_contiguous(cmd)) {
        return status_code::invalid_field;
    }
    if ((cmd.prp1 & (m_page_bytes - 1)) != 0) {
        return status_code::invalid_prp_offset;
    }
    const bool interrupts = (cmd.cdw11 >> 1) & 0x1;
    const auto vector = static_cast<std::uint16_t>(cmd.cdw11 >> 16);
    if (interrupts && vector >= m_config.interrupt_vectors) {
        return status_code::invalid_interrupt_vector;
    }
    m_cqs.emplace(queue_id(cmd), completion_queue{cmd.prp1, queue_ring(queue_entries(cmd)), vector,
                                                  interrupts, 0});
    return status_code::success;
}

status queue_table::create_io_sq(const submission_entry& cmd) {
    require_enabled("create_io_sq");
    if (const status s = check_new_queue(cmd.cdw10, false); !s.ok()) {
        return s;
    }
    const auto cqid = static_cast<std::uint16_t>(cmd.cdw11 >> 16);
    const auto cq = m_cqs.find(cqid);
    if (cqid == 0 || cq == m_cqs.end()) {
        return status_code::completion_queue_invalid;
    }
    if (!physically_contiguous(cmd)) {
        return status_code::invalid_field;
    }
    if ((cmd.prp1 & (m_page_bytes - 1)) != 0) {
        return status_code::invalid_prp_offset;
    }
    const auto priority = static_cast<std::uint8_t>((cmd.cdw11 >> 1) & 0x3);
    m_sqs.emplace(queue_id(cmd),
                  submission_queue{cmd.prp1, queue_ring(queue_entries(cmd)), cqid, priority});
    ++cq->second.attached_sqs;
    return status_code::success;
}

status queue_table::delete_io_sq(const submission_entry& cmd) {
    require_enabled("delete_io_sq");
    const std::uint16_t qid = queue_id(cmd);
    const auto sq = m_sqs.find(qid);
    if (qid == 0 || sq == m_sqs.end()) {
        return status_code::invalid_queue_identifier;
    }
    --m_cqs.at(sq->second.cqid).attached_sqs;
    m_sqs.erase(sq);
    return status_code::success;
}

status queue_table::delete_io_cq(const submission_entry& cmd) {
    require_enabled("delete_io_cq");
    const std::uint16_t qid = queue_id(cmd);
    const auto cq = m_cqs.find(qid);
    if (qid == 0 || cq == m_cqs.end()) {
        return status_code::invalid_queue_identifier;
    }
    if (cq->second.attached_sqs != 0) {
        return status_code::invalid_queue_deletion;
    }
    m_cqs.erase(cq);
    return status_code::success;
}

doorbell_error queue_table::write_doorbell(std::uint16_t qid, bool completion_queue,
                                           std::uint32_t value) {
    if (completion_queue) {
        auto* cq = find_cq(qid);
        return cq ? cq->ring.write_head(value) : doorbell_error::invalid_register;
    }
    auto* sq = find_sq(qid);
    return sq ? sq->ring.write_tail(value) : doorbell_error::invalid_register;
}

submission_queue* queue_table::find_sq(std::uint16_t qid) {
    const auto it = m_sqs.find(qid);
    return it == m_sqs.end() ? nullptr : &it->second;
}

const submission_queue* queue_table::find_sq(std::uint16_t qid) const {
    const auto it = m_sqs.find(qid);
    return it == m_sqs.end() ? nullptr : &it->second;
}

completion_queue* queue_table::find_cq(std::uint16_t qid) {
    const auto it = m_cqs.find(qid);
    return it == m_cqs.end() ? nullptr : &it->second;
}

const completion_queue* queue_table::find_cq(std::uint16_t qid) const {
    const auto it = m_cqs.find(qid);
    return it == m_cqs.end() ? nullptr : &it->second;
}

std::vector<std::uint16_t> queue_table::sq_ids() const {
    std::vector<std::uint16_t> ids;
    ids.reserve(m_sqs.size());
    for (const auto& entry : m_sqs) {
        ids.push_back(entry.first);
    }
    return ids;
}

} // namespace osvp::nvme
