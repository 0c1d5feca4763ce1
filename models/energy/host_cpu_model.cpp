#include "energy/host_cpu_model.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace osvp {

host_cpu_model::host_cpu_model(const host_cpu_config& config) : m_config(config) {
    m_config.validate();
}

double host_cpu_model::params_per_second(optimizer_kind kind) const {
    const double per_thread = m_config.reference_rate / m_config.reference_threads;
    const double thread_bound = per_thread * m_config.threads;
    const double memory_bound =
        m_config.reference_rate * m_config.memory_bandwidth / m_config.reference_memory_bandwidth;
    const double adam_rate = std::min(thread_bound, memory_bound);
    return adam_rate * update_bytes_per_parameter(optimizer_kind::adam) /
           update_bytes_per_parameter(kind);
}

time_ps host_cpu_model::update_time(std::uint64_t parameters, std::uint64_t chunk_parameters,
                                    optimizer_kind kind) const {
    if (chunk_parameters == 0) {
        throw std::invalid_argument("host_cpu_model::update_time: chunk_parameters must be at "
                                    "least 1, got 0");
    }
    const std::uint64_t chunks = (parameters + chunk_parameters - 1) / chunk_parameters;
    const double compute_ps =
        std::ceil(static_cast<double>(parameters) / params_per_second(kind) * 1e12);
    return chunks * m_config.chunk_overhead + static_cast<time_ps>(compute_ps);
}

} // namespace osvp
