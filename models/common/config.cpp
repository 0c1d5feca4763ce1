#include "common/config.h"

#include "common/units.h"

#include <charconv>
#include <fstream>
#include <limits>
#include <sstream>

namespace osvp {
namespace {

nlohmann::json::json_pointer pointer_of(const std::string& dotted) {
    std::string pointer;
    std::istringstream parts(dotted);
    for (std::string part; std::getline(parts, part, '.');) {
        pointer += "/" + part;
    }
    return nlohmann::json::json_pointer(pointer);
}

void collect_leaves(const nlohmann::json& node, const std::string& path,
                    std::set<std::string>& out) {
    if (node.is_object() && !node.empty()) {
        for (const auto& [key, value] : node.items()) {
            collect_leaves(value, path.empty() ? key : path + "." + key, out);
        }
    } else {
        out.insert(path);
    }
}

std::string describe(const nlohmann::json& value) {
    return value.dump();
}

/// The shortest text that reads back as `value` ("0.001", "1", "1.0000001", "1e+12").
std::string number(double value) {
    char text[32];
    const std::to_chars_result r = std::to_chars(text, text + sizeof text, value);
    return std::string(text, r.ptr);
}

/// "in [min, max]", or "at least min" when max is the largest double (no upper limit).
std::string range(double min, double max) {
    if (max == std::numeric_limits<double>::max()) {
        return "at least " + number(min);
    }
    return "in [" + number(min) + ", " + number(max) + "]";
}

} // namespace

config_tree::config_tree() : m_input(nlohmann::json::object()) {}

config_tree::config_tree(nlohmann::json document) : m_input(std::move(document)) {
    if (!m_input.is_object()) {
        throw config_error("configuration: the top level must be a JSON object, got " +
                           describe(m_input));
    }
}

config_tree config_tree::from_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw config_error("cannot open configuration file '" + path + "'");
    }
    try {
        return config_tree(nlohmann::json::parse(in, nullptr, true, true));
    } catch (const nlohmann::json::parse_error& e) {
        throw config_error("configuration file '" + path + "' is not valid JSON: " + e.what());
    }
}

void config_tree::apply_override(const std::string& assignment) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0) {
        throw config_error("override '" + assignment + "' must have the form key.path=value");
    }
    const std::string key = assignment.substr(0, eq);
    const std::string text = assignment.substr(eq + 1);
    nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
    if (value.is_discarded()) {
        value = text;
    }
    const auto pointer = pointer_of(key);
    for (auto parent = pointer.parent_pointer(); !parent.empty();
         parent = parent.parent_pointer()) {
        if (m_input.contains(parent) && !m_input[parent].is_object()) {
            throw config_error("override '" + assignment + "': '" + parent.to_string() +
                               "' is a value, not a section");
        }
    }
    m_input[pointer] = value;
}

config_node config_tree::root() {
    return config_node(*this, "");
}

void config_tree::check_all_used() const {
    std::set<std::string> leaves;
    collect_leaves(m_input, "", leaves);
    std::string unknown;
    for (const auto& leaf : leaves) {
        if (leaf.empty() || m_used.count(leaf) != 0) {
            continue;
        }
        unknown += unknown.empty() ? "" : ", ";
        unknown += "'" + leaf + "'";
    }
    if (!unknown.empty()) {
        throw config_error("unknown configuration key(s): " + unknown +
                           " (run with --dump-config to list every known key)");
    }
}

config_node::config_node(config_tree& tree, std::string path)
    : m_tree(&tree), m_path(std::move(path)) {}

std::string config_node::path_of(const std::string& key) const {
    return m_path.empty() ? key : m_path + "." + key;
}

config_node config_node::child(const std::string& key) const {
    const nlohmann::json* node = find(key);
    if (node != nullptr && !node->is_object()) {
        fail(key, "must be a section (JSON object), got " + describe(*node));
    }
    return config_node(*m_tree, path_of(key));
}

void config_node::fail(const std::string& key, const std::string& message) const {
    throw config_error(path_of(key) + ": " + message);
}

const nlohmann::json* config_node::find(const std::string& key) const {
    const auto pointer = pointer_of(path_of(key));
    return m_tree->m_input.contains(pointer) ? &m_tree->m_input.at(pointer) : nullptr;
}

