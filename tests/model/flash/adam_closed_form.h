// Closed form of one Adam super-page update through the flash interface controller (the
// 9-step sequence of optimstore.md "One super-page update"), written from the configuration:
// shared by the update timing tests and the update latency/breakdown test.
#pragma once
#include "common/units.h"
#include "controller/controller_config.h"
#include "flash/flash_config.h"
#include "hal/odp_command.h"

namespace osvp::test {

/// The channel and die times of one Adam super-page update, written from the configuration.
struct adam_times {
    time_ps cyc, lcr, bpr_cmd, vpp, pass, copy, group, odc, bpp, dram;

    adam_times(const flash_config& f, const controller_config& c) {
        cyc = f.t_cmd_cycle;
        lcr = 2 * cyc + f.t_adl + transfer_time(hal::lcr_data_bytes, f.transfer_rate);
        bpr_cmd = (2 * 3 + 5 * 3) * cyc; // multi-plane read cycles on W, M, V
        vpp = 6 * cyc + f.t_adl + transfer_time(f.page_bytes, f.transfer_rate);
        pass = transfer_time(f.page_bytes / 4 * f.pe_beats_per_element, f.transfer_rate);
        copy = 5 * cyc + f.t_reg_copy;
        group = 2 * 5 * cyc + pass; // LVS on M and QVS on V together: one pass
        odc = 5 * cyc + pass;       // ISQRT (1 Newton pass), VMUL, LVS on W
        bpp = bpr_cmd + f.t_prog;   // multi-plane program cycles, no data
        dram = c.dram_latency + transfer_time(f.page_bytes, c.dram_bandwidth());
    }
    /// Steps 2-9 once the BPR's tR has ended: RCACHE M,V; LVS||QVS; PCACHE M,V; RCACHE W;
    /// ISQRT; VMUL; LVS W; PCACHE W; BPP.
    time_ps after_read() const { return copy + group + copy + copy + 3 * odc + copy + bpp; }
    /// Channel occupancy of one update, with `loads` LCRs.
    time_ps channel(std::size_t loads) const {
        return loads * lcr + bpr_cmd + vpp + 4 * 5 * cyc + 2 * 5 * cyc + 3 * 5 * cyc + bpr_cmd;
    }
};

} // namespace osvp::test
