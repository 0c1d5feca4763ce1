#include "host/host_config.h"

#include <gtest/gtest.h>

#include <string>

using namespace osvp;

namespace {

template <typename Config>
std::string error_of(const std::string& host) {
    config_tree tree(nlohmann::json::parse("{\"host\": " + host + "}"));
    try {
        Config::from(tree.root().child("host"));
    } catch (const config_error& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(host_config, defaults_follow_table_ii) {
    config_tree tree;
    const auto memory = host_memory_config::from(tree.root().child("host"));
    const auto driver = nvme_driver_config::from(tree.root().child("host"));
    EXPECT_EQ(memory.size, 128ull << 30);
    EXPECT_EQ(memory.msi_base, 0xFEE00000u);
    EXPECT_EQ(driver.storage_stack_latency, 5 * ps_per_us);
    EXPECT_EQ(tree.effective()["host"]["storage_stack_latency"], "5 us");
    EXPECT_EQ(tree.effective()["host"]["memory"], "128 GiB");
    tree.check_all_used();
}

TEST(host_config, bad_values_are_named) {
    EXPECT_NE(error_of<host_memory_config>(R"({"memory": "1000 B"})").find("host.memory"),
              std::string::npos);
    EXPECT_NE(error_of<host_memory_config>(R"({"msi_base": 4096001})").find("host.msi_base"),
              std::string::npos);
    EXPECT_NE(error_of<nvme_driver_config>(R"({"io_queue_entries": 1})").find("io_queue_entries"),
              std::string::npos);
    EXPECT_NE(error_of<nvme_driver_config>(R"({"dma_base": "100 B"})").find("host.dma_base"),
              std::string::npos);
    EXPECT_NE(error_of<nvme_driver_config>(R"({"poll_interval": "0 ns"})").find("poll_interval"),
              std::string::npos);
}
