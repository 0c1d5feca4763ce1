// Admin/I/O queue creation and deletion against NVMe 1.4 sections 3.1.8-3.1.10 and 5.3-5.6.
#include "nvme/core/queue_table.h"

#include <gtest/gtest.h>

using namespace osvp::nvme;

namespace {

constexpr std::uint64_t page = 4096;

queue_table_config limits() {
    queue_table_config c;
    c.max_io_queues = 4;
    c.max_queue_entries = 1024;
    c.interrupt_vectors = 8;
    return c;
}

// AQA with 0's based sizes.
std::uint32_t aqa_value(std::uint32_t sq_entries, std::uint32_t cq_entries) {
    return (sq_entries - 1) | (cq_entries - 1) << 16;
}

submission_entry create_cq(std::uint16_t qid, std::uint32_t entries, std::uint64_t base,
                           bool pc = true, bool ien = true, std::uint16_t iv = 1) {
    submission_entry c;
    c.cdw0 = make_cdw0(admin_opcode::create_io_cq, 1);
    c.prp1 = base;
    c.cdw10 = qid | (entries - 1) << 16;
    c.cdw11 = (pc ? 1u : 0u) | (ien ? 2u : 0u) | std::uint32_t{iv} << 16;
    return c;
}

submission_entry create_sq(std::uint16_t qid, std::uint32_t entries, std::uint64_t base,
                           std::uint16_t cqid, bool pc = true) {
    submission_entry c;
    c.cdw0 = make_cdw0(admin_opcode::create_io_sq, 2);
    c.prp1 = base;
    c.cdw10 = qid | (entries - 1) << 16;
    c.cdw11 = (pc ? 1u : 0u) | 2u << 1 | std::uint32_t{cqid} << 16;
    return c;
}

submission_entry delete_queue(std::uint8_t opcode, std::uint16_t qid) {
    submission_entry c;
    c.cdw0 = make_cdw0(opcode, 3);
    c.cdw10 = qid;
    return c;
}

queue_table enabled_table() {
    queue_table t(limits());
    EXPECT_EQ(t.enable(aqa_value(32, 32), 0x100000, 0x200000, page), status_code::success);
    return t;
}

} // namespace

TEST(queue_table, config_validation) {
    auto c = limits();
    c.max_io_queues = 0;
    EXPECT_THROW(queue_table{c}, std::invalid_argument);
    c = limits();
    c.max_queue_entries = 1;
    EXPECT_THROW(queue_table{c}, std::invalid_argument);
    c.max_queue_entries = 65537;
    EXPECT_THROW(queue_table{c}, std::invalid_argument);
    c = limits();
    c.interrupt_vectors = 2049;
    EXPECT_THROW(queue_table{c}, std::invalid_argument);
}

TEST(queue_table, enable_creates_admin_queues) {
    queue_table t(limits());
    EXPECT_FALSE(t.enabled());
    ASSERT_EQ(t.enable(aqa_value(16, 64), 0x100000, 0x200000, page), status_code::success);
    ASSERT_NE(t.find_sq(0), nullptr);
    ASSERT_NE(t.find_cq(0), nullptr);
    EXPECT_EQ(t.find_sq(0)->ring.size(), 16u);
    EXPECT_EQ(t.find_cq(0)->ring.size(), 64u);
    EXPECT_EQ(t.find_sq(0)->base, 0x100000u);
    EXPECT_THROW(t.enable(aqa_value(16, 64), 0x100000, 0x200000, page), std::logic_error);
}

