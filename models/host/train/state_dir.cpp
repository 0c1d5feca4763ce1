#include "host/train/state_dir.h"

namespace osvp::train {

namespace {

void check_shape(const std::filesystem::path& file, const std::vector<std::uint64_t>& shape,
                 const tensor_desc& tensor) {
    if (shape != tensor.shape) {
        std::string found;
        for (std::uint64_t d : shape) {
            found += (found.empty() ? "" : ", ") + std::to_string(d);
        }
        std::string expected;
        for (std::uint64_t d : tensor.shape) {
            expected += (expected.empty() ? "" : ", ") + std::to_string(d);
        }
        throw npy_error(file.string() + ": shape (" + found + ") differs from tensor '" +
                        tensor.name + "' shape (" + expected + ")");
    }
}

std::vector<float> read_checked(const std::filesystem::path& file, const tensor_desc& tensor) {
    npy_array array = read_npy(file);
    check_shape(file, array.shape, tensor);
    return std::move(array.data);
}

void write_file(const std::filesystem::path& file, const tensor_desc& tensor,
                const std::vector<float>& data, npy_dtype dtype) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec) {
        throw npy_error(file.parent_path().string() + ": cannot create directory: " + ec.message());
    }
    write_npy(file, tensor.shape, data, dtype);
}

} // namespace

const char* state_suffix(state_kind kind) {
    switch (kind) {
    case state_kind::weight:
        return "w";
    case state_kind::momentum:
        return "m";
    case state_kind::variance:
        return "v";
    }
    return "?";
}

std::filesystem::path state_dir::state_file(const tensor_desc& tensor, state_kind kind) const {
    validate_tensor_name(tensor.name, m_root.string());
    return m_root / (tensor.name + "." + state_suffix(kind) + ".npy");
}

std::filesystem::path state_dir::gradient_file(const tensor_desc& tensor,
                                               std::uint64_t step) const {
    if (step == 0) {
        throw std::invalid_argument(m_root.string() +
                                    ": gradient step 0 is invalid; allowed: steps from 1");
    }
    validate_tensor_name(tensor.name, m_root.string());
    return m_root / ("step" + std::to_string(step)) / (tensor.name + ".npy");
}

void state_dir::write_state(const tensor_desc& tensor, state_kind kind,
                            const std::vector<float>& data) const {
    write_file(state_file(tensor, kind), tensor, data, npy_dtype::f4);
}

std::vector<float> state_dir::read_state(const tensor_desc& tensor, state_kind kind) const {
    return read_checked(state_file(tensor, kind), tensor);
}

void state_dir::write_gradient(const tensor_desc& tensor, std::uint64_t step,
                               const std::vector<float>& data, npy_dtype dtype) const {
    write_file(gradient_file(tensor, step), tensor, data, dtype);
}

std::vector<float> state_dir::read_gradient(const tensor_desc& tensor, std::uint64_t step) const {
    return read_checked(gradient_file(tensor, step), tensor);
}

void state_dir::check_state(const tensor_desc& tensor, state_kind kind) const {
    const std::filesystem::path file = state_file(tensor, kind);
    check_shape(file, read_npy_info(file).shape, tensor);
}

void state_dir::check_gradient(const tensor_desc& tensor, std::uint64_t step) const {
    const std::filesystem::path file = gradient_file(tensor, step);
    check_shape(file, read_npy_info(file).shape, tensor);
}

} // namespace osvp::train
