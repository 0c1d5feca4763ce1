// Model description files: both forms, every refusal, and the built-in catalogue.
#include "host/train/model_file.h"
#include "unit/train/train_test_util.h"

#include <fstream>

namespace osvp::train {
namespace {

using test::expect_error;

model_desc parse(const std::string& text) {
    return parse_model_json(text, "m.json");
}

void expect_parse_error(const std::string& text, const std::vector<std::string>& parts) {
    std::vector<std::string> all = parts;
    all.insert(all.begin(), "m.json");
    expect_error<model_error>([&] { parse(text); }, all);
}

TEST(model_file, parses_explicit_form) {
    const model_desc m = parse(R"({"name": "x", "source": "hand",
        "tensors": [{"name": "a", "shape": [2, 3]}, {"name": "b", "shape": [5]}]})");
    EXPECT_EQ(m.name(), "x");
    ASSERT_EQ(m.tensors().size(), 2u);
    EXPECT_EQ(m.tensors()[0].shape, (std::vector<std::uint64_t>{2, 3}));
    EXPECT_EQ(m.parameter_count(), 11u);
}

TEST(model_file, parses_architecture_form) {
    const model_desc m = parse(R"({"name": "g", "architecture": {"family": "gpt2", "layers": 2,
        "hidden": 64, "heads": 4, "vocab": 100, "seq": 16, "tied_embeddings": false}})");
    EXPECT_EQ(m.parameter_count(), 107520u + 6400u);
    EXPECT_EQ(m.tensors().back().name, "lm_head.weight");
}

TEST(model_file, refuses_unknown_and_misplaced_keys) {
    expect_parse_error(R"({"name": "x", "tensor": []})",
                       {"unknown key '<root>.tensor'", "name, source, tensors, architecture"});
    expect_parse_error(R"({"name": "x", "tensors": [{"name": "a", "shap": [1]}]})",
                       {"unknown key 'tensors[0].shap'", "allowed: name, shape"});
    expect_parse_error(R"({"name": "x", "architecture": {"family": "gpt2", "hiden": 4}})",
                       {"unknown key 'architecture.hiden'"});
    expect_parse_error(R"({"name": "x", "tensors": [{"name": "a", "shape": [1]}],
        "architecture": {"family": "gpt2"}})",
                       {"exactly one of the keys 'tensors' and 'architecture'"});
    expect_parse_error(R"({"name": "x"})", {"exactly one of"});
    expect_parse_error(R"({"name": "x", "name": "y", "tensors": []})",
                       {"key 'name' appears twice"});
    expect_parse_error(R"({"tensors": [{"name": "a", "shape": [1]}]})",
                       {"missing key '<root>.name'"});
}

TEST(model_file, refuses_bad_values) {
    const auto with_shape = [](const std::string& shape) {
        return R"({"name": "x", "tensors": [{"name": "a", "shape": )" + shape + "}]}";
    };
    expect_parse_error(with_shape("[3, 0]"), {"'tensors[0].shape[1]' is 0", "integer from 1"});
    expect_parse_error(with_shape("[-3]"), {"'tensors[0].shape[0]' is -3"});
    expect_parse_error(with_shape("[2.5]"), {"'tensors[0].shape[0]' is 2.5"});
    expect_parse_error(with_shape("[\"4\"]"), {"'tensors[0].shape[0]' is \"4\""});
    expect_parse_error(with_shape("[18446744073709551616]"), {"'tensors[0].shape[0]'"});
    expect_parse_error(with_shape("[4294967296, 4294967296]"), {"overflows"});
    expect_parse_error(with_shape("[]"), {"empty shape"});
    expect_parse_error(with_shape("7"), {"'tensors[0].shape' is missing or not an array"});
    expect_parse_error(R"({"name": "x", "tensors": {}})", {"'tensors' is object"});
    expect_parse_error(R"({"name": 3, "tensors": []})", {"'<root>.name' is 3"});
    expect_parse_error(R"({"name": "x", "tensors": []})", {"no tensors"});
    expect_parse_error(R"({"name": "x", "architecture": {"family": "llama"}})",
                       {"family 'llama'", "gpt2, bert, t5"});
    expect_parse_error(R"({"name": "x", "architecture": {"family": "gpt2", "layers": 1,
        "hidden": 8, "heads": 2, "vocab": 5}})",
                       {"'seq' is missing"});
    expect_parse_error(R"({"name": "x", "architecture": {"family": "bert", "layers": 1,
        "hidden": 8, "heads": 2, "vocab": 5, "seq": 4, "tied_embeddings": 1}})",
                       {"'architecture.tied_embeddings' is 1", "true or false"});
    expect_parse_error(R"({"name": "x", "architecture": {"family": "gpt2", "layers": 0}})",
                       {"'architecture.layers' is 0"});
    expect_parse_error(R"({"name": "x", "tensors": [)", {"not valid JSON"});
    expect_parse_error(R"([1, 2])", {"'<root>' must be a JSON object"});
}

class model_file_dir : public test::temp_dir_test {
protected:
    void write(const std::string& file, const std::string& text) {
        std::ofstream(dir() / file) << text;
    }
};

TEST_F(model_file_dir, errors_name_the_file) {
    write("bad.json", R"({"name": "bad", "tensors": [{"name": "a", "shape": [0]}]})");
    const std::string path = (dir() / "bad.json").string();
    expect_error<model_error>([&] { load_model_file(dir() / "bad.json"); }, {path, "shape[0]"});
    expect_error<model_error>([&] { load_model_file(dir() / "none.json"); },
                              {(dir() / "none.json").string(), "cannot open"});
}

TEST_F(model_file_dir, catalogue_lists_and_loads_by_name) {
    write("b.json", R"({"name": "b", "tensors": [{"name": "t", "shape": [4]}]})");
    write("a.json", R"({"name": "wrong", "tensors": [{"name": "t", "shape": [4]}]})");
    write("notes.txt", "not a model");
    EXPECT_EQ(list_models(dir()), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(load_builtin_model(dir(), "b").parameter_count(), 4u);
    expect_error<model_error>([&] { load_builtin_model(dir(), "a"); },
                              {"a.json", "model name 'wrong'", "allowed: 'a'"});
    expect_error<model_error>([&] { load_builtin_model(dir(), "c"); },
                              {"no model 'c'", "available: a, b"});
    expect_error<model_error>([&] { list_models(dir() / "missing"); }, {"cannot list"});
}

TEST(model_file, builtin_catalogue_holds_the_paper_models) {
    const std::vector<std::string> names = list_models(OSVP_MODELS_DIR);
    for (const char* name : {"gpt2-2.6b", "gpt2-4.1b", "gpt2-6.7b", "gpt2-8.3b", "gpt2-10.3b",
                             "bert-2.6b", "bert-4.0b", "bert-6.6b", "bert-8.2b", "bert-10.2b",
                             "t5-2.88b", "t5-11.3b", "tiny", "tiny-gpt2"}) {
        EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
    }
    for (const std::string& name : names) {
        EXPECT_NO_THROW(load_builtin_model(OSVP_MODELS_DIR, name)) << name;
    }
}

} // namespace
} // namespace osvp::train
