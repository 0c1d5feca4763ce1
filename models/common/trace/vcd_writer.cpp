#include "common/trace/vcd_writer.h"

#include "common/trace/vcd_format.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <functional>
#include <iostream>
#include <queue>
#include <stdexcept>

namespace osvp::trace {
namespace {

constexpr std::size_t flush_threshold = 1u << 16;

} // namespace

vcd_writer::vcd_writer(std::string vcd_path, scope_filter filter, time_window window)
    : m_vcd_path(std::move(vcd_path)), m_filter(std::move(filter)), m_window(window) {
    const std::string_view ext = ".vcd";
    m_stem = m_vcd_path.size() > ext.size() &&
                     m_vcd_path.compare(m_vcd_path.size() - ext.size(), ext.size(), ext) == 0
                 ? m_vcd_path.substr(0, m_vcd_path.size() - ext.size())
                 : m_vcd_path;
    m_gtkw_path = m_stem + ".gtkw";
    m_file.reset(std::fopen(m_vcd_path.c_str(), "wb"));
    if (!m_file)
        throw std::runtime_error("vcd_writer: cannot open \"" + m_vcd_path +
                                 "\" for writing: " + std::strerror(errno));
}

vcd_writer::~vcd_writer() {
    try {
        close();
    } catch (const std::exception& e) {
        std::cerr << "vcd_writer: " << e.what() << "\n";
    }
}

std::string vcd_writer::filter_path(std::string_view legend_name) const {
    return m_stem + "." + std::string(legend_name) + ".filter";
}

signal_handle vcd_writer::add_wire(std::string_view name) {
    return add_signal(name, 1, -1);
}

signal_handle vcd_writer::add_vector(std::string_view name, unsigned width) {
    if (width < 1 || width > 64)
        throw std::invalid_argument("vcd_writer: signal \"" + std::string(name) + "\" width " +
                                    std::to_string(width) + " bits; allowed 1..64");
    return add_signal(name, width, -1);
}

signal_handle vcd_writer::add_enum(std::string_view name, const enum_legend& legend) {
    validate_legend(legend, name);
    int index = -1;
    for (std::size_t i = 0; i < m_legends.size(); ++i) {
        if (m_legends[i].name != legend.name)
            continue;
        if (m_legends[i].states != legend.states)
            throw std::invalid_argument("vcd_writer: legend \"" + legend.name +
                                        "\" registered twice with different states; legends "
                                        "with one name must be identical");
        index = static_cast<int>(i);
    }
    if (index >= 0)
        return add_signal(name, legend_width(legend), index);
    const signal_handle handle =
        add_signal(name, legend_width(legend), static_cast<int>(m_legends.size()));
    m_legends.push_back(legend);
    return handle;
}

void vcd_writer::check_name(std::string_view name) {
    const auto bad = [&](const std::string& why) {
        throw std::invalid_argument("vcd_writer: signal name \"" + std::string(name) +
                                    "\": " + why);
    };
    if (m_started)
        throw std::runtime_error("vcd_writer: signal \"" + std::string(name) +
                                 "\" registered after recording started; register all signals "
                                 "before the first change(), advance() or close()");
    if (name.empty() || name.front() == '.' || name.back() == '.' ||
        name.find("..") != std::string_view::npos)
        bad("expected non-empty dot-separated components like \"ssd.ch0.busy\"");
    for (const char c : name)
        if (!std::isgraph(static_cast<unsigned char>(c)) || c == '[' || c == ']' || c == '$')
            bad(std::string("character '") + c +
                "' not allowed; use printable characters without blanks, '[', ']' or '$'");
    if (m_names.count(name) != 0)
        bad("already registered");
    if (m_scopes.count(name) != 0)
        bad("already used as a scope of another signal");
    for (std::size_t dot = name.find('.'); dot != std::string_view::npos;
         dot = name.find('.', dot + 1))
        if (m_names.count(name.substr(0, dot)) != 0)
            bad("its scope \"" + std::string(name.substr(0, dot)) + "\" is already a signal");
    for (std::size_t dot = name.find('.'); dot != std::string_view::npos;
         dot = name.find('.', dot + 1))
        m_scopes.emplace(name.substr(0, dot));
    m_names.emplace(name);
}

signal_handle vcd_writer::add_signal(std::string_view name, unsigned width, int legend) {
    check_name(name);
    if (!m_filter.matches(name))
        return signal_handle{};
    const auto index = static_cast<std::uint32_t>(m_signals.size());
    m_signals.push_back({std::string(name), width, legend, vcd_identifier(index), 0, 0, 0, {}});
    return signal_handle{index};
}

void vcd_writer::change(signal_handle handle, time_ps t, std::uint64_t value) {
    if (!handle.selected())
        return;
    if (m_closed)
        throw std::runtime_error("vcd_writer: change() after close() on \"" + m_vcd_path + "\"");
    if (handle.index >= m_signals.size())
        throw std::invalid_argument("vcd_writer: unknown signal handle " +
                                    std::to_string(handle.index));
    signal_state& s = m_signals[handle.index];
    if (s.legend >= 0 && value >= m_legends[s.legend].states.size())
        throw std::invalid_argument("vcd_writer: value " + std::to_string(value) + " of \"" +
                                    s.name + "\" is not a state of legend \"" +
                                    m_legends[s.legend].name + "\"; allowed 0.." +
                                    std::to_string(m_legends[s.legend].states.size() - 1));
    if (s.width < 64 && (value >> s.width) != 0)
        throw std::invalid_argument("vcd_writer: value " + std::to_string(value) + " of \"" +
                                    s.name + "\" does not fit in " + std::to_string(s.width) +
                                    " bits; allowed 0.." +
                                    std::to_string((std::uint64_t{1} << s.width) - 1));
    if (t < s.last_time)
        throw std::runtime_error("vcd_writer: change of \"" + s.name + "\" at " +
                                 std::to_string(t) + " ps is earlier than its previous change at " +
                                 std::to_string(s.last_time) +
                                 " ps; each signal's changes must be in time order");
    if (t < m_watermark)
        throw std::runtime_error("vcd_writer: change of \"" + s.name + "\" at " +
                                 std::to_string(t) + " ps is earlier than the watermark " +
                                 std::to_string(m_watermark) + " ps set by advance()");
    begin_output();
    s.last_time = t;
    m_horizon = std::max(m_horizon, t);
    if (t <= m_window.start) {
        s.current = value;
        s.written = value;
        return;
    }
    if (t >= m_window.end)
        return;
    if (!s.pending.empty() && s.pending.back().time == t) {
        const std::uint64_t before =
            s.pending.size() >= 2 ? s.pending[s.pending.size() - 2].value : s.written;
        if (value == before) {
            s.pending.pop_back();
            --m_stats.pending_changes;
        } else {
            s.pending.back().value = value;
        }
        s.current = value;
        return;
    }
    if (value == s.current)
        return;
    s.pending.push_back({t, value});
    ++m_stats.pending_changes;
    s.current = value;
}

void vcd_writer::advance(time_ps t) {
    if (m_closed)
        throw std::runtime_error("vcd_writer: advance() after close() on \"" + m_vcd_path + "\"");
    if (t < m_watermark)
        throw std::runtime_error("vcd_writer: advance to " + std::to_string(t) +
                                 " ps is earlier than the current watermark " +
                                 std::to_string(m_watermark) + " ps; it must not decrease");
    begin_output();
    m_watermark = t;
    m_horizon = std::max(m_horizon, t);
    if (t <= m_window.start)
        return;
    if (!m_dumped)
        write_dumpvars();
    emit_before(t);
}

void vcd_writer::close() {
    if (m_closed)
        return;
    m_closed = true;
    begin_output();
    if (!m_dumped)
        write_dumpvars();
    emit_before(time_window::open_end);
    const time_ps last = std::min(m_window.end, m_horizon);
    if (last > m_last_written_time)
        put_time(last);
    flush_buffer();
    if (std::fclose(m_file.release()) != 0)
        throw std::runtime_error("vcd_writer: closing \"" + m_vcd_path +
                                 "\" failed: " + std::strerror(errno));
}

void vcd_writer::begin_output() {
    if (m_started)
        return;
    m_started = true;
    std::vector<vcd_var_decl> decls;
    std::vector<std::string> filters(m_signals.size());
    for (std::size_t i = 0; i < m_signals.size(); ++i) {
        const signal_state& s = m_signals[i];
        if (s.legend >= 0)
            filters[i] = filter_path(m_legends[s.legend].name);
        decls.push_back({s.name, s.width, s.id, filters[i]});
    }
    const std::string end =
        m_window.end == time_window::open_end ? "open" : std::to_string(m_window.end) + " ps";
    m_buffer += vcd_definitions(decls, "window [" + std::to_string(m_window.start) + " ps, " + end +
                                           ") scope filter \"" + m_filter.text() + "\"");
    write_gtkw_save_file(m_gtkw_path, m_vcd_path, m_window.start, decls);
    std::vector<bool> used(m_legends.size(), false);
    for (const signal_state& s : m_signals)
        if (s.legend >= 0 && !used[s.legend]) {
            used[s.legend] = true;
            write_translate_filter(filter_path(m_legends[s.legend].name), m_legends[s.legend]);
        }
}

void vcd_writer::write_dumpvars() {
    m_dumped = true;
    put_time(m_window.start);
    m_buffer += "$dumpvars\n";
    for (const signal_state& s : m_signals)
        put_value(s, s.written);
    m_buffer += "$end\n";
}

void vcd_writer::emit_before(time_ps limit) {
    using entry = std::pair<time_ps, std::uint32_t>;
    std::priority_queue<entry, std::vector<entry>, std::greater<>> next;
    for (std::uint32_t i = 0; i < m_signals.size(); ++i)
        if (!m_signals[i].pending.empty() && m_signals[i].pending.front().time < limit)
            next.emplace(m_signals[i].pending.front().time, i);
    while (!next.empty()) {
        const auto [time, index] = next.top();
        next.pop();
        signal_state& s = m_signals[index];
        if (!m_time_written || time != m_last_written_time)
            put_time(time);
        s.written = s.pending.front().value;
        put_value(s, s.written);
        ++m_stats.changes_written;
        --m_stats.pending_changes;
        s.pending.pop_front();
        if (!s.pending.empty() && s.pending.front().time < limit)
            next.emplace(s.pending.front().time, index);
    }
    if (m_buffer.size() >= flush_threshold)
        flush_buffer();
}

void vcd_writer::put_value(const signal_state& s, std::uint64_t value) {
    append_vcd_value(m_buffer, s.width, value);
    m_buffer += s.id;
    m_buffer += '\n';
}

void vcd_writer::put_time(time_ps t) {
    m_buffer += '#';
    m_buffer += std::to_string(t);
    m_buffer += '\n';
    m_last_written_time = t;
    m_time_written = true;
}

void vcd_writer::flush_buffer() {
    if (m_buffer.empty())
        return;
    if (std::fwrite(m_buffer.data(), 1, m_buffer.size(), m_file.get()) != m_buffer.size())
        throw std::runtime_error("vcd_writer: writing \"" + m_vcd_path +
                                 "\" failed: " + std::strerror(errno));
    m_stats.bytes_written += m_buffer.size();
    m_buffer.clear();
}

} // namespace osvp::trace
