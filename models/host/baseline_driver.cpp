#include "host/baseline_driver.h"

#include "common/sc_time_util.h"
#include "host/page_fill.h"

#include <sstream>
#include <stdexcept>
#include <string>

namespace osvp {
namespace {

train::state_kind kind_of(swap_region region) {
    return region == swap_region::m   ? train::state_kind::momentum
           : region == swap_region::v ? train::state_kind::variance
                                      : train::state_kind::weight;
}

} // namespace

baseline_driver::baseline_driver(const sc_core::sc_module_name& name,
                                 const training_config& training, const baseline_config& config,
                                 const host_cpu_config& cpu, train::model_desc model,
                                 nvme_driver& driver, std::uint32_t page_bytes,
                                 std::uint64_t lba_limit)
    : sc_core::sc_module(name), m_training(training), m_config(config), m_cpu(cpu),
      m_model(std::move(model)), m_driver(driver), m_page_bytes(page_bytes), m_lba_limit(lba_limit),
      m_functional(training.data != training_data::timing),
      m_optimizer(training.optimizer, training.schedule), m_stats("baseline", m_model, training) {
    m_training.validate();
    m_config.validate();
    if (driver.config().autorun) {
        throw std::logic_error(std::string(this->name()) +
                               ": the NVMe driver must not run its own workload (autorun)");
    }
    SC_HAS_PROCESS(baseline_driver);
    SC_THREAD(main_thread);
}

void baseline_driver::main_thread() {
    m_driver.initialise();
    m_plan =
        std::make_unique<baseline_plan>(m_model.parameter_count(), m_training.optimizer.kind,
                                        m_config, m_page_bytes, m_driver.lba_bytes(), m_lba_limit);
    m_driver.open_io(m_config.queue_depth, m_config.request_bytes, "baseline");
    m_slot_request.resize(m_config.queue_depth);
    m_left.assign(m_plan->chunk_count(), 0);
    m_layout = std::make_unique<train::flat_layout>(m_model, m_page_bytes);
    if (m_functional) {
        m_source = std::make_unique<training_source>(m_training, m_model, *m_layout);
        m_sink = std::make_unique<training_sink>(*m_layout, !m_training.output.empty());
    }
    setup();
    for (std::uint64_t step = 1; step <= m_training.steps; ++step) {
        run_step(step);
    }
    if (!m_training.output.empty()) {
        read_final_states();
        m_sink->write(m_model, m_training.output, states_of(m_training.optimizer.kind));
    }
    m_finished = true;
    m_finished_event.notify(sc_core::SC_ZERO_TIME);
}

void baseline_driver::setup() {
    m_activity = activity::setup;
    for (swap_region region : m_plan->regions()) {
        if (region != swap_region::g) {
            const std::vector<swap_request> r = m_plan->region_requests(io_op::write, region);
            m_queue.insert(m_queue.end(), r.begin(), r.end());
        }
    }
    transfer(m_stats.setup);
}

void baseline_driver::run_step(std::uint64_t step) {
    offload_step record;
    record.step = step;
    m_step = step;
    m_activity = activity::backward;
    const std::vector<swap_request> g = m_plan->region_requests(io_op::write, swap_region::g);
    m_queue.assign(g.begin(), g.end());
    transfer(record.backward);
    m_optimizer.begin_step();
    if (m_functional) {
        m_sink->begin_weights();
    }
    m_activity = activity::step;
    record.start = now_ps();
    if (step_observer) {
        step_observer(step, false);
    }
    run_pipeline(record);
    record.end = now_ps();
    record.weight_digest = m_sink ? m_sink->weight_digest() : 0;
    m_stats.steps.push_back(record);
    if (step_observer) {
        step_observer(step, true);
    }
}

void baseline_driver::start_compute(std::size_t chunk, offload_step& record) {
    const std::uint64_t first = m_plan->chunk_first(chunk);
    const std::uint64_t n =
        std::min(m_plan->chunk_elements(chunk), m_model.parameter_count() - first);
    if (m_functional) {
        std::vector<std::vector<float>>& data = m_buffers[chunk];
        const auto state = [&](swap_region r) {
            return data[static_cast<std::size_t>(r)].empty()
                       ? nullptr
                       : data[static_cast<std::size_t>(r)].data();
        };
        m_optimizer.update(state(swap_region::w), state(swap_region::m), state(swap_region::v),
                           state(swap_region::g), n);
        m_sink->fp32(train::state_kind::weight, first, state(swap_region::w), n);
    }
    const time_ps t = m_cpu.update_time(n, n, cost_kind(m_training.optimizer.kind));
    record.compute_busy += t;
    ++record.chunks;
    m_wake.notify(sc_core::sc_time::from_value(t));
}

void baseline_driver::run_pipeline(offload_step& record) {
    baseline_pipeline pipe(m_plan->chunk_count(), m_config);
    std::optional<std::size_t> computing;
    time_ps compute_end = 0;
    for (;;) {
        while (const std::optional<std::size_t> c = pipe.start_read()) {
            const std::vector<swap_request> reads = m_plan->chunk_requests(io_op::read, *c);
            m_left[*c] = reads.size();
            m_queue.insert(m_queue.end(), reads.begin(), reads.end());
            if (m_functional) {
                std::vector<std::vector<float>>& data = m_buffers[*c];
                data.assign(4, {});
                for (swap_region r : m_plan->regions()) {
                    data[static_cast<std::size_t>(r)].resize(m_plan->chunk_elements(*c));
                }
            }
        }
        if (!computing) {
            computing = pipe.start_compute();
            if (computing) {
                const time_ps before = record.compute_busy;
                start_compute(*computing, record);
                compute_end = now_ps() + (record.compute_busy - before);
            }
        }
        submit_queued();
        if (pipe.finished()) {
            return;
        }
        if (computing && now_ps() >= compute_end) {
            pipe.computed(*computing);
            const std::vector<swap_request> writes =
                m_plan->chunk_requests(io_op::write, *computing);
            m_left[*computing] = writes.size();
            m_queue.insert(m_queue.end(), writes.begin(), writes.end());
            computing.reset();
            continue;
        }
        if (m_driver.io_in_flight() == 0) {
            if (!computing) {
                throw std::logic_error(std::string(this->name()) + ": pipeline stalled");
            }
            wait(m_wake);
            continue;
        }
        for (const swap_request& r : complete(&m_wake, record.reads, record.writes)) {
            const std::size_t c = chunk_of(r);
            if (--m_left[c] != 0) {
                continue;
            }
            if (r.op == io_op::read) {
                pipe.read_done(c);
            } else {
                pipe.written(c);
                m_buffers.erase(c);
            }
        }
    }
}

void baseline_driver::read_final_states() {
    m_activity = activity::final_read;
    m_sink->begin_weights();
    for (swap_region region : m_plan->regions()) {
        if (region != swap_region::g) {
            const std::vector<swap_request> r = m_plan->region_requests(io_op::read, region);
            m_queue.insert(m_queue.end(), r.begin(), r.end());
        }
    }
    transfer(m_stats.final_reads);
}

void baseline_driver::transfer(transfer_phase& phase) {
    while (!m_queue.empty() || m_driver.io_in_flight() != 0) {
        submit_queued();
        complete(nullptr, phase, phase);
    }
}

void baseline_driver::submit_queued() {
    while (!m_queue.empty()) {
        const std::optional<std::uint16_t> slot = m_driver.idle_slot();
        if (!slot) {
            return;
        }
        const swap_request r = m_queue.front();
        m_queue.pop_front();
        if (m_functional && r.op == io_op::write) {
            produce(r, m_driver.slot_buffer(*slot));
        }
        m_slot_request[*slot] = r;
        m_driver.submit_io(*slot, {r.op, r.slba, r.nlb});
    }
}

std::vector<swap_request> baseline_driver::complete(const sc_core::sc_event* wake,
                                                    transfer_phase& reads, transfer_phase& writes) {
    std::vector<swap_request> done;
    for (const io_completion& c : m_driver.wait_io(wake)) {
        const swap_request& r = m_slot_request[c.slot];
        if (!c.status.ok()) {
            std::ostringstream out;
            out << name() << ": " << (r.op == io_op::write ? "write" : "read") << " of " << r.nlb
                << " blocks at LBA " << r.slba << " (region "
                << "WMVG"[static_cast<int>(r.region)] << ") failed with " << c.status;
            throw std::runtime_error(out.str());
        }
        if (m_functional && r.op == io_op::read) {
            consume(r, m_driver.slot_buffer(c.slot));
        }
        (r.op == io_op::read ? reads : writes)
            .record(c.handed_over, c.completed, std::uint64_t{r.nlb} * m_driver.lba_bytes());
        done.push_back(r);
    }
    return done;
}

std::size_t baseline_driver::chunk_of(const swap_request& r) const {
    return static_cast<std::size_t>(r.first_element / m_plan->chunk_elements(0));
}

std::vector<float>& baseline_driver::chunk_data(const swap_request& r) {
    return m_buffers.at(chunk_of(r))[static_cast<std::size_t>(r.region)];
}

void baseline_driver::produce(const swap_request& r, std::uint64_t buffer) {
    std::vector<float> data(r.elements, 0.0f);
    if (m_activity == activity::step) {
        const std::vector<float>& chunk = chunk_data(r);
        const std::uint64_t offset = r.first_element - m_plan->chunk_first(chunk_of(r));
        std::copy_n(chunk.begin() + static_cast<std::ptrdiff_t>(offset), r.elements, data.begin());
    } else if (r.region == swap_region::w) {
        fill_elements(
            *m_layout, r.first_element, r.elements,
            [this](std::uint64_t p, float* out) { m_source->initial_weights(p, out); },
            data.data());
    } else if (r.region == swap_region::g) {
        fill_elements(
            *m_layout, r.first_element, r.elements,
            [this](std::uint64_t p, float* out) { m_source->gradients(m_step, p, out); },
            data.data());
    }
    m_driver.memory().storage().write(buffer, data.data(), r.elements * 4);
}

void baseline_driver::consume(const swap_request& r, std::uint64_t buffer) {
    std::vector<float> data(r.elements);
    m_driver.memory().storage().read(buffer, data.data(), r.elements * 4);
    if (m_activity == activity::final_read) {
        m_sink->fp32(kind_of(r.region), r.first_element, data.data(), data.size());
        return;
    }
    std::vector<float>& chunk = chunk_data(r);
    const std::uint64_t offset = r.first_element - m_plan->chunk_first(chunk_of(r));
    std::copy(data.begin(), data.end(), chunk.begin() + static_cast<std::ptrdiff_t>(offset));
}

} // namespace osvp
