#include "unit/trace/vcd_reader.h"

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace osvp::trace::test {
namespace {

std::string read_until_end(std::istream& in) {
    std::string text;
    std::string word;
    while (in >> word && word != "$end")
        text += (text.empty() ? "" : " ") + word;
    if (word != "$end")
        throw std::runtime_error("VCD: missing $end");
    return text;
}

std::uint64_t parse_binary(const std::string& bits) {
    std::uint64_t value = 0;
    for (const char c : bits) {
        if (c != '0' && c != '1')
            throw std::runtime_error("VCD: non two-state bit in 'b" + bits + "'");
        value = value * 2 + static_cast<std::uint64_t>(c - '0');
    }
    return value;
}

} // namespace

vcd_file read_vcd(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("VCD: cannot open " + path);
    vcd_file file;
    std::vector<std::string> scopes;
    std::map<std::string, std::string> path_of_id;
    std::string word;
    bool definitions = true;
    bool in_dump = false;
    bool have_time = false;
    std::uint64_t now = 0;
    while (in >> word) {
        if (definitions) {
            if (word == "$scope") {
                std::string kind, name;
                in >> kind >> name;
                read_until_end(in);
                scopes.push_back(name);
            } else if (word == "$upscope") {
                read_until_end(in);
                if (scopes.empty())
                    throw std::runtime_error("VCD: $upscope without $scope");
                scopes.pop_back();
            } else if (word == "$var") {
                vcd_var v;
                std::string reference;
                in >> v.type >> v.width >> v.id >> reference;
                v.range = read_until_end(in);
                for (const std::string& s : scopes)
                    v.path += s + ".";
                v.path += reference;
                path_of_id[v.id] = v.path;
                file.vars.push_back(v);
            } else if (word == "$timescale") {
                file.timescale = read_until_end(in);
            } else if (word == "$version") {
                file.version = read_until_end(in);
            } else if (word == "$date") {
                file.has_date = true;
                read_until_end(in);
            } else if (word == "$comment") {
                read_until_end(in);
            } else if (word == "$enddefinitions") {
                read_until_end(in);
                if (!scopes.empty())
                    throw std::runtime_error("VCD: unclosed scope " + scopes.back());
                definitions = false;
            } else {
                throw std::runtime_error("VCD: unexpected '" + word + "' in definitions");
            }
            continue;
        }
        std::string id;
        std::uint64_t value = 0;
        if (word[0] == '#') {
            const std::uint64_t t = std::stoull(word.substr(1));
            if (have_time && t < now)
                throw std::runtime_error("VCD: time goes backwards at " + word);
            now = t;
            have_time = true;
            file.timestamps.push_back(t);
            continue;
        } else if (word == "$dumpvars") {
            in_dump = true;
            continue;
        } else if (word == "$end") {
            in_dump = false;
            continue;
        } else if (word[0] == 'b') {
            value = parse_binary(word.substr(1));
            in >> id;
        } else if (word[0] == '0' || word[0] == '1') {
            value = static_cast<std::uint64_t>(word[0] - '0');
            id = word.substr(1);
        } else {
            throw std::runtime_error("VCD: unexpected '" + word + "' in value changes");
        }
        if (!have_time)
            throw std::runtime_error("VCD: value change before the first timestamp");
        const auto found = path_of_id.find(id);
        if (found == path_of_id.end())
            throw std::runtime_error("VCD: undeclared identifier '" + id + "'");
        file.changes.push_back({now, found->second, value, in_dump});
    }
    return file;
}

} // namespace osvp::trace::test
