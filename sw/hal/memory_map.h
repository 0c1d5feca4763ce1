// Controller physical address map and interrupt lines of the SSD controller SoC. The platform
// decodes exactly these ranges; the firmware uses them through the hal.
#pragma once
#include <cstdint>

namespace osvp::fw::memory_map {

/// NVMe front end, firmware-side register window (nvme_fe.h).
inline constexpr std::uint64_t nvme_fe_base = 0x4000'0000;
inline constexpr std::uint64_t nvme_fe_size = 0x1000;
/// Flash interface controller of channel c at fic_base + c * fic_stride (flash_if.h).
inline constexpr std::uint64_t fic_base = 0x4100'0000;
inline constexpr std::uint64_t fic_stride = 0x1000;
/// Interrupt controller (inter-processor interrupts).
inline constexpr std::uint64_t irq_base = 0x4200'0000;
inline constexpr std::uint64_t irq_size = 0x100;
/// Controller ISP engine of the C-ISP mode (isp_if.h).
inline constexpr std::uint64_t isp_base = 0x4300'0000;
inline constexpr std::uint64_t isp_size = 0x1000;
/// SSD DRAM.
inline constexpr std::uint64_t dram_base = 0x1'0000'0000;

inline constexpr std::uint64_t fic(unsigned channel) {
    return fic_base + channel * fic_stride;
}

} // namespace osvp::fw::memory_map

namespace osvp::fw::irq {

/// Interrupt line numbers (bit positions of the 64-bit pending mask).
inline constexpr unsigned nvme_command = 0; ///< NVMe front end has fetched commands
inline constexpr unsigned nvme_dma = 1;     ///< NVMe front end finished data transfers
inline constexpr unsigned isp = 2;          ///< ISP engine has completions
inline constexpr unsigned fic_first = 8;    ///< channel c's controller: line fic_first + c
inline constexpr unsigned max_channels = 32;
inline constexpr unsigned ipi_first = 48; ///< core k's inter-processor line: ipi_first + k
inline constexpr unsigned max_cores = 8;

inline constexpr std::uint64_t bit(unsigned line) {
    return std::uint64_t{1} << line;
}

/// Interrupt controller registers (offsets from memory_map::irq_base).
inline constexpr std::uint64_t reg_raise = 0x00;   ///< write32 k: raise core k's IPI line
inline constexpr std::uint64_t reg_ack = 0x04;     ///< write32 k: clear core k's IPI line
inline constexpr std::uint64_t reg_pending = 0x08; ///< read64: the pending lines, bit n = line n

} // namespace osvp::fw::irq
