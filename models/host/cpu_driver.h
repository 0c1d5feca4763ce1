// The host of the cpu mode (ZeRO-Offload; optimstore.md section 5): W, M, V and the gradients
// stay in host DRAM and the host CPU updates them; the SSD is not touched. Each step takes the
// host_cpu_model time of one optimizer call over every parameter; functional data runs the
// host_optimizer arithmetic. The capacity check (cpu_mode_config) is the platform's.
#pragma once
#include "host/host_optimizer.h"
#include "host/offload_stats.h"
#include "host/training_config.h"
#include "host/training_data.h"

#include "energy/host_cpu_model.h"

#include <systemc>

#include <functional>
#include <memory>
#include <vector>

namespace osvp {

/// Runs training.steps steps on its own thread.
class cpu_driver : public sc_core::sc_module {
public:
    cpu_driver(const sc_core::sc_module_name& name, const training_config& training,
               const host_cpu_config& cpu, train::model_desc model);

    bool finished() const { return m_finished; }
    const sc_core::sc_event& finished_event() const { return m_finished_event; }
    const offload_stats& stats() const { return m_stats; }
    /// Called at the start (end false) and after the end (end true) of each step, as
    /// training_driver::step_observer.
    std::function<void(std::uint64_t step, bool end)> step_observer;

private:
    void main_thread();

    training_config m_training;
    host_cpu_model m_cpu;
    train::model_desc m_model;
    host_optimizer m_optimizer;
    offload_stats m_stats;
    bool m_finished = false;
    sc_core::sc_event m_finished_event;
};

} // namespace osvp
