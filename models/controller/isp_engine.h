// The controller ISP engine of the C-ISP mode (register interface hal/isp_if.h): a thin timing
// shell around isp_kernel, pipelined over two local buffers (double buffering, optimstore.md
// section 5): a load stage reads a super-page's state planes (the template's BPR planes) and its
// gradient page from SSD DRAM into a free buffer, a compute stage runs the kernel for
// element_passes x isp_cycles_per_element core cycles, a store stage writes the BPP planes back.
// The load of the next super-page and the store of the previous overlap the current compute;
// loads and stores share the DRAM port with everyone else. Descriptors are served in arrival
// order. The interrupt line is high while completions wait.
#pragma once
#include "common/register_window.h"
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

    /// Local super-page buffers: two, so one loads or stores while the other computes (the
    /// paper's double buffering).
    static constexpr unsigned buffer_count = 2;

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
    struct buffer {
        fw::isp::descriptor desc{};
        hal::odp_status status = hal::odp_status::ok;
        std::vector<std::uint8_t> states;
        std::vector<std::uint8_t> gradient;
    };

    /// Declares the registers of hal/isp_if.h in m_regs.
    void map_registers();
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& trans);
    /// The oldest completion (reg_completion), or an invalid one when none waits.
    fw::fic::completion pop_completion();
    void load_stage();
    void compute_stage();
    void store_stage();
    bool memory(tlm::tlm_command command, std::uint64_t address, std::uint8_t* data,
                std::uint64_t length, sc_core::sc_time& delay);
    /// Moves the planes in `mask` between `b` and its staging buffer in DRAM, one access each.
    bool move_planes(tlm::tlm_command command, buffer& b, std::uint8_t mask,
                     sc_core::sc_time& delay);
    /// Passes buffer `index` to `next` and wakes its stage.
    static void hand_over(std::deque<unsigned>& next, sc_core::sc_event& wake, unsigned index);
    /// Waits until `from` holds a buffer index (signalled by `filled`) and takes the first.
    static unsigned take_over(std::deque<unsigned>& from, sc_core::sc_event& filled);
    void complete(std::uint32_t tag, fw::fic::status status);

    const controller_config& m_controller;
    register_window m_regs;
    std::uint32_t m_page;
    bool m_functional;
    isp_kernel m_kernel;
    std::deque<queued> m_queue;
    sc_core::sc_event m_wake;
    std::vector<buffer> m_buffers;
    std::deque<unsigned> m_free, m_loaded, m_computed;
    sc_core::sc_event m_freed, m_loaded_event, m_computed_event;
    std::deque<fw::fic::completion> m_done;
    tlm::tlm_generic_payload m_trans; ///< every stage's DRAM access (b_transport never waits)
    std::uint64_t m_updates = 0;
    std::uint64_t m_element_passes = 0;
    std::uint64_t m_failed = 0;
    time_ps m_load_busy = 0;
    time_ps m_compute_busy = 0;
    time_ps m_store_busy = 0;
};

} // namespace osvp
