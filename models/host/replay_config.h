// The "replay" section: replay mode runs a block I/O trace (host/block_trace.h) through the NVMe
// driver instead of the generated workload.
#pragma once
#include "common/config.h"

#include <cstdint>
#include <string>

namespace osvp {

struct replay_config {
    /// The trace file; required in replay mode.
    std::string file;
    /// Trace format; "msr" (MSR Cambridge CSV) is the one there is.
    std::string format = "msr";
    /// "arrival": each request is handed to the storage stack at its trace time (or, with
    /// queue_depth commands in flight, when a command completes); "closed": the trace's times
    /// are ignored and queue_depth commands are kept in flight, as the block workload does.
    std::string timing = "arrival";
    /// Multiplies the trace's arrival times (0.5 replays it at twice its rate) [ours: 1].
    double time_scale = 1.0;
    /// Commands in flight at most [ours: 32].
    std::uint32_t queue_depth = 32;
    /// Requests to replay from the start of the trace; 0 replays all.
    std::uint64_t request_limit = 0;
    /// Before the replay, write every LBA the trace reads (not counted), so that reads find
    /// mapped pages as on a drive in use; an SSD answers an unwritten LBA without touching flash
    /// [ours: true].
    bool precondition = true;

    /// Reads the keys above from `node`; config_error naming the key, the value and what is
    /// allowed.
    static replay_config from(const config_node& node);
};

} // namespace osvp
