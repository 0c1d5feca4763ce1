#include "host/latency_stats.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace osvp {

void latency_stats::record(time_ps latency) {
    if (!m_samples.empty() && latency < m_samples.back()) {
        m_sorted = false;
    }
    m_samples.push_back(latency);
    m_sum += latency;
}

void latency_stats::require_samples(const char* query) const {
    if (m_samples.empty()) {
        throw std::logic_error(std::string("latency_stats::") + query + ": no samples recorded");
    }
}

void latency_stats::sort() const {
    if (!m_sorted) {
        std::sort(m_samples.begin(), m_samples.end());
        m_sorted = true;
    }
}

time_ps latency_stats::min() const {
    require_samples("min");
    sort();
    return m_samples.front();
}

time_ps latency_stats::max() const {
    require_samples("max");
    sort();
    return m_samples.back();
}

double latency_stats::mean() const {
    require_samples("mean");
    return static_cast<double>(m_sum / m_samples.size());
}

time_ps latency_stats::percentile(double p) const {
    if (!(p > 0.0 && p <= 100.0)) {
        throw std::invalid_argument("latency_stats::percentile: p must be in (0, 100], got " +
                                    std::to_string(p));
    }
    require_samples("percentile");
    sort();
    const auto n = static_cast<long double>(m_samples.size());
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0L * n - 1e-9L));
    return m_samples[std::max<std::size_t>(rank, 1) - 1];
}

nlohmann::json latency_stats::to_json() const {
    if (m_samples.empty()) {
        return {{"count", 0}};
    }
    return {{"count", count()},         {"mean_ps", mean()},        {"min_ps", min()},
            {"p50_ps", percentile(50)}, {"p99_ps", percentile(99)}, {"max_ps", max()}};
}

} // namespace osvp
