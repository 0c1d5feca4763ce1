// The optimizer reservoir (paper, "Data layout"): a pSLC region at the top blocks of every plane
// with a super-page-granular map, programmed sequentially and erased by whole super-blocks.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "ftl/flash_geometry.h"
#include "ftl/super_block_pool.h"

namespace osvp::fw {

// One super-page: the same block and page offset on the state planes of one die, covered by one
// multi-plane read and one multi-plane program (paper, "Data layout").
struct super_page {
    std::uint32_t channel = 0;
    std::uint32_t die = 0;
    std::uint32_t block = 0;
    std::uint32_t page = 0;
};
inline bool operator==(const super_page& a, const super_page& b) {
    return a.channel == b.channel && a.die == b.die && a.block == b.block && a.page == b.page;
}
inline bool operator!=(const super_page& a, const super_page& b) {
    return !(a == b);
}

// A super-block of one die: the same block index on every plane.
struct super_block_ref {
    std::uint32_t channel = 0;
    std::uint32_t die = 0;
    std::uint32_t block = 0;
};
inline bool operator==(const super_block_ref& a, const super_block_ref& b) {
    return a.channel == b.channel && a.die == b.die && a.block == b.block;
}

// Super-page map of the reservoir, blocks [split.first_reservoir_block(), blocks_per_plane) of
// every plane. Super-page sp (a page-sized slice of parameters) lives on channel sp % C, die
// (sp / C) % D; its state s (W, M, V = 0, 1, 2 for Adam) is on plane s. Every optimizer step
// reprograms each super-page: relocate(sp) gives the die's next location in program order (page
// offsets ascending, then a new super-block) and invalidates the old one. A full super-block
// whose super-pages have all moved is erasable(); the firmware erases those of all dies in
// parallel and calls erase_done(). Free super-blocks are taken least-erased first.
// Memory: one 4 B entry per super-page (a quarter of a page map for 4 planes) plus 4 B per
// reservoir super-block for live counts.
class reservoir_map {
public:
    // Throws std::invalid_argument when geometry or split is invalid, state_planes is outside
    // 1..planes_per_die, super_pages is 0, or super_pages > capacity_super_pages().
    reservoir_map(const flash_geometry& geometry, const block_split& split,
                  std::uint32_t state_planes, std::uint64_t super_pages);

    // Super-pages that fit with room to reprogram every one of them once per step before any
    // erase: dies x floor((R x pages_per_block - pages_per_block + 1) / 2), R = reservoir
    // super-blocks per die (the old and new copies may straddle one partly used block).
    static std::uint64_t capacity_super_pages(const flash_geometry& geometry,
                                              const block_split& split);

    // Super-pages mapped (the tensor layout's total).
    std::uint64_t super_pages() const { return m_map.size(); }
    // Planes per super-page holding optimizer state.
    std::uint32_t state_planes() const { return m_state_planes; }
    // The die of sp: channels first, then dies.
    die_ref die_of(std::uint64_t sp) const;
    // Where sp lives; nullopt before its first relocate (initial program).
    std::optional<super_page> location(std::uint64_t sp) const;
    // Next location of sp on its die in sequential program order; the old one becomes invalid.
    // Throws ftl_out_of_space when the die has no free super-block (erases were not done).
    super_page relocate(std::uint64_t sp);
    // The flash page holding state `state` (0..state_planes-1) of a super-page.
    phys_page state_page(const super_page& where, std::uint32_t state) const;

    // Full super-blocks with no live super-page left, ordered by channel, die, block.
    std::vector<super_block_ref> erasable() const;
    // The firmware erased `block`: it returns to its die's free pool. Throws ftl_usage_error
    // unless it is erasable.
    void erase_done(const super_block_ref& block);
    // Erases of a reservoir super-block so far.
    std::uint32_t erase_count(const super_block_ref& block) const;
    // Free reservoir super-blocks of a die.
    std::uint32_t free_super_blocks(std::uint32_t channel, std::uint32_t die) const;

private:
    struct die_state {
        super_block_pool pool;
        std::optional<std::uint32_t> open;
        std::uint32_t next_page = 0;
        std::vector<std::uint32_t> live;
    };

    die_state& die_at(std::uint32_t channel, std::uint32_t die);
    const die_state& die_at(std::uint32_t channel, std::uint32_t die) const;
    void check_block(const super_block_ref& block) const;
    bool is_erasable(const die_state& state, std::uint32_t block) const;
    void check_sp(std::uint64_t sp) const;

    flash_geometry m_geometry;
    std::uint32_t m_first_block;
    std::uint32_t m_state_planes;
    std::vector<die_state> m_dies;
    std::vector<std::uint32_t> m_map; // (block - first) x pages_per_block + page, or unmapped
};

} // namespace osvp::fw
