// The host <-> firmware interface of in-storage optimization (optimstore.md section 3, "Host and
// firmware interface"): vendor Set/Get Features and the optimizer LBA window.
//
// Namespace 1 is [block device LBAs | optimizer window]. The window holds four regions of equal
// size, one per state, in this order: W (weights), M (momentum), V (variance), G (gradients);
// region r of page p covers LBAs window_base + r * region_lbas + p * (page / lba). Writes to W,
// M and V program that state's plane of super-page p (initial values); a write to G delivers one
// gradient page and triggers the in-die update of super-page p (gradients are never
// programmed); a read of W returns the current weights (in FP16 when the parameter set asks for
// it: then a host page of W16 data covers two flash pages and the W region is read as half size).
//
// Read-path engine (DeepStore, firmware.update_engine = read_path): gradients are written before
// the step (during backward) and a write to G programs the page into the super-page's free plane;
// Set Features step (C2h) then runs the whole step (every super-page's read-path update) and
// completes when the new states are programmed. The host thus writes all of G, then issues C2h,
// then reads W. With the die and controller engines a G write triggers its super-page's update.
#pragma once
#include <cstdint>

namespace osvp::fw::optimstore_if {

inline constexpr std::uint32_t version = 1;

/// Vendor feature identifiers (NVMe 1.4 5.21.1: C0h-FFh are vendor specific).
inline constexpr std::uint8_t feature_parameter_set = 0xC0;    ///< data: parameter_set
inline constexpr std::uint8_t feature_command_sequence = 0xC1; ///< data: hal::odp_template
inline constexpr std::uint8_t feature_step = 0xC2;             ///< data: step_begin
/// Get Features C0h returns window_info in its data buffer.

enum class readback_precision : std::uint8_t { fp32 = 0, fp16 = 1 };
enum class schedule_kind : std::uint8_t { constant = 0, step_decay = 1, warmup_cosine = 2 };

/// Set Features parameter_set data (little endian, 4 KiB buffer, unused bytes zero).
struct parameter_set {
    std::uint32_t version;
    std::uint8_t optimizer; ///< fw::optimizer_kind
    std::uint8_t readback;  ///< readback_precision
    std::uint8_t schedule;  ///< schedule_kind
    std::uint8_t reserved;
    double lr, beta1, beta2, momentum, alpha, eps, weight_decay, loss_scale;
    std::uint64_t elements; ///< FP32 parameters of the flattened model
    std::uint64_t step_size, warmup_steps, total_steps;
    double gamma, min_lr_ratio;
};

/// Set Features step data: begins optimizer step t + 1 with this loss scale; lr 0 means "from
/// the schedule", otherwise it overrides the schedule for this step.
struct step_begin {
    double loss_scale;
    double lr;
};

/// Get Features C0h data: where the window starts and how large each region is, in LBAs.
struct window_info {
    std::uint64_t base_lba;
    std::uint64_t region_lbas;
    std::uint64_t super_pages;     ///< capacity of the reservoir in super-pages
    std::uint64_t steps_completed; ///< optimizer steps fully applied
};

enum class region : std::uint8_t { w = 0, m = 1, v = 2, g = 3 };

/// Bytes of one FP32 element of a state or gradient page.
inline constexpr std::uint64_t element_bytes = 4;

/// Super-pages a model of `elements` FP32 parameters occupies with flash pages of `page_bytes`:
/// ceil(elements / (page_bytes / element_bytes)).
constexpr std::uint64_t pages_for(std::uint64_t elements, std::uint64_t page_bytes) {
    const std::uint64_t per_page = page_bytes / element_bytes;
    return elements / per_page + (elements % per_page != 0 ? 1 : 0);
}

/// LBA `lba_offset` of region `r`: base_lba + r x region_lbas + lba_offset.
constexpr std::uint64_t window_lba(const window_info& w, region r, std::uint64_t lba_offset) {
    return w.base_lba + static_cast<std::uint64_t>(r) * w.region_lbas + lba_offset;
}

/// One page of the window: which region and which super-page.
struct window_page {
    optimstore_if::region region;
    std::uint64_t super_page;
};

/// The page holding window LBA `lba` (base_lba <= lba < base_lba + 4 x region_lbas) with flash
/// pages of `lbas_per_page` LBAs: the inverse of window_lba.
constexpr window_page locate(const window_info& w, std::uint64_t lbas_per_page, std::uint64_t lba) {
    const std::uint64_t offset = lba - w.base_lba;
    return {static_cast<region>(offset / w.region_lbas), (offset % w.region_lbas) / lbas_per_page};
}

} // namespace osvp::fw::optimstore_if
