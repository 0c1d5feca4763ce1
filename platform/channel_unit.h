// One channel of the SSD as a hierarchy level: its flash interface controller ("fic"), its bus
// ("bus") and its dies ("die0".."dieN"), so names read ssd.ch3.die5.
#pragma once
#include "controller/flash_if_ctrl.h"
#include "flash/flash_channel.h"
#include "flash/flash_die.h"

#include <systemc>

#include <memory>
#include <string>
#include <vector>

namespace osvp {

class channel_unit : public sc_core::sc_module {
public:
    flash_if_ctrl fic;
    flash_channel bus;
    std::vector<std::unique_ptr<flash_die>> dies;

    channel_unit(const sc_core::sc_module_name& name, const flash_config& config)
        : sc_module(name), fic("fic", config), bus("bus", config) {
        fic.to_channel.bind(bus.socket);
        for (unsigned d = 0; d < config.dies_per_channel(); ++d) {
            dies.push_back(
                std::make_unique<flash_die>(("die" + std::to_string(d)).c_str(), config));
            bus.to_dies.bind(dies.back()->socket);
        }
    }
};

} // namespace osvp
