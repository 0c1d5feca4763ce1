#include "host/host_queue.h"

#include <gtest/gtest.h>

using namespace osvp;

namespace {

void post(sparse_memory& m, const host_queue& q, std::uint32_t index, std::uint16_t cid,
          std::uint16_t sq_head, bool phase) {
    nvme::completion_entry e;
    e.cid = cid;
    e.sq_head = sq_head;
    e.sq_id = q.qid();
    e.status_phase = nvme::make_status_phase(nvme::status_code::success, false, phase);
    m.store(q.cq_base() + 16ull * index, e);
}

} // namespace

TEST(host_queue, submissions_land_at_the_tail_and_wrap) {
    sparse_memory m(1 << 20);
    host_queue q(m, 1, 4, 0x1000, 0x2000);
    nvme::submission_entry e;
    for (std::uint16_t cid = 0; cid < 3; ++cid) {
        e.cdw0 = nvme::make_cdw0(nvme::nvm_opcode::read, cid);
        EXPECT_EQ(q.push(e), cid + 1u);
    }
    EXPECT_EQ(m.load<nvme::submission_entry>(0x1000 + 64 * 2).cid(), 2u);
    EXPECT_EQ(q.free_entries(), 0u);
    EXPECT_THROW(q.push(e), std::logic_error);
    post(m, q, 0, 0, 2, true);
    ASSERT_TRUE(q.pop().has_value());
    EXPECT_EQ(q.free_entries(), 2u);
    EXPECT_EQ(q.push(e), 0u);
}

TEST(host_queue, completions_are_taken_by_phase_tag_which_inverts_on_wrap) {
    sparse_memory m(1 << 20);
    host_queue q(m, 1, 2, 0x1000, 0x2000);
    EXPECT_FALSE(q.pop().has_value());
    post(m, q, 0, 7, 0, true);
    post(m, q, 1, 8, 0, true);
    EXPECT_EQ(q.pop()->cid, 7u);
    EXPECT_EQ(q.pop()->cid, 8u);
    EXPECT_EQ(q.cq_head(), 0u);
    EXPECT_FALSE(q.pop().has_value()) << "old entry with phase 1 must not be taken again";
    post(m, q, 0, 9, 0, false);
    EXPECT_EQ(q.pop()->cid, 9u);
    EXPECT_EQ(q.cq_head(), 1u);
}

TEST(host_queue, bad_geometry_throws) {
    sparse_memory m(1 << 20);
    EXPECT_THROW(host_queue(m, 1, 1, 0x1000, 0x2000), std::invalid_argument);
    EXPECT_THROW(host_queue(m, 1, 4, 0x1010, 0x2000), std::invalid_argument);
}
