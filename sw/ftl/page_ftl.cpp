#include "ftl/page_ftl.h"

#include <limits>
#include <string>

#include "ftl/ftl_errors.h"

namespace osvp::fw {
namespace {

constexpr std::uint32_t unmapped = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint64_t ppm = 1000000;

const flash_geometry& validated(const flash_geometry& geometry, const block_split& split,
                                const page_ftl_config& config) {
    geometry.validate();
    split.validate(geometry);
    config.validate();
    if (geometry.total_pages() >= unmapped) {
        throw ftl_config_error(ftl_config_error::parameter::drive_size,
                               "page_ftl: the drive has " + std::to_string(geometry.total_pages()) +
                                   " pages; allowed: fewer than 2^32 - 1 (32-bit map entries)");
    }
    const std::uint32_t user = split.user_blocks(geometry);
    if (user < config.gc_threshold_super_blocks + 2) {
        throw ftl_config_error(
            ftl_config_error::parameter::user_blocks,
            "page_ftl: block_split leaves " + std::to_string(user) +
                " user super-blocks per die; allowed: >= gc_threshold_super_blocks + 2 = " +
                std::to_string(config.gc_threshold_super_blocks + 2) +
                " (GC reserve, open, one more)");
    }
    return geometry;
}

std::uint64_t logical_capacity(const flash_geometry& geometry, std::uint32_t user_blocks,
                               const page_ftl_config& config) {
    const std::uint64_t per_super_block =
        std::uint64_t{geometry.planes_per_die} * geometry.pages_per_block;
    const std::uint64_t physical = geometry.dies() * user_blocks * per_super_block;
    const auto op_ppm = static_cast<std::uint64_t>(config.over_provisioning * ppm + 0.5);
    const std::uint64_t logical = physical * (ppm - op_ppm) / ppm;
    const std::uint64_t gc_limit =
        geometry.dies() * (user_blocks - config.gc_threshold_super_blocks - 1) * per_super_block;
    if (logical == 0 || logical >= gc_limit) {
        throw ftl_config_error(
            ftl_config_error::parameter::over_provisioning,
            "page_ftl: over_provisioning " + std::to_string(config.over_provisioning) + " gives " +
                std::to_string(logical) +
                " logical pages; allowed: 1..dies x (user super-blocks - gc threshold - 1) x pages "
                "per super-block - 1 = " +
                std::to_string(gc_limit - 1) + " so that greedy GC always finds an invalid page");
    }
    return logical;
}

std::string page_name(const phys_page& p) {
    return "page (channel " + std::to_string(p.channel) + ", die " + std::to_string(p.die) +
           ", plane " + std::to_string(p.plane) + ", block " + std::to_string(p.block) + ", page " +
           std::to_string(p.page) + ")";
}

} // namespace

double ftl_stats::write_amplification() const {
    if (host_pages_written == 0) {
        return 0.0;
    }
    return static_cast<double>(host_pages_written + gc_pages_moved) /
           static_cast<double>(host_pages_written);
}

page_ftl::page_ftl(const flash_geometry& geometry, const block_split& split,
                   const page_ftl_config& config)
    : m_geometry(validated(geometry, split, config)), m_user_blocks(split.user_blocks(geometry)),
      m_gc_threshold(config.gc_threshold_super_blocks),
      m_pages_per_super_block(geometry.planes_per_die * geometry.pages_per_block),
      m_logical_pages(logical_capacity(geometry, m_user_blocks, config)),
      m_l2p(m_logical_pages, unmapped), m_p2l(geometry.total_pages(), unmapped) {
    for (std::uint64_t d = 0; d < geometry.dies(); ++d) {
        m_dies.push_back(die_state{super_block_pool(0, m_user_blocks),
                                   {},
                                   0,
                                   0,
                                   {},
                                   std::vector<std::uint32_t>(m_user_blocks, 0)});
    }
}

std::uint64_t page_ftl::physical_pages() const {
    return m_geometry.dies() * m_user_blocks * m_pages_per_super_block;
}

std::optional<phys_page> page_ftl::lookup(std::uint64_t lpn) const {
    check_lpn(lpn);
    const std::uint32_t ppn = m_l2p.get(lpn);
    if (ppn == unmapped) {
        return std::nullopt;
    }
    return page_at(m_geometry, ppn);
}

phys_page page_ftl::write(std::uint64_t lpn) {
    check_lpn(lpn);
    const die_ref target = next_host_die();
    const phys_page to = allocate(target.channel, target.die, true);
    unmap(lpn);
    map(lpn, to);
    ++m_host_cursor;
    ++m_stats.host_pages_written;
    return to;
}

void page_ftl::trim(std::uint64_t lpn) {
    check_lpn(lpn);
    unmap(lpn);
}

die_ref page_ftl::next_host_die() const {
    const std::uint64_t c = m_geometry.channels;
    return die_ref{static_cast<std::uint32_t>(m_host_cursor % c),
                   static_cast<std::uint32_t>((m_host_cursor / c) % m_geometry.dies_per_channel)};
}

bool page_ftl::needs_gc(std::uint32_t channel, std::uint32_t die) const {
    return die_at(channel, die).pool.free_count() <= m_gc_threshold;
}

std::optional<gc_victim> page_ftl::pick_victim(std::uint32_t channel, std::uint32_t die) {
    die_state& state = die_at(channel, die);
    if (state.victim) {
        throw ftl_usage_error(die_name(channel, die) + ": victim block " +
                              std::to_string(*state.victim) +
                              " is still pending; allowed: pick_victim after its erase_done");
    }
    std::optional<std::uint32_t> best;
    for (std::uint32_t b = 0; b < m_user_blocks; ++b) {
        const bool closed = !state.pool.is_free(b) && state.open != b;
        if (closed && state.valid[b] < m_pages_per_super_block &&
            (!best || state.valid[b] < state.valid[*best])) {
            best = b;
        }
    }
    if (!best) {
        return std::nullopt;
    }
    gc_victim victim{channel, die, *best, {}};
    phys_page p{channel, die, 0, *best, 0};
    const std::uint64_t first = page_number(m_geometry, p);
    for (std::uint64_t n = first; n < first + m_pages_per_super_block; ++n) {
        const std::uint32_t lpn = m_p2l.get(n);
        if (lpn != unmapped) {
            victim.pages.push_back({lpn, page_at(m_geometry, n)});
        }
    }
    state.victim = *best;
    return victim;
}

std::optional<phys_page> page_ftl::relocate(std::uint64_t lpn, const phys_page& from) {
    check_lpn(lpn);
    const std::uint64_t n = page_number(m_geometry, from);
    const die_state& state = die_at(from.channel, from.die);
    if (state.victim != from.block) {
        throw ftl_usage_error("relocate from " + page_name(from) +
                              ": block is not the pending GC victim of " +
                              die_name(from.channel, from.die) +
                              "; allowed: pages of the block returned by pick_victim");
    }
    if (m_l2p.get(lpn) != n) {
        return std::nullopt;
    }
    const phys_page to = allocate(from.channel, from.die, false);
    unmap(lpn);
    map(lpn, to);
    ++m_stats.gc_pages_moved;
    return to;
}

void page_ftl::erase_done(std::uint32_t channel, std::uint32_t die, std::uint32_t block) {
    check_block(channel, die, block);
    die_state& state = die_at(channel, die);
    if (state.victim != block) {
        const std::string what =
            state.open == block ? "the open super-block"
            : state.victim ? "not the pending victim (block " + std::to_string(*state.victim) + ")"
                           : "not a GC victim (none pending)";
        throw ftl_usage_error("erase_done of block " + std::to_string(block) + " of " +
                              die_name(channel, die) + ": it is " + what +
                              "; allowed: the pending victim once it holds no valid page");
    }
    if (state.valid[block] != 0) {
        throw ftl_usage_error("erase_done of block " + std::to_string(block) + " of " +
                              die_name(channel, die) + ": it still holds " +
                              std::to_string(state.valid[block]) +
                              " valid pages; allowed: 0 (relocate them first)");
    }
    state.pool.release_erased(block);
    state.victim.reset();
    ++m_stats.erases;
}

std::uint32_t page_ftl::free_super_blocks(std::uint32_t channel, std::uint32_t die) const {
    return die_at(channel, die).pool.free_count();
}

std::optional<std::uint32_t> page_ftl::open_super_block(std::uint32_t channel,
                                                        std::uint32_t die) const {
    return die_at(channel, die).open;
}

std::optional<std::uint32_t> page_ftl::pending_victim(std::uint32_t channel,
                                                      std::uint32_t die) const {
    return die_at(channel, die).victim;
}

std::uint32_t page_ftl::valid_pages(std::uint32_t channel, std::uint32_t die,
                                    std::uint32_t block) const {
    check_block(channel, die, block);
    return die_at(channel, die).valid[block];
}

std::uint32_t page_ftl::erase_count(std::uint32_t channel, std::uint32_t die,
                                    std::uint32_t block) const {
    check_block(channel, die, block);
    return die_at(channel, die).pool.erase_count(block);
}

page_ftl::die_state& page_ftl::die_at(std::uint32_t channel, std::uint32_t die) {
    return const_cast<die_state&>(static_cast<const page_ftl&>(*this).die_at(channel, die));
}

const page_ftl::die_state& page_ftl::die_at(std::uint32_t channel, std::uint32_t die) const {
    if (channel >= m_geometry.channels || die >= m_geometry.dies_per_channel) {
        throw ftl_usage_error(die_name(channel, die) + "; allowed: channel 0.." +
                              std::to_string(m_geometry.channels - 1) + ", die 0.." +
                              std::to_string(m_geometry.dies_per_channel - 1));
    }
    return m_dies[std::uint64_t{channel} * m_geometry.dies_per_channel + die];
}

void page_ftl::check_block(std::uint32_t channel, std::uint32_t die, std::uint32_t block) const {
    die_at(channel, die);
    if (block >= m_user_blocks) {
        throw ftl_usage_error("block " + std::to_string(block) + " of " + die_name(channel, die) +
                              "; allowed: user blocks 0.." + std::to_string(m_user_blocks - 1));
    }
}

void page_ftl::check_lpn(std::uint64_t lpn) const {
    if (lpn >= m_logical_pages) {
        throw ftl_usage_error("logical page " + std::to_string(lpn) + "; allowed: 0.." +
                              std::to_string(m_logical_pages - 1));
    }
}

phys_page page_ftl::allocate(std::uint32_t channel, std::uint32_t die, bool host) {
    die_state& state = die_at(channel, die);
    if (!state.open) {
        if (state.pool.free_count() <= (host ? 1u : 0u)) {
            throw ftl_out_of_space(
                die_name(channel, die) + ": " + (host ? "host write" : "GC relocation") +
                " needs a new super-block but " + std::to_string(state.pool.free_count()) +
                " are free; allowed: host writes need >= 2 (the last is kept for GC), "
                "relocation >= 1; run GC on this die first");
        }
        state.open = state.pool.take();
    }
    const phys_page to{channel, die, state.next_plane, *state.open, state.next_page};
    if (++state.next_plane == m_geometry.planes_per_die) {
        state.next_plane = 0;
        if (++state.next_page == m_geometry.pages_per_block) {
            state.next_page = 0;
            state.open.reset();
        }
    }
    return to;
}

void page_ftl::map(std::uint64_t lpn, const phys_page& to) {
    const std::uint64_t n = page_number(m_geometry, to);
    m_l2p.set(lpn, static_cast<std::uint32_t>(n));
    m_p2l.set(n, static_cast<std::uint32_t>(lpn));
    ++die_at(to.channel, to.die).valid[to.block];
}

void page_ftl::unmap(std::uint64_t lpn) {
    const std::uint32_t n = m_l2p.get(lpn);
    if (n == unmapped) {
        return;
    }
    const phys_page old = page_at(m_geometry, n);
    m_p2l.set(n, unmapped);
    m_l2p.set(lpn, unmapped);
    --die_at(old.channel, old.die).valid[old.block];
}

} // namespace osvp::fw