void config_node::record(const std::string& key, const nlohmann::json& value) const {
    m_tree->m_used.insert(path_of(key));
    m_tree->m_effective[pointer_of(path_of(key))] = value;
}

bool config_node::get_bool(const std::string& key, bool fallback) const {
    const nlohmann::json* node = find(key);
    if (node != nullptr && !node->is_boolean()) {
        fail(key, "must be true or false, got " + describe(*node));
    }
    const bool value = node != nullptr ? node->get<bool>() : fallback;
    record(key, value);
    return value;
}

std::uint64_t config_node::get_uint(const std::string& key, std::uint64_t fallback,
                                    std::uint64_t min, std::uint64_t max) const {
    const nlohmann::json* node = find(key);
    if (node != nullptr && !node->is_number_unsigned()) {
        fail(key, "must be a whole number in [" + std::to_string(min) + ", " + std::to_string(max) +
                      "], got " + describe(*node));
    }
    const std::uint64_t value = node != nullptr ? node->get<std::uint64_t>() : fallback;
    if (value < min || value > max) {
        fail(key, "must be " + range(min, max) + ", got " + number(value));
    }
    record(key, value);
    return value;
}

double config_node::get_double(const std::string& key, double fallback, double min,
                               double max) const {
    const nlohmann::json* node = find(key);
    if (node != nullptr && !node->is_number()) {
        fail(key, "must be a number " + range(min, max) + ", got " + describe(*node));
    }
    const double value = node != nullptr ? node->get<double>() : fallback;
    if (!(value >= min && value <= max)) {
        fail(key, "must be " + range(min, max) + ", got " + number(value));
    }
    record(key, value);
    return value;
}

std::string config_node::get_string(const std::string& key, const std::string& fallback) const {
    const nlohmann::json* node = find(key);
    if (node != nullptr && !node->is_string()) {
        fail(key, "must be a string, got " + describe(*node));
    }
    std::string value = node != nullptr ? node->get<std::string>() : fallback;
    record(key, value);
    return value;
}

std::string config_node::get_choice(const std::string& key, const std::string& fallback,
                                    std::initializer_list<const char*> allowed) const {
    std::string value = get_string(key, fallback);
    std::string list;
    for (const char* option : allowed) {
        if (value == option) {
            return value;
        }
        list += list.empty() ? "" : ", ";
        list += option;
    }
    fail(key, "'" + value + "' is not allowed: expected one of " + list);
}

template <typename Parse>
auto config_node::get_quantity(const std::string& key, const std::string& fallback,
                               Parse parse) const {
    const nlohmann::json* node = find(key);
    try {
        if (node != nullptr && node->is_number()) {
            parse(node->dump());
        }
        return parse(get_string(key, fallback));
    } catch (const unit_error& e) {
        fail(key, e.what());
    }
}

time_ps config_node::get_time(const std::string& key, const std::string& fallback) const {
    return get_quantity(key, fallback, parse_time);
}
std::uint64_t config_node::get_size(const std::string& key, const std::string& fallback) const {
    return get_quantity(key, fallback, parse_size);
}
double config_node::get_transfer_rate(const std::string& key, const std::string& fallback) const {
    return get_quantity(key, fallback, parse_transfer_rate);
}
double config_node::get_frequency(const std::string& key, const std::string& fallback) const {
    return get_quantity(key, fallback, parse_frequency);
}
double config_node::get_bandwidth(const std::string& key, const std::string& fallback) const {
    return get_quantity(key, fallback, parse_bandwidth);
}
double config_node::get_power(const std::string& key, const std::string& fallback) const {
    return get_quantity(key, fallback, parse_power);
}
double config_node::get_current(const std::string& key, const std::string& fallback) const {
    return get_quantity(key, fallback, parse_current);
}
double config_node::get_voltage(const std::string& key, const std::string& fallback) const {
    return get_quantity(key, fallback, parse_voltage);
}
double config_node::get_energy(const std::string& key, const std::string& fallback) const {
    return get_quantity(key, fallback, parse_energy);
}

} // namespace osvp
