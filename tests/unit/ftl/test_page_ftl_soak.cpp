// Seeded random soak of page_ftl driven like the firmware: host writes, overwrites and trims
// interleaved with per-die greedy GC, checked against an independent std::map model.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <random>
#include <set>

#include "ftl/page_ftl.h"

using namespace osvp::fw;

namespace {

// Reservoir takes blocks 32..35, so the FTL owns 32 super-blocks of 8 pages on each of 4 dies.
const flash_geometry geometry{2, 2, 2, 36, 4, 4096};
const block_split split{4};
const page_ftl_config config{0.3, 2};

class soak {
public:
    soak() : m_ftl(geometry, split, config) {}

    void host_write(std::uint64_t lpn) {
        const die_ref d = m_ftl.next_host_die();
        if (m_jobs.count(index(d)) != 0) {
            finish(d);
        }
        while (m_ftl.needs_gc(d.channel, d.die) && start(d)) {
            finish(d);
        }
        const phys_page to = m_ftl.write(lpn);
        EXPECT_EQ(to.channel, d.channel);
        EXPECT_EQ(to.die, d.die);
        program(to);
        m_model[lpn] = to;
        ++m_host;
        if (m_ftl.needs_gc(d.channel, d.die)) {
            start(d);
        }
    }

    void trim(std::uint64_t lpn) {
        m_ftl.trim(lpn);
        m_model.erase(lpn);
    }

    // One relocation of a pending GC job (or its erase when done).
    void gc_step(std::uint64_t pick) {
        if (m_jobs.empty()) {
            return;
        }
        auto it = std::next(m_jobs.begin(), static_cast<long>(pick % m_jobs.size()));
        const die_ref d{it->second.victim.channel, it->second.victim.die};
        if (!advance(it->second)) {
            erase(d);
        }
    }

    void check_all() {
        std::set<phys_page> used;
        std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t> valid;
        for (std::uint64_t lpn = 0; lpn < m_ftl.logical_pages(); ++lpn) {
            const auto it = m_model.find(lpn);
            const auto mapped = m_ftl.lookup(lpn);
            ASSERT_EQ(mapped.has_value(), it != m_model.end()) << "lpn " << lpn;
            if (mapped) {
                ASSERT_EQ(*mapped, it->second) << "lpn " << lpn;
                ASSERT_TRUE(used.insert(*mapped).second) << "two lpns share a page";
                ++valid[{mapped->channel * 2 + mapped->die, mapped->block}];
            }
        }
        for (std::uint32_t c = 0; c < 2; ++c) {
            for (std::uint32_t d = 0; d < 2; ++d) {
                for (std::uint32_t b = 0; b < split.user_blocks(geometry); ++b) {
                    ASSERT_EQ(m_ftl.valid_pages(c, d, b), (valid[{c * 2 + d, b}]));
                }
                if (!m_ftl.pending_victim(c, d)) {
                    ASSERT_GE(m_ftl.free_super_blocks(c, d), 1u);
                }
            }
        }
        EXPECT_EQ(m_ftl.stats().host_pages_written, m_host);
        EXPECT_EQ(m_ftl.stats().gc_pages_moved, m_moved);
        EXPECT_EQ(m_ftl.stats().erases, m_erases);
    }

    const page_ftl& ftl() const { return m_ftl; }
    std::uint64_t stale_skips() const { return m_stale; }

private:
    struct job {
        gc_victim victim;
        std::size_t next = 0;
    };

    static std::uint32_t index(const die_ref& d) { return d.channel * 2 + d.die; }

    bool start(const die_ref& d) {
        auto victim = m_ftl.pick_victim(d.channel, d.die);
        if (victim) {
            EXPECT_NE(m_ftl.open_super_block(d.channel, d.die), victim->block);
            m_jobs.emplace(index(d), job{*victim, 0});
        }
        return victim.has_value();
    }

