// Flash array geometry and physical page addresses as the firmware sees them (OptimStore,
// Table II: 8 channels x 8 dies x 4 planes x 682 blocks x 1024 pages x 8 KiB = 1.4 TB).
#pragma once
#include <cstdint>
#include <tuple>

namespace osvp::fw {

// Shape of the drive; the defaults are the paper's evaluated drive (Table II).
struct flash_geometry {
    std::uint32_t channels = 8;
    std::uint32_t dies_per_channel = 8; // 4 packages x 2 dies
    std::uint32_t planes_per_die = 4;
    std::uint32_t blocks_per_plane = 682;
    std::uint32_t pages_per_block = 1024;
    std::uint32_t page_bytes = 8192;

    // Throws std::invalid_argument naming the field when a count is 0, page_bytes is not a
    // multiple of 4 (FP32 elements), or the drive has 2^40 pages or more.
    void validate() const;
    // Number of dies on the drive (channels x dies_per_channel).
    std::uint64_t dies() const { return std::uint64_t{channels} * dies_per_channel; }
    // Pages on one die, all planes and blocks.
    std::uint64_t pages_per_die() const;
    // Pages on the whole drive.
    std::uint64_t total_pages() const { return pages_per_die() * dies(); }
    // Raw capacity in bytes.
    std::uint64_t capacity_bytes() const { return total_pages() * page_bytes; }
};

// One flash page: die is the index within its channel; block and page are within the plane.
struct phys_page {
    std::uint32_t channel = 0;
    std::uint32_t die = 0;
    std::uint32_t plane = 0;
    std::uint32_t block = 0;
    std::uint32_t page = 0;
};

// Lexicographic order over (channel, die, plane, block, page).
inline bool operator==(const phys_page& a, const phys_page& b) {
    return std::tie(a.channel, a.die, a.plane, a.block, a.page) ==
           std::tie(b.channel, b.die, b.plane, b.block, b.page);
}
inline bool operator!=(const phys_page& a, const phys_page& b) {
    return !(a == b);
}
inline bool operator<(const phys_page& a, const phys_page& b) {
    return std::tie(a.channel, a.die, a.plane, a.block, a.page) <
           std::tie(b.channel, b.die, b.plane, b.block, b.page);
}
inline bool operator>(const phys_page& a, const phys_page& b) {
    return b < a;
}
inline bool operator<=(const phys_page& a, const phys_page& b) {
    return !(b < a);
}
inline bool operator>=(const phys_page& a, const phys_page& b) {
    return !(a < b);
}

// A die named by channel and index within the channel.
struct die_ref {
    std::uint32_t channel = 0;
    std::uint32_t die = 0;
};
inline bool operator==(const die_ref& a, const die_ref& b) {
    return a.channel == b.channel && a.die == b.die;
}

// How the blocks of every plane are shared between the page-mapped user region and the
// optimizer reservoir (paper, "Data layout"): the reservoir takes the top reservoir_blocks
// blocks of every plane of every die, the user region the blocks below. Both page_ftl and
// reservoir_map take the same split, so their block ranges never overlap.
struct block_split {
    std::uint32_t reservoir_blocks = 0;

    // Throws std::invalid_argument when reservoir_blocks exceeds geometry.blocks_per_plane.
    void validate(const flash_geometry& geometry) const;
    // Blocks per plane left to the user region: [0, user_blocks()).
    std::uint32_t user_blocks(const flash_geometry& geometry) const {
        return geometry.blocks_per_plane - reservoir_blocks;
    }
    // First reservoir block of every plane: the reservoir is [first_reservoir_block(), blocks).
    std::uint32_t first_reservoir_block(const flash_geometry& geometry) const {
        return user_blocks(geometry);
    }
};

// Linear drive-wide page number: die-major (channel * dies_per_channel + die), then block,
// page and plane, so the planes of one multi-plane group are adjacent. Throws
// std::invalid_argument when a field of p is outside the geometry.
std::uint64_t page_number(const flash_geometry& geometry, const phys_page& p);
// Inverse of page_number; throws std::invalid_argument when n >= geometry.total_pages().
phys_page page_at(const flash_geometry& geometry, std::uint64_t n);

} // namespace osvp::fw
