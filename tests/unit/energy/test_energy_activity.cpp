#include "energy/energy_activity.h"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace osvp;

namespace {

energy_activity snapshot(time_ps t, time_ps array, std::uint64_t bytes, time_ps pe, time_ps core) {
    energy_activity a;
    a.elapsed = t;
    die_energy_activity d;
    d.array_busy = array;
    d.transfer_bytes = bytes;
    d.pe_busy = {pe, 0};
    a.dies = {d};
    a.core_busy = {core};
    a.dram_read_bytes = bytes;
    a.dram_write_bytes = 2 * bytes;
    a.pcie_bytes_to_device = 3 * bytes;
    a.pcie_bytes_to_host = 4 * bytes;
    a.host_cpu_busy = core / 2;
    return a;
}

} // namespace

TEST(energy_activity, since_subtracts_every_counter) {
    const energy_activity d =
        snapshot(1000, 300, 50, 40, 200).since(snapshot(400, 100, 20, 10, 60));
    EXPECT_EQ(d.elapsed, 600u);
    ASSERT_EQ(d.dies.size(), 1u);
    EXPECT_EQ(d.dies[0].array_busy, 200u);
    EXPECT_EQ(d.dies[0].transfer_bytes, 30u);
    EXPECT_EQ(d.dies[0].pe_busy, (std::vector<time_ps>{30, 0}));
    EXPECT_EQ(d.core_busy, (std::vector<time_ps>{140}));
    EXPECT_EQ(d.dram_read_bytes, 30u);
    EXPECT_EQ(d.dram_write_bytes, 60u);
    EXPECT_EQ(d.pcie_bytes_to_device, 90u);
    EXPECT_EQ(d.pcie_bytes_to_host, 120u);
    EXPECT_EQ(d.host_cpu_busy, 70u);
}

TEST(energy_activity, since_rejects_a_later_snapshot_and_a_different_shape) {
    const energy_activity early = snapshot(400, 100, 20, 10, 60);
    const energy_activity late = snapshot(1000, 300, 50, 40, 200);
    try {
        early.since(late);
        FAIL() << "a later snapshot must be rejected";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("elapsed"), std::string::npos) << e.what();
    }
    energy_activity other = late;
    other.dies.push_back(die_energy_activity{});
    EXPECT_THROW(other.since(early), std::invalid_argument);
}

TEST(energy_activity, to_json_sums_dies_and_planes) {
    energy_activity a = snapshot(1000, 300, 50, 40, 200);
    a.dies.push_back(a.dies[0]);
    const nlohmann::json j = a.to_json();
    EXPECT_EQ(j["array_busy_ps"], 600);
    EXPECT_EQ(j["transfer_bytes"], 100);
    EXPECT_EQ(j["pe_busy_ps"], 80);
    EXPECT_EQ(j["core_busy_ps"], nlohmann::json::array({200}));
    EXPECT_EQ(j["host_cpu_busy_ps"], 100);
}
