// One firmware core of the controller SoC: an SC_THREAD that runs a firmware entry point and
// implements the firmware's hal with TLM transactions on the interconnect. Charged CPU time and
// bus delays accumulate in a local time offset (temporal decoupling) that is synchronised with
// the kernel when it exceeds the quantum; a core waiting for an interrupt resumes at its local
// time or when a line of its mask rises, whichever is later. Firmware log lines are SystemC
// reports of message type fw_core::log_type, displayed and nothing more: an error the firmware
// logs (and handles) never stops the simulation.
#pragma once
#include "controller/controller_config.h"
#include "controller/irq_controller.h"
#include "hal/hal.h"

#include <systemc>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

#include <functional>

namespace osvp {

class fw_core : public sc_core::sc_module, public fw::hardware {
public:
    /// The message type of firmware log lines: "[simulated time] core<N> <level>: <message>".
    static constexpr const char* log_type = "osvp/firmware";

    tlm_utils::simple_initiator_socket<fw_core> bus;

    /// `entry` runs on this core's thread; it normally never returns.
    SC_HAS_PROCESS(fw_core);
    fw_core(const sc_core::sc_module_name& name, unsigned id, const controller_config& config,
            irq_controller& irqs, std::function<void(fw::hardware&)> entry,
            fw::log_level max_level);

    std::uint32_t read32(std::uint64_t address) override;
    void write32(std::uint64_t address, std::uint32_t value) override;
    void read(std::uint64_t address, void* destination, std::size_t length) override;
    void write(std::uint64_t address, const void* source, std::size_t length) override;
    std::uint64_t wait_irq(std::uint64_t mask) override;
    void charge(std::uint64_t cycles) override;
    std::uint64_t now_ps() const override;
    unsigned core_id() const override { return m_id; }
    void log(fw::log_level level, const std::string& message) override;

    /// Time spent executing firmware (charged cycles), for utilisation.
    time_ps busy_total() const { return m_busy; }

    /// Called with [begin, end) ps of every charge(), at the core's local time (temporal
    /// decoupling: ahead of the kernel by up to one quantum), for traces. May be empty.
    std::function<void(time_ps begin, time_ps end)> on_busy;
    /// Called with every log line the core emits (its level or more severe) at the core's local
    /// time, for traces. May be empty.
    std::function<void(fw::log_level level, time_ps at, const std::string& message)> on_log;

    /// "error", "warning", "info" or "debug".
    static const char* level_name(fw::log_level level);

private:
    void run();
    void access(tlm::tlm_command command, std::uint64_t address, void* data, std::size_t length);

    unsigned m_id;
    const controller_config& m_config;
    irq_controller& m_irqs;
    std::function<void(fw::hardware&)> m_entry;
    fw::log_level m_max_level;
    tlm_utils::tlm_quantumkeeper m_keeper;
    tlm::tlm_generic_payload m_trans;
    time_ps m_busy = 0;
};

} // namespace osvp
