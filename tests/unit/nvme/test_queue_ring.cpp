// Queue pointer arithmetic against NVMe 1.4 section 4.1 (empty/full), 4.6.2 (Phase Tag) and the
// invalid doorbell write causes listed with asynchronous event information 01h (5.2.1).
#include "nvme/core/queue_ring.h"

#include <gtest/gtest.h>

using namespace osvp::nvme;

TEST(queue_ring, size_limits) {
    EXPECT_THROW(queue_ring(0), std::invalid_argument);
    EXPECT_THROW(queue_ring(1), std::invalid_argument);
    EXPECT_THROW(queue_ring(65537), std::invalid_argument);
    EXPECT_EQ(queue_ring(2).size(), 2u);
    EXPECT_EQ(queue_ring(65536).size(), 65536u);
}

TEST(queue_ring, holds_one_less_than_its_size) {
    queue_ring ring(4);
    EXPECT_TRUE(ring.empty());
    EXPECT_EQ(ring.free_slots(), 3u);
    ring.push();
    ring.push();
    ring.push();
    EXPECT_TRUE(ring.full());
    EXPECT_EQ(ring.count(), 3u);
    EXPECT_EQ(ring.tail(), 3u);
    EXPECT_THROW(ring.push(), std::logic_error);
}

TEST(queue_ring, pop_on_empty_throws) {
    queue_ring ring(2);
    EXPECT_THROW(ring.pop(), std::logic_error);
}

TEST(queue_ring, phase_flips_on_each_wrap) {
    // Completion queue of 3 entries: the controller writes phase 1 on the first pass, 0 on the
    // second, 1 on the third; the host expects the same at head.
    queue_ring ring(3);
    std::vector<bool> written;
    std::vector<bool> expected;
    std::vector<std::uint32_t> slots;
    for (int i = 0; i < 7; ++i) {
        const auto produced = ring.push();
        const auto consumed = ring.pop();
        slots.push_back(produced.index);
        written.push_back(produced.phase);
        expected.push_back(consumed.phase);
    }
    EXPECT_EQ(slots, (std::vector<std::uint32_t>{0, 1, 2, 0, 1, 2, 0}));
    EXPECT_EQ(written, (std::vector<bool>{true, true, true, false, false, false, true}));
    EXPECT_EQ(expected, written);
}

TEST(queue_ring, sq_tail_doorbell_rules) {
    queue_ring sq(8);
    EXPECT_EQ(sq.write_tail(3), doorbell_error::none);
    EXPECT_EQ(sq.count(), 3u);
    EXPECT_EQ(sq.write_tail(3), doorbell_error::unchanged);
    EXPECT_EQ(sq.write_tail(8), doorbell_error::out_of_range);
    // Head 0, tail 3: moving tail to 0 would add 5 entries to 4 free slots.
    EXPECT_EQ(sq.write_tail(0), doorbell_error::overflow);
    EXPECT_EQ(sq.tail(), 3u);
    EXPECT_EQ(sq.write_tail(7), doorbell_error::none);
    EXPECT_TRUE(sq.full());
    for (int i = 0; i < 7; ++i) {
        sq.pop();
    }
    // Head and tail at 7: wrapping the tail to 2 adds 3 entries.
    EXPECT_EQ(sq.write_tail(2), doorbell_error::none);
    EXPECT_EQ(sq.count(), 3u);
    EXPECT_FALSE(sq.tail_phase());
}

TEST(queue_ring, cq_head_doorbell_rules) {
    queue_ring cq(4);
    cq.push();
    cq.push();
    EXPECT_EQ(cq.write_head(3), doorbell_error::underflow);
    EXPECT_EQ(cq.write_head(4), doorbell_error::out_of_range);
    EXPECT_EQ(cq.write_head(0), doorbell_error::unchanged);
    EXPECT_EQ(cq.write_head(2), doorbell_error::none);
    EXPECT_TRUE(cq.empty());
    cq.push();
    cq.push();
    cq.push();
    // Tail wrapped to 1; the host consumes through slot 0 and the head wraps with it.
    EXPECT_EQ(cq.tail(), 1u);
    EXPECT_FALSE(cq.tail_phase());
    EXPECT_EQ(cq.write_head(1), doorbell_error::none);
    EXPECT_TRUE(cq.empty());
    EXPECT_FALSE(cq.head_phase());
}

TEST(queue_ring, async_event_information_codes) {
    EXPECT_EQ(async_event_info(doorbell_error::invalid_register), 0x00);
    EXPECT_EQ(async_event_info(doorbell_error::out_of_range), 0x01);
    EXPECT_EQ(async_event_info(doorbell_error::unchanged), 0x01);
    EXPECT_EQ(async_event_info(doorbell_error::overflow), 0x01);
    EXPECT_EQ(async_event_info(doorbell_error::underflow), 0x01);
    EXPECT_THROW(async_event_info(doorbell_error::none), std::invalid_argument);
    EXPECT_STREQ(to_string(doorbell_error::overflow), "overflow");
}
