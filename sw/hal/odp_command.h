// On-die-processing (ODP) command interface shared by the firmware and the flash models
// (OptimStore, HPCA 2023, Sec. III-B command table; shared/optimstore.md "New flash commands").
// Three parts: the ONFI vendor opcodes, the 4-cycle ODC address encoding, and the per-super-page
// command template the firmware hands to the flash interface controller (Set Features
// "command_sequence"), which expands it once per super-page with block/page/column addresses.
#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace osvp::hal {

// ONFI vendor-specific opcodes (paper's table); LCR is ours (the paper does not say how the
// constant registers are written).
enum class odp_opcode : std::uint8_t {
    lvs = 0x01,    // ODC: v1 <- a*v1 + b*v2
    qvs = 0x02,    // ODC: v1 <- a*v1 + b*v2^2
    vmul = 0x03,   // ODC: v1 <- v1 * v2
    isqrt = 0x04,  // ODC: v1 <- 1/sqrt(a*v1 + b); [ours] constant (1, 0) is the paper's ISQRT
    vpp = 0x13,    // volatile page program: channel data -> cache register only
    pcache = 0x16, // cache register -> data register
    rcache = 0x17, // data register -> cache register
    bpr = 0x19,    // buffered page read: array -> data register
    bpp = 0x1A,    // buffered page program: data register -> array
    lcr = 0x1B,    // [ours] load constant register: 1 address cycle (index), 8 data bytes (a, b)
};

// Number of constant registers per die [ours]: 3-bit index; Adam needs 4 (M, V, ISQRT, W).
constexpr std::size_t odp_const_reg_count = 8;
// Planes a template can address: plane_mask is 8 bits wide (the paper's die has 4).
constexpr std::size_t odp_max_planes = 8;
// ODC = 1 command cycle + 4 address cycles: column low, column high, planes, constant register.
constexpr std::size_t odc_address_cycles = 4;
// Operand element: little-endian IEEE-754 binary32; the PE consumes one per 4 interface beats.
constexpr std::size_t odp_element_bytes = 4;
// LCR data phase: a then b, each little-endian binary32.
constexpr std::size_t lcr_data_bytes = 8;

// LCR data phase: a then b, each little-endian binary32.
inline std::array<std::uint8_t, lcr_data_bytes> encode_lcr_data(float a, float b) {
    std::array<std::uint8_t, lcr_data_bytes> d{};
    const float ab[2] = {a, b};
    for (std::size_t k = 0; k < 2; ++k) {
        std::uint32_t u;
        std::memcpy(&u, &ab[k], sizeof u);
        for (std::size_t i = 0; i < 4; ++i) {
            d[4 * k + i] = static_cast<std::uint8_t>(u >> (8 * i));
        }
    }
    return d;
}

// Inverse of encode_lcr_data: {a, b}.
inline std::array<float, 2> decode_lcr_data(const std::array<std::uint8_t, lcr_data_bytes>& d) {
    std::array<float, 2> ab{};
    for (std::size_t k = 0; k < 2; ++k) {
        std::uint32_t u = 0;
        for (std::size_t i = 0; i < 4; ++i) {
            u |= static_cast<std::uint32_t>(d[4 * k + i]) << (8 * i);
        }
        std::memcpy(&ab[k], &u, sizeof u);
    }
    return ab;
}

// True for the on-die-computation opcodes (LVS, QVS, VMUL, ISQRT).
constexpr bool is_odc(odp_opcode op) {
    return op == odp_opcode::lvs || op == odp_opcode::qvs || op == odp_opcode::vmul ||
           op == odp_opcode::isqrt;
}

// True when the ODC reads a second operand (v2) over the die's shared bus.
constexpr bool odc_is_binary(odp_opcode op) {
    return is_odc(op) && op != odp_opcode::isqrt;
}

// True when byte value names an opcode of odp_opcode.
constexpr bool is_known_opcode(std::uint8_t value) {
    return (value >= 0x01 && value <= 0x04) || value == 0x13 || value == 0x16 || value == 0x17 ||
           value == 0x19 || value == 0x1A || value == 0x1B;
}

// Upper-case mnemonic as in the paper, e.g. "LVS".
inline const char* opcode_name(odp_opcode op) {
    switch (op) {
    case odp_opcode::lvs:
        return "LVS";
    case odp_opcode::qvs:
        return "QVS";
    case odp_opcode::vmul:
        return "VMUL";
    case odp_opcode::isqrt:
        return "ISQRT";
    case odp_opcode::vpp:
        return "VPP";
    case odp_opcode::pcache:
        return "PCACHE";
    case odp_opcode::rcache:
        return "RCACHE";
    case odp_opcode::bpr:
        return "BPR";
    case odp_opcode::bpp:
        return "BPP";
    case odp_opcode::lcr:
        return "LCR";
    }
    return "unknown";
}

