#include "ftl/flash_geometry.h"

#include <stdexcept>
#include <string>

namespace osvp::fw {
namespace {

constexpr std::uint64_t max_total_pages = std::uint64_t{1} << 40;

void require_positive(const char* name, std::uint32_t value) {
    if (value == 0) {
        throw std::invalid_argument(std::string("flash_geometry.") + name + " = 0; allowed: >= 1");
    }
}

void require_below(const char* name, std::uint32_t value, std::uint32_t limit) {
    if (value >= limit) {
        throw std::invalid_argument(std::string("phys_page.") + name + " = " +
                                    std::to_string(value) + "; allowed: 0.." +
                                    std::to_string(limit - 1));
    }
}

} // namespace

void flash_geometry::validate() const {
    require_positive("channels", channels);
    require_positive("dies_per_channel", dies_per_channel);
    require_positive("planes_per_die", planes_per_die);
    require_positive("blocks_per_plane", blocks_per_plane);
    require_positive("pages_per_block", pages_per_block);
    require_positive("page_bytes", page_bytes);
    if (page_bytes % 4 != 0) {
        throw std::invalid_argument("flash_geometry.page_bytes = " + std::to_string(page_bytes) +
                                    "; allowed: a multiple of 4 (whole FP32 elements)");
    }
    std::uint64_t pages = 1;
    for (std::uint64_t factor :
         {channels, dies_per_channel, planes_per_die, blocks_per_plane, pages_per_block}) {
        if (pages > (max_total_pages - 1) / factor) {
            throw std::invalid_argument("flash_geometry: the drive has 2^40 pages or more; "
                                        "allowed: fewer than 2^40 pages");
        }
        pages *= factor;
    }
}

std::uint64_t flash_geometry::pages_per_die() const {
    return std::uint64_t{planes_per_die} * blocks_per_plane * pages_per_block;
}

void block_split::validate(const flash_geometry& geometry) const {
    if (reservoir_blocks > geometry.blocks_per_plane) {
        throw std::invalid_argument(
            "block_split.reservoir_blocks = " + std::to_string(reservoir_blocks) +
            "; allowed: 0.." + std::to_string(geometry.blocks_per_plane) + " (blocks_per_plane)");
    }
}

std::uint64_t page_number(const flash_geometry& g, const phys_page& p) {
    require_below("channel", p.channel, g.channels);
    require_below("die", p.die, g.dies_per_channel);
    require_below("plane", p.plane, g.planes_per_die);
    require_below("block", p.block, g.blocks_per_plane);
    require_below("page", p.page, g.pages_per_block);
    const std::uint64_t die = std::uint64_t{p.channel} * g.dies_per_channel + p.die;
    return ((die * g.blocks_per_plane + p.block) * g.pages_per_block + p.page) * g.planes_per_die +
           p.plane;
}

phys_page page_at(const flash_geometry& g, std::uint64_t n) {
    if (n >= g.total_pages()) {
        throw std::invalid_argument("page number " + std::to_string(n) + "; allowed: 0.." +
                                    std::to_string(g.total_pages() - 1));
    }
    phys_page p;
    p.plane = static_cast<std::uint32_t>(n % g.planes_per_die);
    n /= g.planes_per_die;
    p.page = static_cast<std::uint32_t>(n % g.pages_per_block);
    n /= g.pages_per_block;
    p.block = static_cast<std::uint32_t>(n % g.blocks_per_plane);
    n /= g.blocks_per_plane;
    p.die = static_cast<std::uint32_t>(n % g.dies_per_channel);
    p.channel = static_cast<std::uint32_t>(n / g.dies_per_channel);
    return p;
}

} // namespace osvp::fw
