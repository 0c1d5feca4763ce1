// Behaviour and timing of one NAND die, without SystemC: planes with a cache register (facing the
// channel) and a data register (facing the array), array read/program/erase with tR/tPROG/tBERS,
// multi-plane operations, the register copies between them, and the on-die-processing (ODP)
// commands of OptimStore (optimstore.md section 3; the paper's Sec. III-B command table). The
// page registers are the ODP unit's (odp_unit::plane), so normal I/O and ODP act on the same ones.
//
// Timing: an operation starts when its command cycles end on the bus (`start`) or when the die's
// control is free, whichever is later; the die executes one control operation (array operation,
// register copy or ODC) at a time. Programs release the cache registers after the cache->data
// copy, so the next data-in overlaps tPROG (cache program); VPP and data-in use only the cache
// register I/O path, so they overlap any control operation that does not hold that cache
// register (BPR, BPP, program after its copy). Cache reads (ONFI 4.x READ CACHE 31h/3Fh) pass
// the page of the data register to the cache register in tRCBSY and then read the next page into
// the data register while the cache register is clocked out; in cache-read mode the die refuses
// every command but further cache reads, READ CACHE END and data out. Functional mode keeps written
// pages in a sparse store (unwritten pages read as erased, 0xFF); timing mode stores nothing and
// its registers hold no bytes (commands are checked and timed exactly as in functional mode, no
// data moves).
#pragma once
#include "common/transfer_time_cache.h"
#include "flash/flash_config.h"
#include "flash/odp/odp_unit.h"
#include "flash/page_store.h"
#include "hal/odp_command.h"

#include <array>
#include <cstdint>
#include <vector>

namespace osvp {

/// Status a die reports on its ONFI status register.
enum class flash_status : std::uint8_t {
    ok = 0,
    program_fail = 1, ///< program of a page that was already programmed since its last erase
    refused = 2,      ///< command violates the die's rules (bad address, plane, register state)
};

const char* to_string(flash_status status);

/// When a die operation ends, and its status.
struct die_result {
    time_ps ready = 0;       ///< the die is ready again (array operation done)
    time_ps cache_ready = 0; ///< the cache registers may be used for the next data transfer
    flash_status status = flash_status::ok;
};

/// One member of an ODC command: its opcode and decoded address cycles (odp_command.h).
/// The ODP block configuration of a die of `c` (also used by the controller ISP engine).
odp::odp_config odp_config_of(const flash_config& c);

struct odc_op {
    hal::odp_opcode op;
    hal::odc_address address;
};

/// Operation counts and busy time, for utilisation and the energy model. BPR and BPP count as
/// array reads and programs.
struct die_counters {
    std::uint64_t reads = 0, programs = 0, erases = 0;  ///< array operations (multi-plane = 1)
    std::uint64_t cache_reads = 0, cache_read_ends = 0; ///< 31h (counted in reads too), 3Fh
    std::uint64_t plane_reads = 0, plane_programs = 0, plane_erases = 0;
    std::uint64_t bytes_in = 0, bytes_out = 0; ///< cache register I/O over the channel (VPP too)
    /// Die control busy with array operations (read/program include their register copy, cache
    /// reads and their end their tRCBSY).
    time_ps array_busy = 0;
    /// The reads' (cache reads and their end included), programs' and erases' shares of
    /// array_busy; they add up to it.
    time_ps read_busy = 0, program_busy = 0, erase_busy = 0;
    std::uint64_t vpps = 0, lcrs = 0;
    std::uint64_t copies = 0, plane_copies = 0;         ///< PCACHE/RCACHE commands, planes copied
    time_ps copy_busy = 0;                              ///< die control busy with PCACHE/RCACHE
    std::uint64_t odc_commands = 0, odc_groups = 0;     ///< ODCs, and the passes they ran in
    std::uint64_t odc_elements = 0, odc_passes = 0;     ///< FP32 elements, element pipeline passes
    time_ps odc_busy = 0;                               ///< die control busy with ODCs (array idle)
    std::array<time_ps, hal::odp_max_planes> pe_busy{}; ///< busy time of each plane's PE
};

class nand_die {
public:
    explicit nand_die(const flash_config& config);

    /// Multi-plane page read (00h..30h): array -> data register (tR) -> cache register (copy).
    die_result read(time_ps start, unsigned plane_mask, std::uint32_t block, std::uint32_t page);
    /// READ CACHE RANDOM (00h-5 addr-31h, 32h between planes): once the array and the cache
    /// registers of the preceding read's (or cache read's) planes are free, copies their data
    /// registers to their cache registers in tRCBSY, then reads `block`/`page` of `plane_mask`
    /// (any planes) into the data registers in tR [ours: the copy covers the planes the data
    /// registers were loaded for]. result.cache_ready ends tRCBSY (data out
    /// may start), result.ready ends tR. Refused without such a preceding read, and when the
    /// configuration has no cache read.
    die_result read_cache(time_ps start, unsigned plane_mask, std::uint32_t block,
                          std::uint32_t page);
    /// READ CACHE SEQUENTIAL (31h): read_cache of the next page of the block last read.
    die_result read_cache_sequential(time_ps start);
    /// READ CACHE END (3Fh): once the array is free, data -> cache register copy of the last page
    /// in tRCBSY (ready = cache_ready = its end); leaves cache-read mode. Refused outside it.
    die_result read_cache_end(time_ps start);
    /// Multi-plane page program (80h..10h): cache -> data register (copy), then tPROG.
    die_result program(time_ps start, unsigned plane_mask, std::uint32_t block, std::uint32_t page);
    /// Multi-plane block erase (60h..D0h).
    die_result erase(time_ps start, unsigned plane_mask, std::uint32_t block);
    /// Earliest time the cache registers of `plane_mask` may be overwritten or read.
    time_ps cache_ready(unsigned plane_mask) const;

