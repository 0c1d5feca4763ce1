#include "common/trace/timeline_writer.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <stdexcept>

namespace osvp::trace {
namespace {

std::string json_string(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
                out += escaped;
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

std::string microseconds(time_ps t) {
    std::string out = std::to_string(t / ps_per_us);
    std::uint64_t fraction = t % ps_per_us;
    if (fraction == 0)
        return out;
    char digits[8];
    std::snprintf(digits, sizeof digits, "%06llu", static_cast<unsigned long long>(fraction));
    std::string_view decimals = digits;
    while (decimals.back() == '0')
        decimals.remove_suffix(1);
    return out + "." + std::string(decimals);
}

std::string metadata(std::string_view kind, std::uint32_t pid, std::uint32_t tid,
                     std::string_view arg_key, const std::string& arg_json) {
    return "{\"name\":\"" + std::string(kind) + "\",\"ph\":\"M\",\"pid\":" + std::to_string(pid) +
           ",\"tid\":" + std::to_string(tid) + ",\"args\":{\"" + std::string(arg_key) +
           "\":" + arg_json + "}}";
}

} // namespace

span_arg text_arg(std::string_view key, std::string_view value) {
    return {std::string(key), json_string(value)};
}

span_arg uint_arg(std::string_view key, std::uint64_t value) {
    return {std::string(key), std::to_string(value)};
}

span_arg int_arg(std::string_view key, std::int64_t value) {
    return {std::string(key), std::to_string(value)};
}

span_arg real_arg(std::string_view key, double value) {
    if (!std::isfinite(value))
        throw std::invalid_argument("timeline arg \"" + std::string(key) + "\" is " +
                                    std::to_string(value) + "; JSON allows finite numbers only");
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", value);
    return {std::string(key), text};
}

span_arg hex_arg(std::string_view key, std::uint64_t value) {
    char text[24];
    std::snprintf(text, sizeof text, "\"0x%llx\"", static_cast<unsigned long long>(value));
    return {std::string(key), text};
}

timeline_writer::timeline_writer(std::string path, scope_filter filter, time_window window)
    : m_path(std::move(path)), m_filter(std::move(filter)), m_window(window),
      m_out(m_path, std::ios::binary | std::ios::trunc) {
    if (!m_out)
        throw std::runtime_error("timeline_writer: cannot open \"" + m_path +
                                 "\" for writing: " + std::strerror(errno));
    const std::string_view opening = "{\"traceEvents\":[";
    m_out << opening;
    m_stats.bytes_written += opening.size();
}

timeline_writer::~timeline_writer() {
    try {
        close();
    } catch (const std::exception& e) {
        std::cerr << "timeline_writer: " << e.what() << "\n";
    }
}

track_handle timeline_writer::add_track(std::string_view name) {
    if (m_closed)
        throw std::runtime_error("timeline_writer: add_track(\"" + std::string(name) +
                                 "\") after close() on \"" + m_path + "\"");
    const auto known = m_track_index.find(name);
    if (known != m_track_index.end())
        return known->second;
    bool good = !name.empty() && name.front() != '.' && name.back() != '.' &&
                name.find("..") == std::string_view::npos;
    for (const char c : name)
        good = good && std::isgraph(static_cast<unsigned char>(c));
    if (!good)
        throw std::invalid_argument("timeline_writer: track name \"" + std::string(name) +
                                    "\"; expected non-empty dot-separated components of "
                                    "printable characters without blanks, like \"ssd.ch0.die3\"");
    track_handle handle;
    if (m_filter.matches(name)) {
        const std::size_t dot = name.rfind('.');
        const std::string_view process = dot == std::string_view::npos ? name : name.substr(0, dot);
        const std::string_view thread = dot == std::string_view::npos ? name : name.substr(dot + 1);
        auto found = m_process_index.find(process);
        if (found == m_process_index.end()) {
            const auto pid = static_cast<std::uint32_t>(m_process_index.size()) + 1;
            found = m_process_index.emplace(std::string(process), pid).first;
            m_threads_per_process.push_back(0);
            write(metadata("process_name", pid, 0, "name", json_string(process)));
            write(metadata("process_sort_index", pid, 0, "sort_index", std::to_string(pid)));
        }
        const std::uint32_t pid = found->second;
        const std::uint32_t tid = ++m_threads_per_process[pid - 1];
        write(metadata("thread_name", pid, tid, "name", json_string(thread)));
        write(metadata("thread_sort_index", pid, tid, "sort_index", std::to_string(tid)));
        handle.index = static_cast<std::uint32_t>(m_tracks.size());
        m_tracks.push_back({pid, tid});
    }
    m_track_index.emplace(std::string(name), handle);
    return handle;
}

bool timeline_writer::accepts(track_handle track, std::string_view name) const {
    if (!track.selected())
        return false;
    if (m_closed)
        throw std::runtime_error("timeline_writer: event \"" + std::string(name) +
                                 "\" after close() on \"" + m_path + "\"");
    if (track.index >= m_tracks.size())
        throw std::invalid_argument("timeline_writer: unknown track handle " +
                                    std::to_string(track.index));
    return true;
}

void timeline_writer::write_event(track_handle track, std::string_view name,
                                  std::string_view category, const std::string& timing,
                                  const std::vector<span_arg>& args) {
    const track_ids& ids = m_tracks[track.index];
    std::string event = "{\"name\":" + json_string(name) + ",\"cat\":" + json_string(category) +
                        "," + timing + ",\"pid\":" + std::to_string(ids.pid) +
                        ",\"tid\":" + std::to_string(ids.tid);
    if (!args.empty()) {
        event += ",\"args\":{";
        for (std::size_t i = 0; i < args.size(); ++i)
            event += (i == 0 ? "" : ",") + json_string(args[i].key) + ":" + args[i].json;
        event += "}";
    }
    write(event + "}");
}

void timeline_writer::span(track_handle track, std::string_view name, std::string_view category,
                           time_ps begin, time_ps end, const std::vector<span_arg>& args) {
    if (!accepts(track, name))
        return;
    if (end < begin)
        throw std::invalid_argument("timeline_writer: span \"" + std::string(name) + "\" ends at " +
                                    std::to_string(end) + " ps before it begins at " +
                                    std::to_string(begin) + " ps; end must be >= begin");
    if (!m_window.overlaps(begin, end))
        return;
    write_event(track, name, category,
                "\"ph\":\"X\",\"ts\":" + microseconds(begin) +
                    ",\"dur\":" + microseconds(end - begin),
                args);
    ++m_stats.spans_written;
}

void timeline_writer::instant(track_handle track, std::string_view name, std::string_view category,
                              time_ps at, const std::vector<span_arg>& args) {
    if (!accepts(track, name) || !m_window.contains(at))
        return;
    write_event(track, name, category, "\"ph\":\"i\",\"s\":\"t\",\"ts\":" + microseconds(at), args);
    ++m_stats.instants_written;
}

void timeline_writer::close() {
    if (m_closed)
        return;
    m_closed = true;
    const std::string_view closing = "\n],\"displayTimeUnit\":\"ns\"}\n";
    m_out << closing;
    m_stats.bytes_written += closing.size();
    m_out.close();
    if (!m_out)
        throw std::runtime_error("timeline_writer: writing \"" + m_path + "\" failed");
}

void timeline_writer::write(const std::string& text) {
    const char* separator = m_first_event ? "\n" : ",\n";
    m_first_event = false;
    m_out << separator << text;
    m_stats.bytes_written += std::strlen(separator) + text.size();
    if (!m_out)
        throw std::runtime_error("timeline_writer: writing \"" + m_path + "\" failed");
}

} // namespace osvp::trace
