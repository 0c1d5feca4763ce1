// Where a die's time went (issue 3's step breakdown): gradient transfer in (VPP data), array
// read (tR, plus the register copy of a plain read or a cache read's tRCBSY), register copies
// (PCACHE/RCACHE), PE compute (ODCs), array program (tPROG, plus the copy of a plain program),
// erase and data out (read-back and state reads), each from the die's counters. Gradient transfer
// and data out are channel time at the interface rate; they overlap the array phases (a VPP runs
// during tR or the previous tPROG), so the components may add up to more than the die's elapsed
// time.
#pragma once
#include "flash/flash_config.h"
#include "flash/nand_die.h"

#include <nlohmann/json.hpp>

namespace osvp {

struct die_breakdown {
    time_ps gradient_in = 0; ///< VPP data transfers: vpps x one page at the interface rate
    time_ps array_read = 0;
    time_ps register_copy = 0;
    time_ps pe_compute = 0; ///< die control busy with ODCs (command cycles excluded)
    time_ps array_program = 0;
    time_ps erase = 0;
    time_ps data_out = 0; ///< cache register -> channel transfers of bytes_out

    die_breakdown() = default;
    die_breakdown(const die_counters& k, const flash_config& config);
    /// Die control busy time: array_read + register_copy + pe_compute + array_program + erase.
    time_ps die_busy() const;
    /// Adds another die's components.
    die_breakdown& operator+=(const die_breakdown& other);
    /// {"gradient_in_ps", "array_read_ps", "register_copy_ps", "pe_compute_ps",
    /// "array_program_ps", "erase_ps", "data_out_ps"}.
    nlohmann::json to_json() const;
    static die_breakdown from_json(const nlohmann::json& j);
};

} // namespace osvp
