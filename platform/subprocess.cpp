#include "subprocess.h"

#include "termination_signals.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace osvp {

pid_t start_process(const std::vector<std::string>& argv, const std::string& out_file,
                    const std::string& err_file) {
    if (argv.empty()) {
        throw std::invalid_argument("start_process: empty argument list");
    }
    std::vector<std::string> text = argv;
    std::vector<char*> pointers;
    for (std::string& a : text) {
        pointers.push_back(a.data());
    }
    pointers.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, pointers[0], &actions, nullptr, pointers.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        throw std::runtime_error("cannot start '" + argv[0] + "': " + std::strerror(rc));
    }
    return pid;
}

namespace {

/// waitpid(`pid`) with EINTR retried (unless `interruptible` and a termination signal was
/// caught: pid 0 then): the pid that ended and its status.
std::pair<pid_t, exit_status> wait_for(pid_t pid, bool interruptible) {
    int status = 0;
    pid_t ended = 0;
    while (true) {
        if (interruptible && termination_signals::caught() != 0) {
            return {0, exit_status{}};
        }
        ended = ::waitpid(pid, &status, 0);
        if (ended >= 0) {
            break;
        }
        if (errno != EINTR) {
            throw std::runtime_error(
                "waiting for " +
                (pid < 0 ? std::string("a child process") : "process " + std::to_string(pid)) +
                " failed: " + std::strerror(errno));
        }
    }
    exit_status s;
    if (WIFEXITED(status)) {
        s.code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        s.signal = WTERMSIG(status);
    }
    return {ended, s};
}

} // namespace

exit_status wait_process(pid_t pid) {
    return wait_for(pid, false).second;
}

std::pair<pid_t, exit_status> wait_any_process() {
    return wait_for(-1, true);
}

void stop_process(pid_t pid) {
    ::kill(pid, SIGTERM);
    wait_process(pid);
}

std::string describe(const exit_status& status) {
    if (status.signal != 0) {
        return "killed by signal " + std::to_string(status.signal) + " (" +
               ::strsignal(status.signal) + ")";
    }
    return "exit code " + std::to_string(status.code);
}

} // namespace osvp
