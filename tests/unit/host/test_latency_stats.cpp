#include "host/latency_stats.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
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
