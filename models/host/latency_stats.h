// Latency statistics of a run in memory that does not grow with the run: a log-linear histogram
// (the scheme of HdrHistogram; fio keeps its percentiles the same way, more coarsely). Values
// below 2 x 2^12 ps have a bucket each; above, each power of two is cut into 2^12 buckets, so a
// bucket spans less than 1/4096 of the values it holds. count, min, max and mean are exact. A
// percentile is the largest sample of the bucket that holds the nearest-rank sample: a sample
// of the run, exact when that bucket holds one distinct value (always below 8.192 ns), and
// otherwise at most 1/4096 (0.025 %) above the exact nearest-rank value [ours: keeping every
// sample took 8 bytes per I/O or super-page update, more with every step; a T5 11.3B step
// peaked at 131 MiB with them, 34 MiB without].
#pragma once
#include "common/sim_time.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <vector>

namespace osvp {

/// Latency samples in ps. Queries on an empty set throw std::logic_error.
class latency_stats {
public:
    /// Buckets per power of two: 2^sub_bucket_bits.
    static constexpr unsigned sub_bucket_bits = 12;

    void record(time_ps latency);
    std::uint64_t count() const { return m_count; }
    time_ps min() const;
    time_ps max() const;
    /// Arithmetic mean in ps.
    double mean() const;
    /// Nearest-rank percentile (the smallest sample such that at least p % of all samples are
    /// less or equal) to within one bucket, as above. `p` in (0, 100], std::invalid_argument
    /// otherwise.
    time_ps percentile(double p) const;
    /// {"count", "mean_ps", "min_ps", "p50_ps", "p99_ps", "p999_ps" (99.9 %), "max_ps"}; only
    /// "count" when empty.
    nlohmann::json to_json() const;

private:
    struct bucket {
        std::uint64_t count = 0;
        time_ps largest = 0;
    };
    void require_samples(const char* query) const;

    /// Row 0: the values below 2 x 2^sub_bucket_bits, one per bucket. Row r >= 1: the values in
    /// [2^(sub_bucket_bits + r), 2^(sub_bucket_bits + r + 1)) in 2^sub_bucket_bits buckets of
    /// width 2^r. A row is allocated when its first sample arrives.
    std::vector<std::vector<bucket>> m_rows;
    std::uint64_t m_count = 0;
    time_ps m_min = std::numeric_limits<time_ps>::max();
    time_ps m_max = 0;
    long double m_sum = 0;
};

} // namespace osvp
