#include "host/train/npy.h"

#include "host/train/npy_header.h"
#include "optim/fp16.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>

namespace osvp::train {

namespace {

constexpr char npy_magic[] = "\x93NUMPY";
constexpr std::size_t npy_magic_size = 6;
constexpr std::size_t npy_alignment = 64;

std::uint64_t read_le(const std::uint8_t* p, std::size_t bytes) {
    std::uint64_t v = 0;
    for (std::size_t i = bytes; i-- > 0;) {
        v = (v << 8) | p[i];
    }
    return v;
}

void append_le(std::vector<std::uint8_t>& out, std::uint64_t v, std::size_t bytes) {
    for (std::size_t i = 0; i < bytes; ++i) {
        out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    }
}

npy_dtype dtype_from_descr(const std::string& descr, const std::string& source) {
    if (descr == "<f2") {
        return npy_dtype::f2;
    }
    if (descr == "<f4") {
        return npy_dtype::f4;
    }
    if (descr == "<f8") {
        return npy_dtype::f8;
    }
    const std::string why = !descr.empty() && descr[0] == '>' ? "big-endian data is not supported"
                                                              : "unsupported dtype";
    throw npy_error(source + ": " + why + " (descr '" + descr + "'); allowed: '<f2', '<f4', '<f8'");
}

std::size_t item_size(npy_dtype dtype) {
    switch (dtype) {
    case npy_dtype::f2:
        return 2;
    case npy_dtype::f4:
        return 4;
    case npy_dtype::f8:
        return 8;
    }
    return 0;
}

std::uint64_t element_count(const std::vector<std::uint64_t>& shape, const std::string& source) {
    std::uint64_t count = 1;
    for (std::uint64_t d : shape) {
        if (d != 0 && count > std::numeric_limits<std::uint64_t>::max() / d) {
            throw npy_error(source + ": shape element count overflows 64 bits");
        }
        count *= d;
    }
    return count;
}

float decode_element(const std::uint8_t* p, npy_dtype dtype, std::uint64_t index,
                     const std::string& source) {
    switch (dtype) {
    case npy_dtype::f2:
        return fw::fp16_to_fp32(static_cast<std::uint16_t>(read_le(p, 2)));
    case npy_dtype::f4:
        return fw::bits_float(static_cast<std::uint32_t>(read_le(p, 4)));
    case npy_dtype::f8:
        break;
    }
    double wide;
    const std::uint64_t bits = read_le(p, 8);
    std::memcpy(&wide, &bits, sizeof wide);
    const auto narrow = static_cast<float>(wide);
    if (std::isfinite(wide) && !std::isfinite(narrow)) {
        throw npy_error(source + ": '<f8' element " + std::to_string(index) + " (" +
                        std::to_string(wide) + ") overflows FP32; allowed: |x| <= 3.4028235e38");
    }
    return narrow;
}

/// Validates the magic, version, header and data length of a .npy file of `total` bytes whose
/// first `available` bytes are at `bytes` (at least the whole header when the file has one).
npy_info parse_prefix(const std::uint8_t* bytes, std::uint64_t available, std::uint64_t total,
                      const std::string& source) {
    if (total < npy_magic_size + 2 || available < npy_magic_size + 2 ||
        std::memcmp(bytes, npy_magic, npy_magic_size) != 0) {
        throw npy_error(source + ": not a .npy file (bad magic; expected \\x93NUMPY)");
    }
    const unsigned major = bytes[6];
    const unsigned minor = bytes[7];
    if ((major != 1 && major != 2) || minor != 0) {
        throw npy_error(source + ": .npy format version " + std::to_string(major) + "." +
                        std::to_string(minor) + " is not supported; allowed: 1.0, 2.0");
    }
    const std::size_t length_bytes = major == 1 ? 2 : 4;
    const std::size_t header_start = 8 + length_bytes;
    if (total < header_start || available < header_start) {
        throw npy_error(source + ": truncated .npy file (" + std::to_string(total) +
                        " bytes) inside the header length field");
    }
    const std::uint64_t header_length = read_le(bytes + 8, length_bytes);
    if (total - header_start < header_length || available - header_start < header_length) {
        throw npy_error(source + ": truncated .npy file: header length " +
                        std::to_string(header_length) + " exceeds the " +
                        std::to_string(total - header_start) + " bytes present");
    }
    const std::string text(bytes + header_start, bytes + header_start + header_length);
    if (text.empty() || text.back() != '\n') {
        throw npy_error(source + ": .npy header is not terminated by a newline");
    }
    const npy_header header = parse_npy_header(text.substr(0, text.size() - 1), source);
    const npy_dtype dtype = dtype_from_descr(header.descr, source);
    if (header.fortran_order) {
        throw npy_error(source + ": Fortran-order arrays are not supported; allowed: C order");
    }
    const std::uint64_t count = element_count(header.shape, source);
    const std::size_t size = item_size(dtype);
    const std::uint64_t present = total - header_start - header_length;
    if (count > present / size || count * size != present) {
        throw npy_error(source + ": data is " + std::to_string(present) +
                        " bytes but shape needs " + std::to_string(count) + " elements of " +
                        std::to_string(size) + " bytes" +
                        (count > present / size ? " (truncated file)" : " (trailing bytes)"));
    }
    return {header.shape, dtype, header_start + header_length};
}

} // namespace

npy_array decode_npy(const std::vector<std::uint8_t>& bytes, const std::string& source) {
    const npy_info info = parse_prefix(bytes.data(), bytes.size(), bytes.size(), source);
    const std::uint64_t count = element_count(info.shape, source);
    const std::size_t size = item_size(info.stored);
    npy_array array;
    array.shape = info.shape;
    array.stored = info.stored;
    array.data.resize(count);
    const std::uint8_t* data = bytes.data() + info.data_offset;
    for (std::uint64_t i = 0; i < count; ++i) {
        array.data[i] = decode_element(data + i * size, info.stored, i, source);
    }
    return array;
}

std::vector<std::uint8_t> encode_npy(const std::vector<std::uint64_t>& shape,
                                     const std::vector<float>& data, npy_dtype dtype) {
    if (dtype == npy_dtype::f8) {
        throw npy_error("encode_npy: dtype '<f8' cannot be written; allowed: '<f2', '<f4'");
    }
    const std::uint64_t count = element_count(shape, "encode_npy");
    if (count != data.size()) {
        throw npy_error("encode_npy: shape holds " + std::to_string(count) + " elements but " +
                        std::to_string(data.size()) + " were given");
    }
    std::string text = format_npy_header({dtype == npy_dtype::f2 ? "<f2" : "<f4", false, shape});
    const auto padding = [&](std::size_t prefix) {
        return (npy_alignment - (prefix + text.size() + 1) % npy_alignment) % npy_alignment;
    };
    const bool v2 = text.size() + 1 + padding(10) > 0xFFFF;
    text.append(padding(v2 ? 12 : 10), ' ');
    text.push_back('\n');
    std::vector<std::uint8_t> out(npy_magic, npy_magic + npy_magic_size);
    out.push_back(v2 ? 2 : 1);
    out.push_back(0);
    append_le(out, text.size(), v2 ? 4 : 2);
    out.insert(out.end(), text.begin(), text.end());
    out.reserve(out.size() + data.size() * item_size(dtype));
    for (float x : data) {
        if (dtype == npy_dtype::f2) {
            append_le(out, fw::fp32_to_fp16(x), 2);
        } else {
            append_le(out, fw::float_bits(x), 4);
        }
    }
    return out;
}

npy_array read_npy(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw npy_error(file.string() + ": cannot open .npy file");
    }
    std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                    std::istreambuf_iterator<char>());
    if (in.bad()) {
        throw npy_error(file.string() + ": read error");
    }
    return decode_npy(bytes, file.string());
}

