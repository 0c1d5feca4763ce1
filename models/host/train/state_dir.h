// On-disk layout of a model's optimizer state and gradients, one .npy file per tensor:
//
//   DIR/<tensor>.w.npy        FP32 master weight W
//   DIR/<tensor>.m.npy        FP32 momentum state M (Adam: m' = lr * m_hat, OptimStore Alg. 1)
//   DIR/<tensor>.v.npy        FP32 variance state V (Adam: v' = v_hat)
//   DIR/step<N>/<tensor>.npy  gradient of optimizer step N (decimal, N >= 1), '<f4' or '<f2'
//
// <tensor> is the tensor name of model_desc (restricted to [A-Za-z0-9._-], so it is a safe file
// name) and every file's shape equals the tensor's shape. States are always written as '<f4';
// readers accept '<f2', '<f4' and '<f8' (see npy.h).
#pragma once
#include "host/train/model_desc.h"
#include "host/train/npy.h"

#include <filesystem>
#include <vector>

namespace osvp::train {

// The three FP32 optimizer states kept per parameter (OptimStore section 3, data layout).
enum class state_kind { weight, momentum, variance };

// File-name suffix of a state: "w", "m" or "v".
const char* state_suffix(state_kind kind);

// A state directory rooted at `root`. Writers create missing directories; readers throw npy_error
// naming the file when it is missing, malformed, or its shape differs from the tensor's.
class state_dir {
public:
    explicit state_dir(std::filesystem::path root) : m_root(std::move(root)) {}

    const std::filesystem::path& root() const { return m_root; }
    std::filesystem::path state_file(const tensor_desc& tensor, state_kind kind) const;
    // Throws std::invalid_argument for step 0 (Adam counts steps from 1).
    std::filesystem::path gradient_file(const tensor_desc& tensor, std::uint64_t step) const;

    void write_state(const tensor_desc& tensor, state_kind kind,
                     const std::vector<float>& data) const;
    std::vector<float> read_state(const tensor_desc& tensor, state_kind kind) const;
    void write_gradient(const tensor_desc& tensor, std::uint64_t step,
                        const std::vector<float>& data, npy_dtype dtype = npy_dtype::f4) const;
    std::vector<float> read_gradient(const tensor_desc& tensor, std::uint64_t step) const;
    // What read_state / read_gradient would refuse, found from the file's header and size only
    // (the values are not read): the same npy_error.
    void check_state(const tensor_desc& tensor, state_kind kind) const;
    void check_gradient(const tensor_desc& tensor, std::uint64_t step) const;

private:
    std::filesystem::path m_root;
};

} // namespace osvp::train
