// The data side of the training driver: the FP32 pages the host writes (initial weights and each
// step's gradients, flat_layout order, optimstore.md section 3 "Data layout") and what it keeps
// of the pages it reads back (W each step, M and V at the end). Plain C++.
#pragma once
#include "host/training_config.h"

#include "host/train/flat_layout.h"
#include "host/train/gradient_generator.h"
#include "host/train/model_desc.h"
#include "host/train/state_dir.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace osvp {

/// Produces page contents in generated or npy mode (timing mode has no source). A page holds
/// layout.elements_per_page() floats; elements past the model's end are zero.
class training_source {
public:
    /// npy mode reads the initial weights now (npy_error naming the file).
    training_source(const training_config& config, const train::model_desc& model,
                    const train::flat_layout& layout);

    /// Initial weights of `page` into `out` (elements_per_page floats).
    void initial_weights(std::uint64_t page, float* out) const;
    /// Gradients of optimizer step `step` (>= 1) of `page`; npy mode loads a step's files on
    /// first use and keeps only that step.
    void gradients(std::uint64_t step, std::uint64_t page, float* out);

private:
    /// Copies page `page` of the flat vector `flat` into `out`.
    void copy_page(const std::vector<float>& flat, std::uint64_t page, float* out) const;
    /// Fills `page` from `generator` at `step`.
    void generate_page(const train::gradient_generator& generator, std::uint64_t step,
                       std::uint64_t page, float* out) const;
    std::vector<float> read_flat(std::optional<std::uint64_t> step) const;

    training_config m_config;
    const train::model_desc& m_model;
    const train::flat_layout& m_layout;
    train::gradient_generator m_init;
    train::gradient_generator m_grad;
    std::vector<float> m_initial;
    std::uint64_t m_loaded_step = 0;
    std::vector<float> m_step_gradients;
};

/// Order-independent digest of an FP32 vector: the sum over elements i of
/// mix64(mix64(i) ^ bits(x_i)) modulo 2^64, so chunks may arrive in any order.
std::uint64_t element_digest(std::uint64_t index, float value);

/// Receives read-back data. It always keeps the digest of the current W; with `keep` it also
/// holds the flat W, M and V for the output directory.
class training_sink {
public:
    training_sink(const train::flat_layout& layout, bool keep);

    /// Starts a new W read-back (the digest restarts).
    void begin_weights();
    /// `count` FP32 values of state `kind` starting at flat element `first`; elements past the
    /// model's end are ignored.
    void fp32(train::state_kind kind, std::uint64_t first, const float* data, std::uint64_t count);
    /// `count` FP16 W values (widened exactly) starting at flat element `first`.
    void fp16_weights(std::uint64_t first, const std::uint16_t* data, std::uint64_t count);
    std::uint64_t weight_digest() const { return m_digest; }
    /// Writes <tensor>.w.npy and, where `states` keeps them, .m.npy and .v.npy into `dir`.
    void write(const train::model_desc& model, const std::string& dir, kept_states states) const;

private:
    void store(train::state_kind kind, std::uint64_t index, float value);

    const train::flat_layout& m_layout;
    bool m_keep;
    std::uint64_t m_digest = 0;
    std::vector<float> m_w;
    std::vector<float> m_m;
    std::vector<float> m_v;
};

} // namespace osvp
