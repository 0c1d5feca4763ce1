// A firmware core waiting for an interrupt resumes at its local time (charged cycles not yet
// synchronised) or when a line of its mask rises, whichever is later; lines outside its mask do
// not wake it. An error the firmware logs is displayed and the firmware goes on. And the wake timer
// the host driver waits with: it fires at the earliest time it was armed for, and again after
// re-arming.
#include "common/sc_scenario.h"
#include "common/sc_time_util.h"
#include "common/wake_timer.h"
#include "controller/fw_core.h"
#include "hal/memory_map.h"

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <functional>
#include <stdexcept>
#include <vector>

using namespace osvp;
using sc_core::SC_NS;
using sc_core::sc_time;

namespace {

/// A fw_core whose bus ends in a target that accepts everything, and a thread that drives one
/// interrupt line at given times.
struct core_bench : sc_core::sc_module {
    controller_config config;
    irq_controller irqs{"irqs"};
    fw_core core;
    tlm_utils::simple_target_socket<core_bench> sink{"sink"};
    tlm_utils::simple_initiator_socket<core_bench> irq_regs{"irq_regs"};
    std::vector<std::pair<time_ps, unsigned>> raises; ///< (time, line)

    SC_HAS_PROCESS(core_bench);
    core_bench(const sc_core::sc_module_name& name, std::function<void(fw::hardware&)> entry,
               std::vector<std::pair<time_ps, unsigned>> r)
        : sc_module(name), core("core", 0, config, irqs, std::move(entry), fw::log_level::error),
          raises(std::move(r)) {
        core.bus.bind(sink);
        irq_regs.bind(irqs.regs);
        sink.register_b_transport(this, &core_bench::accept);
        SC_THREAD(drive);
    }
    void accept(tlm::tlm_generic_payload& trans, sc_time&) {
        trans.set_response_status(tlm::TLM_OK_RESPONSE);
    }
    void drive() {
        for (const auto& [at, line] : raises) {
            sc_core::wait(to_sc(at) - sc_core::sc_time_stamp());
            irqs.set_line(line, true);
        }
    }
};

constexpr unsigned line_a = fw::irq::fic_first;
constexpr unsigned line_b = fw::irq::fic_first + 1;

/// The simulated time at which wait_irq(line_a) returns after 500 cycles (500 ns) are charged.
time_ps resume_time(std::vector<std::pair<time_ps, unsigned>> raises) {
    time_ps resumed = 0;
    core_bench bench(
        "bench",
        [&](fw::hardware& h) {
            h.charge(500);
            h.wait_irq(fw::irq::bit(line_a));
            resumed = to_ps(sc_core::sc_time_stamp());
            EXPECT_EQ(h.now_ps(), resumed) << "the local offset is consumed";
        },
        std::move(raises));
    sc_core::sc_start();
    return resumed;
}

} // namespace

TEST(fw_core_wait, a_line_already_pending_is_seen_at_the_cores_local_time) {
    OSVP_SCENARIO(EXPECT_EQ(resume_time({{0, line_a}}), 500'000u));
}

TEST(fw_core_wait, a_line_rising_before_the_local_time_is_seen_at_the_local_time) {
    OSVP_SCENARIO(EXPECT_EQ(resume_time({{200'000, line_a}}), 500'000u));
}

TEST(fw_core_wait, a_line_rising_after_the_local_time_is_seen_when_it_rises) {
    OSVP_SCENARIO(EXPECT_EQ(resume_time({{800'000, line_a}}), 800'000u));
}

TEST(fw_core_wait, lines_outside_the_mask_do_not_end_the_wait) {
    OSVP_SCENARIO(EXPECT_EQ(resume_time({{300'000, line_b}, {900'000, line_a}}), 900'000u));
}

TEST(fw_core_log, an_error_the_firmware_logs_does_not_stop_the_simulation) {
    OSVP_SCENARIO({
        const int errors_before = sc_core::sc_report_handler::get_count(sc_core::SC_ERROR);
        bool went_on = false;
        core_bench bench("bench",
                         [&](fw::hardware& h) {
                             h.log(fw::log_level::error, "flash operation failed (test)");
                             h.log(fw::log_level::info, "below the core's level: not reported");
                             h.wait_irq(fw::irq::bit(line_a));
                             went_on = true;
                         },
                         {{1'000'000, line_a}});
        EXPECT_NO_THROW(sc_core::sc_start());
        EXPECT_TRUE(went_on);
        EXPECT_EQ(sc_core::sc_report_handler::get_count(sc_core::SC_ERROR), errors_before + 1);
        EXPECT_EQ(sc_core::sc_report_handler::get_count(fw_core::log_type), 1);
    });
}

TEST(wake_timer, fires_at_the_earliest_time_armed_and_again_after_rearming) {
    OSVP_SCENARIO({
        struct bench : sc_core::sc_module {
            wake_timer timer;
            std::vector<time_ps> woke;
            SC_HAS_PROCESS(bench);
            explicit bench(const sc_core::sc_module_name& name) : sc_module(name) {
                SC_THREAD(run);
            }
            void wake_at(time_ps later, time_ps earlier) {
                timer.arm(later);
                timer.arm(earlier);
                timer.arm(later);
                sc_core::wait(timer.event());
                woke.push_back(to_ps(sc_core::sc_time_stamp()));
            }
            void run() {
                wake_at(300'000, 100'000);
                wake_at(900'000, 400'000);
                EXPECT_THROW(timer.arm(to_ps(sc_core::sc_time_stamp())), std::logic_error);
            }
        } b("bench");
        sc_core::sc_start();
        EXPECT_EQ(b.woke, (std::vector<time_ps>{100'000, 400'000}));
    });
}
