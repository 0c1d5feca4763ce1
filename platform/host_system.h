// The host computer of the platform: its memory (with the MSI-X window) and the NVMe driver that
// runs the workload. The simulation stops when the driver has finished.
#pragma once
#include "host/host_memory.h"
#include "host/nvme_driver.h"
#include "platform_config.h"

#include <systemc>

namespace osvp {

class host_system : public sc_core::sc_module {
public:
    SC_HAS_PROCESS(host_system);
    host_system(const sc_core::sc_module_name& name, const platform_config& config)
        : sc_module(name), memory("memory", config.host_memory),
          driver("driver", config.driver, config.workload, memory) {
        SC_THREAD(stop_when_done);
    }

    host_memory memory;
    nvme_driver driver;

private:
    void stop_when_done() {
        if (!driver.finished()) {
            sc_core::wait(driver.finished_event());
        }
        sc_core::sc_stop();
    }
};

} // namespace osvp
