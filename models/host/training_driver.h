// The host's training-step driver for in-storage optimization (optimstore.md sections 2-3): the
// training script's side of OptimStore. It configures the optimizer with vendor Set Features
// C0h, learns the optimizer window with Get Features C0h, writes the initial state, and per step
// begins it with Set Features C2h, streams the FP32 gradients into the G region as ordinary NVMe
// writes and reads the updated weights back. It runs on the NVMe driver's asynchronous engine.
#pragma once
#include "host/nvme_driver.h"
#include "host/optimizer_window.h"
#include "host/training_config.h"
#include "host/training_data.h"
#include "host/training_stats.h"

#include "host/train/flat_layout.h"
#include "host/train/model_desc.h"

#include <nlohmann/json.hpp>
#include <systemc>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace osvp {

/// Drives one training run of `steps` optimizer steps. All data moves through the NVMe
/// driver's slots (queue_depth x request_size of host memory); page contents follow
/// flat_layout with the window's page size, so every state and the gradient of an element
/// share its page and in-page offset. Errors (refused features, a window too small for the
/// model, failed I/O) throw std::runtime_error naming the values; config errors config_error.
class training_driver : public sc_core::sc_module {
public:
    /// With `autorun` the module's own thread initialises the controller (when the NVMe driver
    /// has not) and runs; the NVMe driver must then have autorun false (std::logic_error).
    training_driver(const sc_core::sc_module_name& name, const training_config& config,
                    train::model_desc model, nvme_driver& driver, bool autorun = true);

    /// The whole run: setup, every step, the optional output. Call from a thread process.
    void run();

    bool finished() const { return m_finished; }
    /// Notified when the autorun thread has finished the run.
    const sc_core::sc_event& finished_event() const { return m_finished_event; }
    const training_config& config() const { return m_config; }
    const train::model_desc& model() const { return m_model; }
    /// The window Get Features C0h reported; empty before setup.
    const std::optional<optimizer_window>& window() const { return m_window; }
    const training_stats& stats() const { return m_stats; }
    /// Digest of the last W read back (training_data.h element_digest); 0 in timing mode.
    std::uint64_t weight_digest() const;
    /// Called at the start (`end` false) and at the end (`end` true) of each optimizer step,
    /// e.g. to snapshot activity counters for per-step energy.
    std::function<void(std::uint64_t step, bool end)> step_observer;

private:
    using chunk_handler =
        std::function<void(std::uint64_t buffer, std::uint64_t offset, std::uint64_t bytes)>;

    void main_thread();
    /// Set Features `fid` with `data`; fails naming `what` after `timeout` (default
    /// host.command_timeout) or on an error status.
    void set_feature(std::uint8_t fid, const std::vector<std::uint8_t>& data, const char* what,
                     std::optional<time_ps> timeout = std::nullopt);
    std::vector<std::uint8_t> get_feature(std::uint8_t fid, const char* what);
    void setup();
    void write_initial_state();
    void run_step(std::uint64_t step);
    void read_final_states();
    /// Moves `bytes` of region `r` from offset 0 in request_size commands, queue_depth in
    /// flight, in ascending order. A write calls `handler` to fill each buffer before handing it
    /// over; a read calls it with each completed buffer. Statistics go to `phase`.
    void stream(io_op op, fw::optimstore_if::region r, std::uint64_t bytes,
                const chunk_handler& handler, transfer_phase& phase);
    /// Writes the pages of chunk [offset, offset + bytes) of a state or G region, each page
    /// produced by `page_data(page, out)`.
    void fill_pages(std::uint64_t buffer, std::uint64_t offset, std::uint64_t bytes,
                    const std::function<void(std::uint64_t, float*)>& page_data);
    /// A read handler that passes FP32 elements of `kind` to the sink.
    chunk_handler fp32_reader(train::state_kind kind);

    training_config m_config;
    train::model_desc m_model;
    nvme_driver& m_driver;
    bool m_autorun;
    std::uint64_t m_feature_buffer = 0;
    std::optional<optimizer_window> m_window;
    std::unique_ptr<train::flat_layout> m_layout;
    std::unique_ptr<training_source> m_source;
    std::unique_ptr<training_sink> m_sink;
    training_stats m_stats;
    bool m_finished = false;
    sc_core::sc_event m_finished_event;
};

} // namespace osvp
