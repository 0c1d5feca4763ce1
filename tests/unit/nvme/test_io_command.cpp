// I/O command checks against NVMe 1.4: opcodes (section 6), NSID rules, MDTS (Identify
// Controller) and the LBA range of the namespace.
#include "nvme/io_command.h"

#include <gtest/gtest.h>

using namespace osvp;
using namespace osvp::nvme::status_code;

namespace {

constexpr std::uint64_t ns_lbas = 1000;
constexpr std::uint32_t lba = 4096;
constexpr std::uint64_t mdts_bytes = 128 * 1024; // 32 blocks

nvme::submission_entry rw(std::uint8_t opcode, std::uint64_t slba, std::uint32_t blocks,
                          std::uint32_t nsid = 1) {
    nvme::submission_entry c;
    c.cdw0 = nvme::make_cdw0(opcode, 7);
    c.nsid = nsid;
    c.cdw10 = static_cast<std::uint32_t>(slba);
    c.cdw11 = static_cast<std::uint32_t>(slba >> 32);
    c.cdw12 = blocks - 1;
    return c;
}

nvme::status check(const nvme::submission_entry& c) {
    return fw::check_io_command(c, ns_lbas, lba, mdts_bytes);
}

} // namespace

TEST(io_command, field_helpers) {
    const auto c = rw(nvme::nvm_opcode::read, 0x1'2345'6789, 65536);
    EXPECT_EQ(fw::io_slba(c), 0x1'2345'6789u);
    EXPECT_EQ(c.cdw12, 0xFFFFu);
    EXPECT_EQ(fw::io_block_count(c), 65536u);
}

TEST(io_command, valid_read_write_flush) {
    EXPECT_EQ(check(rw(nvme::nvm_opcode::read, 0, 1)), success);
    EXPECT_EQ(check(rw(nvme::nvm_opcode::write, 968, 32)), success);
    EXPECT_EQ(check(rw(nvme::nvm_opcode::flush, 0, 1)), success);
    EXPECT_EQ(check(rw(nvme::nvm_opcode::flush, 0, 1, 0xFFFFFFFF)), success);
}

TEST(io_command, unknown_opcode) {
    EXPECT_EQ(check(rw(0x04, 0, 1)), invalid_opcode); // Write Uncorrectable: not supported
    EXPECT_EQ(check(rw(0x80, 0, 1)), invalid_opcode);
}

TEST(io_command, namespace_checks) {
    EXPECT_EQ(check(rw(nvme::nvm_opcode::read, 0, 1, 0)), invalid_namespace);
    EXPECT_EQ(check(rw(nvme::nvm_opcode::read, 0, 1, 2)), invalid_namespace);
    EXPECT_EQ(check(rw(nvme::nvm_opcode::write, 0, 1, 0xFFFFFFFF)), invalid_namespace);
    EXPECT_EQ(check(rw(nvme::nvm_opcode::flush, 0, 1, 0)), invalid_namespace);
}

TEST(io_command, lba_range_including_wrap) {
    EXPECT_EQ(check(rw(nvme::nvm_opcode::read, 999, 1)), success);
    EXPECT_EQ(check(rw(nvme::nvm_opcode::read, 999, 2)), lba_out_of_range);
    EXPECT_EQ(check(rw(nvme::nvm_opcode::read, 1000, 1)), lba_out_of_range);
    EXPECT_EQ(check(rw(nvme::nvm_opcode::write, 969, 32)), lba_out_of_range);
    // SLBA + NLB wraps past 2^64 to a small number that a naive sum would accept.
    EXPECT_EQ(check(rw(nvme::nvm_opcode::write, ~std::uint64_t{0} - 3, 8)), lba_out_of_range);
}

TEST(io_command, transfer_larger_than_mdts) {
    EXPECT_EQ(check(rw(nvme::nvm_opcode::read, 0, 33)), invalid_field);
    // 0 means no transfer limit.
    EXPECT_EQ(fw::check_io_command(rw(nvme::nvm_opcode::read, 0, 1000), ns_lbas, lba, 0), success);
}

TEST(io_command, unsupported_fields) {
    auto fused = rw(nvme::nvm_opcode::write, 0, 1);
    fused.cdw0 |= 1u << 8;
    EXPECT_EQ(check(fused), invalid_field);
    auto sgl = rw(nvme::nvm_opcode::read, 0, 1);
    sgl.cdw0 |= 2u << 14;
    EXPECT_EQ(check(sgl), invalid_field);
    auto directive = rw(nvme::nvm_opcode::write, 0, 1);
    directive.cdw12 |= 1u << 20; // DTYPE Streams
    EXPECT_EQ(check(directive), invalid_field);
    auto fua = rw(nvme::nvm_opcode::write, 0, 1);
    fua.cdw12 |= 1u << 30;
    EXPECT_EQ(check(fua), success);
}

TEST(io_command, invalid_namespace_config_throws) {
    const auto c = rw(nvme::nvm_opcode::read, 0, 1);
    EXPECT_THROW(fw::check_io_command(c, 0, lba, mdts_bytes), std::invalid_argument);
    EXPECT_THROW(fw::check_io_command(c, ns_lbas, 256, mdts_bytes), std::invalid_argument);
    EXPECT_THROW(fw::check_io_command(c, ns_lbas, 3000, mdts_bytes), std::invalid_argument);
}
