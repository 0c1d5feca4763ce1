#include "host/cpu_driver.h"

#include "common/sc_time_util.h"
#include "host/page_fill.h"

namespace osvp {

cpu_driver::cpu_driver(const sc_core::sc_module_name& name, const training_config& training,
                       const host_cpu_config& cpu, train::model_desc model)
    : sc_core::sc_module(name), m_training(training), m_cpu(cpu), m_model(std::move(model)),
      m_optimizer(training.optimizer, training.schedule), m_stats("cpu", m_model, training) {
    m_training.validate();
    SC_HAS_PROCESS(cpu_driver);
    SC_THREAD(main_thread);
}

void cpu_driver::main_thread() {
    const bool functional = m_training.data != training_data::timing;
    const std::uint64_t n = m_model.parameter_count();
    const train::flat_layout layout(m_model);
    std::unique_ptr<training_source> source;
    std::unique_ptr<training_sink> sink;
    std::vector<float> w, m, v, g;
    const kept_states kept = states_of(m_training.optimizer.kind);
    if (functional) {
        source = std::make_unique<training_source>(m_training, m_model, layout);
        sink = std::make_unique<training_sink>(layout, !m_training.output.empty());
        w.resize(n);
        fill_elements(
            layout, 0, n, [&](std::uint64_t p, float* out) { source->initial_weights(p, out); },
            w.data());
        m.assign(kept.m ? n : 0, 0.0f);
        v.assign(kept.v ? n : 0, 0.0f);
        g.resize(n);
    }
    for (std::uint64_t step = 1; step <= m_training.steps; ++step) {
        offload_step record;
        record.step = step;
        record.start = now_ps();
        if (step_observer) {
            step_observer(step, false);
        }
        m_optimizer.begin_step();
        if (functional) {
            fill_elements(
                layout, 0, n, [&](std::uint64_t p, float* out) { source->gradients(step, p, out); },
                g.data());
            m_optimizer.update(w.data(), kept.m ? m.data() : nullptr, kept.v ? v.data() : nullptr,
                               g.data(), n);
            sink->begin_weights();
            sink->fp32(train::state_kind::weight, 0, w.data(), n);
            record.weight_digest = sink->weight_digest();
        }
        record.compute_busy = m_cpu.update_time(n, n, cost_kind(m_training.optimizer.kind));
        record.chunks = 1;
        wait(sc_core::sc_time::from_value(record.compute_busy));
        record.end = now_ps();
        m_stats.steps.push_back(record);
        if (step_observer) {
            step_observer(step, true);
        }
    }
    if (functional && !m_training.output.empty()) {
        sink->fp32(train::state_kind::momentum, 0, m.data(), m.size());
        sink->fp32(train::state_kind::variance, 0, v.data(), v.size());
        sink->write(m_model, m_training.output, kept);
    }
    m_finished = true;
    m_finished_event.notify(sc_core::SC_ZERO_TIME);
}

} // namespace osvp
