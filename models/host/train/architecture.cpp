#include "host/train/architecture.h"

#include <utility>

namespace osvp::train {

namespace {

using shape_t = std::vector<std::uint64_t>;

// Bounds the expanded tensor list (12 to 17 tensors per layer); far above any published model.
constexpr std::uint64_t max_layers = 10000;

class tensor_list {
public:
    explicit tensor_list(std::string source) : m_source(std::move(source)) {}
    void add(const std::string& name, shape_t shape) {
        m_tensors.push_back({name, std::move(shape)});
    }
    std::vector<tensor_desc> take() { return std::move(m_tensors); }
    const std::string& source() const { return m_source; }

private:
    std::string m_source;
    std::vector<tensor_desc> m_tensors;
};

void require(std::uint64_t value, const char* key, const std::string& source, model_family f) {
    if (value == 0) {
        throw model_error(source + ": architecture key '" + key + "' is missing or 0 for family " +
                          to_string(f) + "; allowed: an integer >= 1");
    }
}

void forbid(std::uint64_t value, const char* key, const std::string& source, model_family f,
            const char* allowed) {
    if (value != 0) {
        throw model_error(source + ": architecture key '" + key + "' (" + std::to_string(value) +
                          ") does not apply to family " + to_string(f) +
                          "; allowed keys: " + allowed);
    }
}

// Pre-LN (gpt2) or post-LN (bert) block: both have the same parameter shapes.
void add_megatron_block(tensor_list& out, const std::string& p, std::uint64_t h, std::uint64_t f) {
    const std::uint64_t h3 = checked_mul(3, h, out.source() + ": 3 * hidden");
    out.add(p + "ln1.weight", {h});
    out.add(p + "ln1.bias", {h});
    out.add(p + "attn.qkv.weight", {h3, h});
    out.add(p + "attn.qkv.bias", {h3});
    out.add(p + "attn.out.weight", {h, h});
    out.add(p + "attn.out.bias", {h});
    out.add(p + "ln2.weight", {h});
    out.add(p + "ln2.bias", {h});
    out.add(p + "mlp.fc1.weight", {f, h});
    out.add(p + "mlp.fc1.bias", {f});
    out.add(p + "mlp.fc2.weight", {h, f});
    out.add(p + "mlp.fc2.bias", {h});
}

void add_t5_attention(tensor_list& out, const std::string& p, std::uint64_t h,
                      std::uint64_t inner) {
    out.add(p + "q.weight", {inner, h});
    out.add(p + "k.weight", {inner, h});
    out.add(p + "v.weight", {inner, h});
    out.add(p + "o.weight", {h, inner});
}

void expand_gpt2(tensor_list& out, const architecture_spec& s, std::uint64_t ffn) {
    out.add("embed.word", {s.vocab, s.hidden});
    out.add("embed.position", {s.seq, s.hidden});
    for (std::uint64_t i = 0; i < s.layers; ++i) {
        add_megatron_block(out, "layer" + std::to_string(i) + ".", s.hidden, ffn);
    }
    out.add("final_ln.weight", {s.hidden});
    out.add("final_ln.bias", {s.hidden});
    if (!s.tied_embeddings) {
        out.add("lm_head.weight", {s.vocab, s.hidden});
    }
}

void expand_bert(tensor_list& out, const architecture_spec& s, std::uint64_t ffn) {
    const std::uint64_t types = s.type_vocab ? s.type_vocab : 2;
    out.add("embed.word", {s.vocab, s.hidden});
    out.add("embed.position", {s.seq, s.hidden});
    out.add("embed.token_type", {types, s.hidden});
    out.add("embed.ln.weight", {s.hidden});
    out.add("embed.ln.bias", {s.hidden});
    for (std::uint64_t i = 0; i < s.layers; ++i) {
        add_megatron_block(out, "layer" + std::to_string(i) + ".", s.hidden, ffn);
    }
    out.add("pooler.weight", {s.hidden, s.hidden});
    out.add("pooler.bias", {s.hidden});
    out.add("mlm.dense.weight", {s.hidden, s.hidden});
    out.add("mlm.dense.bias", {s.hidden});
    out.add("mlm.ln.weight", {s.hidden});
    out.add("mlm.ln.bias", {s.hidden});
    if (!s.tied_embeddings) {
        out.add("mlm.decoder.weight", {s.vocab, s.hidden});
    }
    out.add("mlm.bias", {s.vocab});
    out.add("nsp.weight", {2, s.hidden});
    out.add("nsp.bias", {2});
}

void expand_t5(tensor_list& out, const architecture_spec& s, std::uint64_t ffn) {
    const std::uint64_t kv = s.kv ? s.kv : s.hidden / s.heads;
    const std::uint64_t inner = checked_mul(s.heads, kv, out.source() + ": heads * kv");
    const std::uint64_t buckets = s.buckets ? s.buckets : 32;
    const std::uint64_t h = s.hidden;
    out.add("embed.shared", {s.vocab, h});
    for (std::uint64_t i = 0; i < s.layers; ++i) {
        const std::string p = "enc.layer" + std::to_string(i) + ".";
        add_t5_attention(out, p + "attn.", h, inner);
        if (i == 0) {
            out.add(p + "attn.rel_bias", {buckets, s.heads});
        }
        out.add(p + "ln1.weight", {h});
        out.add(p + "mlp.wi.weight", {ffn, h});
        out.add(p + "mlp.wo.weight", {h, ffn});
        out.add(p + "ln2.weight", {h});
    }
    out.add("enc.final_ln.weight", {h});
    for (std::uint64_t i = 0; i < s.layers; ++i) {
        const std::string p = "dec.layer" + std::to_string(i) + ".";
        add_t5_attention(out, p + "attn.", h, inner);
        if (i == 0) {
            out.add(p + "attn.rel_bias", {buckets, s.heads});
        }
        out.add(p + "ln1.weight", {h});
        add_t5_attention(out, p + "cross.", h, inner);
        out.add(p + "ln2.weight", {h});
        out.add(p + "mlp.wi.weight", {ffn, h});
        out.add(p + "mlp.wo.weight", {h, ffn});
        out.add(p + "ln3.weight", {h});
    }
    out.add("dec.final_ln.weight", {h});
    if (!s.tied_embeddings) {
        out.add("lm_head.weight", {s.vocab, h});
    }
}

} // namespace

model_family parse_model_family(const std::string& text, const std::string& source) {
    if (text == "gpt2") {
        return model_family::gpt2;
    }
    if (text == "bert") {
        return model_family::bert;
    }
    if (text == "t5") {
        return model_family::t5;
    }
    throw model_error(source + ": architecture family '" + text +
                      "' is unknown; allowed: gpt2, bert, t5");
}

const char* to_string(model_family family) {
    switch (family) {
    case model_family::gpt2:
        return "gpt2";
    case model_family::bert:
        return "bert";
    case model_family::t5:
        return "t5";
    }
    return "?";
}

model_desc expand_architecture(const std::string& name, const architecture_spec& s,
                               const std::string& source) {
    const model_family f = s.family;
    require(s.layers, "layers", source, f);
    require(s.hidden, "hidden", source, f);
    require(s.heads, "heads", source, f);
    require(s.vocab, "vocab", source, f);
    if (s.layers > max_layers) {
        throw model_error(source + ": architecture key 'layers' (" + std::to_string(s.layers) +
                          ") is too large; allowed: 1 to " + std::to_string(max_layers));
    }
    if (f == model_family::t5) {
        const char* allowed = "family, layers, hidden, heads, vocab, ffn, kv, buckets, "
                              "tied_embeddings";
        forbid(s.seq, "seq", source, f, allowed);
        forbid(s.type_vocab, "type_vocab", source, f, allowed);
    } else {
        const char* allowed = f == model_family::bert
                                  ? "family, layers, hidden, heads, vocab, seq, ffn, type_vocab, "
                                    "tied_embeddings"
                                  : "family, layers, hidden, heads, vocab, seq, ffn, "
                                    "tied_embeddings";
        require(s.seq, "seq", source, f);
        forbid(s.kv, "kv", source, f, allowed);
        forbid(s.buckets, "buckets", source, f, allowed);
        if (f == model_family::gpt2) {
            forbid(s.type_vocab, "type_vocab", source, f, allowed);
        }
    }
    if (!(f == model_family::t5 && s.kv != 0) && s.hidden % s.heads != 0) {
        throw model_error(source + ": heads (" + std::to_string(s.heads) +
                          ") does not divide hidden (" + std::to_string(s.hidden) +
                          "); allowed: a divisor of hidden" +
                          (f == model_family::t5 ? ", or give kv explicitly" : ""));
    }
    const std::uint64_t ffn = s.ffn ? s.ffn : checked_mul(4, s.hidden, source + ": 4 * hidden");
    tensor_list out(source);
    switch (f) {
    case model_family::gpt2:
        expand_gpt2(out, s, ffn);
        break;
    case model_family::bert:
        expand_bert(out, s, ffn);
        break;
    case model_family::t5:
        expand_t5(out, s, ffn);
        break;
    }
    return model_desc(name, out.take(), source);
}

} // namespace osvp::train