    /// VPP (13h): `length` bytes of channel data into `plane`'s cache register at `column`, never
    /// programmed. Cache register path only: it waits for that register, not for the die control.
    die_result vpp(time_ps start, unsigned plane, std::uint32_t column, const std::uint8_t* data,
                   std::uint32_t length);
    /// PCACHE (16h, cache -> data) or RCACHE (17h, data -> cache) on every plane of the mask in
    /// one t_reg_copy; the source registers must hold data.
    die_result pcache(time_ps start, unsigned plane_mask);
    die_result rcache(time_ps start, unsigned plane_mask);
    /// BPR (19h): multi-plane array -> data registers in tR, no copy to the cache registers.
    die_result buffered_read(time_ps start, unsigned plane_mask, std::uint32_t block,
                             std::uint32_t page);
    /// BPP (1Ah): multi-plane data registers -> array in tPROG; program_fail on a programmed
    /// page (like program), refused when a data register holds no data.
    die_result buffered_program(time_ps start, unsigned plane_mask, std::uint32_t block,
                                std::uint32_t page);
    /// LVS/QVS/VMUL/ISQRT: `count` ODCs started together (a concurrent template group; 1 for a
    /// single ODC). Each runs from its column to the end of the page on its v1 plane's PE, the v2
    /// operand broadcast over the shared bus; the group takes the longest member's
    /// pe_time(bytes) x passes per element, the die control busy and the array idle. Refused
    /// as a whole (nothing runs) when any member or the group rules (distinct v1 planes, one
    /// broadcast v2 plane that no member writes) fail.
    die_result odc(time_ps start, const odc_op* ops, unsigned count);
    /// LCR (ours, 1Bh): constant register `reg` <- (a, b); a latch, no die control time.
    die_result load_const(time_ps start, std::uint8_t reg, float a, float b);

    /// Data cycles into a plane's cache register (functional copy; timing is the channel's).
    flash_status data_in(unsigned plane, std::uint32_t column, const std::uint8_t* src,
                         std::uint32_t length);
    /// Data cycles out of a plane's cache register.
    flash_status data_out(unsigned plane, std::uint32_t column, std::uint8_t* dst,
                          std::uint32_t length);

    const die_counters& counters() const { return m_counters; }
    /// The ODP block: page registers, constant registers and arithmetic counters.
    const odp::odp_unit& odp() const { return m_odp; }
    const flash_config& config() const { return m_config; }
    /// The programmed contents of a page, or nullptr when erased (functional mode only).
    const std::uint8_t* stored_page(unsigned plane, std::uint32_t block, std::uint32_t page) const {
        return m_store.find(plane, block, page);
    }
    /// Checks a plane mask and page address; false when the die must refuse them.
    bool valid_address(unsigned plane_mask, std::uint32_t block, std::uint32_t page) const;

private:
    /// The read whose page sits in the data registers for a following cache read (mask 0: none)
    /// and whether the die is in cache-read mode.
    struct read_chain {
        unsigned plane_mask = 0;
        std::uint32_t block = 0;
        std::uint32_t page = 0;
        bool caching = false;
    };

    /// Before any command that is not a (cache) read or data transfer: false in cache-read mode
    /// (the command is refused), otherwise forgets the read chain.
    bool leave_read_chain();
    /// Data -> cache register copy of `plane_mask`, the cache registers busy until `copied`.
    void pass_to_cache(unsigned plane_mask, time_ps copied);
    time_ps begin(time_ps start, time_ps duration);
    bool valid_io(unsigned plane, std::uint32_t column, std::uint32_t length) const;
    bool valid_group(const odc_op* ops, unsigned count) const;
    die_result register_copy(time_ps start, unsigned plane_mask, bool to_data);
    void load_data_reg(unsigned plane, std::uint32_t block, std::uint32_t page);
    die_result done(time_ps ready) const;

    const flash_config& m_config;
    odp::odp_unit m_odp;
    std::vector<time_ps> m_cache_ready; ///< per plane: its cache register is free from then
    page_store m_store;
    transfer_time_cache m_beat_time; ///< flash_config::data_time per interface beat, memoised
    time_ps m_control_free = 0;
    read_chain m_chain;
    die_counters m_counters;
};

} // namespace osvp
