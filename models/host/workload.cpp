#include "host/workload.h"

#include <stdexcept>

namespace osvp {

void workload_config::validate() const {
    if (pattern != "sequential" && pattern != "random") {
        throw config_error("workload.pattern: '" + pattern +
                           "' is not allowed: expected one of sequential, random");
    }
    if (op != "read" && op != "write" && op != "mixed") {
        throw config_error("workload.op: '" + op +
                           "' is not allowed: expected one of read, write, mixed");
    }
    if (!(read_fraction >= 0.0 && read_fraction <= 1.0)) {
        throw config_error("workload.read_fraction: must be in [0, 1], got " +
                           std::to_string(read_fraction));
    }
    if (request_bytes == 0) {
        throw config_error("workload.request_size: must be positive, got 0 B");
    }
    if (queue_depth < 1 || queue_depth > 65535) {
        throw config_error("workload.queue_depth: must be 1..65535, got " +
                           std::to_string(queue_depth));
    }
    if (request_count != 0 && total_bytes != 0) {
        throw config_error("workload.total_bytes: must be \"0 B\" when workload.request_count is "
                           "given (" +
                           std::to_string(request_count) + "), got " + std::to_string(total_bytes) +
                           " B");
    }
    if (request_count == 0 && (total_bytes == 0 || total_bytes % request_bytes != 0)) {
        throw config_error("workload.total_bytes: must be a positive multiple of request_size (" +
                           std::to_string(request_bytes) + " B), got " +
                           std::to_string(total_bytes) + " B");
    }
}

workload_config workload_config::from(const config_node& node) {
    workload_config c;
    c.pattern = node.get_choice("pattern", c.pattern, {"sequential", "random"});
    c.op = node.get_choice("op", c.op, {"read", "write", "mixed"});
    if (c.op == "mixed") {
        c.read_fraction = node.get_double("read_fraction", c.read_fraction, 0.0, 1.0);
    }
    c.request_bytes = node.get_size("request_size", "1 MiB");
    c.queue_depth =
        static_cast<std::uint32_t>(node.get_uint("queue_depth", c.queue_depth, 1, 65535));
    c.total_bytes = node.get_size("total_bytes", "64 MiB");
    c.request_count = node.get_uint("request_count", 0, 0, ~0ull);
    c.first_lba = node.get_uint("first_lba", 0, 0, ~0ull);
    c.lba_count = node.get_uint("lba_count", 0, 0, ~0ull);
    c.seed = node.get_uint("seed", c.seed, 0, ~0ull);
    c.verify = node.get_bool("verify", c.verify);
    c.precondition = node.get_bool("precondition", c.precondition);
    c.validate();
    return c;
}

workload::workload(const workload_config& config, std::uint32_t lba_bytes,
                   std::uint64_t namespace_lbas)
    : m_config(config), m_random(config.seed) {
    m_config.validate();
    const std::string request = std::to_string(m_config.request_bytes) + " B";
    if (lba_bytes == 0 || m_config.request_bytes % lba_bytes != 0) {
        throw std::invalid_argument("workload.request_size = " + request +
                                    " is not a multiple of the namespace's LBA size " +
                                    std::to_string(lba_bytes) + " B");
    }
    if (m_config.request_bytes / lba_bytes > 65536) {
        throw std::invalid_argument("workload.request_size = " + request + " is " +
                                    std::to_string(m_config.request_bytes / lba_bytes) +
                                    " blocks; one command carries at most 65536");
    }
    m_blocks = static_cast<std::uint32_t>(m_config.request_bytes / lba_bytes);
    m_first_lba = m_config.first_lba;
    if (m_first_lba >= namespace_lbas) {
        throw std::invalid_argument("workload.first_lba = " + std::to_string(m_first_lba) +
                                    " is outside the namespace of " +
                                    std::to_string(namespace_lbas) + " LBAs");
    }
    const std::uint64_t range =
        m_config.lba_count == 0 ? namespace_lbas - m_first_lba : m_config.lba_count;
    if (range > namespace_lbas - m_first_lba || range < m_blocks) {
        throw std::invalid_argument(
            "workload.lba_count = " + std::to_string(range) + " must hold one request (" +
            std::to_string(m_blocks) + " LBAs) and end inside the namespace of " +
            std::to_string(namespace_lbas) + " LBAs from first_lba " + std::to_string(m_first_lba));
    }
    m_slots = range / m_blocks;
    m_request_count = m_config.request_count != 0 ? m_config.request_count
                                                  : m_config.total_bytes / m_config.request_bytes;
}

block_request workload::next() {
    if (done()) {
        throw std::logic_error("workload::next: all " + std::to_string(m_request_count) +
                               " requests have been issued");
    }
    block_request r;
    if (m_config.op == "mixed") {
        r.op = m_random.unit() < m_config.read_fraction ? io_op::read : io_op::write;
    } else {
        r.op = m_config.op == "read" ? io_op::read : io_op::write;
    }
    const std::uint64_t slot =
        m_config.pattern == "random" ? m_random.below(m_slots) : m_issued % m_slots;
    r.slba = m_first_lba + slot * m_blocks;
    r.nlb = m_blocks;
    ++m_issued;
    return r;
}

} // namespace osvp
