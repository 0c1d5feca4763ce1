// Determinism: the same configuration run twice gives byte-identical --stats JSON (the
// statistics hold simulated quantities only: no wall-clock field), while a different seed
// changes them (so the comparison is not vacuous).
#include "block_fixture.h"

#include <gtest/gtest.h>

namespace osvp::platform_test {
namespace {

// Keys whose names suggest host wall-clock time; statistics must not contain any.
void collect_wall_clock_keys(const nlohmann::json& node, const std::string& path,
                             std::vector<std::string>& found) {
    if (node.is_object()) {
        for (const auto& [key, value] : node.items()) {
            if (key.find("wall") != std::string::npos ||
                key.find("host_time") != std::string::npos ||
                key.find("real_time") != std::string::npos) {
                found.push_back(path + key);
            }
            collect_wall_clock_keys(value, path + key + ".", found);
        }
    } else if (node.is_array()) {
        for (std::size_t i = 0; i < node.size(); ++i) {
            collect_wall_clock_keys(node[i], path + std::to_string(i) + ".", found);
        }
    }
}

void expect_deterministic(const scratch_dir& scratch, const std::vector<std::string>& args,
                          const std::string& seed_key) {
    const auto run = [&](const std::string& name, const std::string& seed) {
        std::vector<std::string> a = args;
        a.insert(a.end(), {"--set", seed_key + "=" + seed});
        run_vp_stats(a, scratch, name);
        return read_text(scratch.file(name));
    };
    const std::string first = run("first.json", "7");
    const std::string second = run("second.json", "7");
    const std::string other = run("other.json", "8");
    ASSERT_FALSE(::testing::Test::HasFailure());
    EXPECT_EQ(first, second) << "same configuration, different statistics";
    EXPECT_NE(first, other) << "a different seed should change the statistics";
    std::vector<std::string> wall;
    collect_wall_clock_keys(nlohmann::json::parse(first), "", wall);
    EXPECT_EQ(wall, std::vector<std::string>{}) << "wall-clock fields in the statistics";
}

TEST(Determinism, BlockRunStatsAreByteIdentical) {
    const scratch_dir scratch;
    const std::string config = source_config("small.json").string();
    const nlohmann::json dumped = dump_config({"--config", config, "--mode", "block"}, scratch);
    ASSERT_FALSE(::testing::Test::HasFailure());
    expect_deterministic(scratch,
                         block_args(config, user_region_of(dumped),
                                    {"--op", "mixed", "--pattern", "random", "--set",
                                     "workload.verify=true", "--total-bytes", "32 MiB"}),
                         "workload.seed");
}

TEST(Determinism, OptimstoreRunStatsAreByteIdentical) {
    const scratch_dir scratch;
    expect_deterministic(scratch,
                         {"--config", source_config("small.json").string(), "--mode", "optimstore",
                          "--model", "tiny", "--steps", "2", "--storage", "functional"},
                         "training.seed");
}

} // namespace
} // namespace osvp::platform_test
