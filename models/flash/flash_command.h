// The mandatory TLM extension of every transaction on a flash channel: which ONFI operation, on
// which die, planes and address. The payload's data pointer carries the data cycles (program:
// the pages of the planes in plane order; data-out and VPP: one plane's bytes; LCR: the 8 bytes
// of hal::encode_lcr_data). The die fills `result`.
#pragma once
#include "flash/nand_die.h"

#include <tlm>

#include <array>
#include <cstdint>

namespace osvp {

/// ONFI operations a flash interface controller issues (optimstore.md section 3).
enum class flash_op : std::uint8_t {
    read,           ///< 00h-5 addr-30h per plane (32h between planes): array -> cache register
    data_out,       ///< 06h-5 addr-E0h, tWHR, data cycles out of one plane's cache register
    program,        ///< 80h-5 addr-tADL-data-10h per plane (11h between planes)
    erase,          ///< 60h-3 row addr-D0h per plane (D1h between planes)
    vpp,            ///< 13h-5 addr-tADL-data: channel data -> one plane's cache register only
    pcache,         ///< 16h-4 addr (plane mask): cache -> data register, one t_reg_copy
    rcache,         ///< 17h-4 addr (plane mask): data -> cache register, one t_reg_copy
    bpr,            ///< 19h, cycles as read: array -> data register (tR), no copy
    bpp,            ///< 1Ah, cycles as program without data: data register -> array (tPROG)
    odc,            ///< LVS/QVS/VMUL/ISQRT, 1 command + 4 address cycles per member of `odcs`
    lcr,            ///< 1Bh-1 addr (register)-tADL-8 data bytes: load a constant register
    read_cache,     ///< 00h-5 addr-31h per plane (32h between planes): READ CACHE RANDOM
    read_cache_seq, ///< 31h: READ CACHE SEQUENTIAL (next page of the block last read)
    read_cache_end, ///< 3Fh: READ CACHE END (last page data -> cache register)
};

const char* to_string(flash_op op);
/// The channel operation of an ODP opcode (every ODC opcode maps to flash_op::odc).
flash_op to_flash_op(hal::odp_opcode op);

struct flash_command : tlm::tlm_extension<flash_command> {
    flash_op op = flash_op::read;
    unsigned die = 0;        ///< die index on the channel
    unsigned plane_mask = 1; ///< planes addressed (data_out: exactly one)
    std::uint32_t block = 0;
    std::uint32_t page = 0;
    std::uint32_t column = 0; ///< byte offset in the page for data cycles
    /// odc: the ODCs started together (a concurrent template group), odc_count of them.
    std::array<odc_op, hal::odp_max_planes> odcs{};
    unsigned odc_count = 0;
    std::uint8_t const_reg = 0; ///< lcr: the constant register written
    die_result result;          ///< filled by the die

    tlm::tlm_extension_base* clone() const override { return new flash_command(*this); }
    void copy_from(const tlm::tlm_extension_base& other) override {
        *this = static_cast<const flash_command&>(other);
    }
};

/// Bus cycles of one operation on the channel: the channel turns them into time.
struct bus_cycles {
    unsigned commands = 0;
    unsigned addresses = 0;
    unsigned adl_gaps = 0; ///< tADL waits (address to data-in): per plane programmed, VPP, LCR
    unsigned whr_gaps = 0; ///< tWHR waits (command to data-out)
    std::uint64_t data_bytes = 0;
};

/// ONFI cycle count of `op` over `planes` planes (odc: group members) with `data_bytes` data
/// cycles in total.
bus_cycles onfi_cycles(flash_op op, unsigned planes, std::uint64_t data_bytes);
/// Bus time of those cycles on a channel configured by `config`.
time_ps bus_time(const flash_config& config, const bus_cycles& cycles);
/// The part of bus_time spent in command and address cycles and their gaps (data cycles excluded).
time_ps control_time(const flash_config& config, const bus_cycles& cycles);

} // namespace osvp
