// Configuration reading (house style, after DRAMSys): a JSON document, optionally patched by
// command-line overrides, is read once into typed *_config structs. Every read names its key and
// its default; the values actually used (defaults included) form the effective configuration that
// --dump-config prints; keys nobody read are errors. Quantities carry explicit units.
#pragma once
#include "common/sim_time.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <set>
#include <stdexcept>
#include <string>

namespace osvp {

/// A configuration error: the message names the key, the bad value and what is allowed.
class config_error : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

class config_node;

/// Owns the input document, the record of keys read and the effective configuration.
class config_tree {
public:
    /// An empty document: every value takes its default.
    config_tree();
    explicit config_tree(nlohmann::json document);
    /// Reads a JSON file; a missing file or a syntax error is a config_error naming the file.
    static config_tree from_file(const std::string& path);

    /// Applies "a.b.c=value". The value is taken as JSON when it parses as JSON, else as a string.
    void apply_override(const std::string& assignment);
    config_node root();
    /// Throws config_error listing every key of the input that no reader asked for.
    void check_all_used() const;
    /// The values in force, defaults included, with the units they were given in.
    const nlohmann::json& effective() const { return m_effective; }

private:
    friend class config_node;
    nlohmann::json m_input;
    nlohmann::json m_effective;
    std::set<std::string> m_used;
};

/// A view of one object of the configuration, e.g. "flash" or "flash.timing".
class config_node {
public:
    config_node(config_tree& tree, std::string path);

    config_node child(const std::string& key) const;
    /// Whether the input gives `key` (defaults do not count).
    bool has(const std::string& key) const { return find(key) != nullptr; }
    bool get_bool(const std::string& key, bool fallback) const;
    std::uint64_t get_uint(const std::string& key, std::uint64_t fallback, std::uint64_t min,
                           std::uint64_t max) const;
    double get_double(const std::string& key, double fallback, double min, double max) const;
    std::string get_string(const std::string& key, const std::string& fallback) const;
    /// A string that must be one of `allowed`.
    std::string get_choice(const std::string& key, const std::string& fallback,
                           std::initializer_list<const char*> allowed) const;
    /// Quantities with units, parsed by the parsers of common/units.h.
    time_ps get_time(const std::string& key, const std::string& fallback) const;
    std::uint64_t get_size(const std::string& key, const std::string& fallback) const;
    double get_transfer_rate(const std::string& key, const std::string& fallback) const;
    double get_frequency(const std::string& key, const std::string& fallback) const;
    double get_bandwidth(const std::string& key, const std::string& fallback) const;
    double get_power(const std::string& key, const std::string& fallback) const;
    double get_current(const std::string& key, const std::string& fallback) const;
    double get_voltage(const std::string& key, const std::string& fallback) const;
    double get_energy(const std::string& key, const std::string& fallback) const;

    /// Dotted path of `key` under this node, as users write it in --set.
    std::string path_of(const std::string& key) const;
    /// Throws config_error "<path>: <message>" for a constraint that spans several keys.
    [[noreturn]] void fail(const std::string& key, const std::string& message) const;

private:
    const nlohmann::json* find(const std::string& key) const;
    void record(const std::string& key, const nlohmann::json& value) const;
    template <typename Parse>
    auto get_quantity(const std::string& key, const std::string& fallback, Parse parse) const;

    config_tree* m_tree;
    std::string m_path;
};

} // namespace osvp
