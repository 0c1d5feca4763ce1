// Register fields, doorbell offsets and queue entry layouts against NVMe 1.4 sections 3.1, 4.2
// and 4.6.
#include "hal/nvme_spec.h"

#include <gtest/gtest.h>

#include <cstring>

using namespace osvp::nvme;

TEST(nvme_spec, cap_fields_decode_spec_positions) {
    // MQES 3FFh (1024 entries), CQR 1, TO 20 (10 s), DSTRD 2, CSS NVM, MPSMIN 0, MPSMAX 4.
    const std::uint64_t value =
        0x3FFull | 1ull << 16 | 20ull << 24 | 2ull << 32 | 1ull << 37 | 0ull << 48 | 4ull << 52;
    EXPECT_EQ(cap::MQES::get(value), 0x3FFu);
    EXPECT_EQ(cap::CQR::get(value), 1u);
    EXPECT_EQ(cap::TO::get(value), 20u);
    EXPECT_EQ(cap::DSTRD::get(value), 2u);
    EXPECT_EQ(cap::CSS::get(value), 1u);
    EXPECT_EQ(cap::MPSMIN::get(value), 0u);
    EXPECT_EQ(cap::MPSMAX::get(value), 4u);
}

TEST(nvme_spec, cc_fields_set_and_get) {
    // A typical driver enable: EN, MPS 0, IOSQES 6, IOCQES 4 -> 0x00460001.
    std::uint64_t value = 0;
    value = cc::EN::set(value, 1);
    value = cc::IOSQES::set(value, 6);
    value = cc::IOCQES::set(value, 4);
    EXPECT_EQ(value, 0x00460001u);
    EXPECT_EQ(cc::MPS::get(cc::MPS::set(value, 3)), 3u);
    EXPECT_EQ(cc::MPS::set(value, 3) & ~cc::MPS::mask, value);
    EXPECT_EQ(csts::SHST::get(0x9), 2u);
    EXPECT_EQ(aqa::ACQS::get(0x001F003F), 0x1Fu);
    EXPECT_EQ(aqa::ASQS::get(0x001F003F), 0x3Fu);
}

TEST(nvme_spec, field_value_too_wide_throws) {
    EXPECT_THROW(cc::EN::set(0, 2), std::invalid_argument);
    EXPECT_THROW(cc::MPS::set(0, 16), std::invalid_argument);
}

TEST(nvme_spec, memory_page_size_from_mps) {
    EXPECT_EQ(memory_page_bytes(0), 4096u);
    EXPECT_EQ(memory_page_bytes(1), 8192u);
    EXPECT_EQ(memory_page_bytes(15), 128ull << 20);
    EXPECT_THROW(memory_page_bytes(16), std::invalid_argument);
}

TEST(nvme_spec, doorbell_offsets_follow_stride) {
    EXPECT_EQ(sq_tail_doorbell(0, 0), 0x1000u);
    EXPECT_EQ(cq_head_doorbell(0, 0), 0x1004u);
    EXPECT_EQ(sq_tail_doorbell(1, 0), 0x1008u);
    EXPECT_EQ(cq_head_doorbell(1, 0), 0x100Cu);
    // DSTRD 1: 8-byte stride.
    EXPECT_EQ(sq_tail_doorbell(3, 1), 0x1000u + 6 * 8);
    EXPECT_EQ(cq_head_doorbell(3, 1), 0x1000u + 7 * 8);
}

TEST(nvme_spec, register_offsets) {
    EXPECT_EQ(reg::CC, 0x14u);
    EXPECT_EQ(reg::CSTS, 0x1Cu);
    EXPECT_EQ(reg::AQA, 0x24u);
    EXPECT_EQ(reg::ASQ, 0x28u);
    EXPECT_EQ(reg::ACQ, 0x30u);
}

TEST(nvme_spec, sqe_byte_layout) {
    std::uint8_t raw[64] = {};
    raw[0] = 0x02; // OPC Read
    raw[1] = 0x40; // PSDT bits 15:14 = 01b
    raw[2] = 0x34; // CID 1234h, little endian
    raw[3] = 0x12;
    raw[4] = 0x01;                  // NSID 1
    raw[24] = 0x00, raw[25] = 0x10; // PRP1 1000h
    raw[40] = 0x07;                 // CDW10
    raw[48] = 0xFF;                 // CDW12 low byte
    submission_entry sqe;
    std::memcpy(&sqe, raw, sizeof raw);
    EXPECT_EQ(sqe.opcode(), 0x02);
    EXPECT_EQ(sqe.psdt(), 1);
    EXPECT_EQ(sqe.fuse(), 0);
    EXPECT_EQ(sqe.cid(), 0x1234);
    EXPECT_EQ(sqe.nsid, 1u);
    EXPECT_EQ(sqe.prp1, 0x1000u);
    EXPECT_EQ(sqe.cdw10, 7u);
    EXPECT_EQ(sqe.cdw12, 0xFFu);
    EXPECT_EQ(make_cdw0(0x06, 0xBEEF), 0xBEEF0006u);
}

TEST(nvme_spec, cqe_status_field_layout) {
    // LBA Out of Range (SCT 0, SC 80h), DNR, phase 1: DW3 bits 31:16 = 1000 0001 0000 0001b.
    completion_entry cqe;
    cqe.status_phase = make_status_phase(status_code::lba_out_of_range, true, true);
    EXPECT_EQ(cqe.status_phase, 0x8101u);
    EXPECT_TRUE(cqe.phase());
    EXPECT_TRUE(cqe.do_not_retry());
    EXPECT_EQ(cqe.status(), status_code::lba_out_of_range);
    // Invalid Queue Deletion (SCT 1, SC 0Ch), phase 0: bits 11:9 = 001b, bits 8:1 = 0Ch.
    EXPECT_EQ(make_status_phase(status_code::invalid_queue_deletion, false, false), 0x0218u);

    std::uint8_t raw[16];
    cqe.sq_head = 0x0005;
    cqe.sq_id = 0x0002;
    cqe.cid = 0xABCD;
    std::memcpy(raw, &cqe, sizeof raw);
    EXPECT_EQ(raw[8], 0x05);  // DW2 SQHD
    EXPECT_EQ(raw[10], 0x02); // DW2 SQID
    EXPECT_EQ(raw[12], 0xCD); // DW3 CID
    EXPECT_EQ(raw[14], 0x01); // DW3 bit 16 = P, SC low bits above it
    EXPECT_EQ(raw[15], 0x81); // DNR bit 31, SC bit 7 at bit 24
}

TEST(nvme_spec, status_codes_and_vendor_features) {
    EXPECT_TRUE(status_code::success.ok());
    EXPECT_FALSE(status_code::invalid_field.ok());
    EXPECT_EQ(status_code::invalid_prp_offset.code, 0x13);
    EXPECT_EQ(status_code::invalid_queue_identifier.type, status_type::command_specific);
    EXPECT_NE(status_code::invalid_opcode, status_code::invalid_queue_identifier);
    EXPECT_GE(feature::parameter_set, 0xC0);
    EXPECT_GE(feature::command_sequence, 0xC0);
    EXPECT_NE(feature::parameter_set, feature::command_sequence);
}
