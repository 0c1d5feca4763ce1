// BAR0 behaviour of the front end in a kernel: enable/ready timing, fatal status, shutdown,
// register access errors and invalid doorbells. One fresh kernel per scenario.
#include "common/sc_scenario.h"
#include "nvme_bench.h"

using namespace osvp;
using osvp::test::nvme_bench;

namespace {

constexpr std::uint64_t asq = 0x10000;
constexpr std::uint64_t acq = 0x20000;

nvme_config slow_ready() {
    nvme_config c;
    c.ready_delay = 5 * ps_per_us;
    return c;
}

tlm::tlm_response_status raw(nvme_bench& b, tlm::tlm_command command, std::uint64_t offset,
                             unsigned bytes) {
    std::uint64_t value = 0;
    return b.transport(b.host_mmio, command, offset, &value, bytes);
}

} // namespace

TEST(nvme_bar0, enable_raises_rdy_after_ready_delay_and_reset_lowers_it_after_the_same) {
    OSVP_SCENARIO({
        nvme_bench bench(slow_ready(), [](nvme_bench& b) {
            const time_ps delay = b.config.ready_delay;
            EXPECT_EQ(b.mmio_read(nvme::reg::VS), nvme::version_1_4);
            EXPECT_EQ(nvme::cap::MQES::get(b.mmio_read(nvme::reg::CAP, 8)), 1023u);
            b.mmio_write(nvme::reg::AQA, 3 | 7 << 16);
            b.mmio_write(nvme::reg::ASQ, asq, 8);
            b.mmio_write(nvme::reg::ACQ, acq, 8);
            EXPECT_EQ(b.mmio_read(nvme::reg::ASQ, 8), asq);
            EXPECT_EQ(b.mmio_read(nvme::reg::ACQ), acq);
            EXPECT_EQ(b.mmio_read(nvme::reg::AQA), 3u | 7u << 16);
            b.mmio_write(nvme::reg::CC, nvme::cc::EN::set(0, 1));
            EXPECT_EQ(b.mmio_read(nvme::reg::CSTS), 0u);
            sc_core::wait(to_sc(delay - 1));
            EXPECT_EQ(b.mmio_read(nvme::reg::CSTS), 0u) << "1 ps before ready_delay";
            sc_core::wait(to_sc(1));
            EXPECT_EQ(b.mmio_read(nvme::reg::CSTS), 1u) << "RDY at ready_delay, no CFS";
            b.mmio_write(nvme::reg::CC, 0);
            sc_core::wait(to_sc(delay - 1));
            EXPECT_EQ(b.mmio_read(nvme::reg::CSTS), 1u);
            sc_core::wait(to_sc(1));
            EXPECT_EQ(b.mmio_read(nvme::reg::CSTS), 0u);
        });
        test::run(bench);
    });
}

TEST(nvme_bar0, misaligned_admin_queue_sets_cfs_and_never_rdy) {
    OSVP_SCENARIO({
        nvme_bench bench(slow_ready(), [](nvme_bench& b) {
            b.mmio_write(nvme::reg::AQA, 3 | 3 << 16);
            b.mmio_write(nvme::reg::ASQ, asq + 0x40, 8);
            b.mmio_write(nvme::reg::ACQ, acq, 8);
            b.mmio_write(nvme::reg::CC, nvme::cc::EN::set(0, 1));
            sc_core::wait(to_sc(b.config.ready_delay));
            const std::uint64_t csts = b.mmio_read(nvme::reg::CSTS);
            EXPECT_EQ(nvme::csts::CFS::get(csts), 1u);
            EXPECT_EQ(nvme::csts::RDY::get(csts), 0u);
        });
        test::run(bench);
    });
}

TEST(nvme_bar0, shutdown_notification_reports_processing_then_complete) {
    OSVP_SCENARIO({
        nvme_bench bench(slow_ready(), [](nvme_bench& b) {
            b.enable(4, 4, asq, acq);
            const std::uint64_t shutdown = nvme::cc::SHN::set(nvme::cc::EN::set(0, 1), 1);
            b.mmio_write(nvme::reg::CC, shutdown);
            EXPECT_EQ(nvme::csts::SHST::get(b.mmio_read(nvme::reg::CSTS)), 1u);
            sc_core::wait(to_sc(b.config.ready_delay));
            const std::uint64_t csts = b.mmio_read(nvme::reg::CSTS);
            EXPECT_EQ(nvme::csts::SHST::get(csts), 2u);
            EXPECT_EQ(nvme::csts::RDY::get(csts), 1u);
        });
        test::run(bench);
    });
}

