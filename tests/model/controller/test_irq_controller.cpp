// The interrupt controller's IPI registers under loosely timed initiators: a raise takes effect
// at the writer's local time (the annotated delay), an acknowledge at once.
#include "common/sc_scenario.h"
#include "common/sc_time_util.h"
#include "common/tlm_access.h"
#include "controller/irq_controller.h"
#include "hal/memory_map.h"

#include <tlm_utils/simple_initiator_socket.h>

#include <functional>
#include <string>

using namespace osvp;
using sc_core::SC_NS;
using sc_core::sc_time;

namespace {

struct irq_bench : sc_core::sc_module {
    irq_controller irqs{"irqs"};
    tlm_utils::simple_initiator_socket<irq_bench> bus{"bus"};
    std::function<void(irq_bench&)> sender;
    std::function<void(irq_bench&)> receiver;

    SC_HAS_PROCESS(irq_bench);
    irq_bench(const sc_core::sc_module_name& name, std::function<void(irq_bench&)> send,
              std::function<void(irq_bench&)> receive)
        : sc_module(name), sender(std::move(send)), receiver(std::move(receive)) {
        bus.bind(irqs.regs);
        SC_THREAD(send_thread);
        SC_THREAD(receive_thread);
    }
    void send_thread() { sender(*this); }
    void receive_thread() { receiver(*this); }

    /// Writes `core` to `reg` with `local` as the initiator's annotated local time.
    void write(std::uint64_t reg, std::uint32_t core, sc_time local) {
        EXPECT_EQ(test::tlm_access(bus, tlm::TLM_WRITE_COMMAND, reg, &core, 4, local),
                  tlm::TLM_OK_RESPONSE);
    }
};

std::uint64_t ipi(unsigned core) {
    return fw::irq::bit(fw::irq::ipi_first + core);
}

} // namespace

TEST(irq_controller, a_raise_takes_effect_at_the_writers_local_time) {
    OSVP_SCENARIO({
        time_ps woke = 0;
        irq_bench bench(
            "bench",
            [](irq_bench& b) {
                sc_core::wait(sc_time(1000, SC_NS));
                b.write(fw::irq::reg_raise, 1, sc_time(250, SC_NS));
            },
            [&](irq_bench& b) {
                b.irqs.wait_for(ipi(1));
                woke = to_ps(sc_core::sc_time_stamp());
            });
        sc_core::sc_start();
        EXPECT_EQ(woke, 1'250'000u);
    });
}

TEST(irq_controller, raises_apply_in_time_order_and_an_acknowledge_clears_at_once) {
    OSVP_SCENARIO({
        std::vector<std::pair<time_ps, std::uint64_t>> seen;
        irq_bench bench(
            "bench",
            [](irq_bench& b) {
                b.write(fw::irq::reg_raise, 2, sc_time(300, SC_NS));
                b.write(fw::irq::reg_raise, 0, sc_time(100, SC_NS));
                b.write(fw::irq::reg_raise, 1, sc_core::SC_ZERO_TIME);
            },
            [&](irq_bench& b) {
                for (unsigned core : {1u, 0u, 2u}) {
                    const std::uint64_t pending = b.irqs.wait_for(ipi(core));
                    seen.emplace_back(to_ps(sc_core::sc_time_stamp()), pending);
                    b.write(fw::irq::reg_ack, core, sc_time(50, SC_NS));
                    EXPECT_EQ(b.irqs.pending() & ipi(core), 0u) << "core " << core;
                }
            });
        sc_core::sc_start();
        ASSERT_EQ(seen.size(), 3u);
        EXPECT_EQ(seen[0], std::make_pair(time_ps{0}, ipi(1)));
        EXPECT_EQ(seen[1], std::make_pair(time_ps{100'000}, ipi(0)));
        EXPECT_EQ(seen[2], std::make_pair(time_ps{300'000}, ipi(2)));
    });
}

TEST(irq_controller, the_pending_register_reads_the_mask_and_a_bad_core_is_an_error) {
    OSVP_SCENARIO({
        std::uint64_t read = 0;
        std::uint64_t peeked = 0;
        bool refused = false;
        irq_bench bench(
            "bench",
            [&](irq_bench& b) {
                b.write(fw::irq::reg_raise, 3, sc_core::SC_ZERO_TIME);
                b.irqs.set_line(fw::irq::fic_first, true);
                EXPECT_EQ(
                    test::tlm_access(b.bus, tlm::TLM_READ_COMMAND, fw::irq::reg_pending, &read, 8),
                    tlm::TLM_OK_RESPONSE);
                tlm::tlm_generic_payload trans;
                trans.set_command(tlm::TLM_READ_COMMAND);
                trans.set_address(fw::irq::reg_pending);
                trans.set_data_ptr(reinterpret_cast<unsigned char*>(&peeked));
                trans.set_data_length(8);
                EXPECT_EQ(b.bus->transport_dbg(trans), 8u);
                std::uint32_t core = fw::irq::max_cores;
                try {
                    test::tlm_access(b.bus, tlm::TLM_WRITE_COMMAND, fw::irq::reg_raise, &core, 4);
                } catch (const sc_core::sc_report& e) {
                    refused = std::string(e.what()).find("reg_raise written with core 8; "
                                                         "allowed 0..7") != std::string::npos;
                }
            },
            [](irq_bench&) {});
        sc_core::sc_start();
        EXPECT_EQ(read, ipi(3) | fw::irq::bit(fw::irq::fic_first));
        EXPECT_EQ(peeked, read);
        EXPECT_TRUE(refused) << "a raise of core 8 must be reported, naming the core";
        EXPECT_EQ(bench.irqs.pending(), read) << "the refused raise changes nothing";
    });
}
