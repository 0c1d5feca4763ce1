#include "nvme/bar0_registers.h"

#include "hal/nvme_spec.h"

namespace osvp {
namespace {

constexpr std::uint64_t register_window = nvme::reg::DOORBELL_BASE;
constexpr std::uint64_t doorbell_bytes = 4;
constexpr std::uint64_t page_bytes = nvme::memory_page_bytes(0);

std::uint64_t make_cap(const nvme_config& config) {
    const time_ps unit = nvme::timeout_unit_ms * ps_per_ms;
    const std::uint64_t timeout =
        std::max<std::uint64_t>(1, (config.ready_delay + unit - 1) / unit);
    std::uint64_t cap = 0;
    cap = nvme::cap::MQES::set(cap, config.max_queue_entries - 1);
    cap = nvme::cap::CQR::set(cap, 1);
    cap = nvme::cap::TO::set(cap, timeout);
    cap = nvme::cap::DSTRD::set(cap, 0);
    cap = nvme::cap::CSS::set(cap, 1);
    cap = nvme::cap::MPSMIN::set(cap, 0);
    return nvme::cap::MPSMAX::set(cap, 0);
}

bool is_wide_register(std::uint64_t offset) {
    return offset == nvme::reg::CAP || offset == nvme::reg::ASQ || offset == nvme::reg::ACQ;
}

} // namespace

void bar0_registers::timed_status::change(time_ps now, std::uint32_t target, time_ps when) {
    before = value(now);
    after = target;
    at = when;
}

bar0_registers::bar0_registers(const nvme_config& config, nvme::queue_table& queues)
    : m_config(config), m_queues(&queues),
      m_size(register_window + 2 * doorbell_bytes * (std::uint64_t{config.max_io_queues} + 1)),
      m_cap(make_cap(config)) {}

bool bar0_registers::valid_access(std::uint64_t offset, unsigned bytes, bool write) const {
    if ((bytes != 4 && bytes != 8) || offset % 4 != 0 || offset >= m_size ||
        bytes > m_size - offset) {
        return false;
    }
    if (offset >= register_window) {
        return bytes == doorbell_bytes;
    }
    return bytes == 4 || is_wide_register(offset);
}

std::uint64_t bar0_registers::read(std::uint64_t offset, unsigned bytes, time_ps at) const {
    const std::uint64_t base = offset & ~std::uint64_t{7};
    std::uint64_t wide = 0;
    if (base == nvme::reg::CAP) {
        wide = m_cap;
    } else if (base == nvme::reg::ASQ) {
        wide = m_asq;
    } else if (base == nvme::reg::ACQ) {
        wide = m_acq;
    } else {
        switch (offset) {
        case nvme::reg::VS:
            return nvme::version_1_4;
        case nvme::reg::INTMS:
        case nvme::reg::INTMC:
            return m_intms;
        case nvme::reg::CC:
            return m_cc;
        case nvme::reg::CSTS:
            return csts(at);
        case nvme::reg::AQA:
            return m_aqa;
        default:
            return 0;
        }
    }
    return bytes == 8 ? wide : (wide >> (8 * (offset - base))) & 0xFFFFFFFFu;
}

std::uint64_t bar0_registers::merge(std::uint64_t reg, std::uint64_t offset_in_reg, unsigned bytes,
                                    std::uint64_t value) {
    if (bytes == 8) {
        return value;
    }
    const unsigned shift = static_cast<unsigned>(8 * offset_in_reg);
    return (reg & ~(0xFFFFFFFFull << shift)) | ((value & 0xFFFFFFFFull) << shift);
}

bar0_effect bar0_registers::write(std::uint64_t offset, unsigned bytes, std::uint64_t value,
                                  time_ps at) {
    if (offset >= register_window) {
        return write_doorbell(offset, static_cast<std::uint32_t>(value));
    }
    const std::uint64_t base = offset & ~std::uint64_t{7};
    if (base == nvme::reg::ASQ) {
        m_asq = merge(m_asq, offset - base, bytes, value);
    } else if (base == nvme::reg::ACQ) {
        m_acq = merge(m_acq, offset - base, bytes, value);
    } else if (offset == nvme::reg::INTMS) {
        m_intms |= static_cast<std::uint32_t>(value);
    } else if (offset == nvme::reg::INTMC) {
        m_intms &= ~static_cast<std::uint32_t>(value);
    } else if (offset == nvme::reg::AQA) {
        m_aqa = static_cast<std::uint32_t>(value & (nvme::aqa::ASQS::mask | nvme::aqa::ACQS::mask));
    } else if (offset == nvme::reg::CC) {
        return write_cc(static_cast<std::uint32_t>(value), at);
    }
    return {};
}

bar0_effect bar0_registers::write_cc(std::uint32_t value, time_ps at) {
    namespace cc = nvme::cc;
    const bool was_enabled = cc::EN::get(m_cc) != 0;
    const bool enable = cc::EN::get(value) != 0;
    const std::uint32_t now = csts(at);
    bar0_effect effect;
    if (was_enabled && enable) {
        const bool shutdown = cc::SHN::get(m_cc) == 0 && cc::SHN::get(value) != 0;
        m_cc = static_cast<std::uint32_t>(cc::SHN::set(m_cc, cc::SHN::get(value)));
        if (shutdown) {
            const auto processing = static_cast<std::uint32_t>(nvme::csts::SHST::set(now, 1));
            m_csts = {processing, static_cast<std::uint32_t>(nvme::csts::SHST::set(now, 2)),
                      at + m_config.ready_delay};
        }
        return effect;
    }
    m_cc = value;
    if (!was_enabled && enable) {
        effect.what = bar0_effect::kind::enabled;
        if (cc::CSS::get(value) != 0 || cc::MPS::get(value) != 0) {
            effect.enable_status = nvme::status_code::invalid_field;
        } else {
            effect.enable_status = m_queues->enable(m_aqa, m_asq, m_acq, page_bytes);
        }
        const std::uint64_t ready =
            effect.enable_status.ok() ? nvme::csts::RDY::set(now, 1) : nvme::csts::CFS::set(now, 1);
        m_csts.change(at, static_cast<std::uint32_t>(ready), at + m_config.ready_delay);
    } else if (was_enabled && !enable) {
        effect.what = bar0_effect::kind::reset;
        m_queues->disable();
        m_csts.change(at, 0, at + m_config.ready_delay);
    }
    return effect;
}

bar0_effect bar0_registers::write_doorbell(std::uint64_t offset, std::uint32_t value) {
    const std::uint64_t index = (offset - register_window) / doorbell_bytes;
    bar0_effect effect;
    effect.what = bar0_effect::kind::doorbell;
    effect.qid = static_cast<std::uint16_t>(index / 2);
    effect.completion_queue = (index % 2) != 0;
    effect.value = value;
    effect.error = m_queues->write_doorbell(effect.qid, effect.completion_queue, value);
    return effect;
}

void bar0_registers::set_fatal(time_ps at) {
    m_csts.before = static_cast<std::uint32_t>(nvme::csts::CFS::set(m_csts.value(at), 1));
    m_csts.after = static_cast<std::uint32_t>(nvme::csts::CFS::set(m_csts.after, 1));
}

} // namespace osvp
