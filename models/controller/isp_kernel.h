// Behaviour of the controller ISP engine (C-ISP mode, hal/isp_if.h), no SystemC: executes an
// optimizer's die command template over a super-page staging buffer in SSD DRAM. The arithmetic
// is the dies' own: an odp::odp_unit holds the planes' registers, so results equal OptimStore's
// bit for bit. BPR copies the buffer's planes into the data registers, VPP the gradient page into
// a cache register, ODCs and register copies run on the odp_unit, BPP copies the data registers
// back into the buffer.
#pragma once
#include "flash/odp/odp_unit.h"
#include "flash/update_plan.h"
#include "hal/flash_if.h"

#include <cstdint>
#include <vector>

namespace osvp {

/// Work of one super-page, for the engine's timing.
struct isp_work {
    std::uint64_t element_passes = 0; ///< FP32 element passes over all ODCs (odp_unit counting)
    std::uint64_t bytes_in = 0;       ///< states read from the buffer plus the gradient page
    std::uint64_t bytes_out = 0;      ///< states written back to the buffer
    std::uint8_t load_mask = 0;       ///< planes BPR loads from the buffer
    std::uint8_t store_mask = 0;      ///< planes BPP stores into the buffer
    bool gradient = false;            ///< whether VPP loads the gradient page
};

class isp_kernel {
public:
    /// `config` as the dies' ODP blocks (planes, page size, ISQRT, whether data is stored).
    explicit isp_kernel(const odp::odp_config& config);

    /// Installs a template; false (and no template) when it breaks hal::validate_template.
    bool set_template(const hal::odp_template& t);
    /// Loads the constant registers; false when count exceeds hal::odp_const_reg_count.
    bool set_constants(const fw::fic::odp_constants& c);
    bool ready() const { return m_template_ok && m_constants_ok; }

    /// The work of one update without executing it (the engine's DRAM traffic and time).
    isp_work plan() const;
    /// Runs the template on `states` (plane p's page at p * page_bytes; read and written) and
    /// `gradient` (one page). Both may be null when the config stores no data. Returns the first
    /// status other than ok and stops there.
    hal::odp_status run(std::uint8_t* states, const std::uint8_t* gradient);

private:
    hal::odp_status run_step(const die_step& step, std::uint8_t* states,
                             const std::uint8_t* gradient);

    odp::odp_unit m_unit;
    std::vector<die_step> m_steps;
    fw::fic::odp_constants m_constants{};
    bool m_template_ok = false;
    bool m_constants_ok = false;
};

} // namespace osvp
