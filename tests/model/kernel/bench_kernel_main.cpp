// The SystemC kernel's own cost per timed wait (not a test): `bench_kernel [threads] [waits]`
// runs `threads` threads (default 128, about as many as the paper drive keeps in timed waits: 64
// flash lanes, DMA engines, firmware cores, host) that each wait a fixed, thread-specific period
// in a loop, `waits` waits in all (default 4,000,000), and prints the CPU time per wait. No model
// code runs, so this is the floor under any design that costs k timed waits per simulated page:
// at most 1 / (k x this) pages per second, whatever the models do.
#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <systemc>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

namespace {

struct sleepers : sc_core::sc_module {
    std::uint64_t per_thread;

    SC_HAS_PROCESS(sleepers);
    sleepers(const sc_core::sc_module_name& name, unsigned threads, std::uint64_t waits)
        : sc_module(name), per_thread(waits / threads) {
        for (unsigned t = 0; t < threads; ++t) {
            // Periods of 1000 + 37 t ps: wake times interleave, as flash lanes' do.
            const sc_core::sc_time period = sc_core::sc_time::from_value(1000 + 37 * t);
            sc_core::sc_spawn(
                [this, period] {
                    for (std::uint64_t i = 0; i < per_thread; ++i) {
                        sc_core::wait(period);
                    }
                },
                sc_core::sc_gen_unique_name("sleeper"));
        }
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

} // namespace

int sc_main(int argc, char** argv) {
    const unsigned threads = argc > 1 ? static_cast<unsigned>(parse(argv[1], "threads")) : 128;
    const std::uint64_t waits = argc > 2 ? parse(argv[2], "waits") : 4'000'000;
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    sleepers s("sleepers", threads, waits);
    const std::clock_t begin = std::clock();
    sc_core::sc_start();
    const double cpu = static_cast<double>(std::clock() - begin) / CLOCKS_PER_SEC;
    const double done = static_cast<double>(s.per_thread) * threads;
    std::printf("SystemC kernel, %u threads: %.0f timed waits in %.2f s CPU, %.0f ns per wait "
                "(%.2f M waits/s)\n",
                threads, done, cpu, cpu / done * 1e9, done / cpu / 1e6);
    return 0;
}
