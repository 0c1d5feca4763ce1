// Throughput benchmark of the flash path (not a test): one channel controller with 8 dies in
// timing mode. `bench_flash [operations]` pushes page reads and programs (alternating per die,
// single-plane, default 1,000,000) through the controller with a bounded window of outstanding
// descriptors and prints page operations per wall-clock second. `bench_flash odp [updates]`
// posts Adam super-page updates instead (default 100,000) and prints updates per second.
#include "common/units.h"
#include "odp_bench_util.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace osvp;

namespace {

constexpr unsigned window_per_die = 8;

struct bench_run {
    std::uint64_t total = 0;
    std::uint64_t submitted = 0;
    std::uint64_t completed = 0;
    std::uint64_t errors = 0;
    sc_core::sc_event progress;
};

fw::fic::descriptor page_op(const flash_config& f, std::uint64_t i) {
    const unsigned dies = f.dies_per_channel();
    const std::uint64_t round = i / dies;
    const auto op = round % 2 == 0 ? fw::fic::opcode::read : fw::fic::opcode::program;
    const std::uint64_t slot = round / 2;
    const unsigned plane = static_cast<unsigned>(slot % f.planes_per_die);
    const std::uint64_t page_index = slot / f.planes_per_die;
    return {op,
            static_cast<std::uint8_t>(i % dies),
            static_cast<std::uint8_t>(1u << plane),
            0,
            static_cast<std::uint32_t>(page_index / f.pages_per_block % f.blocks_per_plane),
            static_cast<std::uint32_t>(page_index % f.pages_per_block),
            static_cast<std::uint32_t>(i),
            std::uint64_t{i % dies} * f.page_bytes,
            0};
}

void update_op(test::flash_bench& b, std::uint64_t i) {
    const flash_config& f = b.flash;
    const unsigned dies = f.dies_per_channel();
    const std::uint64_t slot = i / dies;
    const auto block = static_cast<std::uint32_t>(slot / f.pages_per_block % f.blocks_per_plane);
    const auto page = static_cast<std::uint32_t>(slot % f.pages_per_block);
    test::submit_update(b, static_cast<unsigned>(i % dies), block, page,
                        (block + 1) % f.blocks_per_plane, page,
                        std::uint64_t{i % dies} * f.page_bytes, static_cast<std::uint32_t>(i));
}

} // namespace

int sc_main(int argc, char** argv) {
    flash_config f;
    f.channels = 1;
    f.functional = false;
    bench_run run;
    const bool odp = argc > 1 && std::string(argv[1]) == "odp";
    const char* count = argc > (odp ? 2 : 1) ? argv[odp ? 2 : 1] : nullptr;
    run.total = count != nullptr ? std::strtoull(count, nullptr, 10) : (odp ? 100'000 : 1'000'000);
    if (run.total == 0) {
        std::fprintf(stderr, "usage: bench_flash [odp] [count > 0], got '%s'\n", count);
        return 2;
    }
    test::flash_bench bench(f, [&](test::flash_bench& b) {
        const std::uint64_t window = std::uint64_t{window_per_die} * f.dies_per_channel();
        if (odp) {
            test::install_template(b, fw::build_program(fw::optimizer_kind::adam, 4).commands);
            test::install_constants(b, 1, test::adam_step_constants());
        }
        while (run.submitted < run.total) {
            while (run.submitted < run.total && run.submitted - run.completed < window) {
                if (odp) {
                    update_op(b, run.submitted++);
                    continue;
                }
                fw::fic::descriptor d = page_op(f, run.submitted++);
                b.access(tlm::TLM_WRITE_COMMAND, fw::fic::reg_submit, &d, sizeof d);
            }
            sc_core::wait(run.progress);
        }
    });
    bench.fic.irq = [&](bool level) {
        while (level) {
            fw::fic::completion c{};
            bench.access(tlm::TLM_READ_COMMAND, fw::fic::reg_completion, &c, sizeof c);
            if (c.valid == 0) {
                break;
            }
            ++run.completed;
            run.errors += c.result != fw::fic::status::ok;
            run.progress.notify(sc_core::SC_ZERO_TIME);
        }
    };
    const auto begin = std::chrono::steady_clock::now();
    sc_core::sc_start();
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    std::printf("%s: %llu (errors %llu), simulated %s, wall %.3f s, %.0f per wall-clock second\n",
                odp ? "super-page updates" : "page operations",
                static_cast<unsigned long long>(run.completed),
                static_cast<unsigned long long>(run.errors),
                format_time(to_ps(sc_core::sc_time_stamp())).c_str(), wall,
                static_cast<double>(run.completed) / wall);
    return run.errors == 0 && run.completed == run.total ? 0 : 1;
}
