#include "energy/energy_config.h"
#include "energy/host_cpu_config.h"

#include <gtest/gtest.h>

#include <string>

using namespace osvp;

namespace {

template <typename Config>
std::string error_of(const char* section, const std::string& body) {
    config_tree tree(nlohmann::json::parse("{\"" + std::string(section) + "\": " + body + "}"));
    try {
        Config::from(tree.root().child(section));
    } catch (const config_error& e) {
        return e.what();
    }
    return "";
}

bool mentions(const std::string& message, const std::string& part) {
    return message.find(part) != std::string::npos;
}

} // namespace

TEST(energy_config, defaults_are_table_ii_and_cited_figures_and_are_recorded) {
    config_tree tree;
    const energy_config c = energy_config::from(tree.root().child("energy"));
    EXPECT_DOUBLE_EQ(c.nand_voltage, 3.3);
    EXPECT_DOUBLE_EQ(c.nand_active_current, 25e-3);
    EXPECT_DOUBLE_EQ(c.nand_bus_idle_current, 5e-3);
    EXPECT_DOUBLE_EQ(c.nand_standby_current, 10e-6);
    EXPECT_DOUBLE_EQ(c.pe_power, 4.66e-3);
    EXPECT_EQ(c.pe_scope, pe_power_scope::per_pe);
    EXPECT_EQ(c.idle_state, die_idle_state::bus_idle);
    EXPECT_DOUBLE_EQ(c.channel_io_energy_per_bit, 14.4e-12);
    EXPECT_DOUBLE_EQ(c.pcie_energy_per_bit, 3.86e-12);
    EXPECT_DOUBLE_EQ(c.dram_read_energy_per_byte, 49e-12);
    EXPECT_DOUBLE_EQ(c.core_active_power, 0.475);
    EXPECT_EQ(tree.effective()["energy"]["nand_active_current"], "25 mA");
    EXPECT_EQ(tree.effective()["energy"]["pe_power_scope"], "per_pe");
    tree.check_all_used();
}

TEST(energy_config, header_defaults_match_the_configuration_defaults) {
    config_tree tree;
    const energy_config read = energy_config::from(tree.root().child("energy"));
    const energy_config built;
    EXPECT_DOUBLE_EQ(read.nand_transfer_current, built.nand_transfer_current);
    EXPECT_DOUBLE_EQ(read.core_idle_power, built.core_idle_power);
    EXPECT_DOUBLE_EQ(read.dram_background_power, built.dram_background_power);
    EXPECT_DOUBLE_EQ(read.dram_write_energy_per_byte, built.dram_write_energy_per_byte);
    config_tree host_tree;
    const host_cpu_config host = host_cpu_config::from(host_tree.root().child("host_cpu"));
    const host_cpu_config host_built;
    EXPECT_EQ(host.threads, host_built.threads);
    EXPECT_DOUBLE_EQ(host.memory_bandwidth, host_built.memory_bandwidth);
    EXPECT_DOUBLE_EQ(host.reference_memory_bandwidth, host_built.reference_memory_bandwidth);
    EXPECT_EQ(host.chunk_overhead, host_built.chunk_overhead);
    EXPECT_DOUBLE_EQ(host.idle_power, host_built.idle_power);
}

TEST(energy_config, values_are_read_with_units_and_choices) {
    config_tree tree(nlohmann::json::parse(R"({"energy": {
        "nand_voltage": "1800 mV", "nand_active_current": "30 mA", "die_idle_state": "standby",
        "pe_power_scope": "per_die", "pcie_energy_per_bit": "5 pJ", "core_idle_power": "0 W"}})"));
    const energy_config c = energy_config::from(tree.root().child("energy"));
    EXPECT_DOUBLE_EQ(c.nand_voltage, 1.8);
    EXPECT_DOUBLE_EQ(c.nand_active_current, 30e-3);
    EXPECT_EQ(c.idle_state, die_idle_state::standby);
    EXPECT_EQ(c.pe_scope, pe_power_scope::per_die);
    EXPECT_DOUBLE_EQ(c.pcie_energy_per_bit, 5e-12);
    EXPECT_DOUBLE_EQ(c.core_idle_power, 0.0);
    tree.check_all_used();
}

