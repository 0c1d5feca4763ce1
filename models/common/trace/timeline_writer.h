// Streaming writer of operation timelines in the Chrome trace-event JSON format ("JSON Object
// Format" with a traceEvents array), opened by Perfetto UI and chrome://tracing.
//
// Tracks are hierarchical names; the last component is the thread (row) and the rest the process
// (group): "ssd.ch0.die3" -> process "ssd.ch0", thread "die3"; a single-component name is its own
// process and thread. pid/tid are numbered from 1 in first-registration order and announced by
// process_name/thread_name and *_sort_index metadata events (ph "M"), so rows keep the module
// order.
//
// Each span is a complete event (ph "X") and each instant an instant event on its thread (ph
// "i", scope "t"), with ts (and a span's dur) in microseconds written exactly from integer ps
// with up to 6 decimals (1 ps = 0.000001 us); JSON readers parse them as doubles, which stay exact
// to 1 ps below about 9000 s of simulated time. An event is written when its track matches the
// scope_filter and the window contains the instant or overlaps [begin, end) of the span; a span is
// not clipped, so durations stay true. The output is valid JSON once close() (or the destructor)
// has run, even when empty.
#pragma once
#include "common/sim_time.h"
#include "common/trace/scope_filter.h"
#include "common/trace/time_window.h"

#include <cstdint>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace osvp::trace {

/// One key/value of a span's "args" object; `json` holds the already encoded JSON value. Build it
/// with text_arg, uint_arg, int_arg, real_arg or hex_arg.
struct span_arg {
    std::string key;
    std::string json;
};

/// String value, JSON-escaped (e.g. the opcode mnemonic "LVS").
span_arg text_arg(std::string_view key, std::string_view value);
/// Unsigned integer value.
span_arg uint_arg(std::string_view key, std::uint64_t value);
/// Signed integer value.
span_arg int_arg(std::string_view key, std::int64_t value);
/// Real value; throws std::invalid_argument for NaN or infinity, which JSON cannot hold.
span_arg real_arg(std::string_view key, double value);
/// Unsigned value shown as the string "0x..." (addresses, opcodes like "0x01").
span_arg hex_arg(std::string_view key, std::uint64_t value);

/// Refers to a registered track; spans on an unselected handle are dropped cheaply.
struct track_handle {
    static constexpr std::uint32_t unselected = 0xffffffffu;
    std::uint32_t index = unselected;
    bool selected() const { return index != unselected; }
};

/// Output volume of a timeline file.
struct timeline_stats {
    std::uint64_t spans_written = 0;
    std::uint64_t instants_written = 0;
    std::uint64_t bytes_written = 0;
};

/// Writes one Chrome trace-event JSON file; see the format notes above. Not thread-safe.
class timeline_writer {
public:
    /// Opens `path` and writes the opening of the traceEvents array (std::runtime_error naming the
    /// path on failure).
    explicit timeline_writer(std::string path, scope_filter filter = scope_filter{},
                             time_window window = time_window{});
    /// Calls close(); an error there is printed to stderr because a destructor cannot throw.
    ~timeline_writer();
    timeline_writer(const timeline_writer&) = delete;
    timeline_writer& operator=(const timeline_writer&) = delete;

    /// Registers (or finds) the track `name` (dot-separated, non-empty components) and writes its
    /// metadata events if selected. Calling it again with the same name returns the same handle.
    track_handle add_track(std::string_view name);

    /// Records operation `name` of `category` on `track` over [begin, end) in ps. Throws
    /// std::invalid_argument if end < begin and std::runtime_error after close().
    void span(track_handle track, std::string_view name, std::string_view category, time_ps begin,
              time_ps end, const std::vector<span_arg>& args = {});

    /// Records event `name` of `category` on `track` at `at` ps (a marker, e.g. a log line).
    /// Throws std::runtime_error after close().
    void instant(track_handle track, std::string_view name, std::string_view category, time_ps at,
                 const std::vector<span_arg>& args = {});

    /// Terminates the JSON document and closes the file; idempotent.
    void close();

    /// Spans and instants written and bytes handed to the file so far.
    const timeline_stats& stats() const { return m_stats; }

private:
    struct track_ids {
        std::uint32_t pid;
        std::uint32_t tid;
    };

    /// False for an unselected track; throws after close() or for an unknown handle.
    bool accepts(track_handle track, std::string_view name) const;
    /// Writes one event: name, category, `timing` (the "ph" and time members), ids and args.
    void write_event(track_handle track, std::string_view name, std::string_view category,
                     const std::string& timing, const std::vector<span_arg>& args);
    void write(const std::string& text);

    std::string m_path;
    scope_filter m_filter;
    time_window m_window;
    std::ofstream m_out;
    std::map<std::string, track_handle, std::less<>> m_track_index;
    std::map<std::string, std::uint32_t, std::less<>> m_process_index;
    std::vector<std::uint32_t> m_threads_per_process;
    std::vector<track_ids> m_tracks;
    bool m_first_event = true;
    bool m_closed = false;
    timeline_stats m_stats;
};

} // namespace osvp::trace
