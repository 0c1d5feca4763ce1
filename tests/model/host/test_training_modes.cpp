// The training driver's data modes and errors: npy input and output, timing mode's bounded
// host memory, a window too small for the model, a refused parameter set and a request size
// that splits flash pages. One forked kernel per scenario.
#define SC_INCLUDE_DYNAMIC_PROCESSES
#include "common/sc_scenario.h"
#include "training_bench.h"

#include "hal/optimstore_if.h"
#include "host/train/state_dir.h"

#include <filesystem>

#include <unistd.h>

using namespace osvp;
using namespace osvp::test;

TEST(training_driver, npy_mode_reads_inputs_and_writes_w_m_v_after_the_last_step) {
    OSVP_SCENARIO({
        const std::filesystem::path root =
            std::filesystem::temp_directory_path() / ("osvp_training_" + std::to_string(getpid()));
        std::filesystem::remove_all(root);
        const train::state_dir in(root / "in");
        const train::model_desc model = tiny();
        std::vector<std::vector<float>> w0;
        std::vector<std::vector<std::vector<float>>> g(3);
        for (const train::tensor_desc& t : model.tensors()) {
            std::vector<float> w(t.element_count());
            for (std::size_t i = 0; i < w.size(); ++i) {
                w[i] = 0.25f * static_cast<float>(i % 17) - 1.0f;
            }
            in.write_state(t, train::state_kind::weight, w);
            w0.push_back(w);
            for (std::uint64_t s = 1; s <= 2; ++s) {
                std::vector<float> gs(t.element_count());
                for (std::size_t i = 0; i < gs.size(); ++i) {
                    gs[i] = static_cast<float>(s) * 0.125f * static_cast<float>(i % 5);
                }
                in.write_gradient(t, s, gs);
                g[s].push_back(gs);
            }
        }
        training_config c = small_run();
        c.data = training_data::npy;
        c.input = (root / "in").string();
        c.output = (root / "out").string();
        bench b(window_device(), c);
        sc_core::sc_start();
        ASSERT_TRUE(b.training.finished());
        const train::state_dir out(root / "out");
        for (std::size_t t = 0; t < model.tensors().size(); ++t) {
            const auto& tensor = model.tensors()[t];
            const std::vector<float> w = out.read_state(tensor, train::state_kind::weight);
            const std::vector<float> m = out.read_state(tensor, train::state_kind::momentum);
            const std::vector<float> v = out.read_state(tensor, train::state_kind::variance);
            for (std::size_t i = 0; i < w.size(); ++i) {
                const float w1 = static_cast<float>(w0[t][i] - c.optimizer.lr * g[1][t][i]);
                ASSERT_EQ(w[i], static_cast<float>(w1 - c.optimizer.lr * g[2][t][i]));
                ASSERT_EQ(m[i], g[2][t][i]);
                ASSERT_EQ(v[i], g[1][t][i] * g[1][t][i] + g[2][t][i] * g[2][t][i]);
            }
        }
        expect_tiling(b.device.window_events, 'R', 1, c.steps, tiny_pages * 2, 4);
        expect_tiling(b.device.window_events, 'R', 2, c.steps, tiny_pages * 2, 4);
        std::filesystem::remove_all(root);
    });
}

TEST(training_driver, timing_mode_moves_only_gradients_and_weights_and_keeps_no_data) {
    OSVP_SCENARIO({
        const train::model_desc big("big", {{"a", {1000, 1000}}, {"b", {48577}}});
        const std::uint64_t pages = (1048577 + page_elements - 1) / page_elements;
        training_config c = small_run();
        c.data = training_data::timing;
        c.steps = 1;
        c.request_bytes = 64 * 1024;
        c.queue_depth = 4;
        bench b(window_device(pages), c, big);
        sc_core::sc_start();
        ASSERT_TRUE(b.training.finished());
        for (const window_event& e : b.device.window_events) {
            EXPECT_TRUE(e.kind == 'S' || (e.kind == 'W' && e.region == 3) ||
                        (e.kind == 'R' && e.region == 0))
                << e.kind << " region " << e.region;
        }
        expect_tiling(b.device.window_events, 'W', 3, 1, pages * 2, 16);
        expect_tiling(b.device.window_events, 'R', 0, 1, pages * 2, 16);
        EXPECT_EQ(b.training.weight_digest(), 0u);
        EXPECT_FALSE(b.training.stats().to_json()["steps"][0].contains("weight_digest"));
        const std::uint64_t host_bytes = b.memory.storage().allocated_pages() * 4096;
        EXPECT_LT(host_bytes, 512u * 1024) << "slots and queues only, not the 4 MiB model";
    });
}

TEST(training_driver, a_window_too_small_for_the_model_is_an_error) {
    OSVP_SCENARIO({
        bench b(window_device(tiny_pages - 1), small_run());
        const std::string error = run_until_error();
        EXPECT_NE(error.find("too small"), std::string::npos) << error;
        EXPECT_NE(error.find("8270 parameters need 5 super-pages"), std::string::npos) << error;
        EXPECT_TRUE(b.device.window_events.empty());
    });
}

TEST(training_driver, a_refused_parameter_set_is_an_error) {
    OSVP_SCENARIO({
        bench b(window_device(0), small_run());
        const std::string error = run_until_error();
        EXPECT_NE(error.find("Set Features C0h (parameter_set) failed"), std::string::npos)
            << error;
    });
}

TEST(training_driver, request_size_must_be_whole_flash_pages) {
    OSVP_SCENARIO({
        training_config c = small_run();
        c.request_bytes = 12 * 1024;
        bench b(window_device(), c);
        const std::string error = run_until_error();
        EXPECT_NE(error.find("training.request_size: must be a multiple of the flash page of "
                             "8192 B, got 12288 B"),
                  std::string::npos)
            << error;
    });
}
