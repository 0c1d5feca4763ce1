// --dump-config: the built-in defaults are the paper's evaluated configuration (OptimStore,
// HPCA 2023, Table II; optimstore.md section 4), and the dump is a complete configuration:
// feeding it back with --config and dumping again reproduces it exactly; and every key it holds
// is documented in docs/configuration.md.
#include "quantity.h"
#include "vp_runner.h"

#include <gtest/gtest.h>

namespace osvp::platform_test {
namespace {

// No configuration file and no override: the built-in defaults.
const std::vector<std::string> defaults = {};

TEST(DumpConfig, PrintsValidJson) {
    const scratch_dir scratch;
    std::vector<std::string> args = defaults;
    args.push_back("--dump-config");
    const run_result r = run_vp(args, scratch);
    ASSERT_EQ(r.exit_code, 0) << describe(r);
    EXPECT_TRUE(nlohmann::json::accept(r.out)) << r.out;
    EXPECT_TRUE(nlohmann::json::parse(r.out).is_object());
}

TEST(DumpConfig, DefaultsAreThePapersTableTwo) {
    const scratch_dir scratch;
    const nlohmann::json c = dump_config(defaults, scratch);
    ASSERT_FALSE(HasFailure());
    const nlohmann::json& f = c["flash"];
    EXPECT_DOUBLE_EQ(seconds(f["t_read"]), 25e-6);
    EXPECT_DOUBLE_EQ(seconds(f["t_prog"]), 120e-6);
    EXPECT_DOUBLE_EQ(seconds(f["t_erase"]), 1e-3);
    EXPECT_DOUBLE_EQ(seconds(f["t_reg_copy"]), 3e-6);
    EXPECT_EQ(f["channels"], 8);
    EXPECT_EQ(f["packages_per_channel"], 4);
    EXPECT_EQ(f["dies_per_package"], 2);
    EXPECT_EQ(f["planes_per_die"], 4);
    EXPECT_EQ(f["blocks_per_plane"], 682);
    EXPECT_EQ(f["pages_per_block"], 1024);
    EXPECT_DOUBLE_EQ(bytes(f["page_size"]), 8192.0);
    EXPECT_DOUBLE_EQ(transfers_per_second(f["transfer_rate"]), 1200e6);
    EXPECT_EQ(c["pcie"]["generation"], 4);
    EXPECT_EQ(c["pcie"]["lanes"], 4);
    EXPECT_EQ(c["controller"]["cores"], 3);
    EXPECT_DOUBLE_EQ(bytes(c["controller"]["dram"]["size"]), 4.0 * (1ull << 30));
    EXPECT_DOUBLE_EQ(transfers_per_second(c["controller"]["dram"]["transfer_rate"]), 1600e6);
}

TEST(DumpConfig, DumpFedBackIsAFixedPoint) {
    const std::vector<std::vector<std::string>> cases = {
        defaults,
        {"--config", source_config("small.json").string(), "--mode", "block", "--set",
         "flash.t_read=30 us"}};
    for (const std::vector<std::string>& args : cases) {
        const scratch_dir scratch;
        std::vector<std::string> first_args = args;
        first_args.push_back("--dump-config");
        const run_result first = run_vp(first_args, scratch);
        ASSERT_EQ(first.exit_code, 0) << describe(first);
        const std::filesystem::path dumped = scratch.write("dumped.json", first.out);
        const run_result second = run_vp({"--config", dumped.string(), "--dump-config"}, scratch);
        ASSERT_EQ(second.exit_code, 0) << describe(second);
        EXPECT_EQ(nlohmann::json::parse(second.out), nlohmann::json::parse(first.out));
        EXPECT_EQ(second.out, first.out) << "the dump text should be reproduced byte for byte";
    }
}

TEST(DumpConfig, ConfigsDefaultJsonIsTheBuiltInDefault) {
    const scratch_dir scratch;
    const nlohmann::json built_in = dump_config(defaults, scratch);
    const nlohmann::json file =
        dump_config({"--config", source_config("default.json").string()}, scratch);
    ASSERT_FALSE(HasFailure());
    EXPECT_EQ(file, built_in);
}

// configs/default.json leaves out the defaults derived from other keys (block range, reservoir
// and staging buffers from the geometry, training data from the storage), so a copy of it
// follows a changed geometry or storage as the built-in defaults do.
TEST(DumpConfig, ConfigsDefaultJsonFollowsAChangedGeometryAndStorage) {
    const scratch_dir scratch;
    const std::vector<std::string> changes = {"--set",     "flash.blocks_per_plane=128",
                                              "--set",     "flash.channels=2",
                                              "--storage", "functional",
                                              "--model",   "tiny"};
    std::vector<std::string> from_file = {"--config", source_config("default.json").string()};
    from_file.insert(from_file.end(), changes.begin(), changes.end());
    const nlohmann::json file = dump_config(from_file, scratch);
    const nlohmann::json built_in = dump_config(changes, scratch);
    ASSERT_FALSE(HasFailure());
    EXPECT_EQ(file, built_in);
    EXPECT_EQ(built_in["ftl"]["reservoir_blocks"], 128 * 3 / 8);
    EXPECT_EQ(built_in["training"]["data"], "generated");
}

// configs/default.json serves every mode: a default written out in one mode (e.g. a buffer count
// only some engines use) must not be refused in another.
TEST(DumpConfig, ConfigsDefaultJsonIsAcceptedInEveryMode) {
    const scratch_dir scratch;
    for (const char* mode : {"block", "optimstore", "baseline", "cisp", "deepstore", "cpu"}) {
        const run_result r = run_vp(
            {"--config", source_config("default.json").string(), "--mode", mode, "--dump-config"},
            scratch);
        EXPECT_EQ(r.exit_code, 0) << mode << ": " << describe(r);
    }
}

TEST(DumpConfig, OverridesShowInTheDump) {
    const scratch_dir scratch;
    const nlohmann::json c = dump_config(
        {"--config", source_config("small.json").string(), "--set", "flash.t_read=30 us"}, scratch);
    ASSERT_FALSE(HasFailure());
    EXPECT_DOUBLE_EQ(seconds(c["flash"]["t_read"]), 30e-6);
    EXPECT_EQ(c["flash"]["channels"], 2) << "small.json's value";
}

/// The dotted names of the leaves of `node`, e.g. "flash.t_read".
void leaf_keys(const nlohmann::json& node, const std::string& prefix,
               std::vector<std::string>& out) {
    for (const auto& [key, value] : node.items()) {
        if (value.is_object()) {
            leaf_keys(value, prefix + key + ".", out);
        } else {
            out.push_back(prefix + key);
        }
    }
}

TEST(DumpConfig, EveryKeyIsInTheConfigurationReference) {
    const scratch_dir scratch;
    const nlohmann::json c = dump_config(defaults, scratch);
    ASSERT_FALSE(HasFailure());
    std::vector<std::string> keys;
    leaf_keys(c, "", keys);
    ASSERT_GT(keys.size(), 100u);
    const std::string reference =
        read_text(std::filesystem::path(OSVP_SOURCE_DIR) / "docs" / "configuration.md");
    for (const std::string& key : keys) {
        EXPECT_NE(reference.find("`" + key + "`"), std::string::npos)
            << key << " is not documented in docs/configuration.md";
    }
}

} // namespace
} // namespace osvp::platform_test
