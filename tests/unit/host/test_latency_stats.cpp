#include "host/latency_stats.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

using namespace osvp;

TEST(latency_stats, nearest_rank_percentiles_of_one_to_hundred) {
    std::vector<time_ps> v(100);
    std::iota(v.begin(), v.end(), 1);
    std::reverse(v.begin(), v.end());
    std::rotate(v.begin(), v.begin() + 37, v.end());
    latency_stats s;
    for (time_ps x : v) {
        s.record(x);
    }
    EXPECT_EQ(s.count(), 100u);
    EXPECT_EQ(s.percentile(50), 50u);
    EXPECT_EQ(s.percentile(99), 99u);
    EXPECT_EQ(s.percentile(100), 100u);
    EXPECT_EQ(s.percentile(0.5), 1u);
    EXPECT_EQ(s.min(), 1u);
    EXPECT_EQ(s.max(), 100u);
    EXPECT_DOUBLE_EQ(s.mean(), 50.5);
}

TEST(latency_stats, small_sets_round_the_rank_up) {
    latency_stats s;
    for (time_ps x : {30u, 10u, 20u}) {
        s.record(x);
    }
    EXPECT_EQ(s.percentile(50), 20u);
    EXPECT_EQ(s.percentile(33.3), 10u);
    EXPECT_EQ(s.percentile(34), 20u);
    EXPECT_EQ(s.percentile(99), 30u);
    s.record(5);
    EXPECT_EQ(s.min(), 5u);
    EXPECT_EQ(s.to_json()["p50_ps"], 10u);
    EXPECT_EQ(s.to_json()["p99_ps"], 30u);
    EXPECT_EQ(s.to_json()["p999_ps"], 30u);
    EXPECT_EQ(s.to_json()["max_ps"], 30u);
}

TEST(latency_stats, large_values_are_within_one_bucket_above_the_exact_nearest_rank_sample) {
    // 200 000 samples spread over 1 ns .. 10 ms (24 powers of two), against the exact
    // nearest-rank values of the sorted samples.
    std::mt19937_64 random(7);
    std::uniform_real_distribution<double> exponent(3.0, 10.0);
    std::vector<time_ps> samples(200'000);
    latency_stats s;
    for (time_ps& x : samples) {
        x = static_cast<time_ps>(std::pow(10.0, exponent(random)));
        s.record(x);
    }
    std::sort(samples.begin(), samples.end());
    const double width = 1.0 / (1u << latency_stats::sub_bucket_bits);
    for (const double p : {0.001, 1.0, 25.0, 50.0, 90.0, 99.0, 99.9, 99.999, 100.0}) {
        const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * samples.size() - 1e-9));
        const time_ps exact = samples[std::max<std::size_t>(rank, 1) - 1];
        const time_ps reported = s.percentile(p);
        EXPECT_GE(reported, exact) << p;
        EXPECT_LE(static_cast<double>(reported), static_cast<double>(exact) * (1.0 + width)) << p;
        EXPECT_TRUE(std::binary_search(samples.begin(), samples.end(), reported))
            << p << ": a percentile is one of the samples";
    }
    EXPECT_EQ(s.min(), samples.front());
    EXPECT_EQ(s.max(), samples.back());
    EXPECT_EQ(s.count(), samples.size());
}

TEST(latency_stats, repeated_or_well_separated_large_values_are_exact) {
    latency_stats s;
    for (int i = 0; i < 1000; ++i) {
        s.record(315'983'000);
    }
    EXPECT_EQ(s.percentile(50), 315'983'000u);
    s.record(340'492'123);
    s.record(1'000'000'000'007);
    EXPECT_EQ(s.percentile(99.8), 315'983'000u) << "rank 1000 of 1002";
    EXPECT_EQ(s.percentile(99.9), 340'492'123u) << "rank 1001";
    EXPECT_EQ(s.percentile(100), 1'000'000'000'007u);
    EXPECT_DOUBLE_EQ(s.mean(), (1000.0 * 315'983'000 + 340'492'123 + 1'000'000'000'007) / 1002);
}

TEST(latency_stats, empty_sets_and_bad_percentiles_throw) {
    latency_stats s;
    EXPECT_THROW(s.mean(), std::logic_error);
    EXPECT_THROW(s.percentile(50), std::logic_error);
    EXPECT_EQ(s.to_json()["count"], 0);
    s.record(1);
    EXPECT_THROW(s.percentile(0), std::invalid_argument);
    EXPECT_THROW(s.percentile(100.5), std::invalid_argument);
}
