// Seeded synthetic FP32 gradients standing in for the GPU's backward pass (OptimStore section 2:
// the host writes FP32 gradients to the SSD each step). Every element is a pure function of
// (seed, step, tensor index, element index), computed with a counter-based splitmix64 stream, the
// Marsaglia polar method and a series logarithm built from IEEE + - * / and sqrt only, so values
// are bit-identical across runs, platforms and slicings.
#pragma once
#include "host/train/model_desc.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace osvp::train {

// Values that can replace a normal gradient element in robustness runs.
enum class special_value {
    zero,     // +0.0
    denormal, // FP32 subnormal with random sign and non-zero mantissa
    huge,     // +-gradient_config::huge_value
    nan,      // quiet NaN 0x7FC00000
};

struct gradient_config {
    std::uint64_t seed = 0;
    double scale = 1.0;        // standard deviation of the normal gradients (> 0, finite)
    double special_rate = 0.0; // probability in [0, 1] that an element is a special value
    std::vector<special_value> specials = {special_value::zero, special_value::denormal,
                                           special_value::huge, special_value::nan};
    float huge_value = std::numeric_limits<float>::max(); // > 0, may be +inf
    // Throws std::invalid_argument naming the field, its value and the allowed range.
    void validate() const;
};

class gradient_generator {
public:
    // Keeps the model's element counts; the model may be destroyed afterwards.
    gradient_generator(const model_desc& model, gradient_config config);

    const gradient_config& config() const { return m_config; }
    // Gradient element `index` of tensor `tensor` at optimizer step `step`.
    float element(std::uint64_t step, std::size_t tensor, std::uint64_t index) const;
    // Elements [first, first + count) of a tensor; throws std::invalid_argument if out of range.
    void fill(std::uint64_t step, std::size_t tensor, std::uint64_t first, std::uint64_t count,
              float* out) const;
    // The whole tensor in C order.
    std::vector<float> generate(std::uint64_t step, std::size_t tensor) const;

private:
    void check_range(std::size_t tensor, std::uint64_t first, std::uint64_t count) const;
    float compute(std::uint64_t step, std::size_t tensor, std::uint64_t index) const;

    gradient_config m_config;
    std::vector<std::uint64_t> m_element_counts;
};

} // namespace osvp::train
