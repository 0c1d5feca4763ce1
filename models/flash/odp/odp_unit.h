// Functional model of one die's ODP block (OptimStore Sec. III-A/B): the planes' page registers,
// the die's constant registers, and the execution of ODCs, register copies and VPP. Timing-free:
// the die model (nand_die) charges time (one element pass per 4 interface beats, Sec. III-A),
// owns the array (read/BPR fill data_reg, program/BPP store it) and shares these registers with
// the normal read/program path. With store_data = false (the drive's timing mode) the registers
// hold no bytes: commands check, set valid flags and count exactly as with data, but move none.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "flash/odp/pe_arith.h"
#include "hal/odp_command.h"

namespace osvp::odp {

// Die geometry seen by the ODP block and the ISQRT implementation.
struct odp_config {
    std::size_t plane_count = 4;   // planes per die (paper Table II: 4); 1..hal::odp_max_planes
    std::size_t page_bytes = 8192; // page register size in bytes (Table II: 8 KiB); multiple of 4
    isqrt_config isqrt;
    bool store_data = true; // false: registers hold no bytes, commands only check and count
    // Throws std::invalid_argument naming the bad field, its value and the allowed range.
    void validate() const;
};

// One plane's page buffer: cache register (channel side) and data register (array side), each
// page_bytes long (empty when store_data is false); the valid flags say whether the register
// holds data since reset.
struct plane_regs {
    std::vector<std::uint8_t> cache_reg;
    std::vector<std::uint8_t> data_reg;
    bool cache_valid = false;
    bool data_valid = false;
};

// One constant register: the (a, b) coefficient pair of an ODC, written by LCR.
struct const_register {
    float a = 0.0f;
    float b = 0.0f;
    bool loaded = false;
};

// Work done, for the die model's timing and statistics.
struct odp_counters {
    std::uint64_t elements = 0;       // FP32 elements processed by accepted ODCs
    std::uint64_t element_passes = 0; // pipeline passes (elements x passes_per_element)
    std::uint64_t refused = 0;        // commands answered with a status other than ok
};

// The ODP block of one die. Commands that break a rule return a non-ok hal::odp_status and change
// nothing; model-API misuse (plane() with a bad index) throws.
class odp_unit {
public:
    // Validates config; all registers start invalid and zero-filled.
    explicit odp_unit(const odp_config& config);

    const odp_config& config() const { return m_config; }

    // Register file access for the die model (BPR/BPP) and tests; throws std::out_of_range.
    plane_regs& plane(std::size_t index);
    const plane_regs& plane(std::size_t index) const;

    // LCR: writes constant register reg (0..hal::odp_const_reg_count-1).
    hal::odp_status load_const(std::uint8_t reg, float a, float b);
    const const_register& const_reg(std::uint8_t reg) const;

    // LVS, QVS, VMUL or ISQRT on elements [addr.column, addr.column + length_bytes) of the
    // operand cache registers (length = the data beats the controller drives); result in v1.
    hal::odp_status execute(hal::odp_opcode op, const hal::odc_address& addr,
                            std::size_t length_bytes);

    // The status execute() would return, without executing (lets a die refuse a concurrent ODC
    // group as a whole before any member runs).
    hal::odp_status check(hal::odp_opcode op, const hal::odc_address& addr,
                          std::size_t length_bytes) const;

    // VPP: bytes of channel data land in plane's cache register at column; marks it valid. data
    // may be null only when store_data is false.
    hal::odp_status vpp(std::uint8_t plane, std::size_t column, const std::uint8_t* data,
                        std::size_t bytes);

    // PCACHE (cache -> data) and RCACHE (data -> cache) on every plane of plane_mask.
    hal::odp_status pcache(std::uint8_t plane_mask);
    hal::odp_status rcache(std::uint8_t plane_mask);

    // Pipeline passes per element: 1, except fast ISQRT takes max(1, newton_iterations).
    std::uint64_t passes_per_element(hal::odp_opcode op) const;

    const odp_counters& counters() const { return m_counters; }

private:
    hal::odp_status check_mask(std::uint8_t plane_mask, bool from_cache) const;
    hal::odp_status refuse(hal::odp_status s);

    odp_config m_config;
    std::vector<plane_regs> m_planes;
    std::array<const_register, hal::odp_const_reg_count> m_consts{};
    odp_counters m_counters;
};

} // namespace osvp::odp
