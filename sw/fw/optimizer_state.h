// In-storage optimization state of the firmware (optimstore.md section 3): the optimizer LBA
// window of namespace 1 (hal/optimstore_if.h), the parameter set and program installed by the
// host, the iteration manager that computes each step's constants, and the reservoir's
// super-page map. Shared by the host interface (window decoding, vendor features) and the flash
// layer (placing and updating super-pages); every method runs to completion without a hal call.
#pragma once
#include "ftl/reservoir_map.h"
#include "fw/firmware_config.h"
#include "hal/optimstore_if.h"
#include "nvme/identify.h"
#include "optim/iteration_manager.h"
#include "optim/optimizer_program.h"

#include <memory>
#include <optional>

namespace osvp::fw {

using optimstore_if::window_page;

class optimizer_state {
public:
    /// The window starts after `user_lbas`; its regions are sized by the reservoir capacity.
    optimizer_state(const firmware_config& config, std::uint64_t user_lbas);

    std::uint64_t window_base() const { return m_base; }
    std::uint64_t region_lbas() const { return m_region_lbas; }
    std::uint64_t window_lbas() const { return 4 * m_region_lbas; }
    /// The page of `lba` (which must lie in the window).
    window_page locate(std::uint64_t lba) const;

    /// Installs a parameter set: validates it, builds the program and sizes the reservoir map.
    /// Returns an NVMe status (Invalid Field with the reason in `why` for bad values).
    nvme::status configure(const optimstore_if::parameter_set& set, std::string& why);
    bool configured() const { return m_map != nullptr; }
    /// Begins the next step; returns its constants.
    step_constants begin_step(const optimstore_if::step_begin& begin);

    const optimizer_program& program() const { return *m_program; }
    reservoir_map& map() { return *m_map; }
    /// Plane of a state region (W, M or V; G with the read-path engine, which programs
    /// gradients), or nullopt when the optimizer keeps no such state.
    std::optional<unsigned> plane_of(optimstore_if::region r) const;
    /// True when the parameter set asks for the weights to be read back in FP16.
    bool fp16_readback() const { return m_fp16_readback; }
    std::uint64_t steps_begun() const { return m_manager ? m_manager->step() : 0; }
    optimstore_if::window_info info() const;

private:
    const firmware_config& m_config;
    std::uint64_t m_base;
    std::uint64_t m_capacity;
    std::uint64_t m_region_lbas;
    std::optional<optimizer_program> m_program;
    std::unique_ptr<iteration_manager> m_manager;
    std::unique_ptr<reservoir_map> m_map;
    bool m_fp16_readback = false;
};

} // namespace osvp::fw
