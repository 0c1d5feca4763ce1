// Plain parts of the NVMe front end: configuration, BAR0 register file, fetch runs, chunking and
// CQE layout, checked against values worked out from NVMe 1.4 by hand.
#include "common/config.h"
#include "hal/nvme_fe.h"
#include "nvme/bar0_registers.h"
#include "nvme/transfer_plan.h"

#include <gtest/gtest.h>

using namespace osvp;

namespace {

constexpr std::uint32_t en = 1;

} // namespace

TEST(nvme_config, defaults_and_units_are_read_from_the_nvme_section) {
    config_tree tree(nlohmann::json{{"nvme", {{"dma_chunk", "8 KiB"}, {"ready_delay", "3 us"}}}});
    const nvme_config c = nvme_config::from(tree.root().child("nvme"));
    EXPECT_EQ(c.dma_chunk, 8192u);
    EXPECT_EQ(c.ready_delay, 3 * ps_per_us);
    EXPECT_EQ(c.max_io_queues, 16u);
    EXPECT_EQ(c.max_queue_entries, 1024u);
    EXPECT_EQ(c.interrupt_vectors, 32u);
    EXPECT_EQ(c.msi_address, 0xFEE00000u);
    EXPECT_EQ(c.command_fifo, 256u);
    EXPECT_EQ(c.dma_engines, 4u);
    EXPECT_NO_THROW(tree.check_all_used());
}