TEST(nvme_bar0, unaligned_odd_size_and_out_of_range_accesses_get_errors) {
    OSVP_SCENARIO({
        nvme_bench bench(nvme_config{}, [](nvme_bench& b) {
            EXPECT_EQ(raw(b, tlm::TLM_READ_COMMAND, nvme::reg::CC + 2, 4),
                      tlm::TLM_ADDRESS_ERROR_RESPONSE);
            EXPECT_EQ(raw(b, tlm::TLM_READ_COMMAND, nvme::reg::CC, 2),
                      tlm::TLM_ADDRESS_ERROR_RESPONSE);
            EXPECT_EQ(raw(b, tlm::TLM_WRITE_COMMAND, nvme::reg::CC, 8),
                      tlm::TLM_ADDRESS_ERROR_RESPONSE);
            EXPECT_EQ(raw(b, tlm::TLM_WRITE_COMMAND, nvme::sq_tail_doorbell(0, 0), 8),
                      tlm::TLM_ADDRESS_ERROR_RESPONSE);
            EXPECT_EQ(raw(b, tlm::TLM_WRITE_COMMAND, nvme::sq_tail_doorbell(17, 0), 4),
                      tlm::TLM_ADDRESS_ERROR_RESPONSE)
                << "doorbells exist for queues 0..max_io_queues only";
            std::uint64_t value = 0;
            std::uint8_t enables[4] = {0xFF, 0, 0xFF, 0xFF};
            tlm::tlm_generic_payload trans;
            trans.set_command(tlm::TLM_WRITE_COMMAND);
            trans.set_address(nvme::reg::AQA);
            trans.set_data_ptr(reinterpret_cast<unsigned char*>(&value));
            trans.set_data_length(4);
            trans.set_streaming_width(4);
            trans.set_byte_enable_ptr(enables);
            trans.set_byte_enable_length(4);
            sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
            b.host_mmio->b_transport(trans, delay);
            EXPECT_EQ(trans.get_response_status(), tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
            const std::uint64_t cap = b.mmio_read(nvme::reg::CAP, 8);
            b.mmio_write(nvme::reg::CAP, 0, 8);
            EXPECT_EQ(b.mmio_read(nvme::reg::CAP, 8), cap) << "CAP is read-only";
            b.mmio_write(nvme::reg::INTMS, 0x5);
            b.mmio_write(nvme::reg::INTMC, 0x1);
            EXPECT_EQ(b.mmio_read(nvme::reg::INTMS), 0x4u);
            EXPECT_EQ(b.mmio_read(nvme::reg::INTMC), 0x4u);
        });
        test::run(bench);
    });
}

TEST(nvme_bar0, invalid_doorbell_writes_are_counted_warned_and_ignored) {
    OSVP_SCENARIO({
        nvme_bench bench(nvme_config{}, [](nvme_bench& b) {
            b.enable(4, 4, asq, acq);
            nvme::submission_entry sqe;
            sqe.cdw0 = nvme::make_cdw0(nvme::admin_opcode::identify, 9);
            b.put_sqe(asq, 0, sqe);
            b.ring_sq(5, 1);
            b.ring_sq(0, 4);
            b.ring_cq(0, 1);
            sc_core::wait(sc_core::sc_time(5, sc_core::SC_US));
            const nlohmann::json stats = b.frontend.stats();
            EXPECT_EQ(stats["doorbell_errors"], 3);
            EXPECT_EQ(stats["commands_fetched"], 0);
            EXPECT_EQ(sc_core::sc_report_handler::get_count(sc_core::SC_WARNING), 3);
            test::expect_warnings(3);
            b.ring_sq(0, 1);
            b.wait_line(fw::irq::nvme_command);
            EXPECT_EQ(b.pop_command().sqe.cid(), 9u) << "a valid doorbell still works";
        });
        test::run(bench);
    });
}

TEST(nvme_bar0, controller_reset_drops_queues_and_fetched_commands) {
    OSVP_SCENARIO({
        nvme_bench bench(nvme_config{}, [](nvme_bench& b) {
            b.enable(4, 4, asq, acq);
            for (std::uint32_t slot = 0; slot < 2; ++slot) {
                nvme::submission_entry sqe;
                sqe.cdw0 = nvme::make_cdw0(nvme::admin_opcode::identify, 20 + slot);
                b.put_sqe(asq, slot, sqe);
            }
            b.ring_sq(0, 2);
            b.wait_line(fw::irq::nvme_command);
            for (std::uint16_t cid = 1; cid <= 4; ++cid) {
                b.complete(0, cid, nvme::status_code::success, 0);
            }
            sc_core::wait(sc_core::sc_time(5, sc_core::SC_US));
            EXPECT_EQ(b.frontend.stats()["completions_posted"], 3) << "the 4th waits for room";
            b.mmio_write(nvme::reg::CC, 0);
            EXPECT_FALSE(b.line_level[fw::irq::nvme_command]);
            EXPECT_EQ(b.pop_command().valid, 0u);
            sc_core::wait(sc_core::sc_time(5, sc_core::SC_US));
            EXPECT_EQ(b.frontend.stats()["dropped_by_reset"], 3) << "2 fetched + 1 completion";
            EXPECT_EQ(b.frontend.stats()["completions_posted"], 3);
            b.ring_sq(0, 3);
            test::expect_warnings(1);
            sc_core::wait(sc_core::sc_time(1, sc_core::SC_US));
            EXPECT_EQ(b.frontend.stats()["doorbell_errors"], 1) << "queues are gone";
        });
        test::run(bench);
    });
}

TEST(nvme_bar0, no_warning_in_a_clean_run) {
    OSVP_SCENARIO({ // a scenario fails on any warning it did not announce
        nvme_bench bench(nvme_config{}, [](nvme_bench& b) {
            b.enable(4, 4, asq, acq);
            EXPECT_EQ(b.frontend.stats()["doorbell_errors"], 0);
        });
        test::run(bench);
    });
}
