// Exact latency statistics of a run: every sample is kept (8 bytes each, so 10 million samples
// take 80 MB), percentiles are exact nearest-rank values.
#pragma once
#include "common/sim_time.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <vector>

namespace osvp {

/// Latency samples in ps. Queries on an empty set throw std::logic_error.
class latency_stats {
public:
    void record(time_ps latency);
    std::uint64_t count() const { return m_samples.size(); }
    time_ps min() const;
    time_ps max() const;
    /// Arithmetic mean in ps.
    double mean() const;
    /// Nearest-rank percentile: the smallest sample such that at least p % of all samples are
    /// less or equal. `p` in (0, 100], std::invalid_argument otherwise.
    time_ps percentile(double p) const;
    /// {"count", "mean_ps", "min_ps", "p50_ps", "p99_ps", "max_ps"}; only "count" when empty.
    nlohmann::json to_json() const;

private:
    void require_samples(const char* query) const;
    void sort() const;

    mutable std::vector<time_ps> m_samples;
    mutable bool m_sorted = true;
    long double m_sum = 0;
};

} // namespace osvp
