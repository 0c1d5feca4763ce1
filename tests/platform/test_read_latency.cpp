// One page read end to end on configs/small.json: host stack, PCIe doorbell, command fetch,
// firmware, flash interface controller, channel, die, SSD DRAM, data DMA, completion and MSI. The
// latency the host measures equals the closed form below, computed here from the dumped
// configuration with the test's own arithmetic (each PCIe and transfer term rounded up to whole
// ps, as the models document).
#include "block_fixture.h"
#include "io_bound.h"
#include "quantity.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>

namespace osvp::platform_test {
namespace {

using ps = std::int64_t;

ps to_ps(double s) {
    return std::llround(s * 1e12);
}

ps transfer(double bytes, double per_second) {
    return static_cast<ps>(std::ceil(bytes * 1e12 / per_second - 1e-6));
}

/// Unloaded PCIe transactions (PCIe Base 4.0 2.2: TLPs of at most MPS payload bytes, each with
/// the TLP overhead; reads split at MRRS, one request TLP on the critical path).
struct pcie_times {
    double raw = 0;
    double mps = 0;
    double overhead = 0;
    ps latency = 0;

    explicit pcie_times(const nlohmann::json& p)
        : raw(pcie_raw_bytes_per_second(p)), mps(bytes(p.at("max_payload"))),
          overhead(bytes(p.at("tlp_overhead"))), latency(to_ps(seconds(p.at("latency")))) {}
    ps wire(double payload) const {
        return transfer(payload + std::max(1.0, std::ceil(payload / mps)) * overhead, raw);
    }
    ps write(double payload) const { return wire(payload) + latency; }
    ps read(double payload) const {
        return transfer(overhead, raw) + latency + wire(payload) + latency;
    }
};

TEST(ReadLatency, OnePageReadCostsTheClosedFormThroughLinkFirmwareAndFlash) {
    const scratch_dir scratch;
    const std::string config = source_config("small.json").string();
    const nlohmann::json c = dump_config({"--config", config, "--mode", "block"}, scratch);
    ASSERT_FALSE(c.is_null());
    const nlohmann::json& f = c.at("flash");
    const nlohmann::json& ctl = c.at("controller");
    const nlohmann::json& fw = c.at("firmware");
    const double page = bytes(f.at("page_size"));
    const double lba = bytes(fw.at("lba_size"));
    const double chunk = bytes(c.at("nvme").at("dma_chunk"));
    ASSERT_EQ(seconds(c.at("host").at("memory_latency")), 0.0) << "premise: host memory is ideal";
    ASSERT_EQ(page, 2 * chunk) << "premise: PRP1 + PRP2, two DMA chunks";

    const nlohmann::json stats = run_vp_stats(
        {"--config", config, "--mode", "block", "--op", "read", "--pattern", "sequential",
         "--request-size", std::to_string(static_cast<long>(page)) + " B", "--queue-depth", "1",
         "--total-bytes", std::to_string(static_cast<long>(page)) + " B", "--set",
         "workload.precondition=true", "--set",
         "workload.lba_count=" + std::to_string(static_cast<long>(page / lba))},
        scratch);
    ASSERT_FALSE(stats.is_null());
    const nlohmann::json& latency = stats.at("host").at("driver").at("summary").at("read_latency");
    ASSERT_EQ(latency.at("count").get<int>(), 1);
    ASSERT_EQ(sum_over_dies(stats, "reads"), 1u);

    const pcie_times link(c.at("pcie"));
    const ps host = to_ps(seconds(c.at("host").at("storage_stack_latency"))) + link.write(4) +
                    link.read(64) + link.write(16) + link.write(4);

    // ONFI 00h-addr(5)-30h, tR, the register copy, then 05h-addr(5)-E0h, tWHR and the data.
    const ps cycle = to_ps(seconds(f.at("t_cmd_cycle")));
    const double channel_rate = transfers_per_second(f.at("transfer_rate"));
    const ps flash = 7 * cycle + to_ps(seconds(f.at("t_read"))) +
                     to_ps(seconds(f.at("t_reg_copy"))) + 7 * cycle +
                     to_ps(seconds(f.at("t_whr"))) + transfer(page, channel_rate);

    // Every access on the controller's interconnect costs one hop. The accesses on the critical
    // path: the host-interface core reads the fetched command; it raises the flash core's IPI;
    // the flash core acknowledges it; writes the read descriptor; the controller writes the page
    // to DRAM; the flash core reads the completion; raises the host core's IPI; the host core
    // acknowledges it; submits the DMA; reads the DMA completion; writes the NVMe completion.
    const ps hop = to_ps(seconds(ctl.at("interconnect_latency")));
    const nlohmann::json& dram = ctl.at("dram");
    const double dram_rate =
        transfers_per_second(dram.at("transfer_rate")) * dram.at("bus_bits").get<double>() / 8;
    const ps dram_latency = to_ps(seconds(dram.at("latency")));
    const ps page_to_dram = dram_latency + transfer(page, dram_rate);
    // DRAM-to-host DMA: the first chunk's DRAM read, then the chunks' posted writes back to back
    // (exact while a chunk's link time covers the next chunk's DRAM read).
    const ps chunk_from_dram = hop + dram_latency + transfer(chunk, dram_rate);
    ASSERT_GE(link.wire(chunk), chunk_from_dram) << "premise of the DMA closed form";
    const ps dma = chunk_from_dram + link.latency + 2 * link.wire(chunk);

    // Firmware work on the critical path, each charge rounded to whole ps as the cores do.
    const double clock = hertz(ctl.at("core_clock"));
    ps firmware = 0;
    for (const char* cost :
         {"command", "page_map", "flash_completion", "dma_request", "dma_done", "completion"}) {
        firmware += to_ps(fw.at("cost_cycles").at(cost).get<double>() / clock);
    }

    const ps expected = host + flash + page_to_dram + dma + firmware + 11 * hop;
    const ps measured = latency.at("max_ps").get<ps>();
    std::cout << "one " << page << " B read: measured " << measured << " ps, closed form "
              << expected << " ps (host+link " << host << ", flash " << flash << ", DRAM "
              << page_to_dram << ", DMA " << dma << ", firmware " << firmware << ", hops "
              << 11 * hop << ")\n";
    EXPECT_EQ(measured, expected);
}

} // namespace
} // namespace osvp::platform_test
