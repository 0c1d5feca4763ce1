#include "ftl/reservoir_map.h"

#include <limits>
#include <string>

#include "ftl/ftl_errors.h"

namespace osvp::fw {
namespace {

constexpr std::uint32_t unmapped = std::numeric_limits<std::uint32_t>::max();

std::uint64_t per_die_capacity(const flash_geometry& geometry, const block_split& split) {
    const std::uint64_t pages = std::uint64_t{split.reservoir_blocks} * geometry.pages_per_block;
    return pages < geometry.pages_per_block ? 0 : (pages - geometry.pages_per_block + 1) / 2;
}

const flash_geometry& validated(const flash_geometry& geometry, const block_split& split,
                                std::uint32_t state_planes, std::uint64_t super_pages) {
    geometry.validate();
    split.validate(geometry);
    if (state_planes < 1 || state_planes > geometry.planes_per_die) {
        throw std::invalid_argument(
            "reservoir_map: state_planes = " + std::to_string(state_planes) + "; allowed: 1.." +
            std::to_string(geometry.planes_per_die) + " (planes_per_die)");
    }
    if (std::uint64_t{split.reservoir_blocks} * geometry.pages_per_block >= unmapped) {
        throw std::invalid_argument(
            "reservoir_map: " + std::to_string(split.reservoir_blocks) + " super-blocks x " +
            std::to_string(geometry.pages_per_block) +
            " pages per die; allowed: fewer than 2^32 - 1 (32-bit entries)");
    }
    if (super_pages == 0) {
        throw std::invalid_argument("reservoir_map: super_pages = 0; allowed: >= 1");
    }
    const std::uint64_t capacity = reservoir_map::capacity_super_pages(geometry, split);
    if (super_pages > capacity) {
        const std::uint64_t busiest = (super_pages + geometry.dies() - 1) / geometry.dies();
        throw std::invalid_argument(
            "reservoir_map: " + std::to_string(super_pages) + " super-pages (" +
            std::to_string(busiest) + " on the busiest die) do not fit " +
            std::to_string(split.reservoir_blocks) + " reservoir super-blocks per die x " +
            std::to_string(geometry.pages_per_block) + " pages: allowed <= " +
            std::to_string(capacity) + " (" + std::to_string(per_die_capacity(geometry, split)) +
            " per die x " + std::to_string(geometry.dies()) +
            " dies, keeping room to reprogram each once per step before erasing)");
    }
    return geometry;
}

} // namespace

reservoir_map::reservoir_map(const flash_geometry& geometry, const block_split& split,
                             std::uint32_t state_planes, std::uint64_t super_pages)
    : m_geometry(validated(geometry, split, state_planes, super_pages)),
      m_first_block(split.first_reservoir_block(geometry)), m_state_planes(state_planes),
      m_map(super_pages, unmapped) {
    for (std::uint64_t d = 0; d < geometry.dies(); ++d) {
        m_dies.push_back(die_state{super_block_pool(m_first_block, split.reservoir_blocks),
                                   {},
                                   0,
                                   std::vector<std::uint32_t>(split.reservoir_blocks, 0)});
    }
}

std::uint64_t reservoir_map::capacity_super_pages(const flash_geometry& geometry,
                                                  const block_split& split) {
    return per_die_capacity(geometry, split) * geometry.dies();
}

die_ref reservoir_map::die_of(std::uint64_t sp) const {
    check_sp(sp);
    const std::uint64_t c = m_geometry.channels;
    return die_ref{static_cast<std::uint32_t>(sp % c),
                   static_cast<std::uint32_t>((sp / c) % m_geometry.dies_per_channel)};
}

std::optional<super_page> reservoir_map::location(std::uint64_t sp) const {
    const die_ref d = die_of(sp);
    const std::uint32_t entry = m_map[sp];
    if (entry == unmapped) {
        return std::nullopt;
    }
    return super_page{d.channel, d.die, m_first_block + entry / m_geometry.pages_per_block,
                      entry % m_geometry.pages_per_block};
}

super_page reservoir_map::relocate(std::uint64_t sp) {
    const die_ref d = die_of(sp);
    die_state& state = die_at(d.channel, d.die);
    if (!state.open) {
        if (state.pool.free_count() == 0) {
            throw ftl_out_of_space(die_name(d.channel, d.die) + ": reservoir super-page " +
                                   std::to_string(sp) +
                                   " needs a new super-block but none is free; allowed: "
                                   "erase the erasable() super-blocks first");
        }
        state.open = state.pool.take();
    }
    const super_page to{d.channel, d.die, *state.open, state.next_page};
    if (++state.next_page == m_geometry.pages_per_block) {
        state.next_page = 0;
        state.open.reset();
    }
    if (m_map[sp] != unmapped) {
        --state.live[m_map[sp] / m_geometry.pages_per_block];
    }
    const std::uint32_t offset = to.block - m_first_block;
    m_map[sp] = offset * m_geometry.pages_per_block + to.page;
    ++state.live[offset];
    return to;
}

phys_page reservoir_map::state_page(const super_page& where, std::uint32_t state) const {
    if (state >= m_state_planes) {
        throw std::invalid_argument("reservoir_map: state " + std::to_string(state) +
                                    "; allowed: 0.." + std::to_string(m_state_planes - 1));
    }
    check_block({where.channel, where.die, where.block});
    if (where.page >= m_geometry.pages_per_block) {
        throw std::invalid_argument("reservoir_map: page " + std::to_string(where.page) +
                                    "; allowed: 0.." +
                                    std::to_string(m_geometry.pages_per_block - 1));
    }
    return phys_page{where.channel, where.die, state, where.block, where.page};
}

std::vector<super_block_ref> reservoir_map::erasable() const {
    std::vector<super_block_ref> result;
    for (std::uint32_t c = 0; c < m_geometry.channels; ++c) {
        for (std::uint32_t d = 0; d < m_geometry.dies_per_channel; ++d) {
            const die_state& state = die_at(c, d);
            for (std::uint32_t i = 0; i < state.live.size(); ++i) {
                if (is_erasable(state, m_first_block + i)) {
                    result.push_back({c, d, m_first_block + i});
                }
            }
        }
    }
    return result;
}

void reservoir_map::erase_done(const super_block_ref& block) {
    check_block(block);
    die_state& state = die_at(block.channel, block.die);
    if (!is_erasable(state, block.block)) {
        const std::uint32_t live = state.live[block.block - m_first_block];
        const std::string why = state.pool.is_free(block.block) ? "it is already free"
                                : state.open == block.block
                                    ? "it is the open super-block"
                                    : "it holds " + std::to_string(live) + " live super-pages";
        throw ftl_usage_error("reservoir erase_done of block " + std::to_string(block.block) +
                              " of " + die_name(block.channel, block.die) + ": " + why +
                              "; allowed: a block listed by erasable()");
    }
    state.pool.release_erased(block.block);
}

std::uint32_t reservoir_map::erase_count(const super_block_ref& block) const {
    check_block(block);
    return die_at(block.channel, block.die).pool.erase_count(block.block);
}

std::uint32_t reservoir_map::free_super_blocks(std::uint32_t channel, std::uint32_t die) const {
    return die_at(channel, die).pool.free_count();
}

reservoir_map::die_state& reservoir_map::die_at(std::uint32_t channel, std::uint32_t die) {
    return const_cast<die_state&>(static_cast<const reservoir_map&>(*this).die_at(channel, die));
}

const reservoir_map::die_state& reservoir_map::die_at(std::uint32_t channel,
                                                      std::uint32_t die) const {
    if (channel >= m_geometry.channels || die >= m_geometry.dies_per_channel) {
        throw ftl_usage_error(die_name(channel, die) + "; allowed: channel 0.." +
                              std::to_string(m_geometry.channels - 1) + ", die 0.." +
                              std::to_string(m_geometry.dies_per_channel - 1));
    }
    return m_dies[std::uint64_t{channel} * m_geometry.dies_per_channel + die];
}

void reservoir_map::check_block(const super_block_ref& block) const {
    die_at(block.channel, block.die);
    if (block.block < m_first_block || block.block >= m_geometry.blocks_per_plane) {
        throw ftl_usage_error("block " + std::to_string(block.block) + " of " +
                              die_name(block.channel, block.die) + "; allowed: reservoir blocks " +
                              std::to_string(m_first_block) + ".." +
                              std::to_string(m_geometry.blocks_per_plane - 1));
    }
}

bool reservoir_map::is_erasable(const die_state& state, std::uint32_t block) const {
    return !state.pool.is_free(block) && state.open != block &&
           state.live[block - m_first_block] == 0;
}

void reservoir_map::check_sp(std::uint64_t sp) const {
    if (sp >= m_map.size()) {
        throw ftl_usage_error("super-page " + std::to_string(sp) + "; allowed: 0.." +
                              std::to_string(m_map.size() - 1));
    }
}

} // namespace osvp::fw
