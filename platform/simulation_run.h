// The simulation phase of optimstore-vp: sc_start in slices of simulated time, so that a
// termination signal (termination_signals.h) ends the run at the next slice boundary with the
// statistics and traces of the time simulated so far, instead of killing the process mid-write.
// Slicing does not change the simulation: every event due in a slice runs in it, in the same
// order as in one sc_start.
#pragma once
#include <systemc>

namespace osvp {

/// Runs until the platform stops (sc_stop), no activity is left, or a termination signal is
/// caught (the signal is returned then; 0 otherwise).
int run_simulation(const sc_core::sc_time& slice);

} // namespace osvp