// Decoded ODC address cycles. column: byte offset in the page (multiple of 4); v1_plane: the
// plane whose cache register is read over the PE's local bus and overwritten; v2_plane: the plane
// whose cache register feeds the second input over the shared bus (ISQRT: must equal v1_plane);
// const_reg: index of the (a, b) constant register.
struct odc_address {
    std::uint16_t column;
    std::uint8_t v1_plane;
    std::uint8_t v2_plane;
    std::uint8_t const_reg;
};

// Address cycles in bus order: column low byte, column high byte, planes (v1 in the low nibble,
// v2 in the high nibble), constant register. Throws when a plane does not fit a nibble.
inline std::array<std::uint8_t, odc_address_cycles> encode_odc_address(const odc_address& a) {
    if (a.v1_plane > 0x0F || a.v2_plane > 0x0F) {
        throw std::invalid_argument("ODC plane index " +
                                    std::to_string(a.v1_plane > 0x0F ? a.v1_plane : a.v2_plane) +
                                    " does not fit the 4-bit plane field (allowed 0..15)");
    }
    return {static_cast<std::uint8_t>(a.column & 0xFF), static_cast<std::uint8_t>(a.column >> 8),
            static_cast<std::uint8_t>(a.v1_plane | (a.v2_plane << 4)), a.const_reg};
}

// Inverse of encode_odc_address; every byte pattern decodes (the die checks the values).
inline odc_address decode_odc_address(const std::array<std::uint8_t, odc_address_cycles>& c) {
    return {static_cast<std::uint16_t>(c[0] | (c[1] << 8)), static_cast<std::uint8_t>(c[2] & 0x0F),
            static_cast<std::uint8_t>(c[2] >> 4), c[3]};
}

// Result of an ODP command at the die. Anything but ok sets ONFI status FAIL (SR bit 0) and
// leaves every register unchanged; the detail is what a vendor "read ODP status" would return.
enum class odp_status : std::uint8_t {
    ok,
    bad_opcode,         // not an opcode this entry point executes
    bad_plane,          // plane index >= plane count, or empty plane mask
    bad_operand_planes, // binary ODC with v1 == v2, or ISQRT with v2 != v1
    operand_not_valid,  // a source register does not hold data
    bad_const_reg,      // constant register index >= odp_const_reg_count
    const_not_loaded,   // constant register never written by LCR
    bad_column_range,   // empty range, or column + length beyond the page
    misaligned,         // column or length not a multiple of odp_element_bytes
};

// Lower-case status name for logs and exception messages.
inline const char* status_name(odp_status s) {
    switch (s) {
    case odp_status::ok:
        return "ok";
    case odp_status::bad_opcode:
        return "bad_opcode";
    case odp_status::bad_plane:
        return "bad_plane";
    case odp_status::bad_operand_planes:
        return "bad_operand_planes";
    case odp_status::operand_not_valid:
        return "operand_not_valid";
    case odp_status::bad_const_reg:
        return "bad_const_reg";
    case odp_status::const_not_loaded:
        return "const_not_loaded";
    case odp_status::bad_column_range:
        return "bad_column_range";
    case odp_status::misaligned:
        return "misaligned";
    }
    return "unknown";
}

// odp_step::flags bit: this step starts together with the next one (the paper's step 3: LVS on
// M and QVS on V while G is broadcast on the shared bus). A concurrent group holds only ODCs, on
// distinct v1 planes, whose binary members share one v2 plane (the bus carries one stream), and no
// member writes a plane another member reads; so executing the group in order is equivalent.
constexpr std::uint8_t step_concurrent_with_next = 0x01;

// One template step. plane_mask names the planes the step changes: ODC -> bit of v1_plane,
// VPP -> exactly one target plane, PCACHE/RCACHE/BPR/BPP -> the planes of one multi-plane
// operation. v1_plane/v2_plane/const_reg are meaningful for ODCs only and must be 0 otherwise.
// The controller fills block/page addresses (BPR, BPP), the gradient data (VPP) and the
// column range (ODCs) when it expands the template for a super-page.
struct odp_step {
    odp_opcode op;
    std::uint8_t plane_mask;
    std::uint8_t v1_plane;
    std::uint8_t v2_plane;
    std::uint8_t const_reg;
    std::uint8_t flags;
};

// Longest template; Adam's 9-step sequence expands to 12 die operations.
constexpr std::size_t odp_template_max_steps = 16;

// The per-super-page command template: POD, sent as bytes (sizeof = 97).
struct odp_template {
    std::uint8_t step_count;
    std::array<odp_step, odp_template_max_steps> steps;
};
static_assert(std::is_trivially_copyable_v<odp_template> &&
              std::is_standard_layout_v<odp_template>);
static_assert(sizeof(odp_step) == 6 && sizeof(odp_template) == 1 + 6 * odp_template_max_steps);

