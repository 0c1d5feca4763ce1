// The GPU that runs forward and backward in the end-to-end iteration estimate (key "gpu"): the
// paper's testbed GPU, an RTX 3090 (optimstore.md section 4), as a FLOP rate. Every default
// names its source or is [ours].
#pragma once
#include "common/config.h"

#include <cstdint>

namespace osvp {

struct gpu_config {
    /// Peak FP16 tensor rate with FP32 accumulation (mixed-precision training), dense: 71 TFLOP/s
    /// for the GeForce RTX 3090 (NVIDIA Ampere GA102 GPU architecture whitepaper, table of RTX
    /// 3090 specifications).
    double peak_flops = 71e12;
    /// Fraction of the peak that forward and backward achieve: 0.40, ZeRO-Infinity's sustained
    /// 25 PFLOP/s on 512 V100 GPUs, "40 % of peak" (Rajbhandari et al., SC 2021), a DeepSpeed
    /// offload run [ours: taken for the whole forward and backward of this single GPU].
    double utilisation = 0.40;
    /// Tokens per iteration (batch x sequence length) [ours: 8 sequences of 1024 tokens, the
    /// GPT-2 context; the paper gives no batch size].
    std::uint64_t tokens_per_iteration = 8192;
    /// FLOPs per parameter and token of one forward and backward: 6 = 2 forward + 4 backward
    /// (Kaplan et al., "Scaling Laws for Neural Language Models", 2020, C = 6 N D); 8 with
    /// activation recomputation (a second forward).
    double flops_per_parameter_token = 6.0;

    /// Reads the "gpu" section `node` (defaults above); ranges are checked by the reader.
    static gpu_config from(const config_node& node);
};

} // namespace osvp
