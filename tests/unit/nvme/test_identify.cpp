// Identify data against the byte offsets of NVMe 1.4 section 5.15 (Identify Controller and
// Identify Namespace data structures, Namespace List).
#include "nvme/identify.h"

#include <gtest/gtest.h>

#include <string>

using namespace osvp;

namespace {

fw::controller_identity identity() {
    fw::controller_identity id;
    id.vendor_id = 0x1B36;
    id.subsystem_vendor_id = 0x1AF4;
    id.serial_number = "OSVP0001";
    id.model_number = "OptimStore VP";
    id.firmware_revision = "0.1";
    id.controller_id = 0x0042;
    id.min_page_bytes = 4096;
    id.max_transfer_bytes = 128 * 1024;
    return id;
}

std::string ascii(const fw::identify_page& p, std::size_t offset, std::size_t width) {
    return std::string(p.begin() + offset, p.begin() + offset + width);
}

std::uint64_t le(const fw::identify_page& p, std::size_t offset, std::size_t bytes) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < bytes; ++i) {
        v |= std::uint64_t{p[offset + i]} << (8 * i);
    }
    return v;
}

nvme::submission_entry identify_cmd(std::uint8_t cns, std::uint32_t nsid) {
    nvme::submission_entry c;
    c.cdw0 = nvme::make_cdw0(nvme::admin_opcode::identify, 9);
    c.nsid = nsid;
    c.cdw10 = cns;
    return c;
}

} // namespace

TEST(identify_controller, identity_fields) {
    const auto p = fw::build_identify_controller(identity());
    EXPECT_EQ(le(p, 0, 2), 0x1B36u);
    EXPECT_EQ(le(p, 2, 2), 0x1AF4u);
    EXPECT_EQ(ascii(p, 4, 20), "OSVP0001            ");
    EXPECT_EQ(ascii(p, 24, 40), "OptimStore VP" + std::string(27, ' '));
    EXPECT_EQ(ascii(p, 64, 8), "0.1     ");
    EXPECT_EQ(le(p, 78, 2), 0x42u);
    EXPECT_EQ(le(p, 80, 4), 0x00010400u);
}

TEST(identify_controller, limits_and_entry_sizes) {
    const auto p = fw::build_identify_controller(identity());
    // 128 KiB = 4 KiB * 2^5.
    EXPECT_EQ(p[77], 5);
    EXPECT_EQ(p[512], 0x66);
    EXPECT_EQ(p[513], 0x44);
    EXPECT_EQ(le(p, 516, 4), 1u);
    EXPECT_EQ(p[111], 1); // I/O controller
    EXPECT_EQ(p[258], 3); // ACL: 4 aborts
    EXPECT_EQ(p[259], 3); // AERL: 4 events
    EXPECT_EQ(p[525], 0x06);
    EXPECT_EQ(le(p, 536, 4), 0u); // SGLS: no SGL support
    EXPECT_EQ(le(p, 256, 2), 0u); // OACS: no optional admin commands

    auto id = identity();
    id.max_transfer_bytes = 0;
    id.volatile_write_cache = true;
    const auto q = fw::build_identify_controller(id);
    EXPECT_EQ(q[77], 0);
    EXPECT_EQ(q[525], 0x07);
}

TEST(identify_controller, invalid_identity_throws) {
    auto id = identity();
    id.serial_number = std::string(21, 'S');
    EXPECT_THROW(fw::build_identify_controller(id), std::invalid_argument);
    id = identity();
    id.model_number = "";
    EXPECT_THROW(fw::build_identify_controller(id), std::invalid_argument);
    id = identity();
    id.firmware_revision = "v\t1";
    EXPECT_THROW(fw::build_identify_controller(id), std::invalid_argument);
    id = identity();
    id.max_transfer_bytes = 3 * 4096;
    EXPECT_THROW(fw::build_identify_controller(id), std::invalid_argument);
    id.max_transfer_bytes = 4096;
    EXPECT_THROW(fw::build_identify_controller(id), std::invalid_argument);
    id = identity();
    id.min_page_bytes = 2048;
    EXPECT_THROW(fw::build_identify_controller(id), std::invalid_argument);
}

TEST(identify_namespace, size_and_lba_format) {
    const std::uint64_t lbas = 0x1'0000'0123;
    const auto p = fw::build_identify_namespace(lbas, 4096);
    EXPECT_EQ(le(p, 0, 8), lbas);
    EXPECT_EQ(le(p, 8, 8), lbas);
    EXPECT_EQ(le(p, 16, 8), lbas);
    EXPECT_EQ(p[25], 0);          // NLBAF: one format
    EXPECT_EQ(p[26], 0);          // FLBAS: format 0, no metadata
    EXPECT_EQ(le(p, 128, 2), 0u); // LBAF0.MS
    EXPECT_EQ(p[130], 12);        // LBAF0.LBADS: 2^12 = 4096
    EXPECT_EQ(fw::build_identify_namespace(8, 512)[130], 9);
}

TEST(identify_namespace, invalid_geometry_throws) {
    EXPECT_THROW(fw::build_identify_namespace(0, 4096), std::invalid_argument);
    EXPECT_THROW(fw::build_identify_namespace(8, 256), std::invalid_argument);
    EXPECT_THROW(fw::build_identify_namespace(8, 1000), std::invalid_argument);
}

TEST(identify_namespace_list, lists_active_ids_above_start) {
    const auto all = fw::build_active_namespace_list(0);
    EXPECT_EQ(le(all, 0, 4), 1u);
    for (std::size_t i = 4; i < all.size(); ++i) {
        ASSERT_EQ(all[i], 0) << "byte " << i;
    }
    const auto none = fw::build_active_namespace_list(1);
    for (auto b : none) {
        ASSERT_EQ(b, 0);
    }
}

TEST(identify_command, cns_and_nsid_checks) {
    using nvme::status_code::invalid_field;
    using nvme::status_code::invalid_namespace;
    using nvme::status_code::success;
    EXPECT_EQ(fw::check_identify(identify_cmd(0x01, 0)), success);
    EXPECT_EQ(fw::check_identify(identify_cmd(0x00, 1)), success);
    EXPECT_EQ(fw::check_identify(identify_cmd(0x00, 0)), invalid_namespace);
    EXPECT_EQ(fw::check_identify(identify_cmd(0x00, 2)), invalid_namespace);
    EXPECT_EQ(fw::check_identify(identify_cmd(0x00, 0xFFFFFFFF)), invalid_namespace);
    EXPECT_EQ(fw::check_identify(identify_cmd(0x02, 0)), success);
    EXPECT_EQ(fw::check_identify(identify_cmd(0x02, 0xFFFFFFFE)), invalid_namespace);
    EXPECT_EQ(fw::check_identify(identify_cmd(0x02, 0xFFFFFFFF)), invalid_namespace);
    EXPECT_EQ(fw::check_identify(identify_cmd(0x03, 0)), invalid_field);
    auto sgl = identify_cmd(0x01, 0);
    sgl.cdw0 |= 1u << 14;
    EXPECT_EQ(fw::check_identify(sgl), invalid_field);
}
