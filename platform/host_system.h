// The host computer of the platform: its memory (with the MSI-X window), the NVMe driver and,
// by mode (mode_dispatch.h), the driver of its optimizer steps (the training driver of the
// in-storage modes, the baseline driver or the cpu driver) or the trace replay driver. The
// simulation stops when the host has finished its work.
#pragma once
#include "host/baseline_driver.h"
#include "host/cpu_driver.h"
#include "host/host_memory.h"
#include "host/nvme_driver.h"
#include "host/replay_driver.h"
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
        switch (flow_of(config.mode)) {
        case host_flow::in_storage:
            training = std::make_unique<training_driver>(
                "training", *config.training, load_training_model(*config.training), driver);
            break;
        case host_flow::baseline:
            baseline = std::make_unique<baseline_driver>(
                "baseline", *config.training, config.baseline, config.host_cpu,
                load_training_model(*config.training), driver, config.ssd.flash.page_bytes,
                config.block_lbas);
            break;
        case host_flow::host_memory:
            cpu = std::make_unique<cpu_driver>("cpu", *config.training, config.host_cpu,
                                               load_training_model(*config.training));
            break;
        case host_flow::replay:
            replay =
                std::make_unique<replay_driver>("replay", config.replay, config.replay_mapping,
                                                config.replay_trace->max_command_bytes, driver);
            break;
        case host_flow::block:
            break;
        }
        SC_THREAD(stop_when_done);
    }

    host_memory memory;
    nvme_driver driver;
    std::unique_ptr<training_driver> training;
    std::unique_ptr<baseline_driver> baseline;
    std::unique_ptr<cpu_driver> cpu;
    std::unique_ptr<replay_driver> replay;

    /// Statistics of the baseline or cpu driver, if one runs.
    const offload_stats* offload() const {
        return baseline ? &baseline->stats() : cpu ? &cpu->stats() : nullptr;
    }
    /// The block I/O summary of block or replay mode.
    const run_summary& block_summary() const {
        return replay ? replay->summary() : driver.summary();
    }

private:
    void stop_when_done() {
        const bool done = training   ? training->finished()
                          : baseline ? baseline->finished()
                          : cpu      ? cpu->finished()
                          : replay   ? replay->finished()
                                     : driver.finished();
        if (!done) {
            sc_core::wait(training   ? training->finished_event()
                          : baseline ? baseline->finished_event()
                          : cpu      ? cpu->finished_event()
                          : replay   ? replay->finished_event()
                                     : driver.finished_event());
        }
        sc_core::sc_stop();
    }
};

} // namespace osvp
