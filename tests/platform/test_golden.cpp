// Golden regression: every mode on configs/small.json, its whole --stats JSON compared with the
// reference recorded in tests/golden/ (simulated times, energies, counters and latencies, bit
// for bit). Replay mode replays tests/golden/replay_trace.csv, written by
//   scripts/synthetic_trace.py --requests 1500 --iops 40000 --hot 16MiB --cold 256MiB --seed 11
// A model change that moves any figure fails here, naming the figures; when the change
// is intended, record the new references with
//   OSVP_UPDATE_GOLDEN=1 build/tests/platform/test_platform_golden
// and say in the commit what moved and why.
#include "block_fixture.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace osvp::platform_test {
namespace {

std::filesystem::path golden_file(const std::string& name) {
    return std::filesystem::path(OSVP_SOURCE_DIR) / "tests" / "golden" / (name + ".json");
}

/// Appends to `out` the paths where `actual` differs from `expected`, at most `limit` in all.
void differences(const nlohmann::json& expected, const nlohmann::json& actual,
                 const std::string& path, std::vector<std::string>& out, std::size_t limit) {
    if (out.size() >= limit) {
        return;
    }
    if (expected.is_object() && actual.is_object()) {
        for (const auto& [key, value] : expected.items()) {
            if (!actual.contains(key)) {
                out.push_back(path + key + ": in the reference, not in the run");
            } else {
                differences(value, actual[key], path + key + ".", out, limit);
            }
        }
        for (const auto& [key, value] : actual.items()) {
            if (!expected.contains(key)) {
                out.push_back(path + key + ": in the run, not in the reference: " + value.dump());
            }
        }
    } else if (expected.is_array() && actual.is_array() && expected.size() == actual.size()) {
        for (std::size_t i = 0; i < expected.size(); ++i) {
            differences(expected[i], actual[i], path + std::to_string(i) + ".", out, limit);
        }
    } else if (expected != actual) {
        out.push_back(path.substr(0, path.size() - 1) + ": " + expected.dump() + " -> " +
                      actual.dump());
    }
}

void expect_golden(const std::string& name, const std::vector<std::string>& args) {
    const scratch_dir scratch;
    nlohmann::json stats = run_vp_stats(args, scratch);
    ASSERT_FALSE(stats.is_null());
    if (stats["host"].contains("replay")) {
        stats["host"]["replay"].erase("file"); // an input, and a path that differs per checkout
    }
    const std::filesystem::path file = golden_file(name);
    if (std::getenv("OSVP_UPDATE_GOLDEN") != nullptr) {
        std::ofstream(file) << stats.dump(1) << "\n";
        std::cout << "recorded " << file.string() << "\n";
        return;
    }
    std::ifstream in(file);
    ASSERT_TRUE(in) << "no reference " << file.string()
                    << "; record it with OSVP_UPDATE_GOLDEN=1 (see the top of this file)";
    const nlohmann::json expected = nlohmann::json::parse(in);
    std::vector<std::string> found;
    differences(expected, stats, "", found, 25);
    std::ostringstream list;
    for (const std::string& d : found) {
        list << "  " << d << "\n";
    }
    EXPECT_TRUE(found.empty()) << name << ": statistics differ from " << file.string() << " (first "
                               << found.size() << "):\n"
                               << list.str()
                               << "If the change is intended, record new references with "
                                  "OSVP_UPDATE_GOLDEN=1 (see the top of "
                                  "tests/platform/test_golden.cpp).";
}

std::vector<std::string> training(const std::string& mode, const std::string& steps) {
    return {"--config", source_config("small.json").string(),
            "--mode",   mode,
            "--model",  "tiny",
            "--steps",  steps};
}

std::vector<std::string> block(const std::vector<std::string>& extra) {
    const scratch_dir scratch;
    const std::string config = source_config("small.json").string();
    const nlohmann::json dumped = dump_config({"--config", config, "--mode", "block"}, scratch);
    return block_args(config, user_region_of(dumped), extra);
}

TEST(Golden, BlockSequentialWrite) {
    expect_golden("block_sequential_write",
                  block({"--op", "write", "--pattern", "sequential", "--total-bytes", "32 MiB"}));
}

TEST(Golden, BlockRandomReadPreconditioned) {
    expect_golden("block_random_read",
                  block({"--op", "read", "--pattern", "random", "--queue-depth", "32", "--set",
                         "workload.precondition=true", "--total-bytes", "32 MiB"}));
}

TEST(Golden, BlockMixedWithGarbageCollection) {
    expect_golden("block_mixed_gc",
                  block({"--op", "mixed", "--pattern", "random", "--set", "workload.verify=true",
                         "--queue-depth", "8", "--total-bytes", "640 MiB"}));
}

TEST(Golden, ReplayAtArrivalTimes) {
    expect_golden("replay",
                  {"--config", source_config("small.json").string(), "--mode", "replay", "--replay",
                   golden_file("replay_trace").replace_extension(".csv").string()});
}

TEST(Golden, OptimstoreTwoSteps) {
    expect_golden("optimstore", training("optimstore", "2"));
}

TEST(Golden, Baseline) {
    expect_golden("baseline", training("baseline", "1"));
}

TEST(Golden, Cisp) {
    expect_golden("cisp", training("cisp", "1"));
}

TEST(Golden, Deepstore) {
    expect_golden("deepstore", training("deepstore", "1"));
}

TEST(Golden, Cpu) {
    expect_golden("cpu", training("cpu", "1"));
}

} // namespace
} // namespace osvp::platform_test