npy_info read_npy_info(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::error_code ec;
    const std::uint64_t total = std::filesystem::file_size(file, ec);
    if (!in || ec) {
        throw npy_error(file.string() + ": cannot open .npy file");
    }
    // The fixed part (magic, version, a version 2.0 length field), then the header it announces.
    std::vector<std::uint8_t> prefix(std::min<std::uint64_t>(total, 12));
    in.read(reinterpret_cast<char*>(prefix.data()), static_cast<std::streamsize>(prefix.size()));
    if (prefix.size() >= 10) {
        const std::size_t header_start = prefix[6] == 2 ? 12 : 10;
        const std::uint64_t header_length = read_le(prefix.data() + 8, header_start == 12 ? 4 : 2);
        const std::uint64_t wanted = std::min<std::uint64_t>(total, header_start + header_length);
        const std::size_t had = prefix.size();
        if (wanted > had) {
            prefix.resize(wanted);
            in.read(reinterpret_cast<char*>(prefix.data() + had),
                    static_cast<std::streamsize>(wanted - had));
        }
    }
    if (in.bad()) {
        throw npy_error(file.string() + ": read error");
    }
    return parse_prefix(prefix.data(), prefix.size(), total, file.string());
}

void write_npy(const std::filesystem::path& file, const std::vector<std::uint64_t>& shape,
               const std::vector<float>& data, npy_dtype dtype) {
    const std::vector<std::uint8_t> bytes = encode_npy(shape, data, dtype);
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    if (!out) {
        throw npy_error(file.string() + ": cannot write .npy file");
    }
}

} // namespace osvp::train
