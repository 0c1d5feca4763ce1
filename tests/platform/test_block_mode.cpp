// Block mode on configs/small.json (2 channels x 4 dies x 4 planes, 64 blocks of 32 pages of
// 8 KiB): data integrity across forced garbage collection, and sequential throughput against the
// analytic ceiling computed here from the dumped configuration (io_bound.h).
#include "block_fixture.h"
#include "io_bound.h"
#include "quantity.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>

namespace osvp::platform_test {
namespace {

struct block_setup {
    std::string config = source_config("small.json").string();
    nlohmann::json dumped;
    user_region region;
};

block_setup setup(const scratch_dir& scratch) {
    block_setup s;
    s.dumped = dump_config({"--config", s.config, "--mode", "block"}, scratch);
    if (!s.dumped.is_null()) {
        s.region = user_region_of(s.dumped);
    }
    return s;
}

// Mixed random I/O (read_fraction 0.5) moving 3x the user region in writes (6x in total), so
// every logical page is overwritten about three times and the FTL must garbage-collect; every
// read is compared with the data last written to its slot.
void expect_gc_keeps_data(const std::string& queue_depth) {
    const scratch_dir scratch;
    const block_setup s = setup(scratch);
    ASSERT_FALSE(::testing::Test::HasFailure());
    const std::uint64_t total = 6 * s.region.bytes() / block_request_bytes * block_request_bytes;
    const nlohmann::json stats = run_vp_stats(
        block_args(s.config, s.region,
                   {"--op", "mixed", "--pattern", "random", "--set", "workload.verify=true",
                    "--queue-depth", queue_depth, "--total-bytes", std::to_string(total) + " B"}),
        scratch);
    ASSERT_FALSE(stats.is_null());
    const nlohmann::json& w = stats["host"]["workload"];
    const nlohmann::json& ftl = stats["ssd"]["ftl"];
    std::cout << "GC run: " << w["writes"] << " writes, " << w["verified_reads"]
              << " verified reads, GC runs " << ftl["gc_runs"] << ", GC moves "
              << ftl["gc_pages_moved"] << ", erases " << ftl["erases"] << "\n";
    EXPECT_EQ(error_count(w), 0u) << w["errors"];
    EXPECT_EQ(w["bytes"], total);
    EXPECT_GT(ftl["gc_runs"].get<std::uint64_t>(), 0u);
    EXPECT_GT(ftl["gc_pages_moved"].get<std::uint64_t>(), 0u) << "GC should relocate valid data";
    EXPECT_GT(ftl["erases"].get<std::uint64_t>(), 0u);
    EXPECT_GT(sum_over_dies(stats, "erases"), 0u) << "erases must reach the dies";
    EXPECT_GT(w["verified_reads"].get<std::uint64_t>(), w["reads"].get<std::uint64_t>() / 2);
    EXPECT_EQ(w["mismatched_reads"], 0);
}

TEST(BlockMode, GcKeepsDataUnderMixedRandomIoAtQueueDepthOne) {
    expect_gc_keeps_data("1");
}

TEST(BlockMode, GcKeepsDataUnderMixedRandomIoAtQueueDepthEight) {
    expect_gc_keeps_data("8");
}

// Sequential run of `op` over `total` bytes; returns the measured throughput (0 on failure).
double sequential_throughput(const scratch_dir& scratch, const block_setup& s,
                             const std::string& op, std::uint64_t total,
                             const std::vector<std::string>& extra, nlohmann::json& stats) {
    std::vector<std::string> args = {
        "--op", op, "--pattern", "sequential", "--total-bytes", std::to_string(total) + " B"};
    args.insert(args.end(), extra.begin(), extra.end());
    stats = run_vp_stats(block_args(s.config, s.region, args), scratch);
    if (stats.is_null()) {
        return 0.0;
    }
    EXPECT_EQ(error_count(stats["host"]["workload"]), 0u);
    EXPECT_EQ(stats["ssd"]["ftl"]["gc_runs"], 0) << "a throughput run must not need GC";
    return stats["host"]["workload"]["throughput_bytes_per_s"].get<double>();
}

constexpr std::uint64_t throughput_bytes = 256ull << 20;

TEST(BlockMode, SequentialWriteThroughputWithinFivePercentOfBound) {
    const scratch_dir scratch;
    const block_setup s = setup(scratch);
    ASSERT_FALSE(HasFailure());
    ASSERT_LT(throughput_bytes, s.region.bytes());
    nlohmann::json stats;
    const double measured = sequential_throughput(scratch, s, "write", throughput_bytes, {}, stats);
    ASSERT_FALSE(stats.is_null());
    const io_ceilings c = sequential_ceilings(s.dumped, true);
    std::cout << "sequential write: measured " << measured / 1e9 << " GB/s, " << c.text() << "\n";
    EXPECT_LE(measured, c.bound() * 1.0001) << "faster than the analytic ceiling";
    EXPECT_GE(measured, 0.95 * c.bound()) << "more than 5 % below the analytic ceiling";
}

// workload.precondition writes the range once (not measured) so the reads find mapped pages.
double preconditioned_read(const scratch_dir& scratch, const block_setup& s,
                           nlohmann::json& stats) {
    block_setup range = s;
    range.region.lbas = throughput_bytes / s.region.lba_bytes;
    const double measured = sequential_throughput(scratch, range, "read", throughput_bytes,
                                                  {"--set", "workload.precondition=true"}, stats);
    if (!stats.is_null()) {
        const auto pages =
            static_cast<std::uint64_t>(throughput_bytes / bytes(s.dumped["flash"]["page_size"]));
        EXPECT_GE(sum_over_dies(stats, "plane_reads"), pages) << "every page read from flash";
        EXPECT_EQ(stats["ssd"]["ftl"]["unwritten_page_reads"], 0);
    }
    return measured;
}

TEST(BlockMode, SequentialReadThroughputWithinFivePercentOfBound) {
    const scratch_dir scratch;
    const block_setup s = setup(scratch);
    ASSERT_FALSE(HasFailure());
    nlohmann::json stats;
    const double measured = preconditioned_read(scratch, s, stats);
    ASSERT_FALSE(stats.is_null());
    const io_ceilings c = sequential_ceilings(s.dumped, false);
    std::cout << "sequential read: measured " << measured / 1e9 << " GB/s ("
              << 100 * measured / c.bound() << " % of the bound), " << c.text() << "\n";
    EXPECT_LE(measured, c.bound() * 1.0001) << "faster than the analytic ceiling";
    EXPECT_GE(measured, 0.95 * c.bound()) << "more than 5 % below the analytic ceiling";
}

// Without a precondition the FTL answers unwritten LBAs without touching flash (the verifier
// counts them as unverified), so such reads are bounded only by min(link, DRAM / 2).
TEST(BlockMode, ReadsOfUnwrittenLbasTouchNoFlash) {
    const scratch_dir scratch;
    const block_setup s = setup(scratch);
    ASSERT_FALSE(HasFailure());
    const nlohmann::json stats =
        run_vp_stats(block_args(s.config, s.region,
                                {"--op", "read", "--pattern", "sequential", "--total-bytes",
                                 "64 MiB", "--set", "workload.verify=true"}),
                     scratch);
    ASSERT_FALSE(stats.is_null());
    const nlohmann::json& w = stats["host"]["workload"];
    const io_ceilings c = sequential_ceilings(s.dumped, false);
    const double measured = w["throughput_bytes_per_s"].get<double>();
    std::cout << "reads of unwritten LBAs: measured " << measured / 1e9 << " GB/s\n";
    EXPECT_EQ(error_count(w), 0u);
    EXPECT_EQ(w["reads"], 256);
    EXPECT_EQ(w["unverified_reads"], 256) << "every slot is unwritten";
    EXPECT_EQ(w["mismatched_reads"], 0);
    EXPECT_EQ(sum_over_dies(stats, "reads"), 0u);
    EXPECT_EQ(stats["ssd"]["ftl"]["unwritten_page_reads"].get<std::uint64_t>(),
              (64u << 20) / bytes(s.dumped["flash"]["page_size"]))
        << "the firmware counts every page it served without flash";
    EXPECT_LE(measured, std::min(c.link, c.dram) * 1.0001);
}

TEST(BlockMode, DefaultLbaRangeStaysOutOfTheOptimizerWindow) {
    const scratch_dir scratch;
    const nlohmann::json stats = run_vp_stats(
        {"--config", source_config("small.json").string(), "--mode", "block", "--request-size",
         block_request_size, "--pattern", "random", "--total-bytes", "64 MiB"},
        scratch);
    ASSERT_FALSE(stats.is_null());
    EXPECT_EQ(error_count(stats["host"]["workload"]), 0u);
}

} // namespace
} // namespace osvp::platform_test
