// A channel with its dies, its flash interface controller, the C-ISP engine and an SSD DRAM
// joined by the controller interconnect as in the platform; a test thread plays the firmware
// through both register windows. Completion times are recorded per tag.
#pragma once
#include "common/sc_time_util.h"
#include "common/tlm_access.h"
#include "controller/dram.h"
#include "controller/flash_if_ctrl.h"
#include "controller/interconnect.h"
#include "controller/isp_engine.h"
#include "flash/flash_channel.h"
#include "flash/flash_die.h"
#include "hal/isp_if.h"

#include <tlm_utils/simple_initiator_socket.h>

#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace osvp::test {

struct isp_bench : sc_core::sc_module {
    flash_config flash;
    controller_config controller;
    flash_channel channel;
    std::vector<std::unique_ptr<flash_die>> dies;
    flash_if_ctrl fic;
    isp_engine isp;
    interconnect bus;
    dram memory;
    tlm_utils::simple_initiator_socket<isp_bench> fic_regs;
    tlm_utils::simple_initiator_socket<isp_bench> isp_regs;
    /// Completion time and status per tag.
    std::map<std::uint32_t, std::pair<time_ps, fw::fic::status>> fic_done, isp_done;
    sc_core::sc_event fic_event, isp_event;
    std::function<void(isp_bench&)> scenario;

    SC_HAS_PROCESS(isp_bench);
    isp_bench(const flash_config& f, std::function<void(isp_bench&)> body,
              const sc_core::sc_module_name& name = "bench")
        : sc_module(name), flash(f), channel("channel", flash), fic("fic", flash),
          isp("isp", controller, flash), bus("bus", controller.interconnect_latency),
          memory("memory", controller), fic_regs("fic_regs"), isp_regs("isp_regs"),
          scenario(std::move(body)) {
        for (unsigned d = 0; d < flash.dies_per_channel(); ++d) {
            dies.push_back(std::make_unique<flash_die>(("die" + std::to_string(d)).c_str(), flash));
            channel.to_dies.bind(dies.back()->socket);
        }
        fic.to_channel.bind(channel.socket);
        fic.to_memory.bind(bus.from_initiators);
        isp.to_memory.bind(bus.from_initiators);
        bus.to_targets.bind(memory.socket);
        bus.map(0, 0, controller.dram_bytes);
        fic_regs.bind(fic.regs);
        isp_regs.bind(isp.regs);
        fic.irq = [this](bool level) {
            drain(level, fic_regs, fw::fic::reg_completion, fic_done, fic_event);
        };
        isp.irq = [this](bool level) {
            drain(level, isp_regs, fw::isp::reg_completion, isp_done, isp_event);
        };
        SC_THREAD(run);
    }

    void run() { scenario(*this); }

    template <typename Socket>
    static void access(Socket& socket, tlm::tlm_command command, std::uint64_t address, void* data,
                       unsigned length) {
        tlm_access(socket, command, address, data, length);
    }

    template <typename Socket>
    static void drain(bool level, Socket& socket, std::uint64_t reg,
                      std::map<std::uint32_t, std::pair<time_ps, fw::fic::status>>& done,
                      sc_core::sc_event& event) {
        while (level) {
            fw::fic::completion c{};
            access(socket, tlm::TLM_READ_COMMAND, reg, &c, sizeof c);
            if (c.valid == 0) {
                break;
            }
            done[c.tag] = {to_ps(sc_core::sc_time_stamp()), c.result};
            event.notify(sc_core::SC_ZERO_TIME);
        }
    }

    /// Waits until `tag` has completed in `done`.
    void await(const std::map<std::uint32_t, std::pair<time_ps, fw::fic::status>>& done,
               sc_core::sc_event& event, std::uint32_t tag) {
        while (done.count(tag) == 0) {
            sc_core::wait(event);
        }
    }

    void flash_op(fw::fic::opcode op, std::uint8_t mask, std::uint32_t block, std::uint32_t tag,
                  std::uint64_t address) {
        fw::fic::descriptor d{op, 0, mask, 0, block, 0, tag, address, 0};
        access(fic_regs, tlm::TLM_WRITE_COMMAND, fw::fic::reg_submit, &d, sizeof d);
    }

    void isp_update(std::uint64_t states, std::uint64_t gradient, std::uint32_t tag) {
        fw::isp::descriptor d{states, gradient, tag, 0};
        access(isp_regs, tlm::TLM_WRITE_COMMAND, fw::isp::reg_submit, &d, sizeof d);
    }
};

} // namespace osvp::test
