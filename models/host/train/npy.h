// NumPy .npy files (format versions 1.0 and 2.0, NEP 1 / numpy.lib.format) for tensor data
// exchanged with the training host. Little-endian, C order only; elements are held as FP32.
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace osvp::train {

// Malformed, unsupported or unreadable .npy data; the message names the file and what is allowed.
class npy_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Element types on disk: '<f2' (IEEE binary16), '<f4' (binary32), '<f8' (binary64, read only).
enum class npy_dtype { f2, f4, f8 };

// An array read from or written to a .npy file. shape is outermost first; an empty shape is a
// 0-d scalar (one element). data holds the elements in C order, converted to FP32.
struct npy_array {
    std::vector<std::uint64_t> shape;
    std::vector<float> data;
    npy_dtype stored = npy_dtype::f4; // dtype found in (or written to) the file
};

// Decodes .npy bytes. '<f2' widens exactly; '<f8' rounds to nearest and throws npy_error if a
// finite value overflows FP32. Refuses bad magic, versions other than 1.0/2.0, unterminated or
// malformed headers, Fortran order, big-endian or other dtypes, and data whose length differs from
// the shape. `source` names the data in messages.
npy_array decode_npy(const std::vector<std::uint8_t>& bytes, const std::string& source);

// Encodes an array as version 1.0 (2.0 only if the header exceeds 65535 bytes) with a header
// padded to a multiple of 64 bytes. dtype f2 rounds to nearest even (see optim/fp16.h); f8 is
// refused. Throws npy_error if data.size() differs from the product of shape.
std::vector<std::uint8_t> encode_npy(const std::vector<std::uint64_t>& shape,
                                     const std::vector<float>& data, npy_dtype dtype);

// What a .npy file holds, from its header: shape, dtype and where the data starts.
struct npy_info {
    std::vector<std::uint64_t> shape;
    npy_dtype stored = npy_dtype::f4;
    std::uint64_t data_offset = 0;
};

// Checks a file as read_npy would (the same errors) but reads only its header: the data length
// is checked against the file size, the values are not read.
npy_info read_npy_info(const std::filesystem::path& file);

// File wrappers around decode_npy/encode_npy; errors name the file.
npy_array read_npy(const std::filesystem::path& file);
void write_npy(const std::filesystem::path& file, const std::vector<std::uint64_t>& shape,
               const std::vector<float>& data, npy_dtype dtype = npy_dtype::f4);

} // namespace osvp::train
