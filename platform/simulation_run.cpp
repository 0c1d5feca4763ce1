#include "simulation_run.h"

#include "termination_signals.h"

#include <algorithm>

namespace osvp {

int run_simulation(const sc_core::sc_time& slice) {
    bool started = false;
    while (sc_core::sc_get_status() != sc_core::SC_STOPPED) {
        if (const int signal = termination_signals::caught(); signal != 0) {
            return signal;
        }
        // Pending activity is known once the kernel has initialised its processes (the first
        // sc_start). Each slice reaches at least the next activity: one without any would not
        // move time.
        if (started && !sc_core::sc_pending_activity()) {
            break;
        }
        sc_core::sc_start(started ? std::max(slice, sc_core::sc_time_to_pending_activity()) : slice,
                          sc_core::SC_EXIT_ON_STARVATION);
        started = true;
    }
    return 0;
}

} // namespace osvp
