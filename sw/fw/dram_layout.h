// Where the firmware keeps its buffers in SSD DRAM: one slot per command in flight (twice the
// largest transfer, for FP16 read-back staging, plus a page on each side for unaligned LBAs;
// admin data uses the slot of its command), a staging area of gc_batch pages per die for garbage
// collection, and the super-page staging buffers of the controller and read-path update engines.
#pragma once
#include "fw/firmware_config.h"
#include "hal/memory_map.h"

namespace osvp::fw {

class dram_layout {
public:
    explicit dram_layout(const firmware_config& c)
        : m_slot(c.slot_bytes()), m_page(c.geometry.page_bytes), m_batch(c.gc_batch),
          m_gc(memory_map::dram_base + std::uint64_t{c.max_commands} * m_slot),
          m_staging(m_gc + c.geometry.dies() * m_batch * m_page),
          m_staging_bytes(c.staging_bytes()) {}

    std::uint64_t command_slot(std::uint32_t slot) const {
        return memory_map::dram_base + std::uint64_t{slot} * m_slot;
    }
    std::uint64_t gc_page(std::uint64_t die_index, std::uint32_t slot) const {
        return m_gc + (die_index * m_batch + slot) * m_page;
    }

    /// Staging buffer `index`: the planes' pages back to back in plane order.
    std::uint64_t staging(std::uint32_t index) const {
        return m_staging + std::uint64_t{index} * m_staging_bytes;
    }

private:
    std::uint64_t m_slot, m_page, m_batch, m_gc, m_staging, m_staging_bytes;
};

} // namespace osvp::fw
