// The controller firmware: the roles of the firmware and the cores they run on. With one core,
// everything runs on core 0; with two or more, core 0 runs the host interface layer and core 1
// the flash layer (FTL, flash dispatch, garbage collection); further cores are idle in the
// block-device firmware. Every core runs the same loop: wait for its interrupt lines, serve them.
#pragma once
#include "fw/firmware_config.h"
#include "fw/flash_layer.h"
#include "fw/host_interface.h"
#include "fw/optimizer_state.h"

#include <memory>
#include <string>

namespace osvp::fw {

class firmware {
public:
    explicit firmware(const firmware_config& config);

    /// The entry point of every core; never returns.
    [[noreturn]] void run(hardware& h);

    /// Logical blocks of the namespace the firmware exports (block device + optimizer window).
    std::uint64_t namespace_lbas() const { return m_namespace_lbas; }
    const optimizer_state& optimizer() const { return m_optimizer; }
    const flash_layer& flash() const { return m_flash; }
    const host_interface& host() const { return m_host; }
    /// Human-readable state of the firmware (for debuggers and logs).
    std::string describe() const;
    /// Logical blocks of the block-device part of the namespace, below the optimizer window.
    static std::uint64_t user_lbas_of(const firmware_config& config);

private:
    firmware_config m_config;
    std::uint64_t m_user_lbas;
    std::uint64_t m_namespace_lbas;
    unsigned m_host_core;
    unsigned m_flash_core;
    optimizer_state m_optimizer;
    mailbox<page_request> m_to_flash;
    mailbox<page_done> m_to_host;
    host_interface m_host;
    flash_layer m_flash;
};

} // namespace osvp::fw
