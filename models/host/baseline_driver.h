// The host of the baseline mode (DeepSpeed NVMe offload, ZeRO-Infinity; optimstore.md section
// 5): the SSD is a plain block device behind the normal firmware FTL. Before each step the GPU's
// FP32 gradients are written to the G region (the backward pass, reported apart); the step reads
// W, M, V, G chunk by chunk, updates them on the host CPU (host_cpu_model time; host_optimizer
// arithmetic in functional mode) and writes W, M, V back, pipelined as baseline_pipeline says.
// Runs on the NVMe driver's asynchronous engine.
#pragma once
#include "host/baseline_plan.h"
#include "host/host_optimizer.h"
#include "host/nvme_driver.h"
#include "host/offload_config.h"
#include "host/offload_stats.h"
#include "host/training_config.h"
#include "host/training_data.h"

#include "energy/host_cpu_model.h"

#include <systemc>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace osvp {

/// Runs training.steps baseline steps of the training model on its own thread. The NVMe
/// driver must have autorun false (std::logic_error). Failed I/O throws std::runtime_error naming
/// the command; a model too large for the block device is a config_error (baseline_plan).
class baseline_driver : public sc_core::sc_module {
public:
    /// `page_bytes`: the flash page (the layout unit); `lba_limit`: blocks of the block device.
    baseline_driver(const sc_core::sc_module_name& name, const training_config& training,
                    const baseline_config& config, const host_cpu_config& cpu,
                    train::model_desc model, nvme_driver& driver, std::uint32_t page_bytes,
                    std::uint64_t lba_limit);

    bool finished() const { return m_finished; }
    const sc_core::sc_event& finished_event() const { return m_finished_event; }
    const offload_stats& stats() const { return m_stats; }
    /// Called at the start (end false) and after the end (end true) of each step, as
    /// training_driver::step_observer.
    std::function<void(std::uint64_t step, bool end)> step_observer;

private:
    /// What the commands in flight belong to, so their data goes to the right place.
    enum class activity { setup, backward, step, final_read };

    void main_thread();
    void setup();
    void run_step(std::uint64_t step);
    void run_pipeline(offload_step& record);
    void start_compute(std::size_t chunk, offload_step& record);
    void read_final_states();
    /// Runs the queued commands to completion, recording them in `phase`.
    void transfer(transfer_phase& phase);
    /// Submits queued commands while slots are idle.
    void submit_queued();
    /// Waits for completions (or `wake`) and returns the finished requests.
    std::vector<swap_request> complete(const sc_core::sc_event* wake, transfer_phase& reads,
                                       transfer_phase& writes);
    /// Fills a write's buffer (functional data only).
    void produce(const swap_request& r, std::uint64_t buffer);
    /// Takes a read's data (functional data only).
    void consume(const swap_request& r, std::uint64_t buffer);
    std::vector<float>& chunk_data(const swap_request& r);
    std::size_t chunk_of(const swap_request& r) const;

    training_config m_training;
    baseline_config m_config;
    host_cpu_model m_cpu;
    train::model_desc m_model;
    nvme_driver& m_driver;
    std::uint32_t m_page_bytes;
    std::uint64_t m_lba_limit;
    bool m_functional;
    std::unique_ptr<baseline_plan> m_plan;
    std::unique_ptr<train::flat_layout> m_layout;
    std::unique_ptr<training_source> m_source;
    std::unique_ptr<training_sink> m_sink;
    host_optimizer m_optimizer;
    activity m_activity = activity::setup;
    std::uint64_t m_step = 0;
    std::deque<swap_request> m_queue;
    std::vector<swap_request> m_slot_request;
    std::vector<std::size_t> m_left;
    /// Functional chunk buffers: per chunk, one vector per region (W, M, V, G).
    std::map<std::size_t, std::vector<std::vector<float>>> m_buffers;
    sc_core::sc_event m_wake;
    offload_stats m_stats;
    bool m_finished = false;
    sc_core::sc_event m_finished_event;
};

} // namespace osvp
