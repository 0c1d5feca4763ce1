// The host's view of the in-storage optimizer interface (sw/hal/optimstore_if.h): the
// parameter_set and step_begin payloads it sends with vendor Set Features C0h/C2h, and the
// geometry of the optimizer LBA window reported by Get Features C0h. Plain C++.
#pragma once
#include "host/training_config.h"

#include "hal/optimstore_if.h"

#include <cstdint>
#include <vector>

namespace osvp {

/// The 4 KiB Set Features C0h data buffer for `config` and a model of `elements` FP32
/// parameters (little endian, unused bytes zero).
std::vector<std::uint8_t> encode_parameter_set(const training_config& config,
                                               std::uint64_t elements);
/// The 4 KiB Set Features C2h data buffer: begin the next step with `loss_scale`; lr 0 lets
/// the firmware's schedule decide.
std::vector<std::uint8_t> encode_step_begin(double loss_scale, double lr);
/// Decodes the Get Features C0h data (at least sizeof(window_info) bytes).
fw::optimstore_if::window_info decode_window_info(const std::vector<std::uint8_t>& data);

/// The optimizer window of namespace 1: four regions W, M, V, G of region_lbas each from
/// base_lba; region r of flash page p starts at base_lba + r x region_lbas + p x page/lba.
class optimizer_window {
public:
    /// Checks that the window is well formed (whole flash pages of a multiple of `lba_bytes`,
    /// inside a namespace of `namespace_lbas`) and holds `elements` FP32 parameters:
    /// super_pages x page elements >= elements. Throws std::runtime_error naming the values.
    optimizer_window(const fw::optimstore_if::window_info& info, std::uint32_t lba_bytes,
                     std::uint64_t namespace_lbas, std::uint64_t elements);

    const fw::optimstore_if::window_info& info() const { return m_info; }
    /// Flash page (super-page plane) size in bytes: region_lbas x lba_bytes / super_pages.
    std::uint64_t page_bytes() const { return m_page_bytes; }
    std::uint32_t lba_bytes() const { return m_lba_bytes; }
    /// Pages the model occupies: ceil(elements / (page_bytes / 4)).
    std::uint64_t model_pages() const { return m_model_pages; }
    /// LBA of byte `offset` (a multiple of lba_bytes) of region `r`.
    std::uint64_t lba(fw::optimstore_if::region r, std::uint64_t offset) const;
    /// Bytes of region `r` the model occupies: model_pages x page_bytes (FP32 states and
    /// gradients), half of that, rounded up to LBAs, for an FP16 W read-back.
    std::uint64_t region_bytes(bool fp16) const;

private:
    fw::optimstore_if::window_info m_info;
    std::uint32_t m_lba_bytes;
    std::uint64_t m_page_bytes;
    std::uint64_t m_model_pages;
};

} // namespace osvp
