#include "pcie/pcie_config.h"

#include <gtest/gtest.h>

#include <string>

using namespace osvp;

namespace {

std::string error_of(const std::string& pcie) {
    config_tree tree(nlohmann::json::parse("{\"pcie\": " + pcie + "}"));
    try {
        pcie_config::from(tree.root().child("pcie"));
    } catch (const config_error& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(pcie_config, defaults_are_gen4_x4_of_the_paper_and_recorded) {
    config_tree tree;
    const pcie_config c = pcie_config::from(tree.root().child("pcie"));
    EXPECT_EQ(c.generation, 4u);
    EXPECT_EQ(c.lanes, 4u);
    EXPECT_EQ(c.max_payload, 256u);
    EXPECT_EQ(c.max_read_request, 512u);
    EXPECT_EQ(c.tlp_overhead, 26u);
    EXPECT_EQ(c.latency, 500'000u);
    EXPECT_EQ(c.dllp_overhead, 0.0);
    EXPECT_EQ(tree.effective()["pcie"]["max_payload"], "256 B");
    EXPECT_EQ(tree.effective()["pcie"]["latency"], "500 ns");
}

TEST(pcie_config, values_are_read_with_units) {
    config_tree tree(nlohmann::json::parse(
        R"({"pcie": {"generation": 3, "lanes": 8, "max_payload": "512 B", "latency": "1 us"}})"));
    const pcie_config c = pcie_config::from(tree.root().child("pcie"));
    EXPECT_EQ(c.generation, 3u);
    EXPECT_EQ(c.lanes, 8u);
    EXPECT_EQ(c.max_payload, 512u);
    EXPECT_EQ(c.latency, 1'000'000u);
    tree.check_all_used();
}

TEST(pcie_config, bad_values_name_key_value_and_allowed_range) {
    auto m = error_of(R"({"generation": 6})");
    EXPECT_NE(m.find("pcie.generation"), std::string::npos) << m;
    EXPECT_NE(m.find("6"), std::string::npos) << m;
    m = error_of(R"({"lanes": 3})");
    EXPECT_NE(m.find("pcie.lanes"), std::string::npos) << m;
    EXPECT_NE(m.find("1, 2, 4, 8 or 16"), std::string::npos) << m;
    m = error_of(R"({"max_payload": "384 B"})");
    EXPECT_NE(m.find("pcie.max_payload"), std::string::npos) << m;
    EXPECT_NE(m.find("power of two"), std::string::npos) << m;
    m = error_of(R"({"max_read_request": "8 KiB"})");
    EXPECT_NE(m.find("pcie.max_read_request"), std::string::npos) << m;
    m = error_of(R"({"dllp_overhead": 0.6})");
    EXPECT_NE(m.find("pcie.dllp_overhead"), std::string::npos) << m;
    m = error_of(R"({"latency": "5 furlongs"})");
    EXPECT_NE(m.find("pcie.latency"), std::string::npos) << m;
}

TEST(pcie_config, validate_rejects_programmatic_bad_structs) {
    pcie_config c;
    c.tlp_overhead = 0;
    EXPECT_THROW(c.validate(), config_error);
    c = pcie_config{};
    c.max_payload = 64;
    EXPECT_THROW(c.validate(), config_error);
}
