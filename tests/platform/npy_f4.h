// Minimal, independent .npy version 1.0 reader/writer for little-endian FP32 ('<f4') arrays
// (numpy.lib.format, NEP 1), so the platform tests exchange tensors with the executable without
// trusting its own npy code.
#pragma once
#include <cstdint>
#include <filesystem>
#include <vector>

namespace osvp::platform_test {

struct npy_f4 {
    std::vector<std::uint64_t> shape; ///< outermost first
    std::vector<float> data;          ///< C order
};

/// Writes `array`, creating missing directories; throws std::runtime_error on I/O failure or if
/// the data length differs from the shape's product.
void write_npy_f4(const std::filesystem::path& file, const npy_f4& array);

/// Reads a version 1.0 '<f4' C-order file; throws std::runtime_error naming the file and what is
/// wrong for anything else.
npy_f4 read_npy_f4(const std::filesystem::path& file);

} // namespace osvp::platform_test
