// Functions to call from a debugger (gdb "call osvp_time()") while the platform is stopped,
// e.g. at a breakpoint in the firmware: they print the simulated time, a die's state, a
// channel's flash interface controller, the firmware's state and a fetched NVMe command to
// stdout. They read the platform registered by install_debug_hooks; C linkage keeps their names
// plain in gdb. Nothing in the program calls them, so OSVP_DEBUG_HOOK keeps each one, under its
// own name, through link-time optimisation.
#pragma once

#define OSVP_DEBUG_HOOK __attribute__((used, externally_visible))

namespace osvp {

class vp_top;

/// Makes `top` the platform the debug functions inspect (nullptr: none). Not thread-safe; the
/// platform must outlive the registration.
void install_debug_hooks(const vp_top* top);

} // namespace osvp

extern "C" {
/// Prints the kernel time, the delta cycle count and each firmware core's local time (kernel
/// time plus its temporal-decoupling offset).
OSVP_DEBUG_HOOK void osvp_time();
/// Prints die `die` of channel `channel`: its latest die-control operation and whether it is
/// running at the current kernel time, its plane registers and its operation counters.
OSVP_DEBUG_HOOK void osvp_die(unsigned channel, unsigned die);
/// Prints channel `channel`'s flash interface controller (flash_if_ctrl::describe()):
/// descriptors in flight, each die's sequencer, readiness and queue, the oldest completion.
OSVP_DEBUG_HOOK void osvp_channel(unsigned channel);
/// Prints fw::firmware::describe(): the host interface's commands in flight and the FTL state.
OSVP_DEBUG_HOOK void osvp_firmware();
/// Decodes a hal nvme_fe::fetched_command at `fetched` (e.g. "call osvp_command(&fetched)" in
/// host_interface::dispatch): queue, command identifier, opcode, namespace, PRPs, LBA range.
OSVP_DEBUG_HOOK void osvp_command(const void* fetched);
}
