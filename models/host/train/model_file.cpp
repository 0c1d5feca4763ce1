#include "host/train/model_file.h"

#include "host/train/architecture.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace osvp::train {

namespace {

using json = nlohmann::json;

json parse_strict(const std::string& text, const std::string& source) {
    std::vector<std::set<std::string>> open_objects;
    std::string duplicate;
    const json::parser_callback_t check = [&](int, json::parse_event_t event, json& parsed) {
        if (event == json::parse_event_t::object_start) {
            open_objects.emplace_back();
        } else if (event == json::parse_event_t::object_end) {
            open_objects.pop_back();
        } else if (event == json::parse_event_t::key && duplicate.empty() &&
                   !open_objects.back().insert(parsed.get<std::string>()).second) {
            duplicate = parsed.get<std::string>();
        }
        return true;
    };
    json doc;
    try {
        doc = json::parse(text, check);
    } catch (const json::parse_error& e) {
        throw model_error(source + ": not valid JSON: " + e.what());
    }
    if (!duplicate.empty()) {
        throw model_error(source + ": key '" + duplicate +
                          "' appears twice in one object; allowed: each key once");
    }
    return doc;
}

void check_keys(const json& object, const std::string& where, const std::string& source,
                const std::vector<std::string>& allowed) {
    if (!object.is_object()) {
        throw model_error(source + ": '" + where + "' must be a JSON object, got " +
                          object.type_name());
    }
    for (const auto& item : object.items()) {
        if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end()) {
            std::string list;
            for (const std::string& a : allowed) {
                list += (list.empty() ? "" : ", ") + a;
            }
            throw model_error(source + ": unknown key '" + where + "." + item.key() +
                              "'; allowed: " + list);
        }
    }
}

std::string get_string(const json& object, const std::string& key, const std::string& where,
                       const std::string& source) {
    if (!object.contains(key)) {
        throw model_error(source + ": missing key '" + where + "." + key + "' (a string)");
    }
    const json& v = object.at(key);
    if (!v.is_string()) {
        throw model_error(source + ": key '" + where + "." + key + "' is " + v.dump() +
                          "; allowed: a string");
    }
    return v.get<std::string>();
}

std::uint64_t positive_integer(const json& v, const std::string& key, const std::string& source) {
    if (!v.is_number_unsigned() || v.get<std::uint64_t>() == 0) {
        throw model_error(source + ": key '" + key + "' is " + v.dump() +
                          "; allowed: an integer from 1 to 2^64-1");
    }
    return v.get<std::uint64_t>();
}

std::vector<tensor_desc> parse_tensors(const json& list, const std::string& source) {
    if (!list.is_array()) {
        throw model_error(source + ": key 'tensors' is " + std::string(list.type_name()) +
                          "; allowed: an array of {\"name\", \"shape\"} objects");
    }
    std::vector<tensor_desc> tensors;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string where = "tensors[" + std::to_string(i) + "]";
        check_keys(list[i], where, source, {"name", "shape"});
        tensor_desc t;
        t.name = get_string(list[i], "name", where, source);
        if (!list[i].contains("shape") || !list[i].at("shape").is_array()) {
            throw model_error(source + ": key '" + where +
                              ".shape' is missing or not an array; allowed: [d0, d1, ...], "
                              "each an integer >= 1");
        }
        const json& shape = list[i].at("shape");
        for (std::size_t d = 0; d < shape.size(); ++d) {
            t.shape.push_back(
                positive_integer(shape[d], where + ".shape[" + std::to_string(d) + "]", source));
        }
        tensors.push_back(std::move(t));
    }
    return tensors;
}

architecture_spec parse_architecture(const json& a, const std::string& source) {
    check_keys(a, "architecture", source,
               {"family", "layers", "hidden", "heads", "vocab", "seq", "ffn", "kv", "buckets",
                "type_vocab", "tied_embeddings"});
    architecture_spec spec;
    spec.family = parse_model_family(get_string(a, "family", "architecture", source), source);
    const std::pair<const char*, std::uint64_t*> sizes[] = {
        {"layers", &spec.layers}, {"hidden", &spec.hidden},   {"heads", &spec.heads},
        {"vocab", &spec.vocab},   {"seq", &spec.seq},         {"ffn", &spec.ffn},
        {"kv", &spec.kv},         {"buckets", &spec.buckets}, {"type_vocab", &spec.type_vocab}};
    for (const auto& [key, field] : sizes) {
        if (a.contains(key)) {
            *field = positive_integer(a.at(key), std::string("architecture.") + key, source);
        }
    }
    if (a.contains("tied_embeddings")) {
        const json& v = a.at("tied_embeddings");
        if (!v.is_boolean()) {
            throw model_error(source + ": key 'architecture.tied_embeddings' is " + v.dump() +
                              "; allowed: true or false");
        }
        spec.tied_embeddings = v.get<bool>();
    }
    return spec;
}

} // namespace

model_desc parse_model_json(const std::string& text, const std::string& source) {
    const json doc = parse_strict(text, source);
    check_keys(doc, "<root>", source, {"name", "source", "tensors", "architecture"});
    const std::string name = get_string(doc, "name", "<root>", source);
    if (doc.contains("source")) {
        get_string(doc, "source", "<root>", source);
    }
    const bool has_tensors = doc.contains("tensors");
    if (has_tensors == doc.contains("architecture")) {
        throw model_error(source + ": model '" + name +
                          "' must have exactly one of the keys 'tensors' and 'architecture'");
    }
    if (has_tensors) {
        return model_desc(name, parse_tensors(doc.at("tensors"), source), source);
    }
    return expand_architecture(name, parse_architecture(doc.at("architecture"), source), source);
}

model_desc load_model_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw model_error(file.string() + ": cannot open model file");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse_model_json(text.str(), file.string());
}

std::vector<std::string> list_models(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::directory_iterator it(dir, ec);
    if (ec) {
        throw model_error(dir.string() + ": cannot list model directory: " + ec.message());
    }
    std::vector<std::string> names;
    for (const auto& entry : it) {
        if (entry.is_regular_file() && entry.path().extension() == ".json") {
            names.push_back(entry.path().stem().string());
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

model_desc load_builtin_model(const std::filesystem::path& dir, const std::string& name) {
    const std::vector<std::string> names = list_models(dir);
    if (std::find(names.begin(), names.end(), name) == names.end()) {
        std::string list;
        for (const std::string& n : names) {
            list += (list.empty() ? "" : ", ") + n;
        }
        throw model_error("no model '" + name + "' in " + dir.string() + "; available: " + list);
    }
    const std::filesystem::path file = dir / (name + ".json");
    model_desc model = load_model_file(file);
    if (model.name() != name) {
        throw model_error(file.string() + ": model name '" + model.name() +
                          "' differs from the file name; allowed: '" + name + "'");
    }
    return model;
}

} // namespace osvp::train
