// Replay mode on configs/small.json: a block trace (MSR Cambridge CSV) through the NVMe driver.
// Replayed closed loop, the generator's own requests must give block mode's run exactly; a lone
// read must cost what block mode's lone read costs; arrival times must pace the commands; a full
// queue must make arrivals wait, and that wait must be what separates the latency from arrival
// from the latency from hand-over. Bad traces are configuration errors naming file and line.
#include "block_fixture.h"

#include <gtest/gtest.h>

#include <sstream>

namespace osvp::platform_test {
namespace {

/// Windows filetime of the first request (any value; arrivals count from it).
constexpr std::uint64_t t0 = 128166372003061629;
/// 100 ns ticks per ms.
constexpr std::uint64_t ticks_per_ms = 10'000;

std::string trace_line(std::uint64_t ticks, const char* op, std::uint64_t offset,
                       std::uint64_t bytes) {
    std::ostringstream line;
    line << t0 + ticks << ",hm,0," << op << "," << offset << "," << bytes << ",100\n";
    return line.str();
}

std::vector<std::string> replay_args(const std::string& trace, std::vector<std::string> more = {}) {
    std::vector<std::string> args = {
        "--config", source_config("small.json").string(), "--mode", "replay", "--replay", trace};
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

std::int64_t ps_of(const nlohmann::json& value) {
    return value.get<std::int64_t>();
}

TEST(Replay, ClosedLoopReplayOfTheGeneratorsRequestsIsBlockModesRun) {
    const scratch_dir scratch;
    constexpr std::uint64_t request = 256 << 10;
    std::string trace;
    for (std::uint64_t k = 0; k < 64; ++k) {
        trace += trace_line(0, "Write", k * request, request);
    }
    const std::string file = scratch.write("seq.csv", trace).string();
    const nlohmann::json block =
        run_vp_stats({"--config", source_config("small.json").string(), "--mode", "block", "--op",
                      "write", "--pattern", "sequential", "--request-size", "256 KiB",
                      "--queue-depth", "8", "--total-bytes", "16 MiB"},
                     scratch, "block.json");
    const nlohmann::json replay = run_vp_stats(
        replay_args(file, {"--set", "replay.timing=closed", "--set", "replay.queue_depth=8",
                           "--set", "replay.precondition=false"}),
        scratch, "replay.json");
    ASSERT_FALSE(block.is_null() || replay.is_null());
    EXPECT_EQ(replay["host"]["workload"], block["host"]["workload"]);
    EXPECT_EQ(replay["simulated_ps"], block["simulated_ps"]);
    EXPECT_EQ(replay["host"]["replay"]["requests"], 64);
    EXPECT_EQ(replay["host"]["replay"]["slot_wait"]["count"], 0) << "closed loop never waits";
}

TEST(Replay, ALoneReadCostsWhatBlockModesLoneReadCosts) {
    const scratch_dir scratch;
    const std::string file = scratch.write("one.csv", trace_line(0, "Read", 0, 8192)).string();
    const nlohmann::json block = run_vp_stats(
        {"--config", source_config("small.json").string(), "--mode", "block", "--op", "read",
         "--request-size", "8 KiB", "--queue-depth", "1", "--total-bytes", "8 KiB", "--set",
         "workload.precondition=true", "--set", "workload.lba_count=2"},
        scratch, "block.json");
    const nlohmann::json replay = run_vp_stats(replay_args(file), scratch, "replay.json");
    ASSERT_FALSE(block.is_null() || replay.is_null());
    EXPECT_EQ(replay["host"]["replay"]["preconditioned_lbas"], 2) << "the 8 KiB the trace reads";
    EXPECT_EQ(sum_over_dies(replay, "reads"), 1u) << "the read must reach the flash";
    const nlohmann::json& latency = replay["host"]["workload"]["read_latency"];
    ASSERT_EQ(latency["count"], 1);
    EXPECT_EQ(latency["max_ps"], block["host"]["workload"]["read_latency"]["max_ps"]);
    const nlohmann::json unconditioned = run_vp_stats(
        replay_args(file, {"--set", "replay.precondition=false"}), scratch, "bare.json");
    ASSERT_FALSE(unconditioned.is_null());
    EXPECT_EQ(sum_over_dies(unconditioned, "reads"), 0u)
        << "without preconditioning an unwritten LBA is answered without flash access";
}

TEST(Replay, ArrivalTimesPaceTheCommands) {
    const scratch_dir scratch;
    std::string trace;
    for (std::uint64_t k = 0; k < 5; ++k) {
        trace += trace_line(k * ticks_per_ms, "Write", k * 4096, 4096);
    }
    const std::string file = scratch.write("paced.csv", trace).string();
    for (const double scale : {1.0, 0.5}) {
        const nlohmann::json stats = run_vp_stats(
            replay_args(file, {"--set", "replay.time_scale=" + std::to_string(scale)}), scratch);
        ASSERT_FALSE(stats.is_null());
        const nlohmann::json& w = stats["host"]["workload"];
        ASSERT_EQ(w["commands"], 5);
        const std::int64_t last_arrival = std::llround(4e9 * scale);
        const std::int64_t span = ps_of(w["last_completion_ps"]) - ps_of(w["first_submission_ps"]);
        EXPECT_LT(ps_of(w["latency"]["max_ps"]), std::llround(1e9 * scale))
            << "requests " << scale << " ms apart must not overlap";
        EXPECT_GE(span - last_arrival, ps_of(w["latency"]["min_ps"])) << "scale " << scale;
        EXPECT_LE(span - last_arrival, ps_of(w["latency"]["max_ps"])) << "scale " << scale;
    }
}

TEST(Replay, AFullQueueMakesArrivalsWaitAndTheWaitIsCounted) {
    const scratch_dir scratch;
    std::string trace;
    for (std::uint64_t k = 0; k < 8; ++k) {
        trace += trace_line(0, "Write", k * 65536, 65536);
    }
    const std::string file = scratch.write("burst.csv", trace).string();
    const nlohmann::json arrival =
        run_vp_stats(replay_args(file, {"--set", "replay.queue_depth=1"}), scratch, "a.json");
    const nlohmann::json closed = run_vp_stats(
        replay_args(file, {"--set", "replay.queue_depth=1", "--set", "replay.timing=closed"}),
        scratch, "c.json");
    ASSERT_FALSE(arrival.is_null() || closed.is_null());
    const nlohmann::json& wait = arrival["host"]["replay"]["slot_wait"];
    ASSERT_EQ(wait["count"], 7) << "every request but the first arrives with the queue full";
    EXPECT_EQ(arrival["simulated_ps"], closed["simulated_ps"])
        << "at queue depth 1 both timings issue each command when the previous one completes";
    // Latency from arrival = slot wait + latency from hand-over, command by command.
    const double from_arrival = 8 * arrival["host"]["workload"]["latency"]["mean_ps"].get<double>();
    const double from_handover = 8 * closed["host"]["workload"]["latency"]["mean_ps"].get<double>();
    const double waited = 7 * wait["mean_ps"].get<double>();
    EXPECT_NEAR(from_arrival, from_handover + waited, 1.0);
    EXPECT_GT(waited, 0.0);
}

// scripts/synthetic_trace.py writes what replay mode reads; every request is replayed once.
TEST(Replay, ReplaysTheSyntheticTraceScriptsOutputRequestForRequest) {
    const scratch_dir scratch;
    const std::filesystem::path script =
        source_config("small.json").parent_path().parent_path() / "scripts" / "synthetic_trace.py";
    const run_result made =
        test_util::run({"python3", script.string(), "--requests", "2000", "--iops", "20000",
                        "--hot", "16MiB", "--cold", "256MiB", "--seed", "3"},
                       scratch);
    ASSERT_EQ(made.exit_code, 0) << describe(made);
    std::uint64_t reads = 0;
    std::istringstream lines(made.out);
    for (std::string line; std::getline(lines, line);) {
        reads += line.find(",Read,") != std::string::npos ? 1 : 0;
    }
    const std::string file = scratch.write("synthetic.csv", made.out).string();
    const nlohmann::json stats = run_vp_stats(replay_args(file), scratch);
    ASSERT_FALSE(stats.is_null());
    const nlohmann::json& w = stats["host"]["workload"];
    EXPECT_EQ(w["commands"], 2000);
    EXPECT_EQ(w["reads"], reads);
    EXPECT_EQ(error_count(w), 0u) << w["errors"];
}

TEST(Replay, BadTracesAreConfigurationErrorsNamingFileAndLine) {
    const scratch_dir scratch;
    const std::string bad_type =
        scratch.write("bad.csv", trace_line(0, "Read", 0, 4096) + trace_line(1, "Trim", 0, 4096))
            .string();
    const std::string beyond =
        scratch.write("far.csv", trace_line(0, "Write", std::uint64_t{1} << 40, 4096)).string();
    const std::string empty = scratch.write("empty.csv", "\n").string();
    const std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> cases = {
        {{"--config", source_config("small.json").string(), "--mode", "replay"},
         {"replay.file:", "required in replay mode"}},
        {replay_args(bad_type), {"replay.file:", "bad.csv:2:", "'Trim'", "Read, Write"}},
        {replay_args(beyond), {"replay.file:", "far.csv:1:", "ends beyond the block device"}},
        {replay_args(empty), {"replay.file:", "holds no request"}},
        {replay_args(scratch.file("missing.csv").string()),
         {"replay.file:", "missing.csv", "cannot open"}},
        {replay_args(bad_type, {"--set", "replay.timing=open"}),
         {"replay.timing", "'open'", "arrival, closed"}},
        {replay_args(bad_type, {"--set", "replay.time_scale=0"}), {"replay.time_scale", "above 0"}},
    };
    for (const auto& [args, parts] : cases) {
        const run_result r = run_vp(args, scratch);
        EXPECT_EQ(r.exit_code, 2) << describe(r);
        for (const std::string& part : parts) {
            EXPECT_NE(r.err.find(part), std::string::npos) << describe(r) << "\nlacks: " << part;
        }
    }
}

} // namespace
} // namespace osvp::platform_test
