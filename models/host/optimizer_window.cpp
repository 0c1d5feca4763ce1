#include "host/optimizer_window.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

namespace osvp {
namespace {

namespace osif = fw::optimstore_if;

constexpr std::size_t feature_buffer_bytes = 4096;

template <typename T>
std::vector<std::uint8_t> buffer_of(const T& payload) {
    static_assert(sizeof(T) <= feature_buffer_bytes, "payload fits the 4 KiB buffer");
    std::vector<std::uint8_t> data(feature_buffer_bytes, 0);
    std::memcpy(data.data(), &payload, sizeof payload);
    return data;
}

osif::schedule_kind schedule_of(fw::lr_schedule_kind kind) {
    switch (kind) {
    case fw::lr_schedule_kind::step_decay:
        return osif::schedule_kind::step_decay;
    case fw::lr_schedule_kind::warmup_cosine:
        return osif::schedule_kind::warmup_cosine;
    case fw::lr_schedule_kind::constant:
        break;
    }
    return osif::schedule_kind::constant;
}

} // namespace

std::vector<std::uint8_t> encode_parameter_set(const training_config& config,
                                               std::uint64_t elements) {
    osif::parameter_set set{};
    const fw::optimizer_params& p = config.optimizer;
    set.version = osif::version;
    set.optimizer = static_cast<std::uint8_t>(p.kind);
    set.readback = static_cast<std::uint8_t>(config.readback == training_readback::fp16
                                                 ? osif::readback_precision::fp16
                                                 : osif::readback_precision::fp32);
    set.schedule = static_cast<std::uint8_t>(schedule_of(config.schedule.kind));
    set.lr = p.lr;
    set.beta1 = p.beta1;
    set.beta2 = p.beta2;
    set.momentum = p.momentum;
    set.alpha = p.alpha;
    set.eps = p.eps;
    set.weight_decay = p.weight_decay;
    set.loss_scale = p.loss_scale;
    set.elements = elements;
    set.step_size = config.schedule.step_size;
    set.warmup_steps = config.schedule.warmup_steps;
    set.total_steps = config.schedule.total_steps;
    set.gamma = config.schedule.gamma;
    set.min_lr_ratio = config.schedule.min_lr_ratio;
    return buffer_of(set);
}

std::vector<std::uint8_t> encode_step_begin(double loss_scale, double lr) {
    return buffer_of(osif::step_begin{loss_scale, lr});
}

osif::window_info decode_window_info(const std::vector<std::uint8_t>& data) {
    osif::window_info info{};
    if (data.size() < sizeof info) {
        throw std::invalid_argument("window_info needs " + std::to_string(sizeof info) +
                                    " B, got " + std::to_string(data.size()));
    }
    std::memcpy(&info, data.data(), sizeof info);
    return info;
}

optimizer_window::optimizer_window(const osif::window_info& info, std::uint32_t lba_bytes,
                                   std::uint64_t namespace_lbas, std::uint64_t elements)
    : m_info(info), m_lba_bytes(lba_bytes), m_page_bytes(0), m_model_pages(0) {
    const std::string window = "optimizer window (base LBA " + std::to_string(info.base_lba) +
                               ", " + std::to_string(info.region_lbas) + " LBAs per region, " +
                               std::to_string(info.super_pages) + " super-pages)";
    if (info.super_pages == 0 || info.region_lbas == 0 ||
        info.region_lbas % info.super_pages != 0) {
        throw std::runtime_error(window + ": needs at least one super-page and regions of whole "
                                          "pages (region_lbas a multiple of super_pages)");
    }
    const std::uint64_t lbas_per_page = info.region_lbas / info.super_pages;
    m_page_bytes = lbas_per_page * lba_bytes;
    if (m_page_bytes % 8 != 0) {
        throw std::runtime_error(window + ": page of " + std::to_string(m_page_bytes) +
                                 " B must hold whole FP32 pairs (a multiple of 8 B)");
    }
    if (info.region_lbas > (namespace_lbas - std::min(namespace_lbas, info.base_lba)) / 4) {
        throw std::runtime_error(window + ": its four regions end beyond the namespace's " +
                                 std::to_string(namespace_lbas) + " LBAs");
    }
    const std::uint64_t per_page = m_page_bytes / osif::element_bytes;
    m_model_pages = osif::pages_for(elements, m_page_bytes);
    if (elements == 0 || m_model_pages > info.super_pages) {
        throw std::runtime_error(
            window + " is too small for the model: " + std::to_string(elements) +
            " parameters need " + std::to_string(m_model_pages) + " super-pages of " +
            std::to_string(per_page) + " elements, the window holds " +
            std::to_string(info.super_pages * per_page) + " elements");
    }
}

std::uint64_t optimizer_window::lba(osif::region r, std::uint64_t offset) const {
    if (offset % m_lba_bytes != 0 || offset / m_lba_bytes >= m_info.region_lbas) {
        throw std::invalid_argument("optimizer window: byte offset " + std::to_string(offset) +
                                    " must be a multiple of " + std::to_string(m_lba_bytes) +
                                    " inside a region of " + std::to_string(m_info.region_lbas) +
                                    " LBAs");
    }
    return osif::window_lba(m_info, r, offset / m_lba_bytes);
}

std::uint64_t optimizer_window::region_bytes(bool fp16) const {
    const std::uint64_t bytes = m_model_pages * m_page_bytes;
    if (!fp16) {
        return bytes;
    }
    const std::uint64_t half = bytes / 2;
    return (half + m_lba_bytes - 1) / m_lba_bytes * m_lba_bytes;
}

} // namespace osvp
