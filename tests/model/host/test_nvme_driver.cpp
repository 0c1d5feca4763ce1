// The NVMe host driver against a fake, specification-following controller behind the PCIe
// link: initialisation sequence, PRPs, queue depth, latency closed form, verify mode, error
// statuses, lost commands and the asynchronous I/O engine. Each scenario elaborates its own
// kernel in a forked child.
#define SC_INCLUDE_DYNAMIC_PROCESSES
#include "common/sc_scenario.h"
#include "fake_nvme_device.h"
#include "host/host_memory.h"
#include "host/nvme_driver.h"
#include "pcie/pcie_link.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

using namespace osvp;
using osvp::test::fake_device_params;
using osvp::test::fake_nvme_device;

namespace {

host_memory_config memory_config() {
    host_memory_config c;
    c.size = 8ull << 30;
    return c;
}

workload_config writes(std::uint64_t request_bytes, std::uint64_t count, std::uint32_t depth) {
    workload_config w;
    w.request_bytes = request_bytes;
    w.total_bytes = 0;
    w.request_count = count;
    w.queue_depth = depth;
    return w;
}

struct platform {
    host_memory memory;
    pcie_link link;
    fake_nvme_device device;
    nvme_driver driver;

    platform(const fake_device_params& device_params, const nvme_driver_config& driver_config,
             const workload_config& workload)
        : memory("memory", memory_config()), link("link", pcie_config{}),
          device("device", device_params), driver("driver", driver_config, workload, memory) {
        driver.mmio.bind(link.host_side);
        link.to_device.bind(device.bar0);
        device.dma.bind(link.device_side);
        link.to_host.bind(memory.socket);
    }
};

std::string run_until_error() {
    try {
        sc_core::sc_start();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(nvme_driver, initialises_the_controller_in_the_specified_order) {
    OSVP_SCENARIO({
        platform p(fake_device_params{}, nvme_driver_config{}, writes(4096, 2, 1));
        sc_core::sc_start();
        ASSERT_TRUE(p.driver.finished());
        const std::uint64_t base = nvme_driver_config{}.dma_base;
        using reg = std::pair<std::uint64_t, std::uint64_t>;
        const std::vector<reg> expected{{nvme::reg::AQA, (31u << 16) | 31u},
                                        {nvme::reg::ASQ, base},
                                        {nvme::reg::ACQ, base + 4096},
                                        {nvme::reg::CC, 0x00460001u}};
        EXPECT_EQ(p.device.register_writes, expected);
        const auto& admin = p.device.admin_commands;
        ASSERT_EQ(admin.size(), 4u);
        EXPECT_EQ(admin[0].opcode(), nvme::admin_opcode::identify);
        EXPECT_EQ(admin[0].cdw10, nvme::cns::controller_data);
        EXPECT_EQ(admin[1].opcode(), nvme::admin_opcode::identify);
        EXPECT_EQ(admin[1].cdw10, nvme::cns::namespace_data);
        EXPECT_EQ(admin[1].nsid, 1u);
        EXPECT_EQ(admin[2].opcode(), nvme::admin_opcode::create_io_cq);
        EXPECT_EQ(admin[2].cdw10, (1023u << 16) | 1u);
        EXPECT_EQ(admin[2].cdw11, (1u << 16) | 0x3u) << "vector 1, interrupts on, contiguous";
        EXPECT_EQ(admin[3].opcode(), nvme::admin_opcode::create_io_sq);
        EXPECT_EQ(admin[3].cdw11, (1u << 16) | 0x1u) << "bound to CQ 1, contiguous";
        EXPECT_EQ(p.driver.lba_bytes(), 4096u);
        EXPECT_EQ(p.driver.namespace_data().nsze, fake_device_params{}.namespace_lbas);
        EXPECT_EQ(p.driver.summary().commands, 2u);
        EXPECT_EQ(p.driver.summary().error_count(), 0u);
    });
}

TEST(nvme_driver, multi_page_commands_carry_well_formed_prp_lists) {
    OSVP_SCENARIO({
        fake_device_params d;
        d.lbads = 9;
        platform p(d, nvme_driver_config{}, writes(64 * 1024, 24, 4));
        sc_core::sc_start();
        ASSERT_TRUE(p.driver.finished());
        EXPECT_TRUE(p.device.prp_errors.empty()) << p.device.prp_errors.front();
        ASSERT_EQ(p.device.io_commands.size(), 24u);
        std::set<std::uint16_t> cids;
        for (const auto& io : p.device.io_commands) {
            cids.insert(io.sqe.cid());
            EXPECT_EQ(io.sqe.cdw12 & 0xFFFF, 127u) << "NLB is 0's based";
            ASSERT_EQ(io.pages.size(), 16u);
            EXPECT_EQ(io.pages[0] % 4096, 0u);
            for (std::size_t i = 1; i < io.pages.size(); ++i) {
                EXPECT_EQ(io.pages[i], io.pages[0] + 4096 * i);
            }
            EXPECT_NE(io.sqe.prp2, io.pages[1]) << "more than two pages need a list";
        }
        EXPECT_EQ(cids, (std::set<std::uint16_t>{0, 1, 2, 3})) << "queue depth 4";
        EXPECT_EQ(p.driver.summary().bytes, 24u * 64 * 1024);
    });
}

TEST(nvme_driver, two_page_commands_use_prp2_as_a_page_pointer) {
    OSVP_SCENARIO({
        platform p(fake_device_params{}, nvme_driver_config{}, writes(8192, 3, 2));
        sc_core::sc_start();
        EXPECT_TRUE(p.device.prp_errors.empty());
        for (const auto& io : p.device.io_commands) {
            EXPECT_EQ(io.sqe.prp2, io.sqe.prp1 + 4096);
        }
    });
}

TEST(nvme_driver, an_isolated_command_takes_stack_plus_link_plus_device_time) {
    OSVP_SCENARIO({
        const fake_device_params d;
        const nvme_driver_config c;
        platform p(d, c, writes(4096, 1, 1));
        sc_core::sc_start();
        const pcie_math& m = p.link.math();
        const time_ps expected = c.storage_stack_latency + m.write_time(4) + m.read_time(64) +
                                 m.read_time(4096) + d.command_time + m.write_time(16) +
                                 m.write_time(4);
        ASSERT_EQ(p.driver.summary().latency.count(), 1u);
        EXPECT_EQ(p.driver.summary().latency.max(), expected);
        EXPECT_DOUBLE_EQ(p.driver.summary().throughput(), 4096 * 1e12 / expected);
    });
}

TEST(nvme_driver, verify_mode_checks_reads_against_the_last_write) {
    OSVP_SCENARIO({
        workload_config w = writes(16 * 1024, 200, 8);
        w.pattern = "random";
        w.op = "mixed";
        w.lba_count = 64;
        w.verify = true;
        w.seed = 42;
        platform p(fake_device_params{}, nvme_driver_config{}, w);
        sc_core::sc_start();
        const run_summary& s = p.driver.summary();
        EXPECT_EQ(s.commands, 200u);
        EXPECT_EQ(s.reads + s.writes, 200u);
        EXPECT_GT(s.verified_reads, 50u);
        EXPECT_EQ(s.mismatched_reads, 0u);
        EXPECT_EQ(s.verified_reads + s.unverified_reads, s.reads);
    });
}

TEST(nvme_driver, verify_mode_detects_corrupted_reads) {
    OSVP_SCENARIO({
        workload_config w = writes(8192, 40, 4);
        w.op = "mixed";
        w.lba_count = 8;
        w.verify = true;
        fake_device_params d;
        d.corrupt_reads = true;
        platform p(d, nvme_driver_config{}, w);
        sc_core::sc_start();
        const run_summary& s = p.driver.summary();
        EXPECT_GT(s.verified_reads, 0u);
        EXPECT_EQ(s.mismatched_reads, s.verified_reads);
    });
}

TEST(nvme_driver, error_statuses_are_counted_and_the_run_completes) {
    OSVP_SCENARIO({
        fake_device_params d;
        d.fail_every = 3;
        platform p(d, nvme_driver_config{}, writes(4096, 30, 4));
        sc_core::sc_start();
        ASSERT_TRUE(p.driver.finished());
        const run_summary& s = p.driver.summary();
        EXPECT_EQ(s.commands, 30u);
        EXPECT_EQ(s.error_count(), 10u);
        EXPECT_EQ(s.errors.at("status{sct=0, sc=0x80}"), 10u);
        EXPECT_EQ(s.bytes, 20u * 4096);
        EXPECT_EQ(p.driver.stats()["summary"]["errors"]["status{sct=0, sc=0x80}"], 10u);
    });
}

TEST(nvme_driver, execute_returns_the_status_of_malformed_commands) {
    OSVP_SCENARIO({
        nvme_driver_config c;
        c.autorun = false;
        platform p(fake_device_params{}, c, writes(4096, 1, 1));
        sc_core::sc_spawn([&] {
            p.driver.initialise();
            using q = nvme_driver::queue_id;
            nvme::submission_entry bad_opcode;
            bad_opcode.cdw0 = nvme::make_cdw0(0x7F, 0);
            bad_opcode.nsid = 1;
            EXPECT_EQ(p.driver.execute(q::io, bad_opcode).status(),
                      nvme::status_code::invalid_opcode);
            nvme::submission_entry beyond;
            beyond.cdw0 = nvme::make_cdw0(nvme::nvm_opcode::read, 0);
            beyond.nsid = 1;
            beyond.prp1 = p.driver.allocate(4096);
            beyond.cdw10 = static_cast<std::uint32_t>(fake_device_params{}.namespace_lbas);
            const nvme::completion_entry cqe = p.driver.execute(q::io, beyond);
            EXPECT_EQ(cqe.status(), nvme::status_code::lba_out_of_range);
            EXPECT_EQ(cqe.cid, nvme_driver::direct_io_cid);
            EXPECT_TRUE(cqe.do_not_retry());
            nvme::submission_entry vendor;
            vendor.cdw0 = nvme::make_cdw0(0xC5, 0);
            EXPECT_EQ(p.driver.execute(q::admin, vendor).status(),
                      nvme::status_code::invalid_opcode);
            nvme::submission_entry bad_cns;
            bad_cns.cdw0 = nvme::make_cdw0(nvme::admin_opcode::identify, 0);
            bad_cns.prp1 = beyond.prp1;
            bad_cns.cdw10 = 0x55;
            EXPECT_EQ(p.driver.execute(q::admin, bad_cns).status(),
                      nvme::status_code::invalid_field);
            p.driver.run_workload();
            EXPECT_EQ(p.driver.summary().commands, 1u);
            EXPECT_EQ(p.driver.summary().error_count(), 0u);
        });
        sc_core::sc_start();
        EXPECT_FALSE(p.driver.finished()) << "finished_event belongs to the autorun thread";
    });
}

TEST(nvme_driver, lost_commands_are_reported_after_the_timeout_instead_of_hanging) {
    OSVP_SCENARIO({
        fake_device_params d;
        d.drop_io = true;
        nvme_driver_config c;
        c.command_timeout = 1 * ps_per_ms;
        platform p(d, c, writes(4096, 4, 2));
        const std::string error = run_until_error();
        EXPECT_NE(error.find("no completion"), std::string::npos) << error;
        EXPECT_FALSE(p.driver.finished());
        EXPECT_GE(sc_core::sc_time_stamp().value(), c.command_timeout);
    });
}

TEST(nvme_driver, a_controller_that_never_becomes_ready_fails_after_cap_to) {
    OSVP_SCENARIO({
        fake_device_params d;
        d.ready_delay = 10 * ps_per_s;
        nvme_driver_config c;
        c.poll_interval = 100 * ps_per_us;
        platform p(d, c, writes(4096, 1, 1));
        const std::string error = run_until_error();
        EXPECT_NE(error.find("CSTS.RDY did not become 1"), std::string::npos) << error;
        EXPECT_GE(sc_core::sc_time_stamp().value(), 500 * ps_per_ms);
        EXPECT_LT(sc_core::sc_time_stamp().value(), 501 * ps_per_ms);
    });
}

TEST(nvme_driver, request_larger_than_mdts_is_refused_with_the_limit) {
    OSVP_SCENARIO({
        fake_device_params d;
        d.mdts = 2;
        platform p(d, nvme_driver_config{}, writes(64 * 1024, 1, 1));
        const std::string error = run_until_error();
        EXPECT_NE(error.find("16384 B"), std::string::npos) << error;
    });
}

TEST(nvme_driver, the_asynchronous_engine_issues_in_hand_over_order_after_the_stack_latency) {
    OSVP_SCENARIO({
        nvme_driver_config c;
        c.autorun = false;
        platform p(fake_device_params{}, c, writes(4096, 1, 1));
        std::vector<std::uint64_t> completed;
        sc_core::sc_spawn([&] {
            p.driver.initialise();
            p.driver.open_io(3, 8192, "test");
            EXPECT_THROW(p.driver.wait_io(), std::logic_error);
            const time_ps start = sc_core::sc_time_stamp().value();
            for (std::uint64_t i = 0; i < 3; ++i) {
                const std::optional<std::uint16_t> slot = p.driver.idle_slot();
                ASSERT_TRUE(slot.has_value());
                EXPECT_EQ(*slot, i);
                p.driver.submit_io(*slot, {io_op::write, 10 * i, 2});
            }
            EXPECT_FALSE(p.driver.idle_slot().has_value());
            EXPECT_THROW(p.driver.submit_io(0, {io_op::read, 0, 1}), std::logic_error);
            nvme::submission_entry read;
            read.cdw0 = nvme::make_cdw0(nvme::nvm_opcode::read, 0);
            EXPECT_THROW(p.driver.execute(nvme_driver::queue_id::io, read), std::logic_error);
            while (p.driver.io_in_flight() != 0) {
                for (const io_completion& done : p.driver.wait_io()) {
                    EXPECT_TRUE(done.status.ok());
                    EXPECT_EQ(done.handed_over, start);
                    EXPECT_GT(done.latency(), c.storage_stack_latency);
                    completed.push_back(done.request.slba);
                }
            }
        });
        sc_core::sc_start();
        EXPECT_EQ(completed, (std::vector<std::uint64_t>{0, 10, 20}));
        ASSERT_EQ(p.device.io_commands.size(), 3u);
        for (std::uint16_t i = 0; i < 3; ++i) {
            EXPECT_EQ(p.device.io_commands[i].sqe.cid(), i);
            EXPECT_EQ(p.device.io_commands[i].sqe.cdw10, 10u * i);
            EXPECT_EQ(p.device.io_commands[i].sqe.prp2, p.device.io_commands[i].sqe.prp1 + 4096);
        }
        EXPECT_TRUE(p.device.prp_errors.empty());
    });
}
