// The baseline mode's plain parts: the block-device layout and commands of baseline_plan, the
// chunk pipeline's rules (baseline_pipeline) and the host CPU's update (host_optimizer) against
// closed forms.
#include "host/baseline_plan.h"
#include "host/host_optimizer.h"

#include <gtest/gtest.h>

#include <cmath>

namespace osvp {
namespace {

constexpr std::uint32_t page = 8192;
constexpr std::uint32_t lba = 4096;

baseline_config small_chunks() {
    baseline_config c;
    c.chunk_parameters = 3000; // rounds up to 2 pages = 4096 elements
    c.request_bytes = 2 * page;
    return c;
}

TEST(baseline_plan, adam_regions_follow_each_other_in_whole_pages) {
    const baseline_plan plan(10000, fw::optimizer_kind::adam, small_chunks(), page, lba, 1000);
    ASSERT_EQ(plan.regions().size(), 4u);
    EXPECT_EQ(plan.region_elements(), 5u * 2048); // 10000 elements -> 5 pages
    EXPECT_EQ(plan.chunk_count(), 3u);            // 4096 + 4096 + 2048
    EXPECT_EQ(plan.chunk_elements(2), 2048u);
    const std::vector<swap_request> g = plan.region_requests(io_op::write, swap_region::g);
    ASSERT_EQ(g.size(), 3u);          // 5 pages in requests of 2 pages
    EXPECT_EQ(g[0].slba, 3u * 5 * 2); // after W, M, V of 5 pages (2 LBAs each)
    EXPECT_EQ(g[2].nlb, 2u);          // the last request holds one page
    const std::vector<swap_request> reads = plan.chunk_requests(io_op::read, 1);
    const std::vector<swap_request> writes = plan.chunk_requests(io_op::write, 1);
    EXPECT_EQ(reads.size(), 4u);  // W, M, V, G: 2 pages each, one request
    EXPECT_EQ(writes.size(), 3u); // G is never written back
    EXPECT_EQ(reads[0].first_element, 4096u);
    EXPECT_EQ(reads[0].slba, 4u); // W region, element 4096 = byte 16 KiB
}

TEST(baseline_plan, sgd_keeps_no_v_and_bad_sizes_are_named) {
    const baseline_plan plan(2048, fw::optimizer_kind::sgd_momentum, small_chunks(), page, lba, 8);
    EXPECT_EQ(plan.regions(),
              (std::vector<swap_region>{swap_region::w, swap_region::m, swap_region::g}));
    baseline_config odd = small_chunks();
    odd.request_bytes = page + lba;
    try {
        baseline_plan(2048, fw::optimizer_kind::adam, odd, page, lba, 1000);
        FAIL() << "no error";
    } catch (const config_error& e) {
        EXPECT_NE(std::string(e.what()).find("baseline.request_size"), std::string::npos);
    }
    try {
        baseline_plan(2048, fw::optimizer_kind::adam, small_chunks(), page, lba, 7);
        FAIL() << "no error";
    } catch (const config_error& e) {
        EXPECT_NE(std::string(e.what()).find("training.model"), std::string::npos);
    }
}

TEST(baseline_pipeline, pipelined_reads_overlap_compute_and_buffers_limit_prefetch) {
    baseline_config c;
    c.buffer_count = 2;
    baseline_pipeline p(3, c);
    EXPECT_EQ(p.start_read(), 0u);
    EXPECT_EQ(p.start_read(), 1u);
    EXPECT_FALSE(p.start_read()) << "both buffers taken";
    EXPECT_FALSE(p.start_compute()) << "chunk 0 not read yet";
    p.read_done(0);
    EXPECT_EQ(p.start_compute(), 0u);
    p.read_done(1);
    EXPECT_FALSE(p.start_compute()) << "one compute at a time: chunk 0 still computing";
    p.computed(0);
    EXPECT_EQ(p.start_compute(), 1u) << "pipeline_write: chunk 0's writes may still run";
    p.written(0);
    EXPECT_EQ(p.start_read(), 2u);
    p.computed(1);
    p.written(1);
    p.read_done(2);
    EXPECT_EQ(p.start_compute(), 2u);
    p.computed(2);
    EXPECT_FALSE(p.finished());
    p.written(2);
    EXPECT_TRUE(p.finished());
}

TEST(baseline_pipeline, without_pipelining_each_chunk_waits_for_the_previous_writes) {
    baseline_config c;
    c.pipeline_read = false;
    c.pipeline_write = false;
    baseline_pipeline p(2, c);
    EXPECT_EQ(p.start_read(), 0u);
    EXPECT_FALSE(p.start_read());
    p.read_done(0);
    EXPECT_EQ(p.start_compute(), 0u);
    p.computed(0);
    EXPECT_FALSE(p.start_read()) << "chunk 0's writes are not done";
    p.written(0);
    EXPECT_EQ(p.start_read(), 1u);
}

TEST(host_optimizer, first_adam_step_moves_each_weight_by_lr_against_the_gradient_sign) {
    fw::optimizer_params params;
    params.lr = 0.01;
    params.loss_scale = 1024;
    host_optimizer opt(params, fw::lr_schedule{});
    opt.begin_step();
    float w[2] = {0.5f, -0.25f}, m[2] = {}, v[2] = {};
    const float g[2] = {3.0f, -0.001f};
    opt.update(w, m, v, g, 2);
    // t = 1: m' = lr g / S, v' = g^2 / S^2, w -= m' / sqrt(v') = lr sign(g).
    EXPECT_NEAR(w[0], 0.49f, 1e-7);
    EXPECT_NEAR(w[1], -0.24f, 1e-7);
    EXPECT_NEAR(m[0], 0.01 * 3.0 / 1024, 1e-10);
    EXPECT_NEAR(v[1], 1e-6 / (1024.0 * 1024.0), 1e-16);
    EXPECT_EQ(opt.step(), 1u);
}

TEST(host_optimizer, sgd_momentum_follows_the_pytorch_rule) {
    fw::optimizer_params params;
    params.kind = fw::optimizer_kind::sgd_momentum;
    params.lr = 0.1;
    host_optimizer opt(params, fw::lr_schedule{});
    float w = 1.0f, b = 0.0f;
    const float g = 2.0f;
    opt.begin_step();
    opt.update(&w, &b, nullptr, &g, 1);
    opt.begin_step();
    opt.update(&w, &b, nullptr, &g, 1);
    // b1 = 2, w1 = 0.8; b2 = 0.9 x 2 + 2 = 3.8, w2 = 0.8 - 0.38 = 0.42.
    EXPECT_NEAR(b, 3.8f, 1e-6);
    EXPECT_NEAR(w, 0.42f, 1e-6);
    EXPECT_EQ(cost_kind(fw::optimizer_kind::rmsprop), optimizer_kind::adagrad);
    EXPECT_EQ(cost_kind(fw::optimizer_kind::adamw), optimizer_kind::adam);
}

} // namespace
} // namespace osvp
