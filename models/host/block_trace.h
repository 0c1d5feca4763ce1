// Block I/O traces for replay mode (plain C++): the MSR Cambridge format (Narayanan, Donnelly,
// Rowstron, "Write Off-Loading", FAST 2008; SNIA IOTTA), one request per line,
//   Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime
// with Timestamp and ResponseTime in Windows filetime ticks (100 ns), Type "Read" or "Write",
// Offset and Size in bytes. Hostname, DiskNumber and ResponseTime are not used. The trace is read
// as a stream, a line at a time, never held in memory whole.
#pragma once
#include "common/sim_time.h"
#include "host/workload.h"

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace osvp {

/// One trace line: a request `arrival` ps after the trace's first request.
struct trace_record {
    time_ps arrival = 0;
    io_op op = io_op::read;
    std::uint64_t offset = 0;
    std::uint64_t bytes = 0;
};

/// Reads MSR Cambridge CSV lines from `in`. Every malformed line is a config_error
/// "<source>:<line>: <what is wrong>; <what is allowed>": a field count other than seven, a
/// non-numeric Timestamp, Offset or Size, a Type other than Read or Write, a Size of 0, a
/// Timestamp earlier than the line before (the format lists requests in time order), and a
/// gzip-compressed file (the traces are distributed as .csv.gz). Blank lines are skipped.
class msr_trace_reader {
public:
    msr_trace_reader(std::istream& in, std::string source);

    /// The next request, none at the end of the trace.
    std::optional<trace_record> next();
    /// Line number of the last request returned (1-based).
    std::uint64_t line() const { return m_line; }
    const std::string& source() const { return m_source; }

private:
    [[noreturn]] void fail(const std::string& message) const;
    std::uint64_t number(const std::string& field, const char* name, const char* unit) const;

    std::istream& m_in;
    std::string m_source;
    std::uint64_t m_line = 0;
    std::optional<std::uint64_t> m_first_ticks;
    std::uint64_t m_last_ticks = 0;
};

/// A command of a replayed trace: a request, or a piece of one larger than a command may carry.
struct trace_command {
    time_ps arrival = 0;
    block_request request;
    /// The first (or only) command of its trace request.
    bool first_of_request = true;
};

/// Where replayed requests land and how they are cut.
struct trace_mapping {
    std::uint32_t lba_bytes = 4096;
    /// LBAs of the block device the trace addresses (offsets are bytes from LBA 0).
    std::uint64_t device_lbas = 0;
    /// Largest command in LBAs (the drive's maximum transfer); larger requests are cut into
    /// commands of this size and a remainder, as the host's block layer does.
    std::uint32_t max_command_lbas = 0;
    /// Multiplies every arrival time (0.5 replays the trace at twice its rate).
    double time_scale = 1.0;
};

/// The commands of a trace in order: each request covers the LBAs its bytes touch (an offset or
/// size that is not a multiple of the LBA size widens it to whole LBAs) and is cut into
/// commands of at most max_command_lbas. A request reaching beyond device_lbas is a config_error
/// naming its line, its offset and size, and the device's size.
class trace_commands {
public:
    /// Reads at most `request_limit` requests (0: all).
    trace_commands(std::istream& in, std::string source, const trace_mapping& mapping,
                   std::uint64_t request_limit);

    std::optional<trace_command> next();
    /// Requests read so far.
    std::uint64_t requests() const { return m_requests; }

private:
    msr_trace_reader m_reader;
    trace_mapping m_mapping;
    std::uint64_t m_limit;
    std::uint64_t m_requests = 0;
    /// The rest of the current request still to be cut into commands.
    time_ps m_arrival = 0;
    io_op m_op = io_op::read;
    std::uint64_t m_next_lba = 0;
    std::uint64_t m_lbas_left = 0;
};

/// What a whole trace amounts to, read once before the run (replay mode checks the trace at
/// configuration time, so a bad line is a configuration error, not a failure mid-run).
struct trace_summary {
    std::uint64_t requests = 0;
    std::uint64_t commands = 0;
    /// Bytes of the read and of the write commands (whole LBAs).
    std::uint64_t read_bytes = 0;
    std::uint64_t write_bytes = 0;
    /// Arrival of the last request (scaled), ps.
    time_ps span = 0;
    /// Bytes of the largest command (the replay's I/O buffers hold it).
    std::uint64_t max_command_bytes = 0;
};

/// Reads the whole trace at `path` (config_error if it cannot be opened or a line is bad).
trace_summary summarise_trace(const std::string& path, const trace_mapping& mapping,
                              std::uint64_t request_limit);

/// The LBAs the trace's read commands touch, as sorted, disjoint, non-adjacent ranges.
std::vector<lba_range> read_ranges(trace_commands& commands);

} // namespace osvp
