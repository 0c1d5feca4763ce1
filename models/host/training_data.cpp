#include "host/training_data.h"

#include "host/prng.h"
#include "optim/fp16.h"

#include <algorithm>
#include <stdexcept>

namespace osvp {
namespace {

train::gradient_config generator_config(std::uint64_t seed, double std_dev) {
    train::gradient_config c;
    c.seed = seed;
    c.scale = std_dev;
    return c;
}

} // namespace

training_source::training_source(const training_config& config, const train::model_desc& model,
                                 const train::flat_layout& layout)
    : m_config(config), m_model(model), m_layout(layout),
      m_init(model, generator_config(config.seed, config.init_std)),
      m_grad(model, generator_config(config.seed, config.gradient_std)) {
    if (config.data == training_data::timing) {
        throw std::invalid_argument("training_source: timing mode writes no data");
    }
    if (config.data == training_data::npy) {
        m_initial = read_flat(std::nullopt);
    }
}

std::vector<float> training_source::read_flat(std::optional<std::uint64_t> step) const {
    const train::state_dir dir(m_config.input);
    std::vector<float> flat(m_layout.total_elements());
    for (std::size_t t = 0; t < m_model.tensors().size(); ++t) {
        const train::tensor_desc& tensor = m_model.tensors()[t];
        const std::vector<float> data = step ? dir.read_gradient(tensor, *step)
                                             : dir.read_state(tensor, train::state_kind::weight);
        std::copy(data.begin(), data.end(), flat.begin() + m_layout.placement(t).flat_offset);
    }
    return flat;
}

void training_source::copy_page(const std::vector<float>& flat, std::uint64_t page,
                                float* out) const {
    const std::uint64_t per_page = m_layout.elements_per_page();
    const std::uint64_t count = m_layout.page_elements(page);
    std::copy_n(flat.begin() + page * per_page, count, out);
    std::fill(out + count, out + per_page, 0.0f);
}

void training_source::generate_page(const train::gradient_generator& generator, std::uint64_t step,
                                    std::uint64_t page, float* out) const {
    std::fill(out, out + m_layout.elements_per_page(), 0.0f);
    for (const train::page_piece& piece : m_layout.pieces(page)) {
        generator.fill(step, piece.tensor, piece.tensor_offset, piece.count,
                       out + piece.page_offset);
    }
}

void training_source::initial_weights(std::uint64_t page, float* out) const {
    if (m_config.data == training_data::npy) {
        copy_page(m_initial, page, out);
    } else {
        generate_page(m_init, 0, page, out);
    }
}

void training_source::gradients(std::uint64_t step, std::uint64_t page, float* out) {
    if (step == 0) {
        throw std::invalid_argument("training_source: gradient step 0 is invalid; steps count "
                                    "from 1");
    }
    if (m_config.data == training_data::generated) {
        generate_page(m_grad, step, page, out);
        return;
    }
    if (m_loaded_step != step) {
        m_step_gradients = read_flat(step);
        m_loaded_step = step;
    }
    copy_page(m_step_gradients, page, out);
}

std::uint64_t element_digest(std::uint64_t index, float value) {
    return mix64(mix64(index) ^ fw::float_bits(value));
}

training_sink::training_sink(const train::flat_layout& layout, bool keep)
    : m_layout(layout), m_keep(keep) {}

void training_sink::begin_weights() {
    m_digest = 0;
}

void training_sink::store(train::state_kind kind, std::uint64_t index, float value) {
    if (kind == train::state_kind::weight) {
        m_digest += element_digest(index, value);
    }
    if (!m_keep) {
        return;
    }
    std::vector<float>& flat = kind == train::state_kind::weight     ? m_w
                               : kind == train::state_kind::momentum ? m_m
                                                                     : m_v;
    if (flat.empty()) {
        flat.assign(m_layout.total_elements(), 0.0f);
    }
    flat[index] = value;
}

void training_sink::fp32(train::state_kind kind, std::uint64_t first, const float* data,
                         std::uint64_t count) {
    const std::uint64_t end = std::min(m_layout.total_elements(), first + count);
    for (std::uint64_t i = first; i < end; ++i) {
        store(kind, i, data[i - first]);
    }
}

void training_sink::fp16_weights(std::uint64_t first, const std::uint16_t* data,
                                 std::uint64_t count) {
    const std::uint64_t end = std::min(m_layout.total_elements(), first + count);
    for (std::uint64_t i = first; i < end; ++i) {
        store(train::state_kind::weight, i, fw::fp16_to_fp32(data[i - first]));
    }
}

void training_sink::write(const train::model_desc& model, const std::string& dir,
                          kept_states states) const {
    if (!m_keep || m_w.empty() || (states.m && m_m.empty()) || (states.v && m_v.empty())) {
        throw std::logic_error("training_sink: W and the optimizer's M/V must be read back "
                               "before writing them to '" +
                               dir + "'");
    }
    const train::state_dir out(dir);
    const auto write_state = [&](train::state_kind kind, const std::vector<float>& flat) {
        for (std::size_t t = 0; t < model.tensors().size(); ++t) {
            const train::tensor_desc& tensor = model.tensors()[t];
            const auto first = flat.begin() + m_layout.placement(t).flat_offset;
            out.write_state(tensor, kind,
                            std::vector<float>(first, first + tensor.element_count()));
        }
    };
    write_state(train::state_kind::weight, m_w);
    if (states.m) {
        write_state(train::state_kind::momentum, m_m);
    }
    if (states.v) {
        write_state(train::state_kind::variance, m_v);
    }
}

} // namespace osvp
