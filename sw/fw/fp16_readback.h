// FP16 weight read-back (hal/optimstore_if.h): a read of the W region, when the parameter set
// asks for FP16, returns each FP32 weight rounded to nearest even as binary16 [ours: the paper
// reads back FP32; FP16 halves the PCIe traffic of the read-back]. The firmware reads the FP32
// pages behind the host's byte range into the command's DRAM slot and converts them in place
// before the transfer to the host, charging its core for the conversion.
#pragma once
#include "hal/hal.h"

#include <cstdint>

namespace osvp::fw {

/// The flash pages behind FP16 host bytes [host_byte, host_byte + bytes) of the W region.
struct fp16_source {
    std::uint64_t first_page; ///< super-page of the first FP32 element
    std::uint32_t offset;     ///< byte offset of that element in its page
    std::uint32_t pages;      ///< pages to read
};
fp16_source fp16_source_of(std::uint64_t host_byte, std::uint32_t bytes, std::uint32_t page_bytes);

/// Converts `fp32_bytes` of FP32 data at DRAM `source` to FP16 at `destination` <= `source`
/// (in place when equal), in ascending chunks so that no unread input is overwritten; charges
/// `cycles_per_kib` per KiB of input.
void convert_to_fp16(hardware& h, std::uint64_t source, std::uint64_t destination,
                     std::uint64_t fp32_bytes, std::uint32_t cycles_per_kib);

} // namespace osvp::fw
