// Configuration of the page-mapped FTL of the user region.
#pragma once
#include <cstdint>

namespace osvp::fw {

// Over-provisioning and greedy-GC trigger of page_ftl.
struct page_ftl_config {
    // Fraction of the user region's physical pages hidden from the host; logical capacity =
    // floor(physical pages x (1 - over_provisioning)). Typical client/enterprise SSD value. [ours]
    double over_provisioning = 0.07;
    // A die needs GC when its free super-block count falls to this value (>= 1).
    std::uint32_t gc_threshold_super_blocks = 2;

    // Throws ftl_config_error (ftl_errors.h) unless 0 < over_provisioning < 0.5 and
    // gc_threshold_super_blocks >= 1.
    void validate() const;
};

} // namespace osvp::fw
