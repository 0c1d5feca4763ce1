#include "host/training_driver.h"

#include "common/sc_time_util.h"
#include "host/host_config.h"

#include <sstream>
#include <stdexcept>
#include <string>

namespace osvp {
namespace {

namespace osif = fw::optimstore_if;

constexpr std::uint64_t feature_buffer_bytes = 4096;

std::string text_of(nvme::status s) {
    std::ostringstream out;
    out << s;
    return out.str();
}

std::string hex(std::uint8_t v) {
    std::ostringstream out;
    out << std::hex << std::uppercase << unsigned{v} << "h";
    return out.str();
}

} // namespace

training_driver::training_driver(const sc_core::sc_module_name& name, const training_config& config,
                                 train::model_desc model, nvme_driver& driver, bool autorun)
    : sc_core::sc_module(name), m_config(config), m_model(std::move(model)), m_driver(driver),
      m_autorun(autorun) {
    m_config.validate();
    if (autorun && driver.config().autorun) {
        throw std::logic_error(std::string(this->name()) +
                               ": the NVMe driver must not run its own workload (autorun) when the "
                               "training driver runs it");
    }
    m_stats.model = m_model.name();
    m_stats.parameters = m_model.parameter_count();
    m_stats.data = training_data_name(m_config.data);
    m_stats.readback = training_readback_name(m_config.readback);
    m_stats.gradients_in_step = !m_config.gradients_before_step;
    SC_HAS_PROCESS(training_driver);
    SC_THREAD(main_thread);
}

void training_driver::main_thread() {
    if (!m_autorun) {
        return;
    }
    run();
    m_finished = true;
    m_finished_event.notify(sc_core::SC_ZERO_TIME);
}

std::uint64_t training_driver::weight_digest() const {
    return m_sink ? m_sink->weight_digest() : 0;
}

void training_driver::run() {
    if (!m_driver.initialised()) {
        m_driver.initialise();
    }
    setup();
    for (std::uint64_t step = 1; step <= m_config.steps; ++step) {
        run_step(step);
    }
    if (!m_config.output.empty()) {
        read_final_states();
        m_sink->write(m_model, m_config.output, states_of(m_config.optimizer.kind));
    }
}

void training_driver::set_feature(std::uint8_t fid, const std::vector<std::uint8_t>& data,
                                  const char* what, std::optional<time_ps> timeout) {
    m_driver.memory().storage().write(m_feature_buffer, data.data(), data.size());
    nvme::submission_entry sqe;
    sqe.cdw0 = nvme::make_cdw0(nvme::admin_opcode::set_features, 0);
    sqe.prp1 = m_feature_buffer;
    sqe.cdw10 = fid;
    const nvme::completion_entry cqe = m_driver.execute(nvme_driver::queue_id::admin, sqe, timeout);
    if (!cqe.status().ok()) {
        throw std::runtime_error(std::string(name()) + ": Set Features " + hex(fid) + " (" + what +
                                 ") failed with " + text_of(cqe.status()) + " for model '" +
                                 m_model.name() + "' of " +
                                 std::to_string(m_model.parameter_count()) + " parameters");
    }
}

std::vector<std::uint8_t> training_driver::get_feature(std::uint8_t fid, const char* what) {
    m_driver.memory().storage().clear(m_feature_buffer, feature_buffer_bytes);
    nvme::submission_entry sqe;
    sqe.cdw0 = nvme::make_cdw0(nvme::admin_opcode::get_features, 0);
    sqe.prp1 = m_feature_buffer;
    sqe.cdw10 = fid;
    const nvme::completion_entry cqe = m_driver.execute(nvme_driver::queue_id::admin, sqe);
    if (!cqe.status().ok()) {
        throw std::runtime_error(std::string(name()) + ": Get Features " + hex(fid) + " (" + what +
                                 ") failed with " + text_of(cqe.status()));
    }
    std::vector<std::uint8_t> data(feature_buffer_bytes);
    m_driver.memory().storage().read(m_feature_buffer, data.data(), data.size());
    return data;
}

void training_driver::setup() {
    m_stats.setup_start = now_ps();
    const std::uint64_t elements = m_model.parameter_count();
    if (m_feature_buffer == 0) {
        m_feature_buffer = m_driver.allocate(feature_buffer_bytes);
    }
    set_feature(osif::feature_parameter_set, encode_parameter_set(m_config, elements),
                "parameter_set");
    const osif::window_info info =
        decode_window_info(get_feature(osif::feature_parameter_set, "window"));
    m_window.emplace(info, m_driver.lba_bytes(), m_driver.namespace_data().nsze, elements);
    check_whole_pages("training", m_config.request_bytes, m_window->page_bytes());
    m_driver.open_io(m_config.queue_depth, m_config.request_bytes, "training");
    m_layout = std::make_unique<train::flat_layout>(m_model, m_window->page_bytes());
    if (m_config.data != training_data::timing) {
        m_source = std::make_unique<training_source>(m_config, m_model, *m_layout);
        m_sink = std::make_unique<training_sink>(*m_layout, !m_config.output.empty());
        write_initial_state();
    }
    m_stats.setup_end = now_ps();
}

void training_driver::fill_pages(std::uint64_t buffer, std::uint64_t offset, std::uint64_t bytes,
                                 const std::function<void(std::uint64_t, float*)>& page_data) {
    const std::uint64_t page_bytes = m_window->page_bytes();
    std::vector<float> page(m_layout->elements_per_page());
    for (std::uint64_t done = 0; done < bytes; done += page_bytes) {
        page_data((offset + done) / page_bytes, page.data());
        m_driver.memory().storage().write(buffer + done, page.data(), page_bytes);
    }
}

void training_driver::write_initial_state() {
    const std::uint64_t bytes = m_window->region_bytes(false);
    stream(
        io_op::write, osif::region::w, bytes,
        [this](std::uint64_t buffer, std::uint64_t offset, std::uint64_t n) {
            fill_pages(buffer, offset, n,
                       [this](std::uint64_t p, float* out) { m_source->initial_weights(p, out); });
        },
        m_stats.initial_writes);
    const kept_states states = states_of(m_config.optimizer.kind);
    const auto zeros = [this](std::uint64_t buffer, std::uint64_t, std::uint64_t n) {
        m_driver.memory().storage().clear(buffer, n);
    };
    if (states.m) {
        stream(io_op::write, osif::region::m, bytes, zeros, m_stats.initial_writes);
    }
    if (states.v) {
        stream(io_op::write, osif::region::v, bytes, zeros, m_stats.initial_writes);
    }
}

training_driver::chunk_handler training_driver::fp32_reader(train::state_kind kind) {
    return [this, kind](std::uint64_t buffer, std::uint64_t offset, std::uint64_t n) {
        std::vector<float> data(n / train::fp32_bytes);
        m_driver.memory().storage().read(buffer, data.data(), n);
        m_sink->fp32(kind, offset / train::fp32_bytes, data.data(), data.size());
    };
}

void training_driver::run_step(std::uint64_t step) {
    step_record record;
    record.step = step;
    const bool functional = m_config.data != training_data::timing;
    chunk_handler gradients;
    if (functional) {
        gradients = [this, step](std::uint64_t buffer, std::uint64_t offset, std::uint64_t n) {
            fill_pages(buffer, offset, n, [this, step](std::uint64_t p, float* out) {
                m_source->gradients(step, p, out);
            });
        };
    }
    const auto write_gradients = [&] {
        stream(io_op::write, osif::region::g, m_window->region_bytes(false), gradients,
               record.gradients);
    };
    if (m_config.gradients_before_step) {
        write_gradients();
    }
    record.start = now_ps();
    if (step_observer) {
        step_observer(step, false);
    }
    set_feature(osif::feature_step, encode_step_begin(m_config.optimizer.loss_scale, 0.0), "step",
                m_config.step_timeout);
    record.begun = now_ps();
    if (!m_config.gradients_before_step) {
        write_gradients();
    }
    const bool fp16 = m_config.readback == training_readback::fp16;
    chunk_handler weights;
    if (functional && fp16) {
        weights = [this](std::uint64_t buffer, std::uint64_t offset, std::uint64_t n) {
            std::vector<std::uint16_t> data(n / 2);
            m_driver.memory().storage().read(buffer, data.data(), n);
            m_sink->fp16_weights(offset / 2, data.data(), data.size());
        };
    } else if (functional) {
        weights = fp32_reader(train::state_kind::weight);
    }
    if (functional) {
        m_sink->begin_weights();
    }
    stream(io_op::read, osif::region::w, m_window->region_bytes(fp16), weights, record.readback);
    record.weight_digest = weight_digest();
    record.end = now_ps();
    if (step_observer) {
        step_observer(step, true);
    }
    m_stats.steps.push_back(record);
}

void training_driver::read_final_states() {
    const kept_states states = states_of(m_config.optimizer.kind);
    const std::uint64_t bytes = m_window->region_bytes(false);
    if (states.m) {
        stream(io_op::read, osif::region::m, bytes, fp32_reader(train::state_kind::momentum),
               m_stats.final_reads);
    }
    if (states.v) {
        stream(io_op::read, osif::region::v, bytes, fp32_reader(train::state_kind::variance),
               m_stats.final_reads);
    }
}

void training_driver::stream(io_op op, osif::region r, std::uint64_t bytes,
                             const chunk_handler& handler, transfer_phase& phase) {
    const std::uint32_t lba = m_driver.lba_bytes();
    std::vector<std::uint64_t> slot_offset(m_config.queue_depth, 0);
    std::uint64_t offset = 0;
    while (offset < bytes || m_driver.io_in_flight() != 0) {
        while (offset < bytes) {
            const std::optional<std::uint16_t> slot = m_driver.idle_slot();
            if (!slot) {
                break;
            }
            const std::uint64_t n = std::min(m_config.request_bytes, bytes - offset);
            if (op == io_op::write && handler) {
                handler(m_driver.slot_buffer(*slot), offset, n);
            }
            slot_offset[*slot] = offset;
            m_driver.submit_io(*slot,
                               {op, m_window->lba(r, offset), static_cast<std::uint32_t>(n / lba)});
            offset += n;
        }
        for (const io_completion& c : m_driver.wait_io()) {
            const std::uint64_t n = std::uint64_t{c.request.nlb} * lba;
            if (!c.status.ok()) {
                throw std::runtime_error(
                    std::string(name()) + ": " + (op == io_op::write ? "write" : "read") + " of " +
                    std::to_string(n) + " B at LBA " + std::to_string(c.request.slba) +
                    " (region " + std::string(1, "WMVG"[static_cast<int>(r)]) + ", byte offset " +
                    std::to_string(slot_offset[c.slot]) + ") failed with " + text_of(c.status));
            }
            if (op == io_op::read && handler) {
                handler(m_driver.slot_buffer(c.slot), slot_offset[c.slot], n);
            }
            phase.record(c.handed_over, c.completed, n);
        }
    }
}

} // namespace osvp
