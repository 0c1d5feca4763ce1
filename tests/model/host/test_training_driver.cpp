// The training driver against the fake controller's optimizer window: the parameter set and
// window query, the initial state, per-step gradient writes (pages, tensor boundaries, the last
// partial page) and the W read-back in FP32 and FP16. One forked kernel per scenario.
#define SC_INCLUDE_DYNAMIC_PROCESSES
#include "common/sc_scenario.h"
#include "training_bench.h"

#include "hal/optimstore_if.h"
#include "optim/fp16.h"

#include <cstring>

using namespace osvp;
using namespace osvp::test;
namespace osif = osvp::fw::optimstore_if;

TEST(training_driver, sends_the_parameter_set_then_queries_the_window) {
    OSVP_SCENARIO({
        training_config c = small_run();
        c.optimizer.beta2 = 0.98;
        c.optimizer.loss_scale = 1024;
        bench b(window_device(), c);
        sc_core::sc_start();
        ASSERT_TRUE(b.training.finished());
        const auto& calls = b.device.feature_calls;
        ASSERT_EQ(calls.size(), 2u + c.steps);
        EXPECT_EQ(calls[0].opcode, nvme::admin_opcode::set_features);
        EXPECT_EQ(calls[0].fid, 0xC0);
        osif::parameter_set set{};
        std::memcpy(&set, calls[0].data.data(), sizeof set);
        EXPECT_EQ(set.version, osif::version);
        EXPECT_EQ(set.optimizer, 0u) << "adam";
        EXPECT_EQ(set.readback, 0u) << "fp32";
        EXPECT_EQ(set.schedule, 0u) << "constant";
        EXPECT_EQ(set.lr, 0.5);
        EXPECT_EQ(set.beta1, 0.9);
        EXPECT_EQ(set.beta2, 0.98);
        EXPECT_EQ(set.eps, 0.0);
        EXPECT_EQ(set.loss_scale, 1024.0);
        EXPECT_EQ(set.elements, tiny_elements);
        for (std::size_t i = sizeof set; i < calls[0].data.size(); ++i) {
            ASSERT_EQ(calls[0].data[i], 0u) << "byte " << i;
        }
        EXPECT_EQ(calls[1].opcode, nvme::admin_opcode::get_features);
        EXPECT_EQ(calls[1].fid, 0xC0);
        for (std::uint64_t s = 0; s < c.steps; ++s) {
            osif::step_begin begin{};
            std::memcpy(&begin, calls[2 + s].data.data(), sizeof begin);
            EXPECT_EQ(calls[2 + s].fid, 0xC2);
            EXPECT_EQ(begin.loss_scale, 1024.0);
            EXPECT_EQ(begin.lr, 0.0) << "the firmware's schedule decides";
        }
        ASSERT_TRUE(b.training.window().has_value());
        EXPECT_EQ(b.training.window()->page_bytes(), 8192u);
        EXPECT_EQ(b.training.window()->model_pages(), tiny_pages);
        EXPECT_EQ(b.training.window()->info().base_lba, fake_device_params{}.window_base_lba);
    });
}

TEST(training_driver, writes_initial_w_and_zero_m_v_before_the_first_step) {
    OSVP_SCENARIO({
        const training_config c = small_run();
        bench b(window_device(), c);
        sc_core::sc_start();
        const auto& events = b.device.window_events;
        const std::uint64_t lbas = tiny_pages * 2;
        for (unsigned region = 0; region < 3; ++region) {
            expect_tiling(events, 'W', region, 0, lbas, 4);
        }
        ASSERT_FALSE(events.empty());
        EXPECT_EQ(events[0].region, 0u) << "W first";
        EXPECT_EQ(b.device.window_errors.size(), 0u);
        EXPECT_TRUE(b.device.prp_errors.empty());
        const std::vector<float> w = expected_weights(c, c.steps);
        const std::vector<float> g2 = flat(tiny(), c.seed, c.gradient_std, 2);
        for (std::uint64_t i = 0; i < tiny_pages * page_elements; ++i) {
            ASSERT_EQ(b.device.state(0, i), i < tiny_elements ? w[i] : 0.0f) << "W " << i;
            ASSERT_EQ(b.device.state(1, i), i < tiny_elements ? g2[i] : 0.0f) << "M " << i;
        }
    });
}

TEST(training_driver, each_step_writes_every_gradient_page_once_then_reads_w) {
    OSVP_SCENARIO({
        const training_config c = small_run();
        bench b(window_device(), c);
        sc_core::sc_start();
        const auto& events = b.device.window_events;
        ASSERT_EQ(b.device.step_gradients.size(), c.steps);
        for (std::uint64_t s = 1; s <= c.steps; ++s) {
            expect_tiling(events, 'W', 3, s, tiny_pages * 2, 4);
            expect_tiling(events, 'R', 0, s, tiny_pages * 2, 4);
            const std::vector<float> g = flat(tiny(), c.seed, c.gradient_std, s);
            const std::vector<float>& seen = b.device.step_gradients[s - 1];
            for (std::size_t i = 0; i < seen.size(); ++i) {
                ASSERT_EQ(seen[i], i < g.size() ? g[i] : 0.0f) << "step " << s << " element " << i;
            }
            std::vector<char> kinds;
            for (const window_event& e : events) {
                if (e.step == s && (kinds.empty() || kinds.back() != e.kind)) {
                    kinds.push_back(e.kind);
                }
            }
            EXPECT_EQ(kinds, (std::vector<char>{'S', 'W', 'R'}))
                << "step begin, then all G writes, then the W read-back";
        }
        const training_stats& st = b.training.stats();
        ASSERT_EQ(st.steps.size(), c.steps);
        for (const step_record& r : st.steps) {
            EXPECT_EQ(r.gradients.bytes, tiny_pages * 8192);
            EXPECT_EQ(r.gradients.commands, 3u);
            EXPECT_EQ(r.readback.bytes, tiny_pages * 8192);
            EXPECT_LT(r.start, r.begun);
            EXPECT_LE(r.begun, r.gradients.start);
            EXPECT_LE(r.gradients.end, r.readback.start);
            EXPECT_EQ(r.readback.end, r.end);
        }
        EXPECT_EQ(st.steps[0].end, st.steps[1].start);
        EXPECT_EQ(b.training.weight_digest(), digest(expected_weights(c, c.steps)));
        EXPECT_EQ(st.steps[0].weight_digest, digest(expected_weights(c, 1)));
        const nlohmann::json j = st.to_json();
        EXPECT_EQ(j["steps"][1]["bytes_written"], tiny_pages * 8192);
        EXPECT_EQ(j["summary"]["parameters"], tiny_elements);
    });
}

TEST(training_driver, fp16_readback_reads_the_w_region_at_half_size) {
    OSVP_SCENARIO({
        training_config c = small_run();
        c.readback = training_readback::fp16;
        bench b(window_device(), c);
        sc_core::sc_start();
        osif::parameter_set set{};
        std::memcpy(&set, b.device.feature_calls[0].data.data(), sizeof set);
        EXPECT_EQ(set.readback, 1u);
        for (std::uint64_t s = 1; s <= c.steps; ++s) {
            expect_tiling(b.device.window_events, 'R', 0, s, tiny_pages, 4);
            EXPECT_EQ(b.training.stats().steps[s - 1].readback.bytes, tiny_pages * 4096);
        }
        std::vector<float> w = expected_weights(c, c.steps);
        for (float& x : w) {
            x = fw::fp16_to_fp32(fw::fp32_to_fp16(x));
        }
        EXPECT_EQ(b.training.weight_digest(), digest(w));
    });
}
