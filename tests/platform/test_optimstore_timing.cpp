// Optimstore mode, timing-only flash: one Adam step of the paper's GPT-2 2.6B model on the
// default (Table II) drive completes (about 23 s wall in a Release build, so the full drive is
// kept), and its simulated time respects closed-form lower bounds computed here from the dumped
// configuration:
//  - gradient transfer: every gradient page crosses PCIe host->device at the effective rate;
//  - weight read-back: every W page crosses PCIe device->host at the effective rate;
//  - in-die update: the busiest die runs ceil(pages / dies) super-page updates, each the paper's
//    serial sequence (optimstore.md section 3, "One super-page update"): multi-plane read tR,
//    three register-copy steps (RCACHE M,V; PCACHE M,V with RCACHE W; PCACHE W), four PE passes
//    (LVS+QVS together, ISQRT, VMUL, LVS on W), one page each at pe_beats_per_element beats per
//    FP32 element, and the multi-plane program tPROG. The VPP transfer is left out (it may
//    overlap the previous program), so this is a lower bound.
// The W read-back of a page needs its update done, so the step covers the in-die work.
#include "io_bound.h"
#include "quantity.h"
#include "vp_runner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>

namespace osvp::platform_test {
namespace {

constexpr unsigned adam_pe_passes = 4;
constexpr unsigned adam_copy_steps = 3;

TEST(OptimstoreTiming, Gpt2StepRespectsAnalyticLowerBounds) {
    const scratch_dir scratch;
    const std::vector<std::string> args = {"--mode",    "optimstore", "--model", "gpt2-2.6b",
                                           "--storage", "timing",     "--steps", "1"};
    const nlohmann::json config = dump_config(args, scratch);
    ASSERT_FALSE(HasFailure());
    const nlohmann::json stats = run_vp_stats(args, scratch);
    ASSERT_FALSE(stats.is_null());
    const nlohmann::json& training = stats["host"]["training"];
    ASSERT_EQ(training["steps"].size(), 1u);
    const nlohmann::json& step = training["steps"][0];

    const nlohmann::json& f = config["flash"];
    const double page = bytes(f["page_size"]);
    const double dies = f["channels"].get<double>() * f["packages_per_channel"].get<double>() *
                        f["dies_per_package"].get<double>();
    const auto parameters = training["summary"]["parameters"].get<std::uint64_t>();
    const double pages = std::ceil(parameters * 4.0 / page);
    EXPECT_EQ(step["gradients"]["bytes"].get<double>(), pages * page);
    EXPECT_EQ(step["readback"]["bytes"].get<double>(), pages * page);

    const double link = pcie_effective_bytes_per_second(config["pcie"]);
    const double gradient_s = pages * page / link;
    const double readback_s = pages * page / link;
    const double pe_pass_s = page / 4.0 * f["pe_beats_per_element"].get<double>() /
                             transfers_per_second(f["transfer_rate"]);
    const double sequence_s = seconds(f["t_read"]) + adam_copy_steps * seconds(f["t_reg_copy"]) +
                              adam_pe_passes * pe_pass_s + seconds(f["t_prog"]);
    const double die_s = std::ceil(pages / dies) * sequence_s;
    const double bound_s = std::max(gradient_s, die_s);

    const double step_s = step["duration_ps"].get<double>() * 1e-12;
    const double gradient_phase_s = step["gradients"]["duration_ps"].get<double>() * 1e-12;
    const double readback_phase_s = step["readback"]["duration_ps"].get<double>() * 1e-12;
    std::cout << "gpt2-2.6b step: simulated " << step_s << " s; lower bound " << bound_s
              << " s (PCIe gradients " << gradient_s << " s at " << link / 1e9 << " GB/s, dies "
              << die_s << " s = " << std::ceil(pages / dies) << " super-pages x "
              << sequence_s * 1e6 << " us); gradient phase " << gradient_phase_s
              << " s, read-back phase " << readback_phase_s << " s >= " << readback_s << " s\n";
    EXPECT_GE(step_s, bound_s);
    EXPECT_GE(gradient_phase_s, gradient_s);
    EXPECT_GE(readback_phase_s, readback_s);
    EXPECT_EQ(stats["ssd"]["ftl"]["super_page_updates"].get<double>(), pages);
}

} // namespace
} // namespace osvp::platform_test