TEST(queue_table, enable_rejects_bad_admin_queues) {
    queue_table t(limits());
    // ASQS = 0 is a one-entry queue; the minimum is two.
    EXPECT_EQ(t.enable(aqa_value(1, 2), 0x100000, 0x200000, page), status_code::invalid_queue_size);
    EXPECT_EQ(t.enable(aqa_value(2, 1), 0x100000, 0x200000, page), status_code::invalid_queue_size);
    EXPECT_EQ(t.enable(aqa_value(2, 2), 0x100800, 0x200000, page), status_code::invalid_prp_offset);
    // 0x201000 is 4 KiB aligned but not aligned to an 8 KiB memory page.
    EXPECT_EQ(t.enable(aqa_value(2, 2), 0x100000, 0x201000, 2 * page),
              status_code::invalid_prp_offset);
    EXPECT_FALSE(t.enabled());
    EXPECT_EQ(t.find_sq(0), nullptr);
    EXPECT_THROW(t.enable(aqa_value(2, 2), 0x100000, 0x200000, 1000), std::invalid_argument);
}

TEST(queue_table, create_io_cq_errors) {
    auto t = enabled_table();
    EXPECT_EQ(t.create_io_cq(create_cq(0, 16, 0x300000)), status_code::invalid_queue_identifier);
    EXPECT_EQ(t.create_io_cq(create_cq(5, 16, 0x300000)), status_code::invalid_queue_identifier);
    EXPECT_EQ(t.create_io_cq(create_cq(1, 1, 0x300000)), status_code::invalid_queue_size);
    EXPECT_EQ(t.create_io_cq(create_cq(1, 1025, 0x300000)), status_code::invalid_queue_size);
    EXPECT_EQ(t.create_io_cq(create_cq(1, 16, 0x300000, false)), status_code::invalid_field);
    EXPECT_EQ(t.create_io_cq(create_cq(1, 16, 0x300200)), status_code::invalid_prp_offset);
    EXPECT_EQ(t.create_io_cq(create_cq(1, 16, 0x300000, true, true, 8)),
              status_code::invalid_interrupt_vector);
    EXPECT_EQ(t.find_cq(1), nullptr);
    // With interrupts disabled the vector is not used.
    EXPECT_EQ(t.create_io_cq(create_cq(1, 1024, 0x300000, true, false, 8)), status_code::success);
    EXPECT_EQ(t.create_io_cq(create_cq(1, 16, 0x400000)), status_code::invalid_queue_identifier);
    EXPECT_EQ(t.create_io_cq(create_cq(4, 2, 0x400000, true, true, 7)), status_code::success);
    ASSERT_NE(t.find_cq(4), nullptr);
    EXPECT_EQ(t.find_cq(4)->ring.size(), 2u);
    EXPECT_EQ(t.find_cq(4)->vector, 7u);
    EXPECT_TRUE(t.find_cq(4)->interrupts_enabled);
}

TEST(queue_table, create_io_sq_errors) {
    auto t = enabled_table();
    ASSERT_EQ(t.create_io_cq(create_cq(2, 16, 0x300000)), status_code::success);
    EXPECT_EQ(t.create_io_sq(create_sq(1, 16, 0x400000, 0)), status_code::completion_queue_invalid);
    EXPECT_EQ(t.create_io_sq(create_sq(1, 16, 0x400000, 1)), status_code::completion_queue_invalid);
    EXPECT_EQ(t.create_io_sq(create_sq(0, 16, 0x400000, 2)), status_code::invalid_queue_identifier);
    EXPECT_EQ(t.create_io_sq(create_sq(9, 16, 0x400000, 2)), status_code::invalid_queue_identifier);
    EXPECT_EQ(t.create_io_sq(create_sq(1, 1, 0x400000, 2)), status_code::invalid_queue_size);
    EXPECT_EQ(t.create_io_sq(create_sq(1, 16, 0x400000, 2, false)), status_code::invalid_field);
    EXPECT_EQ(t.create_io_sq(create_sq(1, 16, 0x400004, 2)), status_code::invalid_prp_offset);
    ASSERT_EQ(t.create_io_sq(create_sq(1, 16, 0x400000, 2)), status_code::success);
    EXPECT_EQ(t.create_io_sq(create_sq(1, 16, 0x500000, 2)), status_code::invalid_queue_identifier);
    EXPECT_EQ(t.find_sq(1)->cqid, 2u);
    EXPECT_EQ(t.find_sq(1)->priority, 2u);
    EXPECT_EQ(t.find_cq(2)->attached_sqs, 1u);
}

