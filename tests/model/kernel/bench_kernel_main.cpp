// The SystemC kernel's own cost per timed wait (not a test): `bench_kernel [processes] [waits]
// [thread|method]` runs `processes` processes (default 128, about as many as the paper drive keeps
// in timed waits: 64 flash lanes, DMA engines, firmware cores, host) that each wait a fixed,
// process-specific period in a loop, `waits` waits in all (default 4,000,000), and prints the CPU
// time per wait. `thread` (the default) uses SC_THREADs calling wait(t), as the models do;
// `method` uses SC_METHODs re-arming themselves with next_trigger(t), which saves the coroutine
// switch and is the cheapest timed activation the kernel offers. No model code runs, so this is
// the floor under any design that costs k timed activations per simulated page: at most
// 1 / (k x this) pages per second, whatever the models do.
#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <systemc>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

namespace {

struct sleepers : sc_core::sc_module {
    std::uint64_t per_process;
    std::vector<std::uint64_t> done;
    sc_core::sc_event start;

    SC_HAS_PROCESS(sleepers);
    sleepers(const sc_core::sc_module_name& name, unsigned processes, std::uint64_t waits,
             bool methods)
        : sc_module(name), per_process(waits / processes), done(processes, 0) {
        for (unsigned p = 0; p < processes; ++p) {
            // Periods of 1000 + 37 p ps: wake times interleave, as flash lanes' do.
            const sc_core::sc_time period = sc_core::sc_time::from_value(1000 + 37 * p);
            const char* name = sc_core::sc_gen_unique_name("sleeper");
            if (methods) {
                sc_core::sc_spawn_options options;
                options.spawn_method();
                options.dont_initialize();
                options.set_sensitivity(&start);
                sc_core::sc_spawn(
                    [this, p, period] {
                        if (done[p]++ < per_process) {
                            sc_core::next_trigger(period);
                        }
                    },
                    name, &options);
            } else {
                sc_core::sc_spawn(
                    [this, p, period] {
                        for (; done[p] < per_process; ++done[p]) {
                            sc_core::wait(period);
                        }
                    },
                    name);
            }
        }
        start.notify(sc_core::SC_ZERO_TIME);
    }
};

std::uint64_t parse(const char* text, const char* what) {
    try {
        std::size_t used = 0;
        const unsigned long long value = std::stoull(text, &used);
        if (used == std::string(text).size() && value > 0) {
            return value;
        }
    } catch (const std::exception&) {
    }
    std::fprintf(stderr, "bench_kernel: %s must be a positive integer, got '%s'\n", what, text);
    std::exit(2);
}

bool parse_kind(const char* text) {
    const std::string kind(text);
    if (kind != "thread" && kind != "method") {
        std::fprintf(stderr, "bench_kernel: the process kind must be thread or method, got '%s'\n",
                     text);
        std::exit(2);
    }
    return kind == "method";
}

} // namespace

int sc_main(int argc, char** argv) {
    const unsigned processes = argc > 1 ? static_cast<unsigned>(parse(argv[1], "processes")) : 128;
    const std::uint64_t waits = argc > 2 ? parse(argv[2], "waits") : 4'000'000;
    const bool methods = argc > 3 && parse_kind(argv[3]);
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    sleepers s("sleepers", processes, waits, methods);
    const std::clock_t begin = std::clock();
    sc_core::sc_start();
    const double cpu = static_cast<double>(std::clock() - begin) / CLOCKS_PER_SEC;
    const double done = static_cast<double>(s.per_process) * processes;
    std::printf("SystemC kernel, %u %s: %.0f timed waits in %.2f s CPU, %.0f ns per wait "
                "(%.2f M waits/s)\n",
                processes, methods ? "methods (next_trigger)" : "threads (wait)", done, cpu,
                cpu / done * 1e9, done / cpu / 1e6);
    return 0;
}
