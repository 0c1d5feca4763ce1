#include "termination_signals.h"

#include <csignal>
#include <iterator>
#include <stdexcept>

namespace osvp {
namespace {

volatile std::sig_atomic_t g_caught = 0;
bool g_catching = false;
constexpr int g_signals[] = {SIGINT, SIGTERM, SIGHUP};
struct sigaction g_previous[std::size(g_signals)];

void record(int signal) {
    g_caught = signal;
}

} // namespace

termination_signals::termination_signals() {
    if (g_catching) {
        throw std::logic_error("termination_signals: one is already catching");
    }
    g_catching = true;
    g_caught = 0;
    struct sigaction action {};
    action.sa_handler = record;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < std::size(g_signals); ++i) {
        ::sigaction(g_signals[i], &action, &g_previous[i]);
    }
}

termination_signals::~termination_signals() {
    for (std::size_t i = 0; i < std::size(g_signals); ++i) {
        ::sigaction(g_signals[i], &g_previous[i], nullptr);
    }
    g_catching = false;
    g_caught = 0;
}

int termination_signals::caught() {
    return g_caught;
}

} // namespace osvp
