// Behaviour and timing of one NAND die, without SystemC: planes with a cache register (facing the
// channel) and a data register (facing the array), array read/program/erase with tR/tPROG/tBERS,
// multi-plane operations, and the register copies between them (optimstore.md section 3).
//
// Timing: an operation starts when its command cycles end on the bus (`start`) or when the die's
// control is free, whichever is later; the die executes one array operation at a time. Programs
// release the cache registers after the cache->data copy, so the next data-in overlaps tPROG
// (cache program). Functional mode keeps written pages in a sparse store (unwritten pages read as
// erased, 0xFF); timing mode stores nothing.
#pragma once
#include "flash/flash_config.h"
#include "flash/page_store.h"

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

/// Operation counts and busy time, for utilisation and the energy model.
struct die_counters {
    std::uint64_t reads = 0, programs = 0, erases = 0;  ///< array operations (multi-plane = 1)
    std::uint64_t plane_reads = 0, plane_programs = 0, plane_erases = 0;
    std::uint64_t bytes_in = 0, bytes_out = 0; ///< cache register I/O over the channel
    time_ps array_busy = 0;                     ///< time the die control was busy
};

class nand_die {
public:
    explicit nand_die(const flash_config& config);

    /// Multi-plane page read (00h..30h): array -> data register (tR) -> cache register (copy).
    die_result read(time_ps start, unsigned plane_mask, std::uint32_t block, std::uint32_t page);
    /// Multi-plane page program (80h..10h): cache -> data register (copy), then tPROG.
    die_result program(time_ps start, unsigned plane_mask, std::uint32_t block, std::uint32_t page);
    /// Multi-plane block erase (60h..D0h).
    die_result erase(time_ps start, unsigned plane_mask, std::uint32_t block);
    /// Earliest time the cache registers of `plane_mask` may be overwritten or read.
    time_ps cache_ready(unsigned plane_mask) const;

    /// Data cycles into a plane's cache register (functional copy; timing is the channel's).
    flash_status data_in(unsigned plane, std::uint32_t column, const std::uint8_t* src,
                         std::uint32_t length);
    /// Data cycles out of a plane's cache register.
    flash_status data_out(unsigned plane, std::uint32_t column, std::uint8_t* dst,
                          std::uint32_t length);

    const die_counters& counters() const { return m_counters; }
    const flash_config& config() const { return m_config; }
    /// The programmed contents of a page, or nullptr when erased (functional mode only).
    const std::uint8_t* stored_page(unsigned plane, std::uint32_t block, std::uint32_t page) const {
        return m_store.find(plane, block, page);
    }
    /// Checks a plane mask and page address; false when the die must refuse them.
    bool valid_address(unsigned plane_mask, std::uint32_t block, std::uint32_t page) const;

private:
    struct plane_state {
        std::vector<std::uint8_t> cache_reg;
        std::vector<std::uint8_t> data_reg;
        time_ps cache_ready = 0;
    };
    time_ps begin(time_ps start, time_ps duration);
    bool valid_io(unsigned plane, std::uint32_t column, std::uint32_t length) const;

    const flash_config& m_config;
    std::vector<plane_state> m_planes;
    page_store m_store;
    time_ps m_control_free = 0;
    die_counters m_counters;
};

} // namespace osvp
