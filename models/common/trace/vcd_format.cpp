#include "common/trace/vcd_format.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

namespace osvp::trace {
namespace {

struct scope_node {
    std::string name;
    std::vector<std::size_t> children;
    std::vector<std::size_t> vars;
    std::map<std::string, std::size_t, std::less<>> child_index;
};

void append_scope(std::string& out, const std::vector<scope_node>& nodes, std::size_t node,
                  const std::vector<vcd_var_decl>& vars) {
    const scope_node& n = nodes[node];
    if (node != 0)
        out += "$scope module " + n.name + " $end\n";
    for (const std::size_t v : n.vars) {
        const vcd_var_decl& d = vars[v];
        const std::string_view leaf = d.name.substr(d.name.rfind('.') + 1);
        out += "$var ";
        out += d.width == 1 ? "wire 1 " : "reg " + std::to_string(d.width) + " ";
        out += std::string(d.id) + " " + std::string(leaf);
        if (d.width > 1)
            out += " [" + std::to_string(d.width - 1) + ":0]";
        out += " $end\n";
    }
    for (const std::size_t c : n.children)
        append_scope(out, nodes, c, vars);
    if (node != 0)
        out += "$upscope $end\n";
}

std::ofstream open_companion(const std::string& path) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        throw std::runtime_error("trace: cannot open \"" + path +
                                 "\" for writing: " + std::strerror(errno));
    return out;
}

void finish_companion(std::ofstream& out, const std::string& path) {
    out.flush();
    if (!out)
        throw std::runtime_error("trace: write to \"" + path + "\" failed");
}

} // namespace

std::string vcd_identifier(std::uint32_t index) {
    constexpr std::uint32_t first = '!';
    constexpr std::uint32_t radix = '~' - '!' + 1;
    std::string id;
    do {
        id += static_cast<char>(first + index % radix);
        index /= radix;
    } while (index != 0);
    return id;
}

void append_vcd_value(std::string& out, unsigned width, std::uint64_t value) {
    if (width == 1) {
        out += value != 0 ? '1' : '0';
        return;
    }
    out += 'b';
    int top = 63;
    while (top > 0 && ((value >> top) & 1u) == 0)
        --top;
    for (int bit = top; bit >= 0; --bit)
        out += ((value >> bit) & 1u) != 0 ? '1' : '0';
    out += ' ';
}

std::string vcd_definitions(const std::vector<vcd_var_decl>& vars, std::string_view comment) {
    std::vector<scope_node> nodes(1);
    for (std::size_t v = 0; v < vars.size(); ++v) {
        std::string_view rest = vars[v].name;
        std::size_t node = 0;
        for (std::size_t dot = rest.find('.'); dot != std::string_view::npos;
             dot = rest.find('.')) {
            const std::string_view part = rest.substr(0, dot);
            auto found = nodes[node].child_index.find(part);
            if (found == nodes[node].child_index.end()) {
                nodes.push_back({std::string(part), {}, {}, {}});
                nodes[node].children.push_back(nodes.size() - 1);
                found = nodes[node].child_index.emplace(std::string(part), nodes.size() - 1).first;
            }
            node = found->second;
            rest.remove_prefix(dot + 1);
        }
        nodes[node].vars.push_back(v);
    }
    std::string out = "$version OptimStore-VP osvp::trace::vcd_writer $end\n";
    out += "$comment " + std::string(comment) + " $end\n";
    out += "$timescale 1ps $end\n";
    append_scope(out, nodes, 0, vars);
    out += "$enddefinitions $end\n";
    return out;
}

std::string gtkwave_signal_name(std::string_view name, unsigned width) {
    std::string result(name);
    if (width > 1)
        result += "[" + std::to_string(width - 1) + ":0]";
    return result;
}

void write_gtkw_save_file(const std::string& path, const std::string& vcd_path, time_ps start,
                          const std::vector<vcd_var_decl>& vars) {
    // GTKWave TraceEntFlagBits: TR_DEC, TR_BIN, TR_RJUSTIFY, TR_FTRANSLATED.
    constexpr unsigned tr_dec = 0x4;
    constexpr unsigned tr_bin = 0x8;
    constexpr unsigned tr_rjustify = 0x20;
    constexpr unsigned tr_ftranslated = 0x2000;

    std::ofstream out = open_companion(path);
    out << "[*] OptimStore-VP trace view: enumerated states are decoded by translate filters\n";
    out << "[dumpfile] \"" << std::filesystem::absolute(vcd_path).string() << "\"\n";
    out << "[timestart] " << start << "\n";
    std::map<std::string, int, std::less<>> filter_numbers;
    for (const vcd_var_decl& v : vars) {
        unsigned flags = tr_rjustify | (v.width == 1 ? tr_bin : tr_dec);
        if (!v.filter_path.empty())
            flags |= tr_ftranslated;
        out << "@" << std::hex << flags << std::dec << "\n";
        if (!v.filter_path.empty()) {
            auto found = filter_numbers.find(v.filter_path);
            if (found == filter_numbers.end())
                found = filter_numbers
                            .emplace(std::string(v.filter_path),
                                     static_cast<int>(filter_numbers.size()) + 1)
                            .first;
            out << "^" << found->second << " "
                << std::filesystem::absolute(std::string(v.filter_path)).string() << "\n";
        }
        out << gtkwave_signal_name(v.name, v.width) << "\n";
    }
    finish_companion(out, path);
}

} // namespace osvp::trace
