// State directory: file naming, round trips and shape checks.
#include "host/train/state_dir.h"
#include "unit/train/train_test_util.h"

namespace osvp::train {
namespace {

using test::expect_error;

class state_dir_test : public test::temp_dir_test {};

TEST_F(state_dir_test, names_files_by_tensor_state_and_step) {
    const state_dir s(dir());
    const tensor_desc t{"layer0.attn.qkv.weight", {6, 2}};
    EXPECT_EQ(s.state_file(t, state_kind::weight), dir() / "layer0.attn.qkv.weight.w.npy");
    EXPECT_EQ(s.state_file(t, state_kind::momentum), dir() / "layer0.attn.qkv.weight.m.npy");
    EXPECT_EQ(s.state_file(t, state_kind::variance), dir() / "layer0.attn.qkv.weight.v.npy");
    EXPECT_EQ(s.gradient_file(t, 12), dir() / "step12" / "layer0.attn.qkv.weight.npy");
    expect_error<std::invalid_argument>([&] { s.gradient_file(t, 0); }, {"step 0"});
    expect_error<model_error>([&] { s.state_file({"../x", {1}}, state_kind::weight); }, {"'../x'"});
}

TEST_F(state_dir_test, round_trips_states_and_gradients) {
    const state_dir s(dir() / "run");
    const tensor_desc t{"w", {2, 3}};
    const std::vector<float> w = {1, 2, 3, 4, 5, 6};
    const std::vector<float> g = {0.5f, -1, 1e-3f, 7, 0, -0.25f};
    s.write_state(t, state_kind::weight, w);
    s.write_gradient(t, 1, g);
    s.write_gradient(t, 2, g, npy_dtype::f2);
    EXPECT_EQ(s.read_state(t, state_kind::weight), w);
    EXPECT_EQ(s.read_gradient(t, 1), g);
    EXPECT_EQ(read_npy(s.gradient_file(t, 2)).stored, npy_dtype::f2);
    const std::vector<float> g16 = s.read_gradient(t, 2);
    EXPECT_EQ(g16[0], 0.5f);
    EXPECT_NE(g16[2], 1e-3f); // rounded to binary16
    EXPECT_NEAR(g16[2], 1e-3f, 1e-6f);
}

TEST_F(state_dir_test, refuses_missing_files_and_wrong_shapes) {
    const state_dir s(dir());
    const tensor_desc t{"w", {2, 3}};
    expect_error<npy_error>([&] { s.read_state(t, state_kind::variance); },
                            {"w.v.npy", "cannot open"});
    write_npy(s.state_file(t, state_kind::momentum), {3, 2}, std::vector<float>(6, 0.0f));
    expect_error<npy_error>([&] { s.read_state(t, state_kind::momentum); },
                            {"w.m.npy", "shape (3, 2)", "tensor 'w' shape (2, 3)"});
    expect_error<npy_error>(
        [&] {
            s.write_state(t, state_kind::weight, {1, 2});
        },
        {"6 elements", "2 were given"});
}

TEST_F(state_dir_test, checks_files_as_reading_them_would) {
    const state_dir s(dir());
    const tensor_desc t{"w", {2, 3}};
    expect_error<npy_error>([&] { s.check_state(t, state_kind::weight); },
                            {"w.w.npy", "cannot open"});
    expect_error<npy_error>([&] { s.check_gradient(t, 2); }, {"step2", "w.npy", "cannot open"});
    s.write_state(t, state_kind::weight, std::vector<float>(6, 1.0f));
    s.check_state(t, state_kind::weight);
    std::filesystem::create_directories(s.gradient_file(t, 2).parent_path());
    write_npy(s.gradient_file(t, 2), {6}, std::vector<float>(6, 0.0f), npy_dtype::f2);
    expect_error<npy_error>([&] { s.check_gradient(t, 2); },
                            {"step2", "shape (6)", "tensor 'w' shape (2, 3)"});
}

} // namespace
} // namespace osvp::train
