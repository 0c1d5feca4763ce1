#include "flash/update_plan.h"

namespace osvp {

std::vector<die_step> expand_template(const hal::odp_template& t) {
    hal::validate_template(t, hal::odp_max_planes);
    std::vector<die_step> steps;
    bool open_group = false;
    for (std::size_t i = 0; i < t.step_count; ++i) {
        const hal::odp_step& s = t.steps[i];
        if (!open_group) {
            steps.push_back({s.op, 0, {}, 0});
        }
        die_step& d = steps.back();
        d.plane_mask = static_cast<std::uint8_t>(d.plane_mask | s.plane_mask);
        if (hal::is_odc(s.op)) {
            d.odcs[d.odc_count++] = {s.op, {0, s.v1_plane, s.v2_plane, s.const_reg}};
        }
        open_group = (s.flags & hal::step_concurrent_with_next) != 0;
    }
    return steps;
}

} // namespace osvp
