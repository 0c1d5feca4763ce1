// Bench and references shared by the training driver scenarios: host memory, PCIe link, the
// fake controller with its optimizer window, the NVMe driver and the training driver; expected
// values computed from the generator and the fake's reference update (w -= lr g, m = g,
// v += g^2), independently of the driver's page layout.
#pragma once
#include "fake_nvme_device.h"
#include "host/host_memory.h"
#include "host/nvme_driver.h"
#include "host/train/gradient_generator.h"
#include "host/training_data.h"
#include "host/training_driver.h"
#include "pcie/pcie_link.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace osvp::test {

constexpr std::uint64_t tiny_elements = 8270; // 37x50 + 48x64 + 48 + 33x100
constexpr std::uint64_t page_elements = 2048; // 8 KiB flash page
constexpr std::uint64_t tiny_pages = 5;       // the last holds 78 elements

inline train::model_desc tiny() {
    return train::model_desc("tiny", {{"embed", {37, 50}},
                                      {"layer0.weight", {48, 64}},
                                      {"layer0.bias", {48}},
                                      {"head", {33, 100}}});
}

inline fake_device_params window_device(std::uint64_t super_pages = 8) {
    fake_device_params d;
    d.window_super_pages = super_pages;
    return d;
}

inline training_config small_run() {
    training_config c;
    c.model = "tiny";
    c.steps = 2;
    c.optimizer.lr = 0.5;
    c.request_bytes = 16 * 1024;
    c.queue_depth = 2;
    c.seed = 7;
    return c;
}

struct bench {
    host_memory memory;
    pcie_link link;
    fake_nvme_device device;
    nvme_driver driver;
    training_driver training;

    bench(const fake_device_params& d, const training_config& c, train::model_desc model = tiny())
        : memory("memory", memory_config()), link("link", pcie_config{}), device("device", d),
          driver("driver", driver_config(), workload_config{}, memory),
          training("training", c, std::move(model), driver) {
        driver.mmio.bind(link.host_side);
        link.to_device.bind(device.bar0);
        device.dma.bind(link.device_side);
        link.to_host.bind(memory.socket);
    }
    static host_memory_config memory_config() {
        host_memory_config m;
        m.size = 8ull << 30;
        return m;
    }
    static nvme_driver_config driver_config() {
        nvme_driver_config n;
        n.autorun = false;
        return n;
    }
};

inline std::string run_until_error() {
    try {
        sc_core::sc_start();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

/// The model's flat FP32 vector of one generator step, tensor after tensor.
inline std::vector<float> flat(const train::model_desc& model, std::uint64_t seed, double std_dev,
                               std::uint64_t step) {
    train::gradient_config g;
    g.seed = seed;
    g.scale = std_dev;
    const train::gradient_generator gen(model, g);
    std::vector<float> out;
    for (std::size_t t = 0; t < model.tensors().size(); ++t) {
        const std::vector<float> part = gen.generate(step, t);
        out.insert(out.end(), part.begin(), part.end());
    }
    return out;
}

/// W after `steps` reference updates from generated initial weights.
inline std::vector<float> expected_weights(const training_config& c, std::uint64_t steps) {
    std::vector<float> w = flat(tiny(), c.seed, c.init_std, 0);
    for (std::uint64_t s = 1; s <= steps; ++s) {
        const std::vector<float> g = flat(tiny(), c.seed, c.gradient_std, s);
        for (std::size_t i = 0; i < w.size(); ++i) {
            w[i] = static_cast<float>(w[i] - c.optimizer.lr * g[i]);
        }
    }
    return w;
}

inline std::uint64_t digest(const std::vector<float>& w) {
    std::uint64_t d = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
        d += element_digest(i, w[i]);
    }
    return d;
}

/// Window commands of `kind` on `region` during step `step`, checked to tile [0, lbas) in
/// ascending order with `chunk`-LBA commands and a partial last one.
inline void expect_tiling(const std::vector<window_event>& events, char kind, unsigned region,
                          std::uint64_t step, std::uint64_t lbas, std::uint64_t chunk) {
    std::uint64_t next = 0;
    for (const window_event& e : events) {
        if (e.kind != kind || e.region != region || e.step != step) {
            continue;
        }
        EXPECT_EQ(e.offset, next) << kind << " region " << region << " step " << step;
        EXPECT_EQ(e.nlb, std::min(chunk, lbas - e.offset));
        next = e.offset + e.nlb;
    }
    EXPECT_EQ(next, lbas) << kind << " region " << region << " step " << step;
}

} // namespace osvp::test
