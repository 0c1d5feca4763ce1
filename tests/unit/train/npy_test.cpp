// .npy encoding and decoding: exact bytes, round trips and every refusal; the header-only check
// of a file (read_npy_info) refuses exactly what reading it refuses, values aside.
#include "host/train/npy.h"
#include "optim/fp16.h"
#include "unit/train/train_test_util.h"

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

namespace osvp::train {
namespace {

using test::expect_error;
using bytes_t = std::vector<std::uint8_t>;

// A .npy file built by hand: magic, version, little-endian header length, header, data.
bytes_t make_npy(const std::string& header, const bytes_t& data, unsigned major = 1,
                 unsigned minor = 0) {
    bytes_t out = {0x93,
                   'N',
                   'U',
                   'M',
                   'P',
                   'Y',
                   static_cast<std::uint8_t>(major),
                   static_cast<std::uint8_t>(minor)};
    const std::size_t length_bytes = major == 1 ? 2 : 4;
    for (std::size_t i = 0; i < length_bytes; ++i) {
        out.push_back(static_cast<std::uint8_t>(header.size() >> (8 * i)));
    }
    out.insert(out.end(), header.begin(), header.end());
    out.insert(out.end(), data.begin(), data.end());
    return out;
}

std::string header_for(const std::string& descr, const std::string& shape,
                       const std::string& fortran = "False") {
    return "{'descr': '" + descr + "', 'fortran_order': " + fortran + ", 'shape': " + shape +
           ", }\n";
}

void expect_decode_error(const bytes_t& bytes, const std::vector<std::string>& parts) {
    std::vector<std::string> all = parts;
    all.insert(all.begin(), "src.npy");
    expect_error<npy_error>([&] { decode_npy(bytes, "src.npy"); }, all);
}

// A refusal found before any value is read: decode_npy refuses `bytes`, and read_npy_info
// refuses them as a file with the same message (the file's path in place of the source name).
void expect_refused(const bytes_t& bytes, const std::vector<std::string>& parts) {
    expect_decode_error(bytes, parts);
    std::string decoded;
    try {
        decode_npy(bytes, "src.npy");
    } catch (const npy_error& e) {
        decoded = e.what();
    }
    const std::filesystem::path file = std::filesystem::temp_directory_path() /
                                       ("osvp_npy_info_" + std::to_string(::getpid()) + ".npy");
    std::ofstream(file, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    try {
        read_npy_info(file);
        ADD_FAILURE() << "read_npy_info accepted what decode_npy refuses: " << decoded;
    } catch (const npy_error& e) {
        EXPECT_EQ(std::string(e.what()),
                  file.string() + decoded.substr(std::string("src.npy").size()));
    }
    std::filesystem::remove(file);
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (fw::float_bits(a[i]) != fw::float_bits(b[i])) {
            return false;
        }
    }
    return true;
}

TEST(npy, encodes_the_exact_numpy_layout) {
    const bytes_t bytes = encode_npy({2}, {1.0f, -2.0f}, npy_dtype::f4);
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
    header.append(128 - 10 - header.size() - 1, ' '); // numpy writes a 118-byte header here
    header.push_back('\n');
    const bytes_t expected =
        make_npy(header, {0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0}); // 1.0f, -2.0f
    EXPECT_EQ(bytes, expected);
}

TEST(npy, round_trips_fp32_bit_exactly) {
    const std::vector<float> special = {0.0f,
                                        -0.0f,
                                        std::numeric_limits<float>::infinity(),
                                        -std::numeric_limits<float>::max(),
                                        std::numeric_limits<float>::denorm_min(),
                                        fw::bits_float(0x7FC12345u),
                                        3.25f,
                                        -1e-30f};
    for (const auto& shape : std::vector<std::vector<std::uint64_t>>{{8}, {2, 4}, {2, 2, 2}}) {
        const bytes_t bytes = encode_npy(shape, special, npy_dtype::f4);
        EXPECT_EQ(((bytes[8] | (bytes[9] << 8)) + 10u) % 64, 0u) << "data starts 64-byte aligned";
        const npy_array a = decode_npy(bytes, "mem");
        EXPECT_EQ(a.shape, shape);
        EXPECT_EQ(a.stored, npy_dtype::f4);
        EXPECT_TRUE(same_bits(a.data, special));
    }
    const npy_array scalar = decode_npy(encode_npy({}, {7.5f}, npy_dtype::f4), "mem");
    EXPECT_TRUE(scalar.shape.empty());
    EXPECT_EQ(scalar.data, std::vector<float>{7.5f});
    const npy_array empty = decode_npy(encode_npy({3, 0}, {}, npy_dtype::f4), "mem");
    EXPECT_EQ(empty.shape, (std::vector<std::uint64_t>{3, 0}));
    EXPECT_TRUE(empty.data.empty());
}

TEST(npy, round_trips_fp16_through_rounding) {
    const std::vector<float> values = {1.0f, -2.0f, 65504.0f, 1e6f, 1.0f / 3.0f, 6e-8f, -0.0f};
    const npy_array a = decode_npy(encode_npy({7}, values, npy_dtype::f2), "mem");
    EXPECT_EQ(a.stored, npy_dtype::f2);
    ASSERT_EQ(a.data.size(), values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        EXPECT_EQ(fw::float_bits(a.data[i]),
                  fw::float_bits(fw::fp16_to_fp32(fw::fp32_to_fp16(values[i]))));
    }
    EXPECT_EQ(a.data[2], 65504.0f);
    EXPECT_TRUE(std::isinf(a.data[3]));
}

TEST(npy, switches_to_version_2_for_huge_headers) {
    const std::vector<std::uint64_t> shape(30000, 1);
    const bytes_t bytes = encode_npy(shape, {4.0f}, npy_dtype::f4);
    EXPECT_EQ(bytes[6], 2);
    const std::uint64_t length = bytes[8] | (bytes[9] << 8) | (bytes[10] << 16);
    EXPECT_EQ((12 + length) % 64, 0u);
    const npy_array a = decode_npy(bytes, "mem");
    EXPECT_EQ(a.shape, shape);
    EXPECT_EQ(a.data, std::vector<float>{4.0f});
}

TEST(npy, reads_hand_made_files_of_each_dtype) {
    const npy_array h = decode_npy(
        make_npy(header_for("<f2", "(3,)"), {0x00, 0x3C, 0x00, 0xC0, 0xFF, 0x7B}), "mem");
    EXPECT_EQ(h.data, (std::vector<float>{1.0f, -2.0f, 65504.0f}));
    bytes_t doubles = {0,    0,    0,    0,    0,    0,    0xF8, 0x3F,  // 1.5
                       0,    0,    0,    0,    0,    0,    0xF0, 0x7F,  // +inf
                       0x9A, 0x99, 0x99, 0x99, 0x99, 0x99, 0xB9, 0xBF}; // -0.1
    const npy_array d = decode_npy(make_npy(header_for("<f8", "(1, 3)"), doubles, 2), "mem");
    EXPECT_EQ(d.stored, npy_dtype::f8);
    EXPECT_EQ(d.shape, (std::vector<std::uint64_t>{1, 3}));
    EXPECT_EQ(d.data[0], 1.5f);
    EXPECT_TRUE(std::isinf(d.data[1]));
    EXPECT_EQ(d.data[2], -0.1f);
    const npy_array py2 =
        decode_npy(make_npy("{\"shape\": (1L, 2L), \"fortran_order\": False, \"descr\": \"<f4\"}\n",
                            {0, 0, 0x80, 0x3F, 0, 0, 0, 0x40}),
                   "mem");
    EXPECT_EQ(py2.data, (std::vector<float>{1.0f, 2.0f}));
}

TEST(npy, refuses_fp64_values_beyond_fp32) {
    const bytes_t doubles = {0,    0,    0,    0,    0,    0,    0xF0, 0x3F,  // 1.0
                             0x1D, 0x4A, 0x9C, 0xF4, 0x87, 0x82, 0x07, 0x48}; // 1e39
    expect_decode_error(make_npy(header_for("<f8", "(2,)"), doubles),
                        {"element 1", "overflows FP32"});
}

TEST(npy, refuses_malformed_files) {
    const bytes_t one_float = {0, 0, 0x80, 0x3F};
    const std::string good = header_for("<f4", "(1,)");
    bytes_t bad_magic = make_npy(good, one_float);
    bad_magic[1] = 'X';
    expect_refused(bad_magic, {"bad magic"});
    expect_refused({0x93, 'N', 'U'}, {"bad magic"});
    expect_refused(make_npy(good, one_float, 3), {"version 3.0", "allowed: 1.0, 2.0"});
    expect_refused(make_npy(good, one_float, 1, 1), {"version 1.1"});
    expect_refused({0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 5}, {"truncated", "length field"});
    bytes_t short_header = make_npy(good, {});
    short_header.resize(20);
    expect_refused(short_header, {"truncated", "header length"});
    expect_refused(make_npy(good.substr(0, good.size() - 1) + " ", one_float),
                   {"not terminated by a newline"});
    expect_refused(make_npy(header_for("<f4", "(1,)", "True"), one_float), {"Fortran"});
    expect_refused(make_npy(header_for(">f4", "(1,)"), one_float),
                   {"big-endian", "'>f4'", "'<f2', '<f4', '<f8'"});
    expect_refused(make_npy(header_for("<i4", "(1,)"), one_float), {"unsupported dtype", "'<i4'"});
    expect_refused(make_npy(header_for("|u1", "(4,)"), one_float), {"'|u1'"});
    expect_refused(make_npy(header_for("<f4", "(2,)"), one_float),
                   {"4 bytes", "2 elements", "truncated"});
    expect_refused(make_npy(good, {0, 0, 0x80, 0x3F, 0}), {"5 bytes", "trailing"});
    expect_refused(make_npy(header_for("<f4", "(99999999999, 9999999)"), one_float),
                   {"4 bytes", "truncated"});
    expect_refused(make_npy(header_for("<f4", "(99999999999, 99999999999)"), one_float),
                   {"overflows 64 bits"});
}

TEST(npy, refuses_malformed_headers) {
    const bytes_t one_float = {0, 0, 0x80, 0x3F};
    expect_refused(make_npy("{'descr': '<f4', 'shape': (1,)}\n", one_float), {"missing key"});
    expect_refused(
        make_npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}\n", one_float),
        {"unknown key 'x'"});
    expect_refused(
        make_npy("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}\n",
                 one_float),
        {"'descr' appears twice"});
    expect_refused(make_npy(header_for("<f4", "(1 1)"), one_float), {"expected ','"});
    expect_refused(make_npy(header_for("<f4", "(-1,)"), one_float), {"non-negative integer"});
    expect_refused(make_npy(header_for("<f4", "(1,)", "0"), one_float), {"True or False"});
    expect_refused(make_npy(header_for("<f4", "(99999999999999999999,)"), one_float), {"64 bits"});
    expect_refused(make_npy("{'descr': '<f4\n", one_float), {"unterminated string"});
    expect_refused(
        make_npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} x\n", one_float),
        {"unexpected text"});
}

