// Command fetch, queue administration and completion posting of the front end.
#include "common/sc_scenario.h"
#include "nvme_bench.h"

#include <cstring>
#include <utility>
#include <vector>

using namespace osvp;
using osvp::test::nvme_bench;
namespace fe = fw::nvme_fe;

namespace {

constexpr std::uint64_t asq = 0x10000;
constexpr std::uint64_t acq = 0x20000;
constexpr std::uint64_t cq1 = 0x40000;
constexpr std::uint64_t sq1 = 0x50000;
constexpr std::uint64_t sq2 = 0x60000;

nvme::submission_entry command(std::uint8_t opcode, std::uint16_t cid) {
    nvme::submission_entry e;
    e.cdw0 = nvme::make_cdw0(opcode, cid);
    e.nsid = 1;
    e.prp1 = 0x123000 + cid;
    e.cdw10 = 0xA0000000u + cid;
    e.cdw15 = 0x5A5A0000u + cid;
    return e;
}

bool same_bytes(const nvme::submission_entry& a, const nvme::submission_entry& b) {
    return std::memcmp(&a, &b, sizeof a) == 0;
}

std::uint16_t packed(nvme::status s) {
    return fe::pack_status(s);
}

} // namespace

TEST(nvme_fetch, admin_entries_arrive_whole_with_sqid_in_runs_that_split_at_the_wrap) {
    OSVP_SCENARIO({
        nvme_bench bench(nvme_config{}, [](nvme_bench& b) {
            b.enable(4, 4, asq, acq);
            for (std::uint16_t cid = 1; cid <= 2; ++cid) {
                b.put_sqe(asq, cid - 1, command(nvme::admin_opcode::identify, cid));
            }
            b.ring_sq(0, 2);
            b.wait_line(fw::irq::nvme_command);
            std::uint32_t count = 0;
            b.fw_read(fe::reg_command_count, &count, 4);
            EXPECT_EQ(count, 2u);
            for (std::uint16_t cid = 1; cid <= 2; ++cid) {
                const fe::fetched_command c = b.pop_command();
                EXPECT_EQ(c.sqid, 0u);
                EXPECT_EQ(c.valid, 1u);
                EXPECT_TRUE(same_bytes(c.sqe, command(nvme::admin_opcode::identify, cid)));
            }
            EXPECT_FALSE(b.line_level[fw::irq::nvme_command]) << "line low once the FIFO drains";
            EXPECT_EQ(b.pop_command().valid, 0u);
            ASSERT_EQ(b.host.accesses.size(), 1u);
            EXPECT_EQ(b.host.accesses[0].address, asq);
            EXPECT_EQ(b.host.accesses[0].length, 128u);

            const std::uint16_t slots[] = {2, 3, 0};
            for (std::uint16_t i = 0; i < 3; ++i) {
                b.put_sqe(asq, slots[i], command(nvme::admin_opcode::identify, 10 + i));
            }
            b.ring_sq(0, 1);
            sc_core::wait(sc_core::sc_time(5, sc_core::SC_US));
            for (std::uint16_t i = 0; i < 3; ++i) {
                EXPECT_EQ(b.pop_command().sqe.cid(), 10u + i);
            }
            ASSERT_EQ(b.host.accesses.size(), 3u);
            EXPECT_EQ(b.host.accesses[1].address, asq + 2 * 64);
            EXPECT_EQ(b.host.accesses[1].length, 128u);
            EXPECT_EQ(b.host.accesses[2].address, asq);
            EXPECT_EQ(b.host.accesses[2].length, 64u);
            EXPECT_EQ(b.frontend.stats()["commands_fetched"], 5);
            EXPECT_EQ(b.frontend.stats()["max_fifo_occupancy"], 3);
        });
        test::run(bench);
    });
}

TEST(nvme_fetch, round_robin_takes_one_burst_per_sq_in_turn) {
    OSVP_SCENARIO({
        nvme_config c;
        c.arbitration_burst = 1;
        nvme_bench bench(c, [](nvme_bench& b) {
            b.enable(4, 4, asq, acq);
            EXPECT_EQ(b.queue_admin(test::create_cq(1, 8, cq1, 1)), 0u);
            EXPECT_EQ(b.queue_admin(test::create_sq(1, 8, sq1, 1)), 0u);
            EXPECT_EQ(b.queue_admin(test::create_sq(2, 8, sq2, 1)), 0u);
            for (std::uint16_t i = 0; i < 2; ++i) {
                b.put_sqe(sq1, i, command(nvme::nvm_opcode::read, 100 + i));
                b.put_sqe(sq2, i, command(nvme::nvm_opcode::read, 200 + i));
            }
            b.ring_sq(1, 2);
            b.ring_sq(2, 2);
            sc_core::wait(sc_core::sc_time(10, sc_core::SC_US));
            const std::uint16_t order[] = {100, 200, 101, 201};
            for (const std::uint16_t cid : order) {
                const fe::fetched_command f = b.pop_command();
                EXPECT_EQ(f.sqe.cid(), cid);
                EXPECT_EQ(f.sqid, cid / 100);
            }
        });
        test::run(bench);
    });
}

