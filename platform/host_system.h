// The host computer of the platform: its memory (with the MSI-X window), the NVMe driver and,
// in optimstore mode, the training driver that runs optimizer steps through it. The simulation
// stops when the host has finished its work.
#pragma once
#include "host/host_memory.h"
#include "host/nvme_driver.h"
#include "host/training_driver.h"
#include "platform_config.h"

#include <systemc>

#include <memory>

namespace osvp {

class host_system : public sc_core::sc_module {
public:
    SC_HAS_PROCESS(host_system);
    host_system(const sc_core::sc_module_name& name, const platform_config& config)
        : sc_module(name), memory("memory", config.host_memory),
          driver("driver", config.driver, config.workload, memory) {
        if (config.training) {
            training = std::make_unique<training_driver>(
                "training", *config.training, load_training_model(*config.training), driver);
        }
        SC_THREAD(stop_when_done);
    }

    host_memory memory;
    nvme_driver driver;
    std::unique_ptr<training_driver> training;

private:
    void stop_when_done() {
        const bool done = training ? training->finished() : driver.finished();
        if (!done) {
            sc_core::wait(training ? training->finished_event() : driver.finished_event());
        }
        sc_core::sc_stop();
    }
};

} // namespace osvp
