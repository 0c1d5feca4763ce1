// Block-mode runs on configs/small.json: the drive's user region computed from the dumped
// configuration, the arguments of a run, and sums over the statistics.
#pragma once
#include "vp_runner.h"

#include <cstdint>
#include <string>
#include <vector>

namespace osvp::platform_test {

/// Request size of every block run: small.json's firmware.max_transfer (MDTS) is 256 KiB.
inline const std::string block_request_size = "256 KiB";
inline constexpr std::uint64_t block_request_bytes = 256 * 1024;

/// The block-device part of namespace 1 (optimstore_if.h: [block LBAs | optimizer window]).
struct user_region {
    std::uint64_t lba_bytes = 0;
    std::uint64_t lbas = 0;
    std::uint64_t bytes() const { return lbas * lba_bytes; }
};

/// The user region of a dumped configuration: the FTL's logical pages are the user blocks
/// (blocks_per_plane - ftl.reservoir_blocks) of every plane of every die, less
/// ftl.over_provisioning, rounded down; each page holds page / lba_size LBAs.
user_region user_region_of(const nlohmann::json& config);

/// Arguments of a block run on `config`: --mode block, the request size, the user region as
/// workload.lba_count, then `extra`.
std::vector<std::string> block_args(const std::string& config, const user_region& region,
                                    const std::vector<std::string>& extra);

/// Sums a per-die counter ("reads", "programs", "erases", ...) over all channels of `stats`.
std::uint64_t sum_over_dies(const nlohmann::json& stats, const std::string& counter);

/// Sum of the workload's error counts per status.
std::uint64_t error_count(const nlohmann::json& workload);

} // namespace osvp::platform_test
