// model_desc validation, architecture expansion against closed forms, and the shipped models.
#include "host/train/architecture.h"
#include "host/train/model_desc.h"
#include "host/train/model_file.h"
#include "unit/train/train_test_util.h"

#include <cmath>
#include <map>

namespace osvp::train {
namespace {

using test::expect_error;

TEST(model_desc, counts_elements_and_parameters) {
    const model_desc m("m", {{"a", {3, 5}}, {"b", {7}}, {"c", {2, 3, 4}}});
    EXPECT_EQ(m.tensors()[0].element_count(), 15u);
    EXPECT_EQ(m.tensors()[2].element_count(), 24u);
    EXPECT_EQ(m.parameter_count(), 15u + 7u + 24u);
    EXPECT_EQ(m.tensor_index("c"), 2u);
    expect_error<model_error>([&] { m.tensor_index("d"); }, {"no tensor named 'd'"});
}

TEST(model_desc, refuses_invalid_models) {
    expect_error<model_error>(
        [] {
            model_desc("", {{"a", {1}}}, "src");
        },
        {"src", "model name is empty"});
    expect_error<model_error>([] { model_desc("m", {}, "src"); }, {"src", "no tensors"});
    expect_error<model_error>(
        [] {
            model_desc("m", {{"a", {2, 0}}}, "src");
        },
        {"src", "'a'", "[2, 0]", "zero dimension"});
    expect_error<model_error>([] { model_desc("m", {{"a", {}}}, "src"); }, {"empty shape"});
    expect_error<model_error>(
        [] {
            model_desc("m", {{"a", {1}}, {"a", {2}}}, "src");
        },
        {"'a'", "index 0 and 1", "unique"});
    expect_error<model_error>(
        [] {
            model_desc("m", {{"a/b", {1}}}, "src");
        },
        {"'a/b'", "'/'", "A-Z a-z 0-9 . _ -"});
    expect_error<model_error>(
        [] {
            model_desc("m", {{".hidden", {1}}}, "src");
        },
        {"'.hidden'", "not starting with '.'"});
    expect_error<model_error>(
        [] {
            model_desc("m", {{"a", {1ull << 32, 1ull << 32}}}, "src");
        },
        {"'a'", "4294967296 * 4294967296", "overflows"});
    expect_error<model_error>(
        [] {
            model_desc("m", {{"a", {1ull << 63}}, {"b", {1ull << 63}}}, "src");
        },
        {"total parameter count overflows", "'b'"});
}

// Closed forms written independently of the expansion code (per-layer 4H^2 + 2FH + 9H + F).
std::uint64_t megatron_layer(std::uint64_t h, std::uint64_t f) {
    return 4 * h * h + 2 * f * h + 9 * h + f;
}

TEST(architecture, gpt2_matches_closed_form_and_tensor_list) {
    architecture_spec s;
    s.family = model_family::gpt2;
    s.layers = 2;
    s.hidden = 64;
    s.heads = 4;
    s.vocab = 100;
    s.seq = 16;
    const model_desc m = expand_architecture("g", s);
    EXPECT_EQ(m.parameter_count(), 107520u); // 2 * 49984 + 6400 + 1024 + 128
    EXPECT_EQ(m.parameter_count(), 2 * megatron_layer(64, 256) + 100 * 64 + 16 * 64 + 2 * 64);
    ASSERT_EQ(m.tensors().size(), 2u + 2 * 12 + 2);
    EXPECT_EQ(m.tensors()[0].name, "embed.word");
    EXPECT_EQ(m.tensors()[0].shape, (std::vector<std::uint64_t>{100, 64}));
    EXPECT_EQ(m.tensors()[4].name, "layer0.attn.qkv.weight");
    EXPECT_EQ(m.tensors()[4].shape, (std::vector<std::uint64_t>{192, 64}));
    EXPECT_EQ(m.tensors()[12].shape, (std::vector<std::uint64_t>{64, 256})); // layer0.mlp.fc2
    EXPECT_EQ(m.tensors().back().name, "final_ln.bias");
    s.tied_embeddings = false;
    s.ffn = 100;
    EXPECT_EQ(expand_architecture("g", s).parameter_count(),
              2 * megatron_layer(64, 100) + 2 * 100 * 64 + 16 * 64 + 2 * 64);
}

TEST(architecture, bert_matches_closed_form) {
    architecture_spec s;
    s.family = model_family::bert;
    s.layers = 3;
    s.hidden = 32;
    s.heads = 2;
    s.vocab = 50;
    s.seq = 8;
    const std::uint64_t h = 32;
    const std::uint64_t embeddings = 50 * h + 8 * h + 2 * h + 2 * h;
    const std::uint64_t heads = (h * h + h) + (h * h + h) + 2 * h + 50 + (2 * h + 2);
    EXPECT_EQ(expand_architecture("b", s).parameter_count(),
              3 * megatron_layer(h, 4 * h) + embeddings + heads);
    s.type_vocab = 5;
    EXPECT_EQ(expand_architecture("b", s).parameter_count(),
              3 * megatron_layer(h, 4 * h) + embeddings + 3 * h + heads);
}

TEST(architecture, t5_matches_closed_form) {
    architecture_spec s;
    s.family = model_family::t5;
    s.layers = 2;
    s.hidden = 16;
    s.heads = 2;
    s.kv = 12;
    s.vocab = 40;
    s.ffn = 24;
    const std::uint64_t h = 16, inner = 24, f = 24;
    const std::uint64_t enc = 2 * (4 * h * inner + 2 * h * f + 2 * h) + 32 * 2 + h;
    const std::uint64_t dec = 2 * (8 * h * inner + 2 * h * f + 3 * h) + 32 * 2 + h;
    EXPECT_EQ(expand_architecture("t", s).parameter_count(), 40 * h + enc + dec);
    s.tied_embeddings = false;
    s.buckets = 8;
    EXPECT_EQ(expand_architecture("t", s).parameter_count(), 2 * 40 * h + enc + dec - 2 * 24 * 2);
}

TEST(architecture, refuses_inconsistent_specs) {
    architecture_spec s;
    s.family = model_family::gpt2;
    s.layers = 2;
    s.hidden = 64;
    s.heads = 5;
    s.vocab = 10;
    s.seq = 4;
    expect_error<model_error>([&] { expand_architecture("g", s, "f.json"); },
                              {"f.json", "heads (5)", "hidden (64)"});
    s.heads = 4;
    s.kv = 16;
    expect_error<model_error>([&] { expand_architecture("g", s, "f.json"); },
                              {"'kv' (16)", "gpt2", "allowed keys"});
    s.kv = 0;
    s.seq = 0;
    expect_error<model_error>([&] { expand_architecture("g", s, "f.json"); },
                              {"'seq'", "missing or 0"});
    s.family = model_family::t5;
    s.seq = 4;
    expect_error<model_error>([&] { expand_architecture("t", s, "f.json"); }, {"'seq' (4)", "t5"});
    s.seq = 0;
    s.layers = 20000;
    expect_error<model_error>([&] { expand_architecture("t", s, "f.json"); },
                              {"'layers' (20000)", "1 to 10000"});
    s.layers = 1;
    s.vocab = 1ull << 40;
    s.hidden = 1ull << 30;
    s.heads = 1;
    expect_error<model_error>([&] { expand_architecture("t", s, "f.json"); }, {"overflows"});
}

// The paper's workloads (OptimStore section 5) within 2 % of their named sizes, and equal to
// counts computed by the closed forms above (recorded when the files were written).
TEST(shipped_models, parameter_counts_match_named_sizes) {
    const std::map<std::string, std::pair<double, std::uint64_t>> expected = {
        {"gpt2-2.6b", {2.6e9, 2622941184u}},    {"gpt2-4.1b", {4.1e9, 4069474560u}},
        {"gpt2-6.7b", {6.7e9, 6658404352u}},    {"gpt2-8.3b", {8.3e9, 8314143744u}},
        {"gpt2-10.3b", {10.3e9, 10279047168u}}, {"bert-2.6b", {2.6e9, 2589910844u}},
        {"bert-4.0b", {4.0e9, 4026434364u}},    {"bert-6.6b", {6.6e9, 6604896060u}},
        {"bert-8.2b", {8.2e9, 8270874428u}},    {"bert-10.2b", {10.2e9, 10229733180u}},
        {"t5-2.88b", {2.88e9, 2884497408u}},    {"t5-11.3b", {11.3e9, 11340220416u}}};
    for (const auto& [name, sizes] : expected) {
        const model_desc m = load_builtin_model(OSVP_MODELS_DIR, name);
        EXPECT_EQ(m.name(), name);
        EXPECT_EQ(m.parameter_count(), sizes.second) << name;
        EXPECT_LE(std::abs(static_cast<double>(m.parameter_count()) / sizes.first - 1.0), 0.02)
            << name << " has " << m.parameter_count() << " parameters";
    }
}

TEST(shipped_models, gpt2_8_3b_closed_form) {
    const model_desc m = load_builtin_model(OSVP_MODELS_DIR, "gpt2-8.3b");
    EXPECT_EQ(m.parameter_count(),
              72 * megatron_layer(3072, 4 * 3072) + 50257u * 3072 + 1024u * 3072 + 2 * 3072);
    EXPECT_EQ(m.tensors().size(), 2u + 72 * 12 + 2);
}

TEST(shipped_models, tiny_has_non_page_aligned_tensors) {
    const model_desc m = load_builtin_model(OSVP_MODELS_DIR, "tiny");
    ASSERT_EQ(m.tensors().size(), 4u);
    EXPECT_EQ(m.parameter_count(), 1850u + 3072u + 48u + 3300u);
}

} // namespace
} // namespace osvp::train
