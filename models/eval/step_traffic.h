// Data movement of one optimizer step per parameter, per evaluated system (optimstore.md
// section 5), as closed forms of the optimizer's stored states S (4 B each, FP32) and the 4 B
// FP32 gradient G. The platform's measured traffic is checked against these.
#pragma once
#include "energy/optimizer_kind.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace osvp {

/// The five systems of the paper's evaluation.
enum class step_mode {
    /// BL: DeepSpeed NVMe offload; the host CPU updates, the SSD only stores.
    baseline,
    /// C-ISP: an SSD controller core updates from SSD DRAM; data still crosses the channels.
    cisp,
    /// DS: DeepStore-style units on each die's read path, no write support.
    deepstore,
    /// OS: OptimStore, the in-die update sequence.
    optimstore,
    /// CPU: everything in host DRAM (ZeRO-Offload); no SSD traffic.
    cpu,
};

/// Parses "baseline", "cisp", "deepstore", "optimstore" or "cpu"; std::invalid_argument
/// naming the text otherwise.
step_mode parse_step_mode(const std::string& name);
const char* to_string(step_mode mode);

/// Choices that change the traffic of a step.
struct traffic_options {
    optimizer_kind optimizer = optimizer_kind::adam;
    /// Host reads the updated weights back as FP16 (2 B) instead of FP32 (4 B) [open in the
    /// paper; FP32 is the default]. Affects PCIe only: the controller converts [ours].
    bool fp16_readback = false;
    /// C-ISP: the gradient is programmed to flash on arrival and read back for the update
    /// (otherwise it stays in SSD DRAM).
    bool cisp_gradient_in_flash = false;
    /// Every byte moved between PCIe and the channels is written to and read from SSD DRAM
    /// once (store and forward) [ours: how an SSD controller buffers transfers]; false counts
    /// only the C-ISP core's own DRAM accesses.
    bool dram_store_and_forward = true;
};

/// Bytes and pages per parameter. Fields named *_backward happen while the GPU runs the
/// backward pass (the gradient write of BL and DS) and are not part of the step.
struct step_traffic {
    double pcie_to_device = 0;
    double pcie_to_host = 0;
    double pcie_backward = 0;
    /// Channel bytes in both directions (the channel bus is half duplex).
    double channel = 0;
    double channel_backward = 0;
    /// Plane-pages read / programmed per parameter (bytes / page size).
    double pages_read = 0;
    double pages_programmed = 0;
    double pages_programmed_backward = 0;
    /// SSD DRAM bytes, reads plus writes.
    double ssd_dram = 0;

    nlohmann::json to_json() const;
};

/// The closed forms, with S = stored_states, r = readback bytes (4, or 2 with FP16) and
/// P = page_bytes. After the step the in-storage modes (C-ISP, DS, OS) read the new W back from
/// flash (optimstore.md section 3, "after all pages of the step are updated") [ours: the same
/// for all three].
///  BL:  PCIe 4S down, 4(S+1) up, 4 in backward; channel 4(S+1) + 4S (+4 backward);
///       DRAM 2 x (8S + 4).
///  C-ISP: PCIe 4 down (G), r up; channel 4S + 4S + 4 (readback) [+ 8 with G in flash];
///       DRAM 4 (G in) [+ 8] + 4S + 4(S+1) + 4S + 4S + 4 + r (core reads S+1, writes S).
///  DS:  PCIe 4 in backward, r up; channel 4S out + 4S back + 4 (+4 backward);
///       DRAM 2 x 4S + 4 + r.
///  OS:  PCIe 4 down, r up; channel 4 (G by VPP) + 4; DRAM 2 x 4 + 4 + r.
///  CPU: nothing.
/// Without store and forward only the C-ISP core's 4(S+1) + 4S DRAM bytes remain.
/// std::invalid_argument for a page_bytes of 0.
step_traffic traffic_per_parameter(step_mode mode, const traffic_options& options,
                                   std::uint32_t page_bytes);

} // namespace osvp
