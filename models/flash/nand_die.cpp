#include "flash/nand_die.h"

#include <algorithm>
#include <cstring>

namespace osvp {

const char* to_string(flash_status status) {
    switch (status) {
    case flash_status::ok:
        return "ok";
    case flash_status::program_fail:
        return "program_fail";
    case flash_status::refused:
        return "refused";
    }
    return "unknown";
}

odp::odp_config odp_config_of(const flash_config& c) {
    odp::odp_config o;
    o.plane_count = c.planes_per_die;
    o.page_bytes = c.page_bytes;
    o.isqrt = c.isqrt;
    o.store_data = c.functional;
    return o;
}

nand_die::nand_die(const flash_config& config)
    : m_config(config), m_odp(odp_config_of(config)), m_cache_ready(config.planes_per_die, 0),
      m_store(config.planes_per_die, config.pages_per_block, config.page_bytes),
      m_beat_time(config.transfer_rate) {}

bool nand_die::valid_address(unsigned plane_mask, std::uint32_t block, std::uint32_t page) const {
    return plane_mask != 0 && (plane_mask >> m_config.planes_per_die) == 0 &&
           block < m_config.blocks_per_plane && page < m_config.pages_per_block;
}

bool nand_die::valid_io(unsigned plane, std::uint32_t column, std::uint32_t length) const {
    return plane < m_config.planes_per_die && column <= m_config.page_bytes &&
           length <= m_config.page_bytes - column;
}

time_ps nand_die::begin(time_ps start, time_ps duration) {
    const time_ps begin_at = std::max(start, m_control_free);
    m_control_free = begin_at + duration;
    return begin_at;
}

time_ps nand_die::cache_ready(unsigned plane_mask) const {
    time_ps ready = 0;
    for (unsigned plane = 0; plane < m_config.planes_per_die; ++plane) {
        if ((plane_mask >> plane) & 1u) {
            ready = std::max(ready, m_cache_ready[plane]);
        }
    }
    return ready;
}

die_result nand_die::read(time_ps start, unsigned plane_mask, std::uint32_t block,
                          std::uint32_t page) {
    if (!valid_address(plane_mask, block, page) || !leave_read_chain()) {
        return {start, start, flash_status::refused};
    }
    const time_ps begin_at =
        begin(std::max(start, cache_ready(plane_mask)), m_config.t_read + m_config.t_reg_copy);
    const time_ps ready = begin_at + m_config.t_read + m_config.t_reg_copy;
    ++m_counters.reads;
    m_counters.array_busy += m_config.t_read + m_config.t_reg_copy;
    m_counters.read_busy += m_config.t_read + m_config.t_reg_copy;
    for (unsigned plane = 0; plane < m_config.planes_per_die; ++plane) {
        if (((plane_mask >> plane) & 1u) == 0) {
            continue;
        }
        ++m_counters.plane_reads;
        m_cache_ready[plane] = ready;
        load_data_reg(plane, block, page);
        odp::plane_regs& regs = m_odp.plane(plane);
        regs.cache_reg = regs.data_reg;
        regs.cache_valid = true;
    }
    m_chain = {plane_mask, block, page, false};
    return {ready, ready, flash_status::ok};
}

die_result nand_die::program(time_ps start, unsigned plane_mask, std::uint32_t block,
                             std::uint32_t page) {
    if (!valid_address(plane_mask, block, page) || !leave_read_chain()) {
        return {start, start, flash_status::refused};
    }
    const time_ps begin_at = begin(start, m_config.t_reg_copy + m_config.t_prog);
    const time_ps copied = begin_at + m_config.t_reg_copy;
    const time_ps ready = copied + m_config.t_prog;
    flash_status status = flash_status::ok;
    ++m_counters.programs;
    m_counters.array_busy += m_config.t_reg_copy + m_config.t_prog;
    m_counters.program_busy += m_config.t_reg_copy + m_config.t_prog;
    for (unsigned plane = 0; plane < m_config.planes_per_die; ++plane) {
        if (((plane_mask >> plane) & 1u) == 0) {
            continue;
        }
        ++m_counters.plane_programs;
        m_cache_ready[plane] = copied;
        odp::plane_regs& regs = m_odp.plane(plane);
        regs.data_reg = regs.cache_reg;
        regs.data_valid = true;
        if (m_config.functional && !m_store.program(plane, block, page, regs.data_reg.data())) {
            status = flash_status::program_fail;
        }
    }
    return {ready, copied, status};
}

die_result nand_die::erase(time_ps start, unsigned plane_mask, std::uint32_t block) {
    if (!valid_address(plane_mask, block, 0) || !leave_read_chain()) {
        return {start, start, flash_status::refused};
    }
    const time_ps ready = begin(start, m_config.t_erase) + m_config.t_erase;
    ++m_counters.erases;
    m_counters.array_busy += m_config.t_erase;
    m_counters.erase_busy += m_config.t_erase;
    for (unsigned plane = 0; plane < m_config.planes_per_die; ++plane) {
        if ((plane_mask >> plane) & 1u) {
            ++m_counters.plane_erases;
            if (m_config.functional) {
                m_store.erase(plane, block);
            }
        }
    }
    return {ready, cache_ready(plane_mask), flash_status::ok};
}

void nand_die::load_data_reg(unsigned plane, std::uint32_t block, std::uint32_t page) {
    odp::plane_regs& regs = m_odp.plane(plane);
    regs.data_valid = true;
    if (!m_config.functional) {
        return;
    }
    const std::uint8_t* stored = m_store.find(plane, block, page);
    if (stored != nullptr) {
        std::memcpy(regs.data_reg.data(), stored, m_config.page_bytes);
    } else {
        std::fill(regs.data_reg.begin(), regs.data_reg.end(), 0xFF);
    }
}

flash_status nand_die::data_in(unsigned plane, std::uint32_t column, const std::uint8_t* src,
                               std::uint32_t length) {
    if (!valid_io(plane, column, length) || m_chain.caching) {
        return flash_status::refused;
    }
    m_counters.bytes_in += length;
    odp::plane_regs& regs = m_odp.plane(plane);
    if (m_config.functional && src != nullptr) {
        std::memcpy(regs.cache_reg.data() + column, src, length);
    }
    regs.cache_valid = true;
    return flash_status::ok;
}

flash_status nand_die::data_out(unsigned plane, std::uint32_t column, std::uint8_t* dst,
                                std::uint32_t length) {
    if (!valid_io(plane, column, length)) {
        return flash_status::refused;
    }
    m_counters.bytes_out += length;
    if (m_config.functional && dst != nullptr) {
        std::memcpy(dst, m_odp.plane(plane).cache_reg.data() + column, length);
    }
    return flash_status::ok;
}

} // namespace osvp
