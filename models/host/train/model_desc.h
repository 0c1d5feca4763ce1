// A DNN model as the optimizer sees it: an ordered list of named FP32 master-weight tensors
// (OptimStore section 1: Adam keeps W, M, V and G in FP32, 16 B per parameter).
#pragma once
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace osvp::train {

// Bytes per FP32 element of every optimizer state (W, M, V, G).
constexpr std::uint64_t fp32_bytes = 4;

// Invalid model description: the message names the source, the offending key or value and what is
// allowed.
class model_error : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// a * b, throwing model_error naming `what` when the product does not fit in 64 bits.
std::uint64_t checked_mul(std::uint64_t a, std::uint64_t b, const std::string& what);

// One parameter tensor. The name is also a file-name stem (see state_dir.h), so it is restricted to
// [A-Za-z0-9._-], must not start with '.', and is at most 200 characters.
struct tensor_desc {
    std::string name;
    std::vector<std::uint64_t> shape; // dimensions, outermost first (C order); each >= 1
    std::uint64_t element_count() const;
};

// An immutable, validated model: non-empty name, at least one tensor, unique valid tensor names,
// non-zero shapes, and element counts (per tensor and in total) that fit in 64 bits.
class model_desc {
public:
    // Throws model_error naming `source` (file or caller) when any rule above is broken.
    model_desc(std::string name, std::vector<tensor_desc> tensors,
               const std::string& source = "model_desc");

    const std::string& name() const { return m_name; }
    const std::vector<tensor_desc>& tensors() const { return m_tensors; }
    // Index of the tensor called `tensor_name`; throws model_error if there is none.
    std::size_t tensor_index(const std::string& tensor_name) const;
    // Total number of FP32 parameters (sum of all element counts).
    std::uint64_t parameter_count() const { return m_parameter_count; }

private:
    std::string m_name;
    std::vector<tensor_desc> m_tensors;
    std::uint64_t m_parameter_count = 0;
};

// Throws model_error if `name` is not a valid tensor name (rules in tensor_desc).
void validate_tensor_name(const std::string& name, const std::string& source);

} // namespace osvp::train
