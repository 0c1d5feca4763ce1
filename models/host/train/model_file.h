// Model description files (JSON) and the built-in model catalogue in configs/models/.
//
// Explicit form:  {"name": "tiny", "tensors": [{"name": "embed", "shape": [37, 50]}, ...]}
// Compact form:   {"name": "gpt2-8.3b", "architecture": {"family": "gpt2", "layers": 72,
//                  "hidden": 3072, "heads": 32, "vocab": 50257, "seq": 1024}}
// Architecture keys: family, layers, hidden, heads, vocab, seq, ffn, kv, buckets, type_vocab
// (integers >= 1) and tied_embeddings (boolean); see architecture_spec for which apply to which
// family. Both forms may carry a free-text "source" string citing where the shape comes from.
// Any other key is an error, as are non-integer, zero or overflowing sizes.
#pragma once
#include "host/train/model_desc.h"

#include <filesystem>
#include <string>
#include <vector>

namespace osvp::train {

// Parses a model description from JSON text; `source` (a file name) prefixes every error message.
model_desc parse_model_json(const std::string& text, const std::string& source);

// Reads and parses one model file; errors name the file.
model_desc load_model_file(const std::filesystem::path& file);

// Names of the models in `dir` (the stems of its *.json files), sorted.
std::vector<std::string> list_models(const std::filesystem::path& dir);

// Loads `dir`/`name`.json; the model's "name" must equal `name`. Throws model_error listing the
// available names when there is no such file.
model_desc load_builtin_model(const std::filesystem::path& dir, const std::string& name);

} // namespace osvp::train