TEST(npy, refuses_inconsistent_writes) {
    expect_error<npy_error>(
        [] {
            encode_npy({2, 2}, {1.0f}, npy_dtype::f4);
        },
        {"4 elements", "1 were given"});
    expect_error<npy_error>([] { encode_npy({1}, {1.0f}, npy_dtype::f8); },
                            {"'<f8' cannot be written"});
}

class npy_file : public test::temp_dir_test {};

TEST_F(npy_file, file_round_trip_and_errors_name_the_file) {
    const auto file = dir() / "a.npy";
    write_npy(file, {3}, {1.0f, 2.0f, 3.0f});
    EXPECT_EQ(read_npy(file).data, (std::vector<float>{1.0f, 2.0f, 3.0f}));
    expect_error<npy_error>([&] { read_npy(dir() / "missing.npy"); },
                            {(dir() / "missing.npy").string(), "cannot open"});
    const bytes_t bad = make_npy(header_for("<f4", "(1,)", "True"), {0, 0, 0, 0});
    std::ofstream(dir() / "f.npy", std::ios::binary)
        .write(reinterpret_cast<const char*>(bad.data()), static_cast<std::streamsize>(bad.size()));
    expect_error<npy_error>([&] { read_npy(dir() / "f.npy"); },
                            {(dir() / "f.npy").string(), "Fortran"});
    expect_error<npy_error>([&] { write_npy(dir() / "no" / "such" / "dir.npy", {1}, {1.0f}); },
                            {"cannot write"});
}

TEST_F(npy_file, header_check_reports_shape_and_dtype_without_reading_values) {
    write_npy(dir() / "h.npy", {2, 3}, {1, 2, 3, 4, 5, 6}, npy_dtype::f2);
    const npy_info info = read_npy_info(dir() / "h.npy");
    EXPECT_EQ(info.shape, (std::vector<std::uint64_t>{2, 3}));
    EXPECT_EQ(info.stored, npy_dtype::f2);
    EXPECT_EQ(info.data_offset % 64, 0u) << "numpy aligns the data to 64 bytes";
    EXPECT_EQ(std::filesystem::file_size(dir() / "h.npy"), info.data_offset + 6 * 2);
    expect_error<npy_error>([&] { read_npy_info(dir() / "missing.npy"); },
                            {(dir() / "missing.npy").string(), "cannot open"});
}

} // namespace
} // namespace osvp::train