namespace detail {
inline void template_error(std::size_t index, const odp_step& s, const std::string& what) {
    throw std::invalid_argument("ODP template step " + std::to_string(index) + " (" +
                                opcode_name(s.op) + "): " + what);
}

inline void check_group(const odp_template& t, std::size_t first, std::size_t last) {
    std::uint8_t written = 0;
    std::uint8_t read = 0;
    int bus_plane = -1;
    for (std::size_t i = first; i <= last; ++i) {
        const odp_step& s = t.steps[i];
        if (!is_odc(s.op)) {
            template_error(i, s, "only ODCs may run concurrently");
        }
        if (written & (1u << s.v1_plane)) {
            template_error(i, s,
                           "plane " + std::to_string(s.v1_plane) +
                               " is already written by a concurrent ODC");
        }
        written |= static_cast<std::uint8_t>(1u << s.v1_plane);
        if (odc_is_binary(s.op)) {
            if (bus_plane >= 0 && bus_plane != s.v2_plane) {
                template_error(i, s,
                               "concurrent ODCs must broadcast one v2 plane (" +
                                   std::to_string(bus_plane) + "), got " +
                                   std::to_string(s.v2_plane));
            }
            bus_plane = s.v2_plane;
            read |= static_cast<std::uint8_t>(1u << s.v2_plane);
        }
    }
    if (written & read) {
        template_error(first, t.steps[first], "a concurrent ODC writes the broadcast v2 plane");
    }
}

inline void check_step(std::size_t i, const odp_step& s, std::size_t plane_count) {
    if (!is_known_opcode(static_cast<std::uint8_t>(s.op)) || s.op == odp_opcode::lcr) {
        template_error(i, s,
                       "opcode " + std::to_string(static_cast<unsigned>(s.op)) +
                           " is not a template step (allowed LVS QVS VMUL ISQRT VPP "
                           "PCACHE RCACHE BPR BPP)");
    }
    if (s.flags & ~step_concurrent_with_next) {
        template_error(i, s, "unknown flag bits " + std::to_string(s.flags));
    }
    const unsigned all = (1u << plane_count) - 1;
    if (s.plane_mask == 0 || (s.plane_mask & ~all)) {
        template_error(i, s,
                       "plane_mask " + std::to_string(s.plane_mask) + " must be non-empty within " +
                           std::to_string(all));
    }
    if (!is_odc(s.op)) {
        if (s.v1_plane || s.v2_plane || s.const_reg) {
            template_error(i, s, "v1_plane, v2_plane and const_reg must be 0 for non-ODC steps");
        }
        if (s.op == odp_opcode::vpp && (s.plane_mask & (s.plane_mask - 1))) {
            template_error(i, s,
                           "VPP targets exactly one plane, mask " + std::to_string(s.plane_mask));
        }
        return;
    }
    if (s.v1_plane >= plane_count || s.v2_plane >= plane_count) {
        template_error(i, s,
                       "operand plane " + std::to_string(std::max(s.v1_plane, s.v2_plane)) +
                           " >= plane count " + std::to_string(plane_count));
    }
    if (odc_is_binary(s.op) ? s.v1_plane == s.v2_plane : s.v1_plane != s.v2_plane) {
        template_error(i, s,
                       odc_is_binary(s.op) ? "v2_plane must differ from v1_plane"
                                           : "ISQRT needs v2_plane == v1_plane");
    }
    if (s.const_reg >= odp_const_reg_count) {
        template_error(i, s,
                       "constant register " + std::to_string(s.const_reg) +
                           " >= " + std::to_string(odp_const_reg_count));
    }
    if (s.plane_mask != (1u << s.v1_plane)) {
        template_error(i, s,
                       "plane_mask must be the bit of v1_plane " + std::to_string(s.v1_plane));
    }
}
} // namespace detail

// Throws std::invalid_argument naming the first step that breaks the rules above for a die with
// plane_count planes (1..odp_max_planes).
inline void validate_template(const odp_template& t, std::size_t plane_count) {
    if (plane_count == 0 || plane_count > odp_max_planes) {
        throw std::invalid_argument("ODP plane count " + std::to_string(plane_count) +
                                    " out of range (allowed 1.." + std::to_string(odp_max_planes) +
                                    ")");
    }
    if (t.step_count == 0 || t.step_count > odp_template_max_steps) {
        throw std::invalid_argument("ODP template step_count " + std::to_string(t.step_count) +
                                    " out of range (allowed 1.." +
                                    std::to_string(odp_template_max_steps) + ")");
    }
    std::size_t group_start = 0;
    for (std::size_t i = 0; i < t.step_count; ++i) {
        detail::check_step(i, t.steps[i], plane_count);
        if (t.steps[i].flags & step_concurrent_with_next) {
            if (i + 1 == t.step_count) {
                detail::template_error(i, t.steps[i], "last step cannot run concurrently");
            }
            continue;
        }
        if (i > group_start) {
            detail::check_group(t, group_start, i);
        }
        group_start = i + 1;
    }
}

} // namespace osvp::hal