TEST(queue_table, delete_order_and_errors) {
    auto t = enabled_table();
    ASSERT_EQ(t.create_io_cq(create_cq(1, 16, 0x300000)), status_code::success);
    ASSERT_EQ(t.create_io_sq(create_sq(1, 16, 0x400000, 1)), status_code::success);
    ASSERT_EQ(t.create_io_sq(create_sq(2, 16, 0x500000, 1)), status_code::success);
    EXPECT_EQ(t.delete_io_cq(delete_queue(admin_opcode::delete_io_cq, 1)),
              status_code::invalid_queue_deletion);
    EXPECT_EQ(t.delete_io_sq(delete_queue(admin_opcode::delete_io_sq, 0)),
              status_code::invalid_queue_identifier);
    EXPECT_EQ(t.delete_io_cq(delete_queue(admin_opcode::delete_io_cq, 0)),
              status_code::invalid_queue_identifier);
    EXPECT_EQ(t.delete_io_sq(delete_queue(admin_opcode::delete_io_sq, 3)),
              status_code::invalid_queue_identifier);
    EXPECT_EQ(t.delete_io_sq(delete_queue(admin_opcode::delete_io_sq, 1)), status_code::success);
    EXPECT_EQ(t.delete_io_cq(delete_queue(admin_opcode::delete_io_cq, 1)),
              status_code::invalid_queue_deletion);
    EXPECT_EQ(t.delete_io_sq(delete_queue(admin_opcode::delete_io_sq, 2)), status_code::success);
    EXPECT_EQ(t.delete_io_cq(delete_queue(admin_opcode::delete_io_cq, 1)), status_code::success);
    EXPECT_EQ(t.delete_io_cq(delete_queue(admin_opcode::delete_io_cq, 1)),
              status_code::invalid_queue_identifier);
    EXPECT_NE(t.find_sq(0), nullptr);
}

TEST(queue_table, doorbells_reach_existing_queues_only) {
    auto t = enabled_table();
    EXPECT_EQ(t.write_doorbell(1, false, 1), doorbell_error::invalid_register);
    EXPECT_EQ(t.write_doorbell(1, true, 1), doorbell_error::invalid_register);
    EXPECT_EQ(t.write_doorbell(0, false, 1), doorbell_error::none);
    EXPECT_EQ(t.find_sq(0)->ring.count(), 1u);
    EXPECT_EQ(t.write_doorbell(0, false, 32), doorbell_error::out_of_range);
    // Nothing posted to the admin CQ yet: any head move removes entries that do not exist.
    EXPECT_EQ(t.write_doorbell(0, true, 1), doorbell_error::underflow);
}

TEST(queue_table, ids_ascending_and_disable_clears) {
    auto t = enabled_table();
    ASSERT_EQ(t.create_io_cq(create_cq(1, 16, 0x300000)), status_code::success);
    ASSERT_EQ(t.create_io_sq(create_sq(3, 16, 0x400000, 1)), status_code::success);
    ASSERT_EQ(t.create_io_sq(create_sq(2, 16, 0x500000, 1)), status_code::success);
    EXPECT_EQ(t.sq_ids(), (std::vector<std::uint16_t>{0, 2, 3}));
    t.disable();
    EXPECT_FALSE(t.enabled());
    EXPECT_TRUE(t.sq_ids().empty());
    EXPECT_EQ(t.find_cq(0), nullptr);
    EXPECT_THROW(t.create_io_cq(create_cq(1, 16, 0x300000)), std::logic_error);
    EXPECT_EQ(t.write_doorbell(0, false, 1), doorbell_error::invalid_register);
}
