#include "npy_f4.h"

#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace osvp::platform_test {
namespace {

constexpr char magic[] = "\x93NUMPY";
constexpr std::size_t magic_bytes = 6;
constexpr std::size_t preamble_bytes = magic_bytes + 4; // magic, version, header length

std::uint64_t product(const std::vector<std::uint64_t>& shape) {
    std::uint64_t n = 1;
    for (std::uint64_t d : shape) {
        n *= d;
    }
    return n;
}

std::string shape_text(const std::vector<std::uint64_t>& shape) {
    std::string text = "(";
    for (std::uint64_t d : shape) {
        text += std::to_string(d) + ", ";
    }
    if (!shape.empty()) {
        text.erase(text.size() - (shape.size() == 1 ? 1 : 2)); // numpy writes (n,) and (a, b)
    }
    return text + ")";
}

std::runtime_error bad(const std::filesystem::path& file, const std::string& what) {
    return std::runtime_error(file.string() + ": " + what + "; allowed: .npy 1.0, '<f4', C order");
}

} // namespace

void write_npy_f4(const std::filesystem::path& file, const npy_f4& array) {
    if (product(array.shape) != array.data.size()) {
        throw std::runtime_error(file.string() + ": " + std::to_string(array.data.size()) +
                                 " elements do not match shape " + shape_text(array.shape));
    }
    std::filesystem::create_directories(file.parent_path());
    std::string header =
        "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape_text(array.shape) + ", }";
    const std::size_t total = (preamble_bytes + header.size() + 1 + 63) / 64 * 64;
    header.append(total - preamble_bytes - header.size() - 1, ' ');
    header += '\n';
    std::ofstream out(file, std::ios::binary);
    out.write(magic, magic_bytes);
    const unsigned char version_and_length[4] = {1, 0, static_cast<unsigned char>(header.size()),
                                                 static_cast<unsigned char>(header.size() >> 8)};
    out.write(reinterpret_cast<const char*>(version_and_length), 4);
    out << header;
    out.write(reinterpret_cast<const char*>(array.data.data()),
              static_cast<std::streamsize>(array.data.size() * sizeof(float)));
    if (!out) {
        throw std::runtime_error(file.string() + ": write failed");
    }
}

npy_f4 read_npy_f4(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw std::runtime_error(file.string() + ": cannot open");
    }
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() < preamble_bytes || bytes.compare(0, magic_bytes, magic, magic_bytes) != 0 ||
        bytes[6] != 1 || bytes[7] != 0) {
        throw bad(file, "not a version 1.0 .npy file");
    }
    const std::size_t header_bytes = static_cast<unsigned char>(bytes[8]) |
                                     static_cast<std::size_t>(static_cast<unsigned char>(bytes[9]))
                                         << 8;
    if (bytes.size() < preamble_bytes + header_bytes) {
        throw bad(file, "header of " + std::to_string(header_bytes) + " B is truncated");
    }
    const std::string header = bytes.substr(preamble_bytes, header_bytes);
    if (header.find("'descr': '<f4'") == std::string::npos ||
        header.find("'fortran_order': False") == std::string::npos) {
        throw bad(file, "header '" + header + "'");
    }
    const std::size_t open = header.find("'shape': (");
    const std::size_t close = header.find(')', open);
    if (open == std::string::npos || close == std::string::npos) {
        throw bad(file, "no shape in header '" + header + "'");
    }
    npy_f4 array;
    const std::string dims = header.substr(open + 10, close - open - 10);
    for (std::size_t pos = 0; pos < dims.size();) {
        std::size_t used = 0;
        array.shape.push_back(std::stoull(dims.substr(pos), &used));
        pos += used;
        while (pos < dims.size() && (dims[pos] == ',' || dims[pos] == ' ')) {
            ++pos;
        }
    }
    const std::size_t data_bytes = bytes.size() - preamble_bytes - header_bytes;
    if (data_bytes != product(array.shape) * sizeof(float)) {
        throw bad(file,
                  std::to_string(data_bytes) + " data bytes for shape " + shape_text(array.shape));
    }
    array.data.resize(product(array.shape));
    std::memcpy(array.data.data(), bytes.data() + preamble_bytes + header_bytes, data_bytes);
    return array;
}

} // namespace osvp::platform_test
