// The fake controller's emulation of the OptimStore host interface (sw/hal/optimstore_if.h),
// written from that header only: vendor Set/Get Features C0h and C2h, and the W, M, V, G regions
// as plain memory. A G write applies a reference update that is easy to check, not Adam:
// w -= lr * g, m = g, v += g * g, with lr the step's override or else parameter_set.lr. W reads
// return FP16 when the parameter set asks for it (the W region then reads as half size).
#include "fake_nvme_device.h"

#include "hal/optimstore_if.h"
#include "optim/fp16.h"

#include <cstring>

namespace osvp::test {
namespace {

namespace osif = fw::optimstore_if;

constexpr std::uint64_t feature_bytes = 4096;

} // namespace

void fake_nvme_device::transfer(tlm::tlm_command command, const std::vector<std::uint64_t>& pages,
                                std::uint8_t* data, std::uint64_t length) {
    std::uint64_t done = 0;
    for (const std::uint64_t address : pages) {
        const std::uint64_t n = std::min(length - done, 4096 - address % 4096);
        dma_access(command, address, data + done, n);
        done += n;
    }
}

std::uint64_t fake_nvme_device::window_region_lbas() const {
    return m_params.window_super_pages * (m_params.window_page_bytes >> m_params.lbads);
}

nvme::status fake_nvme_device::execute_feature(const nvme::submission_entry& sqe) {
    const auto fid = static_cast<std::uint8_t>(sqe.cdw10 & 0xFF);
    const bool set = sqe.opcode() == nvme::admin_opcode::set_features;
    if (m_params.window_super_pages == 0 ||
        (fid != osif::feature_parameter_set && !(set && fid == osif::feature_step))) {
        return nvme::status_code::invalid_field;
    }
    const std::vector<std::uint64_t> pages = walk_prps(sqe, feature_bytes);
    std::vector<std::uint8_t> data(feature_bytes, 0);
    if (set) {
        transfer(tlm::TLM_READ_COMMAND, pages, data.data(), data.size());
        if (fid == osif::feature_parameter_set) {
            m_parameter_set = data;
        } else {
            osif::step_begin begin{};
            std::memcpy(&begin, data.data(), sizeof begin);
            m_step_lr = begin.lr;
            ++m_steps;
            step_gradients.emplace_back(window_region_lbas() << m_params.lbads >> 2, 0.0f);
            window_events.push_back({'S', 3, 0, 0, m_steps});
        }
    } else {
        const osif::window_info info{m_params.window_base_lba, window_region_lbas(),
                                     m_params.window_super_pages, m_steps};
        std::memcpy(data.data(), &info, sizeof info);
        transfer(tlm::TLM_WRITE_COMMAND, pages, data.data(), data.size());
    }
    feature_calls.push_back({sqe.opcode(), fid, data});
    return nvme::status_code::success;
}

int fake_nvme_device::window_region(std::uint64_t slba, std::uint64_t nlb) const {
    const std::uint64_t base = m_params.window_base_lba;
    const std::uint64_t region = window_region_lbas();
    if (region == 0 || slba < base || slba >= base + 4 * region) {
        return -1;
    }
    const std::uint64_t first = (slba - base) / region;
    return (slba + nlb - 1 - base) / region == first ? static_cast<int>(first) : -2;
}

float fake_nvme_device::state(unsigned region, std::uint64_t index) const {
    const std::uint64_t byte = region * (window_region_lbas() << m_params.lbads) + 4 * index;
    const auto it = m_blocks.find(m_params.window_base_lba + (byte >> m_params.lbads));
    float value = 0.0f;
    if (it != m_blocks.end()) {
        std::memcpy(&value, it->second.data() + byte % (1ull << m_params.lbads), 4);
    }
    return value;
}

void fake_nvme_device::set_state(unsigned region, std::uint64_t index, float value) {
    const std::uint64_t lba_bytes = 1ull << m_params.lbads;
    const std::uint64_t byte = region * (window_region_lbas() << m_params.lbads) + 4 * index;
    std::vector<std::uint8_t>& block = m_blocks[m_params.window_base_lba + byte / lba_bytes];
    block.resize(lba_bytes, 0);
    std::memcpy(block.data() + byte % lba_bytes, &value, 4);
}

bool fake_nvme_device::window_read(std::uint64_t slba, std::uint64_t nlb,
                                   std::vector<std::uint8_t>& data) {
    const int region = window_region(slba, nlb);
    if (region == -1) {
        return false;
    }
    const std::uint64_t offset = slba - m_params.window_base_lba - region * window_region_lbas();
    if (region < 0) {
        window_errors.push_back("read of " + std::to_string(nlb) + " LBAs at " +
                                std::to_string(slba) + " spans regions");
        return false;
    }
    window_events.push_back({'R', static_cast<unsigned>(region), offset, nlb, m_steps});
    osif::parameter_set set{};
    if (!m_parameter_set.empty()) {
        std::memcpy(&set, m_parameter_set.data(), sizeof set);
    }
    if (region != 0 || set.readback != static_cast<std::uint8_t>(osif::readback_precision::fp16)) {
        return false;
    }
    const std::uint64_t first = (offset << m_params.lbads) / 2;
    for (std::uint64_t i = 0; i < data.size() / 2; ++i) {
        const std::uint16_t half = fw::fp32_to_fp16(state(0, first + i));
        std::memcpy(data.data() + 2 * i, &half, 2);
    }
    return true;
}

void fake_nvme_device::window_write(std::uint64_t slba, std::uint64_t nlb,
                                    const std::vector<std::uint8_t>& data) {
    const int region = window_region(slba, nlb);
    if (region == -1) {
        return;
    }
    if (region < 0) {
        window_errors.push_back("write of " + std::to_string(nlb) + " LBAs at " +
                                std::to_string(slba) + " spans regions");
        return;
    }
    const std::uint64_t offset = slba - m_params.window_base_lba - region * window_region_lbas();
    window_events.push_back({'W', static_cast<unsigned>(region), offset, nlb, m_steps});
    if (region != static_cast<int>(osif::region::g)) {
        return;
    }
    if (m_steps == 0) {
        window_errors.push_back("G write before the first Set Features C2h");
        return;
    }
    osif::parameter_set set{};
    std::memcpy(&set, m_parameter_set.data(), sizeof set);
    const double lr = m_step_lr > 0 ? m_step_lr : set.lr;
    const std::uint64_t first = (offset << m_params.lbads) / 4;
    for (std::uint64_t i = 0; i < data.size() / 4; ++i) {
        float g = 0.0f;
        std::memcpy(&g, data.data() + 4 * i, 4);
        const std::uint64_t e = first + i;
        step_gradients.back()[e] = g;
        set_state(0, e, static_cast<float>(state(0, e) - lr * g));
        set_state(1, e, g);
        set_state(2, e, state(2, e) + g * g);
    }
}

} // namespace osvp::test
