// The ODP commands of nand_die (OptimStore Sec. III-B): register copies, buffered array
// operations, VPP, ODC groups and constant loads, on the registers of the die's odp_unit.
#include "flash/nand_die.h"

#include "common/bit_count.h"

#include <algorithm>
#include <array>

namespace osvp {

die_result nand_die::done(time_ps ready) const {
    return {ready, cache_ready((1u << m_config.planes_per_die) - 1), flash_status::ok};
}

die_result nand_die::vpp(time_ps start, unsigned plane, std::uint32_t column,
                         const std::uint8_t* data, std::uint32_t length) {
    if (!valid_io(plane, column, length) || !leave_read_chain() ||
        m_odp.vpp(static_cast<std::uint8_t>(plane), column, data, length) != hal::odp_status::ok) {
        return {start, start, flash_status::refused};
    }
    ++m_counters.vpps;
    m_counters.bytes_in += length;
    const time_ps at = std::max(start, m_cache_ready[plane]);
    m_cache_ready[plane] = at;
    return done(std::max(at, m_control_free));
}

die_result nand_die::register_copy(time_ps start, unsigned plane_mask, bool to_data) {
    const auto mask = static_cast<std::uint8_t>(plane_mask);
    if (mask != plane_mask || !leave_read_chain() ||
        (to_data ? m_odp.pcache(mask) : m_odp.rcache(mask)) != hal::odp_status::ok) {
        return {start, start, flash_status::refused};
    }
    const time_ps end =
        begin(std::max(start, cache_ready(plane_mask)), m_config.t_reg_copy) + m_config.t_reg_copy;
    for (unsigned plane = 0; plane < m_config.planes_per_die; ++plane) {
        if ((plane_mask >> plane) & 1u) {
            m_cache_ready[plane] = end;
        }
    }
    ++m_counters.copies;
    m_counters.plane_copies += bit_count(plane_mask);
    m_counters.copy_busy += m_config.t_reg_copy;
    return done(end);
}

die_result nand_die::pcache(time_ps start, unsigned plane_mask) {
    return register_copy(start, plane_mask, true);
}

die_result nand_die::rcache(time_ps start, unsigned plane_mask) {
    return register_copy(start, plane_mask, false);
}

die_result nand_die::buffered_read(time_ps start, unsigned plane_mask, std::uint32_t block,
                                   std::uint32_t page) {
    if (!valid_address(plane_mask, block, page) || !leave_read_chain()) {
        return {start, start, flash_status::refused};
    }
    const time_ps ready = begin(start, m_config.t_read) + m_config.t_read;
    ++m_counters.reads;
    m_counters.plane_reads += bit_count(plane_mask);
    m_counters.array_busy += m_config.t_read;
    m_counters.read_busy += m_config.t_read;
    for (unsigned plane = 0; plane < m_config.planes_per_die; ++plane) {
        if ((plane_mask >> plane) & 1u) {
            load_data_reg(plane, block, page);
        }
    }
    return done(ready);
}

die_result nand_die::buffered_program(time_ps start, unsigned plane_mask, std::uint32_t block,
                                      std::uint32_t page) {
    if (!valid_address(plane_mask, block, page) || !leave_read_chain()) {
        return {start, start, flash_status::refused};
    }
    for (unsigned plane = 0; plane < m_config.planes_per_die; ++plane) {
        if (((plane_mask >> plane) & 1u) && !m_odp.plane(plane).data_valid) {
            return {start, start, flash_status::refused};
        }
    }
    const time_ps ready = begin(start, m_config.t_prog) + m_config.t_prog;
    ++m_counters.programs;
    m_counters.plane_programs += bit_count(plane_mask);
    m_counters.array_busy += m_config.t_prog;
    m_counters.program_busy += m_config.t_prog;
    die_result result = done(ready);
    for (unsigned plane = 0; plane < m_config.planes_per_die && m_config.functional; ++plane) {
        if (((plane_mask >> plane) & 1u) &&
            !m_store.program(plane, block, page, m_odp.plane(plane).data_reg.data())) {
            result.status = flash_status::program_fail;
        }
    }
    return result;
}

bool nand_die::valid_group(const odc_op* ops, unsigned count) const {
    if (ops == nullptr || count == 0 || count > m_config.planes_per_die) {
        return false;
    }
    unsigned written = 0;
    int broadcast = -1;
    for (unsigned i = 0; i < count; ++i) {
        const hal::odc_address& a = ops[i].address;
        if (a.column > m_config.page_bytes || (written >> a.v1_plane & 1u) ||
            m_odp.check(ops[i].op, a, m_config.page_bytes - a.column) != hal::odp_status::ok) {
            return false;
        }
        written |= 1u << a.v1_plane;
        if (hal::odc_is_binary(ops[i].op)) {
            if (broadcast >= 0 && broadcast != a.v2_plane) {
                return false;
            }
            broadcast = a.v2_plane;
        }
    }
    return broadcast < 0 || (written >> broadcast & 1u) == 0;
}

die_result nand_die::odc(time_ps start, const odc_op* ops, unsigned count) {
    if (!valid_group(ops, count) || !leave_read_chain()) {
        return {start, start, flash_status::refused};
    }
    std::array<time_ps, hal::odp_max_planes> busy{};
    time_ps duration = 0;
    unsigned planes = 0;
    for (unsigned i = 0; i < count; ++i) {
        const hal::odc_address& a = ops[i].address;
        busy[i] = m_beat_time(m_config.pe_beats(m_config.page_bytes - a.column)) *
                  m_odp.passes_per_element(ops[i].op);
        duration = std::max(duration, busy[i]);
        planes |= (1u << a.v1_plane) | (1u << a.v2_plane);
    }
    const time_ps end = begin(std::max(start, cache_ready(planes)), duration) + duration;
    const odp::odp_counters before = m_odp.counters();
    for (unsigned i = 0; i < count; ++i) {
        const hal::odc_address& a = ops[i].address;
        m_odp.execute(ops[i].op, a, m_config.page_bytes - a.column);
        m_counters.pe_busy[a.v1_plane] += busy[i];
    }
    for (unsigned plane = 0; plane < m_config.planes_per_die; ++plane) {
        if ((planes >> plane) & 1u) {
            m_cache_ready[plane] = end;
        }
    }
    m_counters.odc_commands += count;
    ++m_counters.odc_groups;
    m_counters.odc_elements += m_odp.counters().elements - before.elements;
    m_counters.odc_passes += m_odp.counters().element_passes - before.element_passes;
    m_counters.odc_busy += duration;
    return done(end);
}

die_result nand_die::load_const(time_ps start, std::uint8_t reg, float a, float b) {
    if (!leave_read_chain() || m_odp.load_const(reg, a, b) != hal::odp_status::ok) {
        return {start, start, flash_status::refused};
    }
    ++m_counters.lcrs;
    return done(std::max(start, m_control_free));
}

} // namespace osvp
