// The controller ISP engine of the C-ISP mode (register interface hal/isp_if.h): a thin timing
// shell around isp_kernel. It serves descriptors in arrival order, one at a time: reads the
// staging buffer's state pages and the gradient page from SSD DRAM, computes for
// element_passes x isp_cycles_per_element core cycles, writes the states back, and completes.
// The firmware overlaps the flash reads of further super-pages with this compute (double
// buffering in DRAM). The interrupt line is high while completions wait.
#pragma once
#include "common/sim_time.h"
#include "controller/controller_config.h"
#include "controller/isp_kernel.h"
#include "flash/flash_config.h"
#include "hal/isp_if.h"

#include <nlohmann/json.hpp>
#include <systemc>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <deque>
#include <functional>
#include <vector>

namespace osvp {

class isp_engine : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<isp_engine> regs;
    tlm_utils::simple_initiator_socket<isp_engine> to_memory;
    /// Drives the engine's interrupt line (level).
    std::function<void(bool)> irq;

    SC_HAS_PROCESS(isp_engine);
    isp_engine(const sc_core::sc_module_name& name, const controller_config& controller,
               const flash_config& flash);

    /// Compute time of one update of the installed template (ps).
    time_ps compute_time() const;
    nlohmann::json stats() const;

private:
    struct queued {
        fw::isp::descriptor desc;
        time_ps arrival;
    };

    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& trans);
    void run();
    bool memory(tlm::tlm_command command, std::uint64_t address, std::uint8_t* data,
                std::uint64_t length, sc_core::sc_time& delay);
    void complete(std::uint32_t tag, fw::fic::status status);

    const controller_config& m_controller;
    std::uint32_t m_page;
    unsigned m_planes;
    bool m_functional;
    isp_kernel m_kernel;
    std::deque<queued> m_queue;
    sc_core::sc_event m_wake;
    std::deque<fw::fic::completion> m_done;
    std::vector<std::uint8_t> m_states;
    std::vector<std::uint8_t> m_gradient;
    tlm::tlm_generic_payload m_trans;
    std::uint64_t m_updates = 0;
    std::uint64_t m_element_passes = 0;
    std::uint64_t m_failed = 0;
    time_ps m_busy = 0;
};

} // namespace osvp
