#include "host/block_trace.h"

#include "common/config.h"

#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>

namespace osvp {
namespace {

/// A Windows filetime tick (100 ns) in ps.
constexpr time_ps ps_per_tick = 100'000;

std::string trimmed(const std::string& text) {
    const std::size_t begin = text.find_first_not_of(" \t\r");
    if (begin == std::string::npos) {
        return {};
    }
    const std::size_t end = text.find_last_not_of(" \t\r");
    return text.substr(begin, end - begin + 1);
}

std::vector<std::string> fields_of(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t begin = 0;
    for (;;) {
        const std::size_t comma = line.find(',', begin);
        fields.push_back(trimmed(line.substr(begin, comma - begin)));
        if (comma == std::string::npos) {
            return fields;
        }
        begin = comma + 1;
    }
}

} // namespace

msr_trace_reader::msr_trace_reader(std::istream& in, std::string source)
    : m_in(in), m_source(std::move(source)) {
    if (m_in.peek() == 0x1f) {
        m_in.get();
        const bool gzip = m_in.peek() == 0x8b;
        m_in.unget();
        if (gzip) {
            throw config_error(m_source +
                               ": is gzip-compressed (the MSR Cambridge traces are distributed as "
                               ".csv.gz); decompress it first, e.g. with gunzip");
        }
    }
}

void msr_trace_reader::fail(const std::string& message) const {
    throw config_error(m_source + ":" + std::to_string(m_line) + ": " + message);
}

std::uint64_t msr_trace_reader::number(const std::string& field, const char* name,
                                       const char* unit) const {
    std::uint64_t value = 0;
    const char* end = field.data() + field.size();
    const auto [ptr, ec] = std::from_chars(field.data(), end, value);
    if (field.empty() || ec != std::errc() || ptr != end) {
        fail(std::string(name) + " '" + field + "' is not a whole number of " + unit +
             " below 2^64");
    }
    return value;
}

std::optional<trace_record> msr_trace_reader::next() {
    std::string line;
    while (std::getline(m_in, line)) {
        ++m_line;
        if (trimmed(line).empty()) {
            continue;
        }
        const std::vector<std::string> fields = fields_of(line);
        if (fields.size() != 7) {
            fail("has " + std::to_string(fields.size()) +
                 " comma-separated fields; an MSR Cambridge trace line has 7: "
                 "Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime");
        }
        const std::uint64_t ticks = number(fields[0], "Timestamp", "100 ns ticks");
        trace_record r;
        if (fields[3] == "Read") {
            r.op = io_op::read;
        } else if (fields[3] == "Write") {
            r.op = io_op::write;
        } else {
            fail("Type '" + fields[3] + "' is not allowed; allowed: Read, Write");
        }
        r.offset = number(fields[4], "Offset", "bytes");
        r.bytes = number(fields[5], "Size", "bytes");
        if (r.bytes == 0) {
            fail("Size is 0; a request moves at least one byte");
        }
        if (!m_first_ticks) {
            m_first_ticks = ticks;
        } else if (ticks < m_last_ticks) {
            fail("Timestamp " + std::to_string(ticks) + " is earlier than the line before (" +
                 std::to_string(m_last_ticks) + "); requests must be in time order");
        }
        m_last_ticks = ticks;
        const std::uint64_t since_first = ticks - *m_first_ticks;
        if (since_first > std::numeric_limits<time_ps>::max() / ps_per_tick) {
            fail("Timestamp " + std::to_string(ticks) +
                 " is more than 2^64 ps (213 days) after the first request");
        }
        r.arrival = since_first * ps_per_tick;
        return r;
    }
    return std::nullopt;
}

trace_commands::trace_commands(std::istream& in, std::string source, const trace_mapping& mapping,
                               std::uint64_t request_limit)
    : m_reader(in, std::move(source)), m_mapping(mapping), m_limit(request_limit) {}

std::optional<trace_command> trace_commands::next() {
    bool first = false;
    if (m_lbas_left == 0) {
        if (m_limit != 0 && m_requests == m_limit) {
            return std::nullopt;
        }
        const std::optional<trace_record> r = m_reader.next();
        if (!r) {
            return std::nullopt;
        }
        ++m_requests;
        const std::uint64_t lba = m_mapping.lba_bytes;
        const std::uint64_t first_lba = r->offset / lba;
        const bool inside =
            r->bytes <= m_mapping.device_lbas * lba && first_lba < m_mapping.device_lbas;
        const std::uint64_t lbas = inside ? (r->offset % lba + r->bytes + lba - 1) / lba : 0;
        if (!inside || lbas > m_mapping.device_lbas - first_lba) {
            throw config_error(m_reader.source() + ":" + std::to_string(m_reader.line()) +
                               ": Offset " + std::to_string(r->offset) + " + Size " +
                               std::to_string(r->bytes) + " B ends beyond the block device of " +
                               std::to_string(m_mapping.device_lbas) + " LBAs of " +
                               std::to_string(lba) + " B (" +
                               std::to_string(m_mapping.device_lbas * lba) + " B)");
        }
        m_arrival = static_cast<time_ps>(
            std::llround(static_cast<double>(r->arrival) * m_mapping.time_scale));
        m_op = r->op;
        m_next_lba = first_lba;
        m_lbas_left = lbas;
        first = true;
    }
    trace_command c;
    c.arrival = m_arrival;
    c.first_of_request = first;
    c.request.op = m_op;
    c.request.slba = m_next_lba;
    c.request.nlb = static_cast<std::uint32_t>(
        std::min<std::uint64_t>(m_lbas_left, m_mapping.max_command_lbas));
    m_next_lba += c.request.nlb;
    m_lbas_left -= c.request.nlb;
    return c;
}

trace_summary summarise_trace(const std::string& path, const trace_mapping& mapping,
                              std::uint64_t request_limit) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw config_error(path + ": cannot open the trace file");
    }
    trace_commands commands(in, path, mapping, request_limit);
    trace_summary s;
    while (const std::optional<trace_command> c = commands.next()) {
        ++s.commands;
        const std::uint64_t bytes = std::uint64_t{c->request.nlb} * mapping.lba_bytes;
        (c->request.op == io_op::read ? s.read_bytes : s.write_bytes) += bytes;
        s.span = c->arrival;
        s.max_command_bytes = std::max(s.max_command_bytes, bytes);
    }
    s.requests = commands.requests();
    return s;
}

std::vector<lba_range> read_ranges(trace_commands& commands) {
    std::map<std::uint64_t, std::uint64_t> ranges;
    while (const std::optional<trace_command> c = commands.next()) {
        if (c->request.op != io_op::read) {
            continue;
        }
        std::uint64_t first = c->request.slba;
        std::uint64_t end = first + c->request.nlb;
        auto it = ranges.upper_bound(first);
        if (it != ranges.begin() && std::prev(it)->second >= first) {
            --it;
        }
        while (it != ranges.end() && it->first <= end) {
            first = std::min(first, it->first);
            end = std::max(end, it->second);
            it = ranges.erase(it);
        }
        ranges.emplace(first, end);
    }
    std::vector<lba_range> out;
    out.reserve(ranges.size());
    for (const auto& [first, end] : ranges) {
        out.push_back({first, end});
    }
    return out;
}

} // namespace osvp
