// The cache reads of nand_die (ONFI 4.x READ CACHE RANDOM 00h-31h, SEQUENTIAL 31h, END 3Fh): the
// array reads the next page into the data registers while the previous page is clocked out of
// the cache registers.
#include "flash/nand_die.h"

#include <algorithm>

namespace osvp {

bool nand_die::leave_read_chain() {
    if (m_chain.caching) {
        return false;
    }
    m_chain = {};
    return true;
}

void nand_die::pass_to_cache(unsigned plane_mask, time_ps copied) {
    for (unsigned plane = 0; plane < m_config.planes_per_die; ++plane) {
        if ((plane_mask >> plane) & 1u) {
            m_cache_ready[plane] = copied;
            odp::plane_regs& regs = m_odp.plane(plane);
            regs.cache_reg = regs.data_reg;
            regs.cache_valid = true;
        }
    }
}

die_result nand_die::read_cache(time_ps start, unsigned plane_mask, std::uint32_t block,
                                std::uint32_t page) {
    if (!m_config.cache_read || !valid_address(plane_mask, block, page) ||
        m_chain.plane_mask == 0) {
        return {start, start, flash_status::refused};
    }
    const time_ps copy_at =
        begin(std::max(start, cache_ready(m_chain.plane_mask)), m_config.t_rcbsy + m_config.t_read);
    const time_ps copied = copy_at + m_config.t_rcbsy;
    ++m_counters.reads;
    ++m_counters.cache_reads;
    m_counters.array_busy += m_config.t_rcbsy + m_config.t_read;
    m_counters.read_busy += m_config.t_rcbsy + m_config.t_read;
    pass_to_cache(m_chain.plane_mask, copied);
    for (unsigned plane = 0; plane < m_config.planes_per_die; ++plane) {
        if ((plane_mask >> plane) & 1u) {
            ++m_counters.plane_reads;
            load_data_reg(plane, block, page);
        }
    }
    m_chain = {plane_mask, block, page, true};
    return {copied + m_config.t_read, copied, flash_status::ok};
}

die_result nand_die::read_cache_sequential(time_ps start) {
    if (m_chain.plane_mask == 0 || m_chain.page + 1 >= m_config.pages_per_block) {
        return {start, start, flash_status::refused};
    }
    return read_cache(start, m_chain.plane_mask, m_chain.block, m_chain.page + 1);
}

die_result nand_die::read_cache_end(time_ps start) {
    if (!m_chain.caching) {
        return {start, start, flash_status::refused};
    }
    const unsigned plane_mask = m_chain.plane_mask;
    const time_ps copied =
        begin(std::max(start, cache_ready(plane_mask)), m_config.t_rcbsy) + m_config.t_rcbsy;
    ++m_counters.cache_read_ends;
    m_counters.array_busy += m_config.t_rcbsy;
    m_counters.read_busy += m_config.t_rcbsy;
    pass_to_cache(plane_mask, copied);
    m_chain = {};
    return {copied, copied, flash_status::ok};
}

} // namespace osvp
