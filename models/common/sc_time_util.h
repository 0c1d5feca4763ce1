// Exact conversions between osvp::time_ps and sc_core::sc_time (the kernel resolution is 1 ps,
// SystemC's default, which the platform never changes).
#pragma once
#include "common/sim_time.h"

#include <systemc>

namespace osvp {

inline time_ps to_ps(const sc_core::sc_time& t) {
    return t.value();
}
inline sc_core::sc_time to_sc(time_ps t) {
    return sc_core::sc_time::from_value(t);
}

} // namespace osvp
