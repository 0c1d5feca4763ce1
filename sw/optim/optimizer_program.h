// Per-super-page ODP command templates of each optimizer, built only from die commands
// (OptimStore Sec. III-C, the 9-step update of Fig. 7 / shared/optimstore.md "One super-page
// update"), plus where each state lives. All states of a parameter share one in-page offset on
// different planes of one die (a super-page); the gradient is VPP'd into the W plane's cache
// register and never programmed.
#pragma once
#include <cstddef>
#include <cstdint>

#include "hal/odp_command.h"
#include "optim/optimizer_params.h"

namespace osvp::fw {

// Constant-register allocation [ours]: the iteration manager loads these, the templates use them.
constexpr std::uint8_t creg_m = 0;     // first-state update (a, b): Adam M, SGD momentum buffer
constexpr std::uint8_t creg_v = 1;     // second-moment update (a, b): Adam V, Adagrad/RMSProp sum
constexpr std::uint8_t creg_isqrt = 2; // ISQRT pre-add (1, eps^2)
constexpr std::uint8_t creg_w = 3;     // weight update (a, b): w <- a*w + b*x

// Marks a state the optimizer does not keep.
constexpr std::uint8_t no_plane = 0xFF;

// Plane of each stored state inside a super-page. states_per_param counts the FP32 values kept
// in flash per parameter, W included (Adam 3 = 12 B; the gradient is not stored).
struct state_layout {
    std::uint8_t w_plane;
    std::uint8_t m_plane; // Adam m' = lr * m_hat, SGD momentum buffer; no_plane otherwise
    std::uint8_t v_plane; // Adam v' = v_hat, Adagrad sum of g^2, RMSProp mean of g^2
    std::uint8_t plane_mask;
    std::uint8_t states_per_param;
    /// Plane whose registers hold the gradient: w_plane when it is VPP'd into W's cache
    /// register (OptimStore), otherwise the first plane no state uses (read path, where the
    /// gradient is programmed there during backward).
    std::uint8_t g_plane;
};

/// How the gradient reaches the die and where the new states go.
///  - vpp_program: OptimStore; gradient VPP'd in, states programmed in place by BPP.
///  - read_path: DeepStore [ours: its units modelled as the ODP PEs]; the gradient page is read
///    from flash with the states (BPR of states and G), and the new states are left in the data
///    registers (no BPP): the controller reads them out and programs them as normal pages.
enum class gradient_path : std::uint8_t { vpp_program, read_path };

// An optimizer's layout and command template.
struct optimizer_program {
    optimizer_kind kind;
    state_layout layout;
    hal::odp_template commands;
};

// Builds and validates the program of kind for a die with plane_count planes; throws
// std::invalid_argument when the states do not fit. Adam/AdamW: W, M, V on planes 0, 1, 2;
// SGD momentum: W, M on 0, 1; Adagrad/RMSProp: W, V on 0, 1. With gradient_path::read_path the
// gradient takes the next plane (Adam 3), which must exist.
optimizer_program build_program(optimizer_kind kind, std::size_t plane_count = 4,
                                gradient_path path = gradient_path::vpp_program);

} // namespace osvp::fw
