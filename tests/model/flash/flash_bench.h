// A channel with its dies, its flash interface controller and an SSD DRAM, driven directly by a
// test thread through the controller's registers. Completion times are recorded per tag.
#pragma once
#include "common/sc_time_util.h"
#include "common/tlm_access.h"
#include "controller/dram.h"
#include "controller/flash_if_ctrl.h"
#include "flash/flash_channel.h"
#include "flash/flash_die.h"

#include <tlm_utils/simple_initiator_socket.h>

#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace osvp::test {

struct flash_bench : sc_core::sc_module {
    flash_config flash;
    controller_config controller;
    flash_channel channel;
    std::vector<std::unique_ptr<flash_die>> dies;
    flash_if_ctrl fic;
    dram memory;
    tlm_utils::simple_initiator_socket<flash_bench> regs;
    std::map<std::uint32_t, std::pair<time_ps, fw::fic::status>> completions;
    std::function<void(flash_bench&)> scenario;

    SC_HAS_PROCESS(flash_bench);
    flash_bench(const flash_config& f, std::function<void(flash_bench&)> body,
                const sc_core::sc_module_name& name = "bench")
        : sc_module(name), flash(f), channel("channel", flash), fic("fic", flash),
          memory("memory", controller), regs("regs"), scenario(std::move(body)) {
        for (unsigned d = 0; d < flash.dies_per_channel(); ++d) {
            dies.push_back(std::make_unique<flash_die>(("die" + std::to_string(d)).c_str(), flash));
            channel.to_dies.bind(dies.back()->socket);
        }
        fic.to_channel.bind(channel.socket);
        fic.to_memory.bind(memory.socket);
        regs.bind(fic.regs);
        fic.irq = [this](bool level) {
            while (level) {
                fw::fic::completion c{};
                access(tlm::TLM_READ_COMMAND, fw::fic::reg_completion, &c, sizeof c);
                if (c.valid == 0) {
                    break;
                }
                completions[c.tag] = {to_ps(sc_core::sc_time_stamp()), c.result};
            }
        };
        SC_THREAD(run);
    }

    void run() { scenario(*this); }

    void access(tlm::tlm_command command, std::uint64_t address, void* data, unsigned length) {
        tlm_access(regs, command, address, data, length);
    }

    void submit(fw::fic::opcode op, unsigned die, unsigned plane_mask, std::uint32_t block,
                std::uint32_t page, std::uint32_t tag, std::uint64_t dram_address = 0) {
        fw::fic::descriptor d{op,
                              static_cast<std::uint8_t>(die),
                              static_cast<std::uint8_t>(plane_mask),
                              0,
                              block,
                              page,
                              tag,
                              dram_address,
                              0};
        access(tlm::TLM_WRITE_COMMAND, fw::fic::reg_submit, &d, sizeof d);
    }
};

/// A small flash configuration for scenarios: 1 channel, 2 dies, 2 planes, tiny blocks.
inline flash_config small_flash() {
    flash_config f;
    f.channels = 1;
    f.packages_per_channel = 1;
    f.dies_per_package = 2;
    f.planes_per_die = 2;
    f.blocks_per_plane = 8;
    f.pages_per_block = 4;
    f.functional = true;
    return f;
}

} // namespace osvp::test
