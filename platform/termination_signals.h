// Termination signals (SIGINT, SIGTERM, SIGHUP) turned into a flag that long-running work polls:
// optimstore-vp stops its simulation or its --compare children and cleans up instead of dying
// mid-write. No SystemC here.
#pragma once

namespace osvp {

/// While it lives, SIGINT, SIGTERM and SIGHUP are caught instead of ending the process (the
/// previous handlers come back when it is destroyed), so that a process can stop what it runs
/// (children, the simulation) and close or remove its files. One may live at a time. A signal that
/// arrives in the instant between wait_any_process's check and its wait is seen when the next child
/// ends (a terminal's Ctrl-C reaches the children too, so they end at once).
class termination_signals {
public:
    termination_signals();
    ~termination_signals();
    termination_signals(const termination_signals&) = delete;
    termination_signals& operator=(const termination_signals&) = delete;
    /// The latest of those signals caught by the live one, or 0.
    static int caught();
};

} // namespace osvp
