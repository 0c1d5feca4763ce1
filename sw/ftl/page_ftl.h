// Page-mapped FTL of the user region: one logical page per flash page, writes striped channels
// first then dies, multi-plane write points, greedy per-die garbage collection.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "ftl/flash_geometry.h"
#include "ftl/ftl_config.h"
#include "ftl/lazy_table.h"
#include "ftl/super_block_pool.h"

namespace osvp::fw {

// A GC victim: a closed super-block of one die and the (logical, physical) pages valid in it
// when it was picked, in ascending physical order (page offset, then plane).
struct gc_victim {
    struct valid_page {
        std::uint64_t lpn = 0;
        phys_page from;
    };
    std::uint32_t channel = 0;
    std::uint32_t die = 0;
    std::uint32_t block = 0;
    std::vector<valid_page> pages;
};

// Page counters since construction.
struct ftl_stats {
    std::uint64_t host_pages_written = 0;
    std::uint64_t gc_pages_moved = 0;
    std::uint64_t erases = 0; // super-block erases (one per die super-block)
    // Flash pages programmed per host page written, (host + gc) / host; 0 before any host write.
    double write_amplification() const;
};

// Page-mapped FTL over blocks [0, split.user_blocks()) of every plane.
// Write protocol: write(lpn) returns where the controller programs the page. Pages that share a
// die's write point (same block and page offset, planes 0..P-1 in order) form one multi-plane
// program. GC protocol per die: when needs_gc(), pick_victim(); for each of its pages call
// relocate() and, when it returns a page, copy (read `from`, program the returned page) - when it
// returns nullopt the host overwrote the page meanwhile and the copy is skipped; finally
// erase_done() after the block erase. Host writes never take a die's last free super-block (it
// is kept for relocation), so a die that keeps at least one free super-block can always finish
// GC. Limitation of write-order striping: host writes spread evenly over dies, but valid data can
// drift between dies; a die whose data no GC can compact throws ftl_out_of_space.
// Memory: 4 B per logical page (logical->physical) + 4 B per physical page (physical->logical,
// drive-wide page numbers), allocated in 64 Ki-entry chunks on first write; 4 B per super-block
// for valid counts.
class page_ftl {
public:
    // Throws std::invalid_argument when geometry or split is invalid, and ftl_config_error
    // (ftl_errors.h) when config is, the user region has fewer than gc_threshold + 2
    // super-blocks per die, the drive has 2^32 - 1 pages or more (32-bit entries), or the
    // logical capacity leaves too little spare for greedy GC.
    page_ftl(const flash_geometry& geometry, const block_split& split,
             const page_ftl_config& config);

    // Host-visible pages: floor(physical_pages() x (1 - over_provisioning)), op taken to 1 ppm.
    std::uint64_t logical_pages() const { return m_logical_pages; }
    // Pages of the user region.
    std::uint64_t physical_pages() const;
    // Pages per super-block: planes_per_die x pages_per_block.
    std::uint32_t pages_per_super_block() const { return m_pages_per_super_block; }

    // Where lpn lives; nullopt when never written or trimmed (the firmware returns zeros).
    std::optional<phys_page> lookup(std::uint64_t lpn) const;
    // Host write of lpn: allocates the next location in stripe order (the k-th host page goes to
    // channel k % C, die (k / C) % D) and invalidates the old one. Throws ftl_out_of_space
    // (nothing changed) when that die would have to take its last free super-block.
    phys_page write(std::uint64_t lpn);
    // Forgets lpn; its old location becomes invalid.
    void trim(std::uint64_t lpn);
    // The die that the next host write goes to.
    die_ref next_host_die() const;

    // True when the die's free super-blocks have fallen to gc_threshold_super_blocks.
    bool needs_gc(std::uint32_t channel, std::uint32_t die) const;
    // Greedy victim: the closed super-block of the die with the fewest valid pages (ties: lowest
    // block). nullopt when no closed super-block has an invalid page. Throws ftl_usage_error while
    // a victim of the die is still pending (erase_done not called).
    std::optional<gc_victim> pick_victim(std::uint32_t channel, std::uint32_t die);
    // Moves lpn out of the die's pending victim to a new location on the same die. nullopt when
    // lpn no longer lives at `from` (overwritten or trimmed since pick_victim): skip the copy.
    // Throws ftl_usage_error when `from` is not in the pending victim of its die.
    [[nodiscard]] std::optional<phys_page> relocate(std::uint64_t lpn, const phys_page& from);
    // The pending victim has been erased: it returns to the free pool. Throws ftl_usage_error
    // when block is not the die's pending victim or still holds valid pages.
    void erase_done(std::uint32_t channel, std::uint32_t die, std::uint32_t block);

    // Free super-blocks of the die.
    std::uint32_t free_super_blocks(std::uint32_t channel, std::uint32_t die) const;
    // The die's open super-block; nullopt between filling one and the next allocation.
    std::optional<std::uint32_t> open_super_block(std::uint32_t channel, std::uint32_t die) const;
    // The die's pending GC victim, if any.
    std::optional<std::uint32_t> pending_victim(std::uint32_t channel, std::uint32_t die) const;
    // Valid pages in a user super-block.
    std::uint32_t valid_pages(std::uint32_t channel, std::uint32_t die, std::uint32_t block) const;
    // Erases of a user super-block so far.
    std::uint32_t erase_count(std::uint32_t channel, std::uint32_t die, std::uint32_t block) const;
    // Counters.
    const ftl_stats& stats() const { return m_stats; }

private:
    struct die_state {
        super_block_pool pool;
        std::optional<std::uint32_t> open;
        std::uint32_t next_page = 0;
        std::uint32_t next_plane = 0;
        std::optional<std::uint32_t> victim;
        std::vector<std::uint32_t> valid;
    };

    die_state& die_at(std::uint32_t channel, std::uint32_t die);
    const die_state& die_at(std::uint32_t channel, std::uint32_t die) const;
    void check_block(std::uint32_t channel, std::uint32_t die, std::uint32_t block) const;
    void check_lpn(std::uint64_t lpn) const;
    phys_page allocate(std::uint32_t channel, std::uint32_t die, bool host);
    void map(std::uint64_t lpn, const phys_page& to);
    void unmap(std::uint64_t lpn);

    flash_geometry m_geometry;
    std::uint32_t m_user_blocks;
    std::uint32_t m_gc_threshold;
    std::uint32_t m_pages_per_super_block;
    std::uint64_t m_logical_pages;
    std::vector<die_state> m_dies;
    lazy_table m_l2p;
    lazy_table m_p2l;
    std::uint64_t m_host_cursor = 0;
    ftl_stats m_stats;
};

} // namespace osvp::fw
