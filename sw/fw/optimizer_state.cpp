#include "fw/optimizer_state.h"

#include <stdexcept>

namespace osvp::fw {

optimizer_state::optimizer_state(const firmware_config& config, std::uint64_t user_lbas)
    : m_config(config), m_base(user_lbas),
      m_capacity(config.split.reservoir_blocks == 0
                     ? 0
                     : reservoir_map::capacity_super_pages(config.geometry, config.split)),
      m_region_lbas(m_capacity * (config.geometry.page_bytes / config.lba_bytes)) {}

window_page optimizer_state::locate(std::uint64_t lba) const {
    return optimstore_if::locate(info(), m_config.geometry.page_bytes / m_config.lba_bytes, lba);
}

nvme::status optimizer_state::configure(const optimstore_if::parameter_set& set, std::string& why) {
    const nvme::status invalid = nvme::status_code::invalid_field;
    try {
        if (set.version != optimstore_if::version) {
            throw std::invalid_argument("parameter_set version " + std::to_string(set.version) +
                                        " (supported: " + std::to_string(optimstore_if::version) +
                                        ")");
        }
        if (set.optimizer > static_cast<std::uint8_t>(optimizer_kind::rmsprop) ||
            set.schedule > static_cast<std::uint8_t>(lr_schedule_kind::warmup_cosine) ||
            set.readback > static_cast<std::uint8_t>(optimstore_if::readback_precision::fp16)) {
            throw std::invalid_argument("unknown optimizer, schedule or read-back precision");
        }
        optimizer_params params;
        params.kind = static_cast<optimizer_kind>(set.optimizer);
        params.lr = set.lr;
        params.beta1 = set.beta1;
        params.beta2 = set.beta2;
        params.momentum = set.momentum;
        params.alpha = set.alpha;
        params.eps = set.eps;
        params.weight_decay = set.weight_decay;
        params.loss_scale = set.loss_scale;
        lr_schedule schedule;
        schedule.kind = static_cast<lr_schedule_kind>(set.schedule);
        schedule.step_size = set.step_size;
        schedule.gamma = set.gamma;
        schedule.warmup_steps = set.warmup_steps;
        schedule.total_steps = set.total_steps;
        schedule.min_lr_ratio = set.min_lr_ratio;
        const std::uint64_t super_pages =
            optimstore_if::pages_for(set.elements, m_config.geometry.page_bytes);
        if (set.elements == 0 || super_pages > m_capacity) {
            throw std::invalid_argument("model of " + std::to_string(set.elements) +
                                        " parameters needs " + std::to_string(super_pages) +
                                        " super-pages; the reservoir holds " +
                                        std::to_string(m_capacity) + " (ftl.reservoir_blocks)");
        }
        optimizer_program program =
            build_program(params.kind, m_config.geometry.planes_per_die,
                          m_config.engine == update_engine::read_path ? gradient_path::read_path
                                                                      : gradient_path::vpp_program);
        auto manager = std::make_unique<iteration_manager>(params, schedule);
        const unsigned planes_used = program.layout.states_per_param +
                                     (program.layout.g_plane != program.layout.w_plane ? 1u : 0u);
        auto map = std::make_unique<reservoir_map>(m_config.geometry, m_config.split, planes_used,
                                                   super_pages);
        m_program = program;
        m_manager = std::move(manager);
        m_map = std::move(map);
        m_fp16_readback =
            set.readback == static_cast<std::uint8_t>(optimstore_if::readback_precision::fp16);
        return nvme::status_code::success;
    } catch (const std::exception& e) {
        why = e.what();
        return invalid;
    }
}

step_constants optimizer_state::begin_step(const optimstore_if::step_begin& begin) {
    return begin.lr > 0 ? m_manager->next_step_with_lr(begin.lr, begin.loss_scale)
                        : m_manager->next_step(begin.loss_scale);
}

std::optional<unsigned> optimizer_state::plane_of(optimstore_if::region r) const {
    const state_layout& l = m_program->layout;
    const std::uint8_t plane = r == optimstore_if::region::w                 ? l.w_plane
                               : r == optimstore_if::region::m               ? l.m_plane
                               : r == optimstore_if::region::v               ? l.v_plane
                               : m_config.engine == update_engine::read_path ? l.g_plane
                                                                             : no_plane;
    return plane == no_plane ? std::nullopt : std::optional<unsigned>(plane);
}

optimstore_if::window_info optimizer_state::info() const {
    return {m_base, m_region_lbas, m_capacity, steps_begun()};
}

} // namespace osvp::fw
