// The header dictionary of a .npy file: a Python literal such as
// {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }  (numpy.lib.format, NEP 1).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace osvp::train {

// The three keys every .npy header must have, as written in the file.
struct npy_header {
    std::string descr;
    bool fortran_order = false;
    std::vector<std::uint64_t> shape;
};

// Parses the header text (without the trailing padding check). Throws npy_error naming `source`
// on syntax errors, missing, duplicate or unknown keys, or wrongly typed values.
npy_header parse_npy_header(const std::string& text, const std::string& source);

// Formats a header dictionary as numpy writes it (before padding).
std::string format_npy_header(const npy_header& header);

} // namespace osvp::train
