#include "debug_hooks.h"

#include "common/sc_time_util.h"
#include "common/units.h"
#include "hal/nvme_fe.h"
#include "tracing.h"
#include "vp_top.h"

#include <cstdio>
#include <string>

namespace osvp {
namespace {

// The one platform the debugger inspects: gdb calls need a fixed entry point, so this is the
// only mutable global of the platform; it is written once by main and only read by debuggers.
const vp_top* g_top = nullptr;

bool have_platform() {
    if (g_top == nullptr) {
        std::printf("osvp: no platform registered (install_debug_hooks was not called)\n");
    }
    return g_top != nullptr;
}

void print_die(const flash_die& die) {
    const time_ps now = now_ps();
    const die_activity& a = die.last_activity();
    std::printf("%s at %s\n", die.name(), format_time(now).c_str());
    if (a.count == 0) {
        std::printf("  control: idle, no operation yet\n");
    } else {
        for (unsigned i = 0; i < a.count; ++i) {
            const die_phase& p = a.phases[i];
            const char* when = now < p.begin ? "scheduled" : now < p.end ? "running" : "done";
            std::printf("  %s %s: %s [%s, %s) = [%llu, %llu) ps\n", to_string(a.op), when,
                        to_string(p.state), format_time(p.begin).c_str(),
                        format_time(p.end).c_str(), static_cast<unsigned long long>(p.begin),
                        static_cast<unsigned long long>(p.end));
        }
    }
    const nand_die& b = die.behaviour();
    for (unsigned p = 0; p < b.config().planes_per_die; ++p) {
        const auto& regs = b.odp().plane(p);
        std::printf("  plane %u: cache register %s, data register %s\n", p,
                    regs.cache_valid ? "valid" : "empty", regs.data_valid ? "valid" : "empty");
    }
    const die_counters& k = b.counters();
    std::printf(
        "  reads %llu, programs %llu, erases %llu, copies %llu, ODC groups %llu\n",
        static_cast<unsigned long long>(k.reads), static_cast<unsigned long long>(k.programs),
        static_cast<unsigned long long>(k.erases), static_cast<unsigned long long>(k.copies),
        static_cast<unsigned long long>(k.odc_groups));
}

} // namespace

void install_debug_hooks(const vp_top* top) {
    g_top = top;
}

} // namespace osvp

extern "C" OSVP_DEBUG_HOOK void osvp_time() {
    using namespace osvp;
    const time_ps now = now_ps();
    std::printf("simulated time %s (%llu ps), delta cycle %llu\n", format_time(now).c_str(),
                static_cast<unsigned long long>(now),
                static_cast<unsigned long long>(sc_core::sc_delta_count()));
    if (!have_platform()) {
        return;
    }
    for (unsigned k = 0; k < g_top->ssd.core_count(); ++k) {
        const time_ps local = g_top->ssd.core(k).now_ps();
        std::printf("  core%u local time %s (%llu ps)\n", k, format_time(local).c_str(),
                    static_cast<unsigned long long>(local));
    }
    std::fflush(stdout);
}

extern "C" OSVP_DEBUG_HOOK void osvp_die(unsigned channel, unsigned die) {
    using namespace osvp;
    if (!have_platform()) {
        return;
    }
    if (channel >= g_top->ssd.channel_count() || die >= g_top->ssd.channel(channel).dies.size()) {
        std::printf("osvp_die: no die %u on channel %u (channels 0..%u, dies 0..%zu)\n", die,
                    channel, g_top->ssd.channel_count() - 1, g_top->ssd.channel(0).dies.size() - 1);
        return;
    }
    print_die(*g_top->ssd.channel(channel).dies[die]);
    std::fflush(stdout);
}

extern "C" OSVP_DEBUG_HOOK void osvp_channel(unsigned channel) {
    using namespace osvp;
    if (!have_platform()) {
        return;
    }
    if (channel >= g_top->ssd.channel_count()) {
        std::printf("osvp_channel: no channel %u (channels 0..%u)\n", channel,
                    g_top->ssd.channel_count() - 1);
        return;
    }
    std::printf("%s", g_top->ssd.channel(channel).fic.describe().c_str());
    std::fflush(stdout);
}

extern "C" OSVP_DEBUG_HOOK void osvp_firmware() {
    using namespace osvp;
    if (!have_platform()) {
        return;
    }
    std::printf("%s", g_top->ssd.firmware().describe().c_str());
    std::fflush(stdout);
}

extern "C" OSVP_DEBUG_HOOK void osvp_command(const void* fetched) {
    if (fetched == nullptr) {
        std::printf("osvp_command: null pointer\n");
        return;
    }
    const auto& f = *static_cast<const osvp::fw::nvme_fe::fetched_command*>(fetched);
    const osvp::nvme::submission_entry& e = f.sqe;
    const std::uint64_t slba = (std::uint64_t{e.cdw11} << 32) | e.cdw10;
    std::printf("NVMe command: sq %u cid %u opcode 0x%02x (%s) nsid %u prp1 0x%llx prp2 0x%llx",
                f.sqid, e.cid(), e.opcode(), osvp::nvme_command_name(f.sqid, e.opcode()).c_str(),
                e.nsid, static_cast<unsigned long long>(e.prp1),
                static_cast<unsigned long long>(e.prp2));
    if (f.sqid != 0) {
        std::printf(" slba %llu nlb %u", static_cast<unsigned long long>(slba),
                    (e.cdw12 & 0xFFFFu) + 1);
    } else {
        std::printf(" cdw10 0x%08x cdw11 0x%08x", e.cdw10, e.cdw11);
    }
    std::printf("\n");
    std::fflush(stdout);
}
