#include "training_fixture.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace osvp::platform_test {
namespace {

// Uniform in [0, 1) from 24 raw bits (the standard distributions are not portable).
double uniform(std::mt19937& rng) {
    return (rng() >> 8) * (1.0 / (1 << 24));
}

std::vector<float> read_state(const tensor_info& tensor, const std::filesystem::path& file) {
    const npy_f4 array = read_npy_f4(file);
    EXPECT_EQ(array.shape, tensor.shape) << file;
    return array.data;
}

} // namespace

std::vector<tensor_info> model_tensors(const std::string& name) {
    const nlohmann::json model =
        nlohmann::json::parse(read_text(source_config("models/" + name + ".json")));
    std::vector<tensor_info> tensors;
    for (const nlohmann::json& t : model.at("tensors")) {
        tensor_info info{t.at("name").get<std::string>(),
                         t.at("shape").get<std::vector<std::uint64_t>>(), 1};
        for (std::uint64_t d : info.shape) {
            info.elements *= d;
        }
        tensors.push_back(info);
    }
    return tensors;
}

training_data_set make_training_data(const std::vector<tensor_info>& tensors, unsigned steps,
                                     double loss_scale) {
    training_data_set data;
    data.tensors = tensors;
    std::uint64_t n = 0;
    for (const tensor_info& t : tensors) {
        n += t.elements;
    }
    std::mt19937 rng(20230225);
    data.w0.resize(n);
    for (float& w : data.w0) {
        w = static_cast<float>(2 * uniform(rng) - 1);
    }
    data.scaled_g.assign(steps, std::vector<float>(n));
    for (std::vector<float>& g : data.scaled_g) {
        for (float& x : g) {
            const double sign = uniform(rng) < 0.5 ? -1.0 : 1.0;
            x = static_cast<float>(sign * std::pow(10.0, -3 + 4 * uniform(rng)) * loss_scale);
        }
    }
    return data;
}

void write_training_inputs(const training_data_set& data, const std::filesystem::path& dir) {
    std::uint64_t offset = 0;
    for (const tensor_info& t : data.tensors) {
        const auto slice = [&](const std::vector<float>& flat) {
            return std::vector<float>(flat.begin() + offset, flat.begin() + offset + t.elements);
        };
        write_npy_f4(dir / (t.name + ".w.npy"), {t.shape, slice(data.w0)});
        for (std::size_t s = 0; s < data.scaled_g.size(); ++s) {
            write_npy_f4(dir / ("step" + std::to_string(s + 1)) / (t.name + ".npy"),
                         {t.shape, slice(data.scaled_g[s])});
        }
        offset += t.elements;
    }
}

training_outputs read_training_outputs(const std::vector<tensor_info>& tensors,
                                       const std::filesystem::path& dir) {
    training_outputs out;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        out.files.push_back(entry.path().filename().string());
    }
    std::sort(out.files.begin(), out.files.end());
    const auto append = [&](std::vector<float>& flat, const tensor_info& t, const char* suffix) {
        const std::filesystem::path file = dir / (t.name + "." + suffix + ".npy");
        if (std::filesystem::exists(file)) {
            const std::vector<float> data = read_state(t, file);
            flat.insert(flat.end(), data.begin(), data.end());
        }
    };
    for (const tensor_info& t : tensors) {
        append(out.w, t, "w");
        append(out.m, t, "m");
        append(out.v, t, "v");
    }
    return out;
}

} // namespace osvp::platform_test
