// Child processes (POSIX spawn): SystemC allows one elaboration per process, so work that needs
// several simulations (optimstore-vp --compare, the platform tests) runs optimstore-vp once per
// simulation as a child. No SystemC here.
#pragma once
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
/// signal caught by a live termination_signals (termination_signals.h) arrived before or during
/// the wait. Throws std::runtime_error if waitpid fails (e.g. when there is no child).
std::pair<pid_t, exit_status> wait_any_process();

/// Ends child `pid`: SIGTERM, then waits for it.
void stop_process(pid_t pid);

/// "exit code N" or "killed by signal N (name)".
std::string describe(const exit_status& status);

} // namespace osvp