TEST(energy_config, bad_values_name_key_value_and_allowed) {
    auto m = error_of<energy_config>("energy", R"({"pe_power_scope": "per_chip"})");
    EXPECT_TRUE(mentions(m, "energy.pe_power_scope")) << m;
    EXPECT_TRUE(mentions(m, "per_chip")) << m;
    EXPECT_TRUE(mentions(m, "per_pe, per_die")) << m;
    m = error_of<energy_config>("energy", R"({"die_idle_state": "asleep"})");
    EXPECT_TRUE(mentions(m, "energy.die_idle_state")) << m;
    EXPECT_TRUE(mentions(m, "bus_idle, standby")) << m;
    m = error_of<energy_config>("energy", R"({"channel_io_energy_per_bit": "3 mW"})");
    EXPECT_TRUE(mentions(m, "energy.channel_io_energy_per_bit")) << m;
    EXPECT_TRUE(mentions(m, "pJ")) << m;
    m = error_of<energy_config>("energy", R"({"nand_voltage": "0 V"})");
    EXPECT_TRUE(mentions(m, "energy.nand_voltage")) << m;
    m = error_of<energy_config>("energy", R"({"core_idle_power": "2 W"})");
    EXPECT_TRUE(mentions(m, "energy.core_idle_power")) << m;
    EXPECT_TRUE(mentions(m, "core_active_power")) << m;
    m = error_of<energy_config>("energy", R"({"nand_active_current": 25})");
    EXPECT_TRUE(mentions(m, "energy.nand_active_current")) << m;
}

TEST(energy_config, validate_rejects_programmatic_bad_structs) {
    energy_config c;
    c.pe_power = -1.0;
    EXPECT_THROW(c.validate(), config_error);
    c = energy_config{};
    c.dram_read_energy_per_byte = 1.0;
    EXPECT_THROW(c.validate(), config_error);
}

TEST(host_cpu_config, defaults_are_the_4210r_and_the_zero_offload_reference) {
    config_tree tree;
    const host_cpu_config c = host_cpu_config::from(tree.root().child("host_cpu"));
    EXPECT_EQ(c.threads, 10u);
    EXPECT_DOUBLE_EQ(c.memory_bandwidth, 115.2e9);
    EXPECT_DOUBLE_EQ(c.reference_rate, 3.89e9);
    EXPECT_EQ(c.reference_threads, 48u);
    EXPECT_DOUBLE_EQ(c.active_power, 100.0);
    EXPECT_DOUBLE_EQ(c.idle_power, 20.0);
    EXPECT_EQ(c.chunk_overhead, 100 * ps_per_us);
    tree.check_all_used();
}

TEST(host_cpu_config, bad_values_name_key_value_and_allowed) {
    auto m = error_of<host_cpu_config>("host_cpu", R"({"threads": 0})");
    EXPECT_TRUE(mentions(m, "host_cpu.threads")) << m;
    EXPECT_TRUE(mentions(m, "[1, 1024]")) << m;
    m = error_of<host_cpu_config>("host_cpu", R"({"idle_power": "150 W"})");
    EXPECT_TRUE(mentions(m, "host_cpu.idle_power")) << m;
    EXPECT_TRUE(mentions(m, "150")) << m;
    m = error_of<host_cpu_config>("host_cpu", R"({"memory_bandwidth": "0 GB/s"})");
    EXPECT_TRUE(mentions(m, "host_cpu.memory_bandwidth")) << m;
    m = error_of<host_cpu_config>("host_cpu", R"({"chunk_overhead": "fast"})");
    EXPECT_TRUE(mentions(m, "host_cpu.chunk_overhead")) << m;
}
