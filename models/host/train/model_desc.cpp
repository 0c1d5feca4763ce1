#include "host/train/model_desc.h"

#include <limits>
#include <map>

namespace osvp::train {

namespace {

constexpr std::size_t max_tensor_name_length = 200;

bool is_name_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

std::string shape_string(const std::vector<std::uint64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        s += (i ? ", " : "") + std::to_string(shape[i]);
    }
    return s + "]";
}

} // namespace

std::uint64_t checked_mul(std::uint64_t a, std::uint64_t b, const std::string& what) {
    if (a != 0 && b > std::numeric_limits<std::uint64_t>::max() / a) {
        throw model_error(what + ": " + std::to_string(a) + " * " + std::to_string(b) +
                          " overflows 64 bits; allowed: products up to 2^64-1");
    }
    return a * b;
}

std::uint64_t tensor_desc::element_count() const {
    std::uint64_t count = 1;
    for (std::uint64_t d : shape) {
        count = checked_mul(count, d, "tensor '" + name + "' shape " + shape_string(shape));
    }
    return count;
}

void validate_tensor_name(const std::string& name, const std::string& source) {
    if (name.empty() || name.size() > max_tensor_name_length || name.front() == '.') {
        throw model_error(source + ": tensor name '" + name +
                          "' is invalid; allowed: 1 to 200 characters, not starting with '.'");
    }
    for (char c : name) {
        if (!is_name_char(c)) {
            throw model_error(source + ": tensor name '" + name + "' contains '" +
                              std::string(1, c) + "'; allowed characters: A-Z a-z 0-9 . _ -");
        }
    }
}

model_desc::model_desc(std::string name, std::vector<tensor_desc> tensors,
                       const std::string& source)
    : m_name(std::move(name)), m_tensors(std::move(tensors)) {
    if (m_name.empty()) {
        throw model_error(source + ": model name is empty; allowed: a non-empty string");
    }
    if (m_tensors.empty()) {
        throw model_error(source + ": model '" + m_name +
                          "' has no tensors; allowed: at least one tensor");
    }
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < m_tensors.size(); ++i) {
        const tensor_desc& t = m_tensors[i];
        validate_tensor_name(t.name, source);
        if (!seen.emplace(t.name, i).second) {
            throw model_error(source + ": tensor name '" + t.name + "' appears at index " +
                              std::to_string(seen[t.name]) + " and " + std::to_string(i) +
                              "; allowed: unique names");
        }
        if (t.shape.empty()) {
            throw model_error(source + ": tensor '" + t.name +
                              "' has an empty shape; allowed: 1 or more dimensions");
        }
        for (std::uint64_t d : t.shape) {
            if (d == 0) {
                throw model_error(source + ": tensor '" + t.name + "' shape " +
                                  shape_string(t.shape) + " has a zero dimension; allowed: >= 1");
            }
        }
        std::uint64_t count = 0;
        try {
            count = t.element_count();
        } catch (const model_error& e) {
            throw model_error(source + ": " + e.what());
        }
        if (count > std::numeric_limits<std::uint64_t>::max() - m_parameter_count) {
            throw model_error(source + ": total parameter count overflows 64 bits at tensor '" +
                              t.name + "'");
        }
        m_parameter_count += count;
    }
}

std::size_t model_desc::tensor_index(const std::string& tensor_name) const {
    for (std::size_t i = 0; i < m_tensors.size(); ++i) {
        if (m_tensors[i].name == tensor_name) {
            return i;
        }
    }
    throw model_error("model '" + m_name + "' has no tensor named '" + tensor_name + "'");
}

} // namespace osvp::train
