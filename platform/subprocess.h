// Child processes (POSIX spawn): SystemC allows one elaboration per process, so work that needs
// several simulations (optimstore-vp --compare, the platform tests) runs optimstore-vp once per
// simulation as a child. No SystemC here.
#pragma once
#include <signal.h>
#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

namespace osvp {

/// How a child ended: its exit code, or the signal that killed it (code -1 then).
struct exit_status {
    int code = -1;
    int signal = 0;
};

/// Starts argv[0] (searched in PATH when it has no '/') with its stdout and stderr written to
/// `out_file` and `err_file` (created or truncated). Throws std::runtime_error naming the
/// program when it cannot be started.
pid_t start_process(const std::vector<std::string>& argv, const std::string& out_file,
                    const std::string& err_file);

/// Waits for child `pid` to end. Throws std::runtime_error if waitpid fails.
exit_status wait_process(pid_t pid);

/// Waits for whichever child ends first and returns its pid and status; returns pid 0 when a
/// signal caught by a live termination_signals arrived before or during the wait. Throws
/// std::runtime_error if waitpid fails (e.g. when there is no child).
std::pair<pid_t, exit_status> wait_any_process();

/// Ends child `pid`: SIGTERM, then waits for it.
void stop_process(pid_t pid);

/// While it lives, SIGINT, SIGTERM and SIGHUP are caught instead of ending the process (the
/// previous handlers come back when it is destroyed), so that a process running children can stop
/// them and remove its files. One may live at a time. A signal that arrives in the instant
/// between wait_any_process's check and its wait is seen when the next child ends (a terminal's
/// Ctrl-C reaches the children too, so they end at once).
class termination_signals {
public:
    termination_signals();
    ~termination_signals();
    termination_signals(const termination_signals&) = delete;
    termination_signals& operator=(const termination_signals&) = delete;
    /// The latest of those signals caught by the live one, or 0.
    static int caught();
};

/// "exit code N" or "killed by signal N (name)".
std::string describe(const exit_status& status);

} // namespace osvp
