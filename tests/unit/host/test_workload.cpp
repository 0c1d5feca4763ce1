#include "host/workload.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

using namespace osvp;

namespace {

workload_config small(const std::string& pattern, const std::string& op) {
    workload_config c;
    c.pattern = pattern;
    c.op = op;
    c.request_bytes = 4096;
    c.total_bytes = 0;
    c.request_count = 1000;
    return c;
}

std::vector<block_request> drain(workload& w) {
    std::vector<block_request> out;
    while (!w.done()) {
        out.push_back(w.next());
    }
    return out;
}

std::string config_error_of(const std::string& section) {
    config_tree tree(nlohmann::json::parse("{\"workload\": " + section + "}"));
    try {
        workload_config::from(tree.root().child("workload"));
        tree.check_all_used();
    } catch (const config_error& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(splitmix64, matches_the_reference_sequence_for_seed_zero) {
    splitmix64 g(0);
    EXPECT_EQ(g.next(), 0xE220A8397B1DCDAFull);
    EXPECT_EQ(g.next(), 0x6E789E6AA1B965F4ull);
    EXPECT_EQ(g.next(), 0x06C45D188009454Full);
}

TEST(workload, same_seed_gives_the_same_requests_and_another_seed_differs) {
    workload_config c = small("random", "mixed");
    workload a(c, 512, 1 << 20);
    workload b(c, 512, 1 << 20);
    c.seed = 2;
    workload other(c, 512, 1 << 20);
    const auto ra = drain(a);
    const auto rb = drain(b);
    const auto ro = drain(other);
    ASSERT_EQ(ra.size(), 1000u);
    std::size_t differ = 0;
    for (std::size_t i = 0; i < ra.size(); ++i) {
        EXPECT_EQ(ra[i].slba, rb[i].slba);
        EXPECT_EQ(ra[i].op, rb[i].op);
        differ += ra[i].slba != ro[i].slba ? 1 : 0;
    }
    EXPECT_GT(differ, 900u);
}

TEST(workload, sequential_requests_ascend_from_first_lba_and_wrap_at_the_range_end) {
    workload_config c = small("sequential", "read");
    c.first_lba = 100;
    c.lba_count = 18;
    c.request_count = 5;
    workload w(c, 512, 1000);
    EXPECT_EQ(w.blocks_per_request(), 8u);
    EXPECT_EQ(w.slots(), 2u);
    const auto r = drain(w);
    const std::vector<std::uint64_t> expected{100, 108, 100, 108, 100};
    for (std::size_t i = 0; i < r.size(); ++i) {
        EXPECT_EQ(r[i].slba, expected[i]);
        EXPECT_EQ(r[i].nlb, 8u);
        EXPECT_EQ(r[i].op, io_op::read);
    }
}

TEST(workload, random_requests_are_aligned_in_range_and_cover_all_slots_evenly) {
    workload_config c = small("random", "write");
    c.first_lba = 64;
    c.lba_count = 645;
    c.request_count = 10000;
    workload w(c, 512, 10000);
    std::map<std::uint64_t, int> hits;
    for (const auto& r : drain(w)) {
        ASSERT_GE(r.slba, 64u);
        ASSERT_LT(r.slba + r.nlb, 64u + 641);
        ASSERT_EQ((r.slba - 64) % 8, 0u);
        EXPECT_EQ(r.op, io_op::write);
        ++hits[r.slba];
    }
    ASSERT_EQ(hits.size(), 80u);
    for (const auto& [slba, n] : hits) {
        EXPECT_NEAR(n, 125, 50) << slba;
    }
}

TEST(workload, mixed_reads_follow_the_read_fraction) {
    workload_config c = small("sequential", "mixed");
    c.read_fraction = 0.3;
    c.request_count = 20000;
    workload w(c, 512, 1 << 20);
    int reads = 0;
    for (const auto& r : drain(w)) {
        reads += r.op == io_op::read ? 1 : 0;
    }
    EXPECT_NEAR(reads / 20000.0, 0.3, 0.015);
}

TEST(workload, run_length_comes_from_total_bytes_and_ends_with_an_error) {
    workload_config c = small("sequential", "write");
    c.request_count = 0;
    c.total_bytes = 1 << 20;
    workload w(c, 512, 1 << 20);
    EXPECT_EQ(w.request_count(), 256u);
    drain(w);
    EXPECT_THROW(w.next(), std::logic_error);
}

TEST(workload, bad_geometry_is_rejected_with_the_values) {
    workload_config c = small("sequential", "write");
    c.request_bytes = 6000;
    try {
        workload(c, 4096, 1000);
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("6000 B"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("4096 B"), std::string::npos) << e.what();
    }
    c.request_bytes = 65537ull * 512;
    EXPECT_THROW(workload(c, 512, 1ull << 30), std::invalid_argument);
    c.request_bytes = 4096;
    c.first_lba = 1000;
    EXPECT_THROW(workload(c, 512, 1000), std::invalid_argument);
    c.first_lba = 995;
    EXPECT_THROW(workload(c, 512, 1000), std::invalid_argument);
    c.first_lba = 0;
    c.lba_count = 1001;
    EXPECT_THROW(workload(c, 512, 1000), std::invalid_argument);
}

TEST(workload_config, keys_are_validated_with_their_path) {
    EXPECT_NE(config_error_of(R"({"pattern": "zigzag"})").find("workload.pattern"),
              std::string::npos);
    EXPECT_NE(config_error_of(R"({"total_bytes": "1000 B"})").find("multiple of request_size"),
              std::string::npos);
    EXPECT_NE(config_error_of(R"({"request_count": 5})").find("workload.total_bytes"),
              std::string::npos);
    EXPECT_NE(config_error_of(R"({"op": "write", "read_fraction": 0.5})").find("read_fraction"),
              std::string::npos);
    EXPECT_EQ(config_error_of(R"({"op": "mixed", "read_fraction": 0.5})"), "");
    EXPECT_EQ(config_error_of(R"({"request_count": 5, "total_bytes": "0 B"})"), "");
    EXPECT_NE(config_error_of(R"({"queue_depth": 0})").find("workload.queue_depth"),
              std::string::npos);
}
