#include "host/latency_stats.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace osvp {
namespace {

constexpr time_ps sub_buckets = time_ps{1} << latency_stats::sub_bucket_bits;

} // namespace

void latency_stats::record(time_ps latency) {
    unsigned row = 0;
    std::size_t index = latency;
    if (latency >= 2 * sub_buckets) {
        const auto top_bit = static_cast<unsigned>(63 - __builtin_clzll(latency));
        row = top_bit - sub_bucket_bits;
        index = (latency >> row) - sub_buckets;
    }
    if (row >= m_rows.size()) {
        m_rows.resize(row + 1);
    }
    std::vector<bucket>& buckets = m_rows[row];
    if (buckets.empty()) {
        buckets.resize(row == 0 ? 2 * sub_buckets : sub_buckets);
    }
    bucket& b = buckets[index];
    ++b.count;
    b.largest = std::max(b.largest, latency);
    ++m_count;
    m_sum += latency;
    m_min = std::min(m_min, latency);
    m_max = std::max(m_max, latency);
}

void latency_stats::require_samples(const char* query) const {
    if (m_count == 0) {
        throw std::logic_error(std::string("latency_stats::") + query + ": no samples recorded");
    }
}

time_ps latency_stats::min() const {
    require_samples("min");
    return m_min;
}

time_ps latency_stats::max() const {
    require_samples("max");
    return m_max;
}

double latency_stats::mean() const {
    require_samples("mean");
    return static_cast<double>(m_sum / m_count);
}

time_ps latency_stats::percentile(double p) const {
    if (!(p > 0.0 && p <= 100.0)) {
        throw std::invalid_argument("latency_stats::percentile: p must be in (0, 100], got " +
                                    std::to_string(p));
    }
    require_samples("percentile");
    const auto n = static_cast<long double>(m_count);
    const auto rank =
        std::max<std::uint64_t>(static_cast<std::uint64_t>(std::ceil(p / 100.0L * n - 1e-9L)), 1);
    std::uint64_t below = 0;
    for (const std::vector<bucket>& buckets : m_rows) {
        for (const bucket& b : buckets) {
            below += b.count;
            if (below >= rank) {
                return b.largest;
            }
        }
    }
    return m_max;
}

nlohmann::json latency_stats::to_json() const {
    if (m_count == 0) {
        return {{"count", 0}};
    }
    return {{"count", count()},         {"mean_ps", mean()},        {"min_ps", min()},
            {"p50_ps", percentile(50)}, {"p99_ps", percentile(99)}, {"p999_ps", percentile(99.9)},
            {"max_ps", max()}};
}

} // namespace osvp
