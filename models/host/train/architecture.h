// Compact transformer descriptions that expand into the per-layer tensor list of a model family.
// Shapes follow the public reference implementations: GPT-2 and BERT as in Megatron-LM (Shoeybi et
// al. 2019, fused QKV projection, biases, LayerNorm weight and bias), T5 as in Raffel et al. 2020
// (no biases, RMS-norm weight only, relative position bias in the first layer of each stack).
#pragma once
#include "host/train/model_desc.h"

#include <cstdint>
#include <string>

namespace osvp::train {

enum class model_family { gpt2, bert, t5 };

// Parses "gpt2" | "bert" | "t5"; throws model_error naming `source` otherwise.
model_family parse_model_family(const std::string& text, const std::string& source);
const char* to_string(model_family family);

// Hyper-parameters of one transformer. Zero in an optional field means "use the default".
struct architecture_spec {
    model_family family = model_family::gpt2;
    std::uint64_t layers = 0;     // transformer blocks (per stack for t5: encoder and decoder each)
    std::uint64_t hidden = 0;     // model width d_model
    std::uint64_t heads = 0;      // attention heads; must divide hidden unless kv is given (t5)
    std::uint64_t vocab = 0;      // token vocabulary size
    std::uint64_t seq = 0;        // learned positions (gpt2, bert); t5 has none and requires 0
    std::uint64_t ffn = 0;        // feed-forward width; default 4 * hidden
    std::uint64_t kv = 0;         // t5 per-head width d_kv; default hidden / heads; 0 for gpt2/bert
    std::uint64_t buckets = 0;    // t5 relative-position buckets; default 32; 0 for gpt2/bert
    std::uint64_t type_vocab = 0; // bert token-type vocabulary; default 2; 0 for gpt2/t5
    bool tied_embeddings = true;  // false adds a separate output projection [vocab, hidden]
};

// Expands `spec` into a model called `name`. Throws model_error naming `source` when a required
// field is zero, a field does not apply to the family, heads does not divide hidden (when needed),
// or a size overflows.
model_desc expand_architecture(const std::string& name, const architecture_spec& spec,
                               const std::string& source = "architecture");

} // namespace osvp::train