    void finish(const die_ref& d) {
        while (advance(m_jobs.at(index(d)))) {
        }
        erase(d);
    }

    // Relocates the job's next page; false when none is left.
    bool advance(job& j) {
        if (j.next == j.victim.pages.size()) {
            return false;
        }
        const auto& v = j.victim.pages[j.next++];
        const auto to = m_ftl.relocate(v.lpn, v.from);
        const auto it = m_model.find(v.lpn);
        const bool still_there = it != m_model.end() && it->second == v.from;
        EXPECT_EQ(to.has_value(), still_there) << "lpn " << v.lpn;
        if (to) {
            EXPECT_EQ(to->channel, v.from.channel);
            EXPECT_EQ(to->die, v.from.die);
            program(*to);
            it->second = *to;
            ++m_moved;
        } else {
            ++m_stale;
        }
        return true;
    }

    void erase(const die_ref& d) {
        const std::uint32_t block = m_jobs.at(index(d)).victim.block;
        EXPECT_NE(m_ftl.open_super_block(d.channel, d.die), block);
        m_ftl.erase_done(d.channel, d.die, block);
        for (auto it = m_programmed.begin(); it != m_programmed.end();) {
            const bool same = it->channel == d.channel && it->die == d.die && it->block == block;
            it = same ? m_programmed.erase(it) : std::next(it);
        }
        m_jobs.erase(index(d));
        ++m_erases;
    }

    // Every page is programmed once per erase, in (page, plane) order within its block.
    void program(const phys_page& p) {
        EXPECT_LT(p.block, split.user_blocks(geometry));
        EXPECT_TRUE(m_programmed.insert(p).second) << "page programmed twice without erase";
        const std::uint32_t d = index({p.channel, p.die});
        const auto last = m_last.find(d);
        if (last != m_last.end() && last->second.block == p.block) {
            const std::uint32_t prev = last->second.page * 2 + last->second.plane;
            EXPECT_EQ(p.page * 2 + p.plane, prev + 1);
        } else {
            EXPECT_EQ(p.page, 0u);
            EXPECT_EQ(p.plane, 0u);
        }
        m_last[d] = p;
    }

    page_ftl m_ftl;
    std::map<std::uint64_t, phys_page> m_model;
    std::map<std::uint32_t, job> m_jobs;
    std::set<phys_page> m_programmed;
    std::map<std::uint32_t, phys_page> m_last;
    std::uint64_t m_host = 0;
    std::uint64_t m_moved = 0;
    std::uint64_t m_erases = 0;
    std::uint64_t m_stale = 0;
};

} // namespace

TEST(page_ftl_soak, random_overwrites_with_interleaved_gc_keep_every_invariant) {
    soak s;
    std::mt19937_64 rng(20230225);
    const std::uint64_t logical = s.ftl().logical_pages();
    ASSERT_EQ(logical, 716u);
    for (std::uint64_t lpn = 0; lpn < logical; ++lpn) {
        s.host_write(lpn);
    }
    s.check_all();
    for (int i = 0; i < 60000; ++i) {
        const std::uint64_t r = rng() % 100;
        if (r < 30) {
            s.gc_step(rng());
        } else if (r < 33) {
            s.trim(rng() % logical);
        } else {
            s.host_write(rng() % logical);
        }
        if (i % 1999 == 0) {
            s.check_all();
        }
        if (::testing::Test::HasFailure()) {
            FAIL() << "stopped at step " << i;
        }
    }
    s.check_all();
    const ftl_stats& stats = s.ftl().stats();
    EXPECT_GT(stats.erases, 100u);
    EXPECT_GT(s.stale_skips(), 0u);
    EXPECT_DOUBLE_EQ(stats.write_amplification(),
                     static_cast<double>(stats.host_pages_written + stats.gc_pages_moved) /
                         static_cast<double>(stats.host_pages_written));
    EXPECT_GT(stats.write_amplification(), 1.0);
}
