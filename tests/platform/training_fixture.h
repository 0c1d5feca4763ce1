// Inputs and outputs of a functional optimstore-mode run on the "tiny" model: deterministic
// initial weights and per-step scaled gradients written as .npy in the train/state_dir layout
// (<tensor>.w.npy, step<N>/<tensor>.npy), and the W/M/V the executable writes back.
#pragma once
#include "npy_f4.h"
#include "vp_runner.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace osvp::platform_test {

/// One tensor of a model description file (explicit form), in file order.
struct tensor_info {
    std::string name;
    std::vector<std::uint64_t> shape;
    std::uint64_t elements = 0;
};

/// Tensors of configs/models/<name>.json, parsed here independently of the executable.
std::vector<tensor_info> model_tensors(const std::string& name);

/// A training run's data in flat (tensor order) element space.
struct training_data_set {
    std::vector<tensor_info> tensors;
    std::vector<float> w0;                    ///< initial weights
    std::vector<std::vector<float>> scaled_g; ///< per step (index 0 = step 1), times loss scale
    std::uint64_t elements() const { return w0.size(); }
};

/// Weights uniform in [-1, 1); gradients of random sign and magnitude 10^[-3, 1) times
/// `loss_scale` (never zero, so paper-exact optimizers without epsilon stay finite). Fixed seed.
training_data_set make_training_data(const std::vector<tensor_info>& tensors, unsigned steps,
                                     double loss_scale);

/// Writes `data` below `dir` in the state_dir layout.
void write_training_inputs(const training_data_set& data, const std::filesystem::path& dir);

/// The states found in an output directory, flattened in tensor order; a state whose files are
/// absent stays empty. `files` lists every file name in the directory, sorted.
struct training_outputs {
    std::vector<float> w, m, v;
    std::vector<std::string> files;
};

/// Reads `dir`, failing the test (ADD_FAILURE) when a file's shape differs from its tensor's.
training_outputs read_training_outputs(const std::vector<tensor_info>& tensors,
                                       const std::filesystem::path& dir);

} // namespace osvp::platform_test