TEST(nvme_config, bad_values_name_the_key_and_the_allowed_range) {
    const auto error_of = [](nlohmann::json nvme) {
        config_tree tree(nlohmann::json{{"nvme", nvme}});
        try {
            nvme_config::from(tree.root().child("nvme"));
        } catch (const config_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(error_of({{"dma_chunk", "100 B"}}).find("dma_chunk"), std::string::npos);
    EXPECT_NE(error_of({{"dma_chunk", "100 B"}}).find("multiple of 64"), std::string::npos);
    EXPECT_NE(error_of({{"command_fifo", 0}}).find("command_fifo"), std::string::npos);
    EXPECT_NE(error_of({{"ready_delay", "200 s"}}).find("ready_delay"), std::string::npos);
    EXPECT_NE(error_of({{"msi_address", 2}}).find("msi_address"), std::string::npos);
    nvme_config c;
    c.dma_engines = 0;
    EXPECT_THROW(c.validate(), config_error);
}

TEST(sq_fetch_runs, contiguous_entries_are_one_read_and_a_wrap_is_two) {
    const auto one = nvme::sq_fetch_runs(0x1000, 2, 8, 3);
    ASSERT_EQ(one.size(), 1u);
    EXPECT_EQ(one[0].address, 0x1000u + 2 * 64);
    EXPECT_EQ(one[0].first, 2u);
    EXPECT_EQ(one[0].entries, 3u);
    const auto two = nvme::sq_fetch_runs(0x1000, 6, 8, 5);
    ASSERT_EQ(two.size(), 2u);
    EXPECT_EQ(two[0].address, 0x1000u + 6 * 64);
    EXPECT_EQ(two[0].entries, 2u);
    EXPECT_EQ(two[1].address, 0x1000u);
    EXPECT_EQ(two[1].first, 0u);
    EXPECT_EQ(two[1].entries, 3u);
    EXPECT_TRUE(nvme::sq_fetch_runs(0x1000, 0, 8, 0).empty());
    EXPECT_THROW(nvme::sq_fetch_runs(0x1000, 8, 8, 1), std::invalid_argument);
    EXPECT_THROW(nvme::sq_fetch_runs(0x1000, 0, 8, 8), std::invalid_argument);
}

TEST(split_chunks, chunks_cover_the_segments_in_order_with_fixed_size) {
    const std::vector<nvme::dma_segment> segments{{0x10200, 0xE00}, {0x30000, 0x1400}};
    nvme::transfer_chunks cut;
    nvme::split_chunks(segments, 0x1000, cut);
    const auto pieces = [&](std::size_t c) {
        return std::vector<nvme::dma_segment>(cut.begin(cut.chunks[c]), cut.end(cut.chunks[c]));
    };
    ASSERT_EQ(cut.chunks.size(), 3u);
    EXPECT_EQ(cut.chunks[0].offset, 0u);
    EXPECT_EQ(cut.chunks[0].length, 0x1000u);
    EXPECT_EQ(pieces(0), (std::vector<nvme::dma_segment>{{0x10200, 0xE00}, {0x30000, 0x200}}));
    EXPECT_EQ(cut.chunks[1].offset, 0x1000u);
    EXPECT_EQ(pieces(1), (std::vector<nvme::dma_segment>{{0x30200, 0x1000}}));
    EXPECT_EQ(cut.chunks[2].offset, 0x2000u);
    EXPECT_EQ(cut.chunks[2].length, 0x200u);
    EXPECT_EQ(pieces(2), (std::vector<nvme::dma_segment>{{0x31200, 0x200}}));
    EXPECT_THROW(nvme::split_chunks(segments, 0, cut), std::invalid_argument);
}

TEST(split_chunks, a_reused_cut_holds_only_the_latest_transfer) {
    nvme::transfer_chunks cut;
    nvme::split_chunks({{0x10000, 0x3000}}, 0x1000, cut);
    nvme::split_chunks({{0x50000, 0x800}}, 0x1000, cut);
    ASSERT_EQ(cut.chunks.size(), 1u);
    ASSERT_EQ(cut.pieces.size(), 1u);
    EXPECT_EQ(cut.chunks[0].first_piece, 0u);
    EXPECT_EQ(cut.pieces[0], (nvme::dma_segment{0x50000, 0x800}));
}

TEST(make_cqe, fields_land_where_nvme_4_6_puts_them) {
    const nvme::completion_entry e =
        nvme::make_cqe(0xDEADBEEF, 7, 3, 0x1234,
                       fw::nvme_fe::pack_status(nvme::status_code::invalid_queue_size), true);
    const auto* words = reinterpret_cast<const std::uint32_t*>(&e);
    EXPECT_EQ(words[0], 0xDEADBEEFu);
    EXPECT_EQ(words[1], 0u);
    EXPECT_EQ(words[2], 7u | 3u << 16);
    // DW3: CID 15:0, P bit 16, SC 24:17 = 02h, SCT 27:25 = 1.
    EXPECT_EQ(words[3], 0x1234u | 1u << 16 | 0x02u << 17 | 1u << 25);
    EXPECT_EQ(e.status(), nvme::status_code::invalid_queue_size);
}

TEST(bar0_registers, cap_and_vs_advertise_the_configuration) {
    nvme_config c;
    c.ready_delay = 600 * ps_per_ms;
    nvme::queue_table queues(c.queues());
    const bar0_registers regs(c, queues);
    const std::uint64_t cap = regs.read(nvme::reg::CAP, 8, 0);
    EXPECT_EQ(nvme::cap::MQES::get(cap), 1023u);
    EXPECT_EQ(nvme::cap::CQR::get(cap), 1u);
    EXPECT_EQ(nvme::cap::TO::get(cap), 2u) << "600 ms rounds up to two 500 ms units";
    EXPECT_EQ(nvme::cap::DSTRD::get(cap), 0u);
    EXPECT_EQ(nvme::cap::CSS::get(cap), 1u);
    EXPECT_EQ(nvme::cap::MPSMIN::get(cap), 0u);
    EXPECT_EQ(nvme::cap::MPSMAX::get(cap), 0u);
    EXPECT_EQ(regs.read(nvme::reg::CAP, 4, 0), cap & 0xFFFFFFFF);
    EXPECT_EQ(regs.read(nvme::reg::CAP + 4, 4, 0), cap >> 32);
    EXPECT_EQ(regs.read(nvme::reg::VS, 4, 0), 0x00010400u);
    EXPECT_EQ(regs.size(), 0x1000u + 8 * 17);
}

TEST(bar0_registers, access_rules_follow_register_widths) {
    const nvme_config c;
    nvme::queue_table queues(c.queues());
    const bar0_registers regs(c, queues);
    EXPECT_TRUE(regs.valid_access(nvme::reg::ASQ, 8, true));
    EXPECT_TRUE(regs.valid_access(nvme::reg::ASQ + 4, 4, true));
    EXPECT_FALSE(regs.valid_access(nvme::reg::CC, 8, true));
    EXPECT_FALSE(regs.valid_access(nvme::reg::CC + 2, 4, false));
    EXPECT_FALSE(regs.valid_access(nvme::reg::CC, 2, false));
    EXPECT_FALSE(regs.valid_access(0x1000, 8, true));
    EXPECT_TRUE(regs.valid_access(0x1000 + 8 * 16 + 4, 4, true));
    EXPECT_FALSE(regs.valid_access(0x1000 + 8 * 17, 4, true));
}

TEST(bar0_registers, enable_and_reset_change_csts_after_the_ready_delay) {
    nvme_config c;
    c.ready_delay = 1000;
    nvme::queue_table queues(c.queues());
    bar0_registers regs(c, queues);
    regs.write(nvme::reg::AQA, 4, 3 | 3 << 16, 0);
    regs.write(nvme::reg::ASQ, 8, 0x10000, 0);
    regs.write(nvme::reg::ACQ + 4, 4, 0x1, 0);
    EXPECT_EQ(regs.read(nvme::reg::ACQ, 8, 0), 0x1'0000'0000u);
    const bar0_effect on = regs.write(nvme::reg::CC, 4, en, 500);
    EXPECT_EQ(on.what, bar0_effect::kind::enabled);
    EXPECT_TRUE(on.enable_status.ok());
    EXPECT_TRUE(queues.enabled());
    EXPECT_EQ(regs.csts(1499), 0u);
    EXPECT_EQ(regs.csts(1500), 1u);
    const bar0_effect bell = regs.write(nvme::sq_tail_doorbell(0, 0), 4, 2, 1600);
    EXPECT_EQ(bell.what, bar0_effect::kind::doorbell);
    EXPECT_EQ(bell.qid, 0u);
    EXPECT_FALSE(bell.completion_queue);
    EXPECT_EQ(bell.error, nvme::doorbell_error::none);
    EXPECT_EQ(queues.find_sq(0)->ring.tail(), 2u);
    EXPECT_EQ(regs.write(nvme::cq_head_doorbell(0, 0), 4, 1, 1600).error,
              nvme::doorbell_error::underflow);
    EXPECT_EQ(regs.write(nvme::reg::CC, 4, 0, 2000).what, bar0_effect::kind::reset);
    EXPECT_FALSE(queues.enabled());
    EXPECT_EQ(regs.csts(2999), 1u);
    EXPECT_EQ(regs.csts(3000), 0u);
}

TEST(bar0_registers, bad_admin_queue_or_page_size_sets_cfs_instead_of_rdy) {
    nvme_config c;
    c.ready_delay = 1000;
    nvme::queue_table queues(c.queues());
    bar0_registers regs(c, queues);
    regs.write(nvme::reg::AQA, 4, 3 | 3 << 16, 0);
    regs.write(nvme::reg::ASQ, 8, 0x10000, 0);
    regs.write(nvme::reg::ACQ, 8, 0x20000, 0);
    const bar0_effect bad_mps = regs.write(nvme::reg::CC, 4, en | 1u << 7, 0);
    EXPECT_EQ(bad_mps.enable_status, nvme::status_code::invalid_field);
    EXPECT_EQ(regs.csts(1000), 2u) << "CFS without RDY";
    regs.write(nvme::reg::CC, 4, 0, 1000);
    EXPECT_EQ(regs.csts(2000), 0u) << "reset clears CFS";
    regs.write(nvme::reg::ASQ, 8, 0x10008, 2000);
    EXPECT_EQ(regs.write(nvme::reg::CC, 4, en, 2000).enable_status,
              nvme::status_code::invalid_prp_offset);
    EXPECT_EQ(regs.csts(3000), 2u);
}