TEST(nvme_fetch, a_full_command_fifo_holds_back_fetching_until_a_pop) {
    OSVP_SCENARIO({
        nvme_config c;
        c.command_fifo = 2;
        nvme_bench bench(c, [](nvme_bench& b) {
            b.enable(8, 4, asq, acq);
            for (std::uint16_t i = 0; i < 3; ++i) {
                b.put_sqe(asq, i, command(nvme::admin_opcode::identify, i));
            }
            b.ring_sq(0, 3);
            sc_core::wait(sc_core::sc_time(10, sc_core::SC_US));
            EXPECT_EQ(b.frontend.stats()["commands_fetched"], 2);
            EXPECT_EQ(b.pop_command().sqe.cid(), 0u);
            sc_core::wait(sc_core::sc_time(10, sc_core::SC_US));
            EXPECT_EQ(b.frontend.stats()["commands_fetched"], 3);
            EXPECT_EQ(b.pop_command().sqe.cid(), 1u);
            EXPECT_EQ(b.pop_command().sqe.cid(), 2u);
            EXPECT_EQ(b.frontend.stats()["max_fifo_occupancy"], 2);
        });
        test::run(bench);
    });
}

TEST(nvme_queue_admin, create_and_delete_report_nvme_statuses) {
    OSVP_SCENARIO({
        nvme_bench bench(nvme_config{}, [](nvme_bench& b) {
            using namespace nvme::status_code;
            EXPECT_EQ(b.queue_admin(test::create_cq(1, 8, cq1, 1)), packed(command_sequence_error))
                << "no queue administration before CC.EN = 1";
            b.enable(4, 4, asq, acq);
            EXPECT_EQ(b.queue_admin(test::create_cq(1, 8, cq1, 1)), packed(success));
            EXPECT_EQ(b.queue_admin(test::create_cq(1, 8, cq1, 1)),
                      packed(invalid_queue_identifier));
            EXPECT_EQ(b.queue_admin(test::create_cq(17, 8, cq1, 1)),
                      packed(invalid_queue_identifier));
            EXPECT_EQ(b.queue_admin(test::create_cq(2, 1, cq1, 1)), packed(invalid_queue_size));
            EXPECT_EQ(b.queue_admin(test::create_cq(2, 1025, cq1, 1)), packed(invalid_queue_size));
            EXPECT_EQ(b.queue_admin(test::create_cq(2, 8, cq1, 32)),
                      packed(invalid_interrupt_vector));
            EXPECT_EQ(b.queue_admin(test::create_sq(1, 8, sq1, 3)),
                      packed(completion_queue_invalid));
            EXPECT_EQ(b.queue_admin(test::create_sq(1, 8, sq1, 1)), packed(success));
            EXPECT_EQ(b.queue_admin(test::delete_queue(nvme::admin_opcode::delete_io_cq, 1)),
                      packed(invalid_queue_deletion))
                << "CQ 1 still has SQ 1";
            EXPECT_EQ(b.queue_admin(test::delete_queue(nvme::admin_opcode::delete_io_sq, 1)),
                      packed(success));
            EXPECT_EQ(b.queue_admin(test::delete_queue(nvme::admin_opcode::delete_io_sq, 1)),
                      packed(invalid_queue_identifier));
            EXPECT_EQ(b.queue_admin(test::delete_queue(nvme::admin_opcode::delete_io_cq, 1)),
                      packed(success));
            EXPECT_EQ(b.queue_admin(command(nvme::admin_opcode::identify, 1)),
                      packed(invalid_opcode));
        });
        test::run(bench);
    });
}

TEST(nvme_queue_admin, deleting_an_sq_aborts_its_commands_still_in_the_fifo) {
    OSVP_SCENARIO({
        nvme_bench bench(nvme_config{}, [](nvme_bench& b) {
            b.enable(4, 4, asq, acq);
            b.queue_admin(test::create_cq(1, 8, cq1, 2));
            b.queue_admin(test::create_sq(1, 8, sq1, 1));
            b.put_sqe(sq1, 0, command(nvme::nvm_opcode::write, 40));
            b.put_sqe(sq1, 1, command(nvme::nvm_opcode::write, 41));
            b.ring_sq(1, 2);
            b.wait_line(fw::irq::nvme_command);
            EXPECT_EQ(b.queue_admin(test::delete_queue(nvme::admin_opcode::delete_io_sq, 1)), 0u);
            EXPECT_FALSE(b.line_level[fw::irq::nvme_command]);
            sc_core::wait(sc_core::sc_time(5, sc_core::SC_US));
            for (std::uint32_t slot = 0; slot < 2; ++slot) {
                const nvme::completion_entry e = b.cqe_at(cq1, slot);
                EXPECT_EQ(e.cid, 40u + slot);
                EXPECT_EQ(e.sq_id, 1u);
                EXPECT_EQ(e.sq_head, 2u);
                EXPECT_EQ(e.status(), nvme::status_code::aborted_sq_deletion);
                EXPECT_TRUE(e.phase());
            }
            EXPECT_EQ(b.frontend.stats()["aborted_by_sq_deletion"], 2);
        });
        test::run(bench);
    });
}

