// Configuration of the NAND flash array, its channels and its dies (key "flash"). Defaults are the
// paper's Table II (optimstore.md section 4) unless a comment says otherwise.
#pragma once
#include "common/config.h"
#include "common/sim_time.h"
#include "flash/odp/pe_arith.h"

#include <cstdint>

namespace osvp {

struct flash_config {
    // Geometry.
    unsigned channels = 8;
    unsigned packages_per_channel = 4;
    unsigned dies_per_package = 2;
    unsigned planes_per_die = 4;
    std::uint32_t blocks_per_plane = 682;
    std::uint32_t pages_per_block = 1024;
    std::uint32_t page_bytes = 8192;

    // Channel interface: ONFI NV-DDR3, 8-bit, 1200 MT/s (one byte per transfer).
    double transfer_rate = 1.2e9;
    /// One command or address cycle [ours: ONFI NV-DDR2/3 tCAD minimum, 25 ns].
    time_ps t_cmd_cycle = 25'000;
    /// Address cycle to first data-in cycle, tADL [ours: ONFI minimum, 150 ns].
    time_ps t_adl = 150'000;
    /// Command cycle to first data-out cycle, tWHR [ours: ONFI minimum, 80 ns].
    time_ps t_whr = 80'000;

    // pSLC array timing (Table II).
    time_ps t_read = 25'000'000;
    time_ps t_prog = 120'000'000;
    time_ps t_erase = 1'000'000'000;
    /// Copy between a plane's cache and data registers (Table II: 3 us).
    time_ps t_reg_copy = 3'000'000;
    /// Cache read busy time tRCBSY of READ CACHE 31h/3Fh: the data -> cache register copy before
    /// data out may start (Micron MT29F2G08ABAEA/L72A datasheets, AC timing: tRCBSY typ. 3 us,
    /// max 25 us; typical taken, equal to the paper's register copy).
    time_ps t_rcbsy = 3'000'000;

    /// The dies support ONFI 4.x READ CACHE (31h/3Fh, an optional ONFI command that the Micron
    /// parts cited for tRCBSY implement) and the controllers pipeline reads with it; false gives
    /// plain reads only (for comparison).
    bool cache_read = true;

    /// The PE consumes one FP32 element per this many interface beats (paper: quarter rate).
    unsigned pe_beats_per_element = 4;
    /// ISQRT implementation of the dies' PEs (pe_arith.h; default fast, one Newton pass).
    odp::isqrt_config isqrt;

    /// Functional mode stores page data; timing mode stores nothing (flat memory). The platform
    /// default is timing ("storage": "timing") so that paper-sized models run; tests and
    /// numerics use "functional".
    bool functional = false;

    unsigned dies_per_channel() const { return packages_per_channel * dies_per_package; }
    unsigned total_dies() const { return channels * dies_per_channel(); }
    std::uint64_t pages_per_die() const {
        return std::uint64_t{planes_per_die} * blocks_per_plane * pages_per_block;
    }
    std::uint64_t capacity_bytes() const { return pages_per_die() * total_dies() * page_bytes; }
    /// Bus time of `bytes` data cycles.
    time_ps data_time(std::uint64_t bytes) const;
    /// Time of one PE pass over `bytes` of FP32 operands (4 beats per element by default).
    time_ps pe_time(std::uint64_t bytes) const;
    /// Interface beats of that pass: pe_time(bytes) is the data_time of this many bytes.
    std::uint64_t pe_beats(std::uint64_t bytes) const { return bytes / 4 * pe_beats_per_element; }

    static flash_config from(const config_node& node);
};

} // namespace osvp
