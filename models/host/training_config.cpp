#include "host/training_config.h"

#include "host/train/model_file.h"

#include <cmath>
#include <filesystem>
#include <limits>

namespace osvp {
namespace {

constexpr double max_double = std::numeric_limits<double>::max();

fw::lr_schedule_kind parse_schedule(const std::string& name) {
    if (name == "step_decay") {
        return fw::lr_schedule_kind::step_decay;
    }
    if (name == "warmup_cosine") {
        return fw::lr_schedule_kind::warmup_cosine;
    }
    return fw::lr_schedule_kind::constant;
}

fw::optimizer_params read_optimizer(const config_node& node) {
    fw::optimizer_params p;
    const std::string kind =
        node.get_choice("kind", "adam", {"adam", "adamw", "sgd_momentum", "adagrad", "rmsprop"});
    p.kind = fw::parse_optimizer_kind(kind);
    p.lr = node.get_double("lr", p.lr, 0.0, max_double);
    p.beta1 = node.get_double("beta1", p.beta1, 0.0, 1.0);
    p.beta2 = node.get_double("beta2", p.beta2, 0.0, 1.0);
    p.momentum = node.get_double("momentum", p.momentum, 0.0, 1.0);
    p.alpha = node.get_double("alpha", p.alpha, 0.0, 1.0);
    p.eps = node.get_double("eps", p.eps, 0.0, max_double);
    p.weight_decay = node.get_double("weight_decay", p.weight_decay, 0.0, max_double);
    p.loss_scale = node.get_double("loss_scale", p.loss_scale, 0.0, max_double);
    return p;
}

fw::lr_schedule read_schedule(const config_node& node, std::uint64_t steps) {
    fw::lr_schedule s;
    s.kind = parse_schedule(
        node.get_choice("kind", "constant", {"constant", "step_decay", "warmup_cosine"}));
    if (s.kind == fw::lr_schedule_kind::step_decay) {
        s.step_size = node.get_uint("step_size", s.step_size, 1, ~0ull);
        s.gamma = node.get_double("gamma", s.gamma, 0.0, 1.0);
    } else if (s.kind == fw::lr_schedule_kind::warmup_cosine) {
        s.warmup_steps = node.get_uint("warmup_steps", s.warmup_steps, 0, ~0ull);
        s.total_steps = node.get_uint("total_steps", steps, 1, ~0ull);
        s.min_lr_ratio = node.get_double("min_lr_ratio", s.min_lr_ratio, 0.0, 1.0);
    }
    return s;
}

} // namespace

const char* training_data_name(training_data data) {
    switch (data) {
    case training_data::generated:
        return "generated";
    case training_data::npy:
        return "npy";
    case training_data::timing:
        return "timing";
    }
    return "unknown";
}

const char* training_readback_name(training_readback readback) {
    return readback == training_readback::fp16 ? "fp16" : "fp32";
}

kept_states states_of(fw::optimizer_kind kind) {
    switch (kind) {
    case fw::optimizer_kind::adam:
    case fw::optimizer_kind::adamw:
        return {true, true};
    case fw::optimizer_kind::sgd_momentum:
        return {true, false};
    case fw::optimizer_kind::adagrad:
    case fw::optimizer_kind::rmsprop:
        return {false, true};
    }
    throw std::invalid_argument("optimizer kind " + std::to_string(static_cast<int>(kind)) +
                                " unknown (allowed adam, adamw, sgd_momentum, adagrad, rmsprop)");
}

void training_config::validate() const {
    if (step_timeout == 0) {
        throw config_error("training.step_timeout: must be positive, got 0 s");
    }
    if (model.empty() == model_file.empty()) {
        throw config_error("training.model / training.model_file: exactly one must be given, got " +
                           (model.empty() ? std::string("neither")
                                          : "both ('" + model + "', '" + model_file + "')"));
    }
    if (steps == 0) {
        throw config_error("training.steps: must be at least 1, got 0");
    }
    try {
        optimizer.validate();
        schedule.validate();
    } catch (const std::invalid_argument& e) {
        throw config_error(std::string("training.optimizer: ") + e.what());
    }
    if (request_bytes == 0) {
        throw config_error("training.request_size: must be positive, got 0 B");
    }
    if (queue_depth == 0 || queue_depth > 65535) {
        throw config_error("training.queue_depth: must be 1..65535, got " +
                           std::to_string(queue_depth));
    }
    if (!(std::isfinite(init_std) && init_std > 0.0)) {
        throw config_error("training.init_std: must be finite and > 0, got " +
                           std::to_string(init_std));
    }
    if (!(std::isfinite(gradient_std) && gradient_std > 0.0)) {
        throw config_error("training.gradient_std: must be finite and > 0, got " +
                           std::to_string(gradient_std));
    }
    if ((data == training_data::npy) == input.empty()) {
        throw config_error("training.input: required exactly when training.data is 'npy' (data '" +
                           std::string(training_data_name(data)) + "', input '" + input + "')");
    }
    if (data == training_data::timing && !output.empty()) {
        throw config_error("training.output: timing mode keeps no data, so no output directory "
                           "is allowed, got '" +
                           output + "'");
    }
}

training_config training_config::from(const config_node& node) {
    training_config c;
    c.model = node.get_string("model", "");
    c.model_file = node.get_string("model_file", "");
    c.models_dir = node.get_string("models_dir", c.models_dir);
    c.steps = node.get_uint("steps", c.steps, 1, ~0ull);
    c.step_timeout = node.get_time("step_timeout", "3600 s");
    const config_node optimizer = node.child("optimizer");
    c.optimizer = read_optimizer(optimizer);
    c.schedule = read_schedule(optimizer.child("schedule"), c.steps);
    c.readback = node.get_choice("readback", "fp32", {"fp32", "fp16"}) == "fp16"
                     ? training_readback::fp16
                     : training_readback::fp32;
    c.request_bytes = node.get_size("request_size", "1 MiB");
    c.queue_depth =
        static_cast<std::uint32_t>(node.get_uint("queue_depth", c.queue_depth, 1, 65535));
    const std::string data = node.get_choice("data", "generated", {"generated", "npy", "timing"});
    c.data = data == "npy"      ? training_data::npy
             : data == "timing" ? training_data::timing
                                : training_data::generated;
    if (c.data == training_data::generated) {
        c.seed = node.get_uint("seed", c.seed, 0, ~0ull);
        c.init_std = node.get_double("init_std", c.init_std, 0.0, max_double);
        c.gradient_std = node.get_double("gradient_std", c.gradient_std, 0.0, max_double);
    }
    if (c.data == training_data::npy) {
        c.input = node.get_string("input", "");
    }
    if (c.data != training_data::timing) {
        c.output = node.get_string("output", "");
    }
    c.validate();
    return c;
}

train::model_desc load_training_model(const training_config& config) {
    config.validate();
    try {
        if (!config.model_file.empty()) {
            return train::load_model_file(config.model_file);
        }
        if (!std::filesystem::is_directory(config.models_dir)) {
            throw config_error("training.models_dir: '" + config.models_dir +
                               "' is not a directory; allowed: a directory of model JSON files "
                               "(the built-in models are in configs/models)");
        }
        return train::load_builtin_model(config.models_dir, config.model);
    } catch (const train::model_error& e) {
        throw config_error(
            std::string(config.model_file.empty() ? "training.model" : "training.model_file") +
            ": " + e.what());
    }
}

} // namespace osvp