TEST(nvme_completion, cqe_carries_phase_sq_head_cid_status_and_msi_follows) {
    OSVP_SCENARIO({
        nvme_bench bench(nvme_config{}, [](nvme_bench& b) {
            b.enable(4, 4, asq, acq);
            std::vector<std::pair<unsigned, unsigned>> depths;
            b.frontend.on_queue_depth = [&](time_ps, unsigned sqid, unsigned depth) {
                depths.emplace_back(sqid, depth);
            };
            b.queue_admin(test::create_cq(1, 8, cq1, 3));
            b.queue_admin(test::create_sq(1, 8, sq1, 1));
            b.put_sqe(sq1, 0, command(nvme::nvm_opcode::read, 0x1234));
            b.ring_sq(1, 1);
            b.wait_line(fw::irq::nvme_command);
            EXPECT_EQ(b.pop_command().sqid, 1u);
            b.complete(1, 0x1234, nvme::status_code::lba_out_of_range, 0xABCD);
            sc_core::wait(sc_core::sc_time(5, sc_core::SC_US));
            const std::vector<std::pair<unsigned, unsigned>> expected_depths{{1, 1}, {1, 0}};
            EXPECT_EQ(depths, expected_depths) << "depth counts submitted, not yet completed";
            b.frontend.on_queue_depth = nullptr;
            const nvme::completion_entry e = b.cqe_at(cq1, 0);
            EXPECT_EQ(e.dw0, 0xABCDu);
            EXPECT_EQ(e.sq_head, 1u);
            EXPECT_EQ(e.sq_id, 1u);
            EXPECT_EQ(e.cid, 0x1234u);
            EXPECT_EQ(e.status(), nvme::status_code::lba_out_of_range);
            EXPECT_TRUE(e.phase());
            ASSERT_EQ(b.host.interrupts.size(), 1u);
            EXPECT_EQ(b.host.interrupts[0].vector, 3u);
            EXPECT_EQ(b.host.interrupts[0].data, 3u);
            const auto& cqe_write = b.host.accesses.back();
            EXPECT_EQ(cqe_write.address, cq1);
            EXPECT_GE(b.host.interrupts[0].at, cqe_write.end) << "MSI-X after the CQE lands";
            EXPECT_EQ(b.frontend.stats()["completions_posted"], 1);
            EXPECT_EQ(b.frontend.stats()["msi_sent"], 1);

            b.queue_admin(test::create_cq(2, 8, 0x70000, 0, false));
            b.queue_admin(test::create_sq(2, 8, sq2, 2));
            b.complete(2, 7, nvme::status_code::success, 0);
            sc_core::wait(sc_core::sc_time(5, sc_core::SC_US));
            EXPECT_EQ(b.cqe_at(0x70000, 0).cid, 7u);
            EXPECT_EQ(b.host.interrupts.size(), 1u) << "no MSI-X for a CQ with IEN = 0";
        });
        test::run(bench);
    });
}

TEST(nvme_completion, full_cq_stalls_until_the_head_doorbell_and_phase_flips_at_wrap) {
    OSVP_SCENARIO({
        nvme_bench bench(nvme_config{}, [](nvme_bench& b) {
            b.enable(4, 4, asq, acq);
            for (std::uint16_t cid = 1; cid <= 5; ++cid) {
                b.complete(0, cid, nvme::status_code::success, cid);
            }
            sc_core::wait(sc_core::sc_time(10, sc_core::SC_US));
            for (std::uint32_t slot = 0; slot < 3; ++slot) {
                EXPECT_EQ(b.cqe_at(acq, slot).cid, slot + 1);
                EXPECT_TRUE(b.cqe_at(acq, slot).phase());
            }
            EXPECT_EQ(b.cqe_at(acq, 3).cid, 0u) << "a 4-entry CQ holds 3 entries";
            EXPECT_EQ(b.frontend.stats()["cq_full_stalls"], 1);
            const time_ps freed = to_ps(sc_core::sc_time_stamp());
            b.ring_cq(0, 2);
            sc_core::wait(sc_core::sc_time(10, sc_core::SC_US));
            EXPECT_EQ(b.cqe_at(acq, 3).cid, 4u);
            EXPECT_TRUE(b.cqe_at(acq, 3).phase());
            EXPECT_EQ(b.cqe_at(acq, 0).cid, 5u);
            EXPECT_FALSE(b.cqe_at(acq, 0).phase()) << "phase flips after the wrap";
            ASSERT_EQ(b.host.interrupts.size(), 5u);
            EXPECT_GE(b.host.interrupts[3].at, freed);
            EXPECT_LT(b.host.interrupts[2].at, freed);
        });
        test::run(bench);
    });
}

TEST(nvme_completion, completion_for_an_unknown_sq_is_a_firmware_error) {
    OSVP_SCENARIO({
        nvme_bench bench(nvme_config{}, [](nvme_bench& b) {
            b.enable(4, 4, asq, acq);
            EXPECT_THROW(b.complete(7, 1, nvme::status_code::success, 0), sc_core::sc_report);
        });
        test::run(bench);
    });
}
