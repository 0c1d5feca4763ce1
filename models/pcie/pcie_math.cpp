#include "pcie/pcie_math.h"

#include "common/units.h"

#include <string>

namespace osvp {

double pcie_line_rate(unsigned generation) {
    switch (generation) {
    case 1:
        return 2.5e9;
    case 2:
        return 5e9;
    case 3:
        return 8e9;
    case 4:
        return 16e9;
    case 5:
        return 32e9;
    default:
        throw config_error("pcie.generation: must be 1..5, got " + std::to_string(generation));
    }
}

double pcie_encoding_efficiency(unsigned generation) {
    if (generation < 1 || generation > 5) {
        throw config_error("pcie.generation: must be 1..5, got " + std::to_string(generation));
    }
    return generation <= 2 ? 8.0 / 10.0 : 128.0 / 130.0;
}

pcie_math::pcie_math(const pcie_config& config) : m_config(config), m_wire_time(0.0) {
    m_config.validate();
    m_raw_bytes_per_second = m_config.lanes * pcie_line_rate(m_config.generation) *
                             pcie_encoding_efficiency(m_config.generation) / 8.0 *
                             (1.0 - m_config.dllp_overhead);
    m_wire_time = transfer_time_cache(m_raw_bytes_per_second);
}

std::uint64_t pcie_math::tlp_count(std::uint64_t bytes, std::uint64_t max_bytes) {
    if (max_bytes == 0) {
        throw std::invalid_argument("pcie_math::tlp_count: max_bytes must be positive, got 0");
    }
    return bytes == 0 ? 1 : (bytes + max_bytes - 1) / max_bytes;
}

std::uint64_t pcie_math::write_wire_bytes(std::uint64_t bytes) const {
    return bytes + tlp_count(bytes, m_config.max_payload) * m_config.tlp_overhead;
}

std::uint64_t pcie_math::read_request_wire_bytes(std::uint64_t bytes) const {
    return tlp_count(bytes, m_config.max_read_request) * m_config.tlp_overhead;
}

std::uint64_t pcie_math::completion_wire_bytes(std::uint64_t bytes) const {
    return bytes + tlp_count(bytes, m_config.max_payload) * m_config.tlp_overhead;
}

time_ps pcie_math::wire_time(std::uint64_t wire_bytes) const {
    return m_wire_time(wire_bytes);
}

time_ps pcie_math::write_time(std::uint64_t bytes) const {
    return wire_time(write_wire_bytes(bytes)) + m_config.latency;
}

time_ps pcie_math::read_time(std::uint64_t bytes) const {
    return wire_time(m_config.tlp_overhead) + m_config.latency +
           wire_time(completion_wire_bytes(bytes)) + m_config.latency;
}

double pcie_math::effective_bytes_per_second() const {
    const double mps = static_cast<double>(m_config.max_payload);
    return m_raw_bytes_per_second * mps / (mps + static_cast<double>(m_config.tlp_overhead));
}

} // namespace osvp
