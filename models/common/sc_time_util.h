// Exact conversions between osvp::time_ps and sc_core::sc_time (the kernel resolution is 1 ps,
// SystemC's default, which the platform never changes).
#pragma once
#include "common/sim_time.h"

#include <systemc>

namespace osvp {

/// The kernel's current time. Inline: sc_core::sc_time_stamp() is an out-of-line library call,
/// and the per-page paths ask for the time several times per transaction.
inline const sc_core::sc_time& kernel_time() {
    return sc_core::sc_get_curr_simcontext()->time_stamp();
}
/// The kernel's current time in ps.
inline time_ps now_ps() {
    return kernel_time().value();
}

inline time_ps to_ps(const sc_core::sc_time& t) {
    return t.value();
}
inline sc_core::sc_time to_sc(time_ps t) {
    return sc_core::sc_time::from_value(t);
}

} // namespace osvp
