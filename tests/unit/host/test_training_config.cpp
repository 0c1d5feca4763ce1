// The "training" configuration section: defaults, every key, and errors that name key and value.
#include "host/training_config.h"

#include <gtest/gtest.h>

#include <string>

using namespace osvp;

namespace {

training_config read(const std::string& section, config_tree& tree) {
    tree = config_tree(nlohmann::json::parse("{\"training\": " + section + "}"));
    training_config c = training_config::from(tree.root().child("training"));
    tree.check_all_used();
    return c;
}

std::string error_of(const std::string& section) {
    config_tree tree;
    try {
        read(section, tree);
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(training_config, defaults_are_the_papers_adam_with_fp32_readback) {
    config_tree tree;
    const training_config c = read(R"({"model": "tiny"})", tree);
    EXPECT_EQ(c.steps, 1u);
    EXPECT_EQ(c.optimizer.kind, fw::optimizer_kind::adam);
    EXPECT_EQ(c.optimizer.eps, 0.0) << "paper-exact: no epsilon";
    EXPECT_EQ(c.optimizer.weight_decay, 0.0);
    EXPECT_EQ(c.schedule.kind, fw::lr_schedule_kind::constant);
    EXPECT_EQ(c.readback, training_readback::fp32);
    EXPECT_EQ(c.request_bytes, 1u << 20);
    EXPECT_EQ(c.queue_depth, 32u);
    EXPECT_EQ(c.data, training_data::generated);
    EXPECT_EQ(tree.effective()["training"]["request_size"], "1 MiB");
    EXPECT_EQ(tree.effective()["training"]["optimizer"]["kind"], "adam");
}

TEST(training_config, reads_every_key) {
    config_tree tree;
    const training_config c = read(R"({"model_file": "m.json", "steps": 10, "readback": "fp16",
        "request_size": "256 KiB", "queue_depth": 8, "data": "npy", "input": "in", "output": "out",
        "optimizer": {"kind": "adamw", "lr": 0.01, "beta1": 0.8, "beta2": 0.95, "eps": 1e-8,
                      "weight_decay": 0.1, "loss_scale": 512,
                      "schedule": {"kind": "warmup_cosine", "warmup_steps": 2}}})",
                                   tree);
    EXPECT_EQ(c.model_file, "m.json");
    EXPECT_EQ(c.steps, 10u);
    EXPECT_EQ(c.readback, training_readback::fp16);
    EXPECT_EQ(c.request_bytes, 256u << 10);
    EXPECT_EQ(c.queue_depth, 8u);
    EXPECT_EQ(c.data, training_data::npy);
    EXPECT_EQ(c.input, "in");
    EXPECT_EQ(c.output, "out");
    EXPECT_EQ(c.optimizer.kind, fw::optimizer_kind::adamw);
    EXPECT_EQ(c.optimizer.lr, 0.01);
    EXPECT_EQ(c.optimizer.beta1, 0.8);
    EXPECT_EQ(c.optimizer.beta2, 0.95);
    EXPECT_EQ(c.optimizer.eps, 1e-8);
    EXPECT_EQ(c.optimizer.weight_decay, 0.1);
    EXPECT_EQ(c.optimizer.loss_scale, 512.0);
    EXPECT_EQ(c.schedule.kind, fw::lr_schedule_kind::warmup_cosine);
    EXPECT_EQ(c.schedule.warmup_steps, 2u);
    EXPECT_EQ(c.schedule.total_steps, 10u) << "defaults to training.steps";
}

TEST(training_config, errors_name_the_key_and_the_value) {
    const auto expect = [](const std::string& section, const std::string& text) {
        const std::string error = error_of(section);
        EXPECT_NE(error.find(text), std::string::npos) << section << " -> " << error;
    };
    expect("{}", "exactly one must be given, got neither");
    expect(R"({"model": "a", "model_file": "b"})", "got both ('a', 'b')");
    expect(R"({"model": "a", "steps": 0})", "training.steps");
    expect(R"({"model": "a", "optimizer": {"kind": "lamb"}})", "'lamb' is not allowed");
    expect(R"({"model": "a", "optimizer": {"weight_decay": 0.1}})", "weight_decay");
    expect(R"({"model": "a", "optimizer": {"beta1": 1.0}})", "beta1 = 1");
    expect(R"({"model": "a", "readback": "bf16"})", "training.readback");
    expect(R"({"model": "a", "data": "npy"})", "training.input: required");
    expect(R"({"model": "a", "data": "timing", "output": "x"})", "unknown configuration key");
    expect(R"({"model": "a", "data": "timing", "seed": 3})", "training.seed");
    expect(R"({"model": "a", "request_size": "0 B"})", "training.request_size");
    expect(R"({"model": "a", "queue_depth": 0})", "training.queue_depth");
    expect(R"({"model": "a", "optimizer": {"schedule": {"kind": "warmup_cosine",
               "warmup_steps": 5, "total_steps": 5}}})",
           "warmup_steps 5 invalid");
}

TEST(training_config, kept_states_follow_the_optimizer_programs) {
    EXPECT_TRUE(states_of(fw::optimizer_kind::adam).m && states_of(fw::optimizer_kind::adam).v);
    EXPECT_TRUE(states_of(fw::optimizer_kind::adamw).m && states_of(fw::optimizer_kind::adamw).v);
    EXPECT_TRUE(states_of(fw::optimizer_kind::sgd_momentum).m);
    EXPECT_FALSE(states_of(fw::optimizer_kind::sgd_momentum).v);
    EXPECT_FALSE(states_of(fw::optimizer_kind::adagrad).m);
    EXPECT_TRUE(states_of(fw::optimizer_kind::rmsprop).v);
}

TEST(training_config, loads_built_in_models_and_names_missing_ones) {
    training_config c;
    c.model = "tiny";
    c.models_dir = OSVP_MODELS_DIR;
    EXPECT_EQ(load_training_model(c).parameter_count(), 8270u);
    const auto expect_refusal = [&c](const std::string& message) {
        try {
            load_training_model(c);
            ADD_FAILURE() << "expected config_error containing " << message;
        } catch (const config_error& e) {
            EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
        }
    };
    c.model = "no-such-model";
    expect_refusal("training.model: no model 'no-such-model'");
    c.models_dir = "/nonexistent/osvp/models";
    expect_refusal("training.models_dir: '/nonexistent/osvp/models'");
}
