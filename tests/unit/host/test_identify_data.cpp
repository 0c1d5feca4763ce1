// Field offsets taken from NVMe 1.4 Figures 247 and 249.
#include "host/identify_data.h"

#include <gtest/gtest.h>

#include <vector>

using namespace osvp;

TEST(identify_data, controller_fields_are_read_at_their_spec_offsets) {
    std::vector<std::uint8_t> d(4096, 0);
    d[77] = 5;
    d[512] = 0x66;
    d[513] = 0x44;
    d[516] = 0x02;
    d[517] = 0x01;
    const controller_identity id = parse_controller_identity(d.data());
    EXPECT_EQ(id.mdts, 5u);
    EXPECT_EQ(id.nn, 0x102u);
    EXPECT_EQ(id.max_transfer_bytes(4096), 128u * 1024);
    EXPECT_TRUE(id.supports_entry_sizes(6, 4));
    EXPECT_FALSE(id.supports_entry_sizes(7, 4));
    d[512] = 0x77;
    EXPECT_FALSE(parse_controller_identity(d.data()).supports_entry_sizes(6, 4));
    d[77] = 0;
    EXPECT_EQ(parse_controller_identity(d.data()).max_transfer_bytes(4096), 0u);
}

TEST(identify_data, namespace_size_and_the_lba_size_of_the_format_in_use) {
    std::vector<std::uint8_t> d(4096, 0);
    d[0] = 0x00;
    d[1] = 0x10;
    d[5] = 0x01;
    d[25] = 1;
    d[26] = 0x11;
    d[128 + 2] = 9;
    d[132 + 2] = 12;
    const namespace_identity id = parse_namespace_identity(d.data());
    EXPECT_EQ(id.nsze, 0x0100'0000'1000ull);
    EXPECT_EQ(id.format_index, 1u);
    EXPECT_EQ(id.lbads, 12u);
    d[26] = 2;
    EXPECT_EQ(parse_namespace_identity(d.data()).lbads, 0u);
}
