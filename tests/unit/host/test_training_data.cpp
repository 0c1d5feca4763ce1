// Page contents of the training source, the read-back sink and the per-phase statistics.
#include "host/training_data.h"
#include "host/training_stats.h"

#include "optim/fp16.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

#include <unistd.h>

using namespace osvp;

namespace {

// Tensor boundaries fall inside 16-element pages: [0, 10), [10, 40), [40, 45).
train::model_desc small_model() {
    return train::model_desc("small", {{"a", {2, 5}}, {"b", {30}}, {"c", {5}}});
}

training_config generated() {
    training_config c;
    c.model = "small";
    c.seed = 3;
    return c;
}

} // namespace

TEST(training_source, generated_pages_concatenate_tensors_and_pad_with_zeros) {
    const train::model_desc model = small_model();
    const train::flat_layout layout(model, 64);
    training_source source(generated(), model, layout);
    train::gradient_config g;
    g.seed = 3;
    g.scale = generated().gradient_std;
    const train::gradient_generator gen(model, g);
    std::vector<float> expected;
    for (std::size_t t = 0; t < 3; ++t) {
        const std::vector<float> part = gen.generate(2, t);
        expected.insert(expected.end(), part.begin(), part.end());
    }
    expected.resize(48, 0.0f);
    std::vector<float> page(16);
    for (std::uint64_t p = 0; p < 3; ++p) {
        source.gradients(2, p, page.data());
        for (std::size_t i = 0; i < 16; ++i) {
            EXPECT_EQ(page[i], expected[16 * p + i]) << "page " << p << " element " << i;
        }
    }
    g.scale = 0.02;
    const train::gradient_generator init(model, g);
    source.initial_weights(0, page.data());
    EXPECT_EQ(page[3], init.element(0, 0, 3)) << "initial W: seed, init_std, step 0";
    EXPECT_EQ(page[12], init.element(0, 1, 2));
    EXPECT_THROW(source.gradients(0, 0, page.data()), std::invalid_argument);
}

TEST(training_source, npy_pages_come_from_the_state_directory) {
    const train::model_desc model = small_model();
    const train::flat_layout layout(model, 64);
    const auto root =
        std::filesystem::temp_directory_path() / ("osvp_source_" + std::to_string(getpid()));
    const train::state_dir dir(root);
    for (const auto& t : model.tensors()) {
        dir.write_state(t, train::state_kind::weight, std::vector<float>(t.element_count(), 1.5f));
        dir.write_gradient(t, 1, std::vector<float>(t.element_count(), -2.0f));
    }
    training_config c = generated();
    c.data = training_data::npy;
    c.input = root.string();
    training_source source(c, model, layout);
    std::vector<float> page(16);
    source.initial_weights(2, page.data());
    EXPECT_EQ(page[12], 1.5f);
    EXPECT_EQ(page[13], 0.0f) << "past the model's 45 elements";
    source.gradients(1, 1, page.data());
    EXPECT_EQ(page[0], -2.0f);
    EXPECT_THROW(source.gradients(2, 0, page.data()), train::npy_error) << "no step2 files";
    std::filesystem::remove_all(root);
}

TEST(training_sink, digest_is_independent_of_chunk_order_and_sensitive_to_position) {
    const train::model_desc model = small_model();
    const train::flat_layout layout(model, 64);
    const std::vector<float> w{1, 2, 3, 4, 5, 6, 7, 8};
    training_sink a(layout, false);
    a.fp32(train::state_kind::weight, 0, w.data(), 4);
    a.fp32(train::state_kind::weight, 4, w.data() + 4, 4);
    training_sink b(layout, false);
    b.fp32(train::state_kind::weight, 4, w.data() + 4, 4);
    b.fp32(train::state_kind::weight, 0, w.data(), 4);
    EXPECT_EQ(a.weight_digest(), b.weight_digest());
    std::uint64_t expected = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
        expected += element_digest(i, w[i]);
    }
    EXPECT_EQ(a.weight_digest(), expected);
    training_sink shifted(layout, false);
    shifted.fp32(train::state_kind::weight, 1, w.data(), 8);
    EXPECT_NE(shifted.weight_digest(), expected);
    a.fp32(train::state_kind::momentum, 0, w.data(), 8);
    EXPECT_EQ(a.weight_digest(), expected) << "M does not enter the W digest";
    a.begin_weights();
    EXPECT_EQ(a.weight_digest(), 0u);
}

TEST(training_sink, widens_fp16_and_writes_only_the_model_elements) {
    const train::model_desc model = small_model();
    const train::flat_layout layout(model, 64);
    training_sink sink(layout, true);
    std::vector<std::uint16_t> halves(48, fw::fp32_to_fp16(0.5f));
    sink.fp16_weights(0, halves.data(), halves.size());
    const std::vector<float> m(48, 2.0f);
    sink.fp32(train::state_kind::momentum, 0, m.data(), m.size());
    const auto root =
        std::filesystem::temp_directory_path() / ("osvp_sink_" + std::to_string(getpid()));
    EXPECT_THROW(sink.write(model, root.string(), {true, true}), std::logic_error) << "V unread";
    sink.write(model, root.string(), {true, false});
    const train::state_dir dir(root);
    EXPECT_EQ(dir.read_state(model.tensors()[1], train::state_kind::weight),
              std::vector<float>(30, 0.5f));
    EXPECT_EQ(dir.read_state(model.tensors()[2], train::state_kind::momentum),
              std::vector<float>(5, 2.0f));
    EXPECT_FALSE(
        std::filesystem::exists(dir.state_file(model.tensors()[0], train::state_kind::variance)));
    std::filesystem::remove_all(root);
}

TEST(transfer_phase, aggregates_commands_without_keeping_samples) {
    transfer_phase p;
    p.record(100, 400, 4096);
    p.record(50, 300, 4096);
    p.record(200, 900, 8192);
    EXPECT_EQ(p.start, 50u);
    EXPECT_EQ(p.end, 900u);
    EXPECT_EQ(p.commands, 3u);
    EXPECT_EQ(p.bytes, 16384u);
    EXPECT_EQ(p.latency_max, 700u);
    const nlohmann::json j = p.to_json();
    EXPECT_DOUBLE_EQ(j["mean_latency_ps"].get<double>(), (300.0 + 250 + 700) / 3);
    EXPECT_DOUBLE_EQ(j["bandwidth_Bps"].get<double>(), 16384 * 1e12 / 850);
}

TEST(training_stats, summary_averages_the_steps) {
    training_stats s;
    s.parameters = 1000;
    s.data = "timing";
    for (std::uint64_t i = 0; i < 2; ++i) {
        step_record r;
        r.step = i + 1;
        r.start = 1000 * i;
        r.end = r.start + 400 + 200 * i;
        r.gradients.record(r.start, r.start + 100, 4000);
        s.steps.push_back(r);
    }
    const nlohmann::json j = s.summary();
    EXPECT_EQ(j["steps"], 2u);
    EXPECT_DOUBLE_EQ(j["mean_step_ps"].get<double>(), 500.0);
    EXPECT_DOUBLE_EQ(j["bytes_written_per_step"].get<double>(), 4000.0);
    EXPECT_DOUBLE_EQ(j["parameters_per_second"].get<double>(), 1000 * 1e12 / 500);
    EXPECT_FALSE(s.to_json()["steps"][0].contains("weight_digest"));
}
