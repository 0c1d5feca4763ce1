// The firmware's only view of the hardware (house style: sw/ never includes a model header).
// The platform implements it with TLM transactions from each controller core; a unit test may
// implement it with a fake. Addresses are controller physical addresses (memory_map.h).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace osvp::fw {

enum class log_level : std::uint8_t { error, warning, info, debug };

class hardware {
public:
    virtual ~hardware() = default;

    /// 32-bit register access over the on-chip interconnect.
    virtual std::uint32_t read32(std::uint64_t address) = 0;
    virtual void write32(std::uint64_t address, std::uint32_t value) = 0;
    /// Block access (register windows that take a whole descriptor, SSD DRAM).
    virtual void read(std::uint64_t address, void* destination, std::size_t length) = 0;
    virtual void write(std::uint64_t address, const void* source, std::size_t length) = 0;
    /// Blocks until one of the interrupt lines in `mask` is pending and returns the pending
    /// lines of `mask`. Device lines are level-triggered: they stay pending until the device's
    /// queue is drained. Inter-processor lines are cleared with irq::ack.
    virtual std::uint64_t wait_irq(std::uint64_t mask) = 0;
    /// Charges `cycles` of this core's clock for work done in firmware.
    virtual void charge(std::uint64_t cycles) = 0;
    /// Simulated time of this core in picoseconds (includes charged but unsynchronised time).
    virtual std::uint64_t now_ps() const = 0;
    virtual unsigned core_id() const = 0;
    /// A firmware log line; the platform adds simulated time and core, and filters by level.
    virtual void log(log_level level, const std::string& message) = 0;
};

} // namespace osvp::fw
