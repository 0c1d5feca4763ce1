// The optimizers the evaluation compares (optimstore.md section 3: Adam is the default; SGD with
// momentum and Adagrad are the other evaluated optimizers) and what each keeps per parameter.
#pragma once
#include <string>

namespace osvp {

enum class optimizer_kind { adam, momentum, adagrad };

/// Parses "adam", "momentum" or "adagrad"; std::invalid_argument naming the text otherwise.
optimizer_kind parse_optimizer_kind(const std::string& name);
const char* to_string(optimizer_kind kind);

/// FP32 values stored per parameter: the weight plus the optimizer state. Adam: W, M, V (3);
/// momentum: W, M (2); Adagrad: W and the running sum of squared gradients (2).
unsigned stored_states(optimizer_kind kind);

/// Bytes one update touches per parameter in memory: reads the stored states and the FP32
/// gradient, writes the stored states back: 4 (S + 1) + 4 S. Adam 28 B, the others 20 B.
unsigned update_bytes_per_parameter(optimizer_kind kind);

} // namespace osvp
