// The host's encoding of the optimstore_if payloads and its reading of the optimizer window.
#include "host/optimizer_window.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

using namespace osvp;
namespace osif = osvp::fw::optimstore_if;

namespace {

osif::window_info info(std::uint64_t super_pages, std::uint64_t lbas_per_page = 2) {
    return {1000, super_pages * lbas_per_page, super_pages, 0};
}

std::string error_of(const osif::window_info& i, std::uint64_t elements,
                     std::uint64_t namespace_lbas = 1 << 20) {
    try {
        optimizer_window w(i, 4096, namespace_lbas, elements);
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(optimizer_window, parameter_set_carries_every_field_in_a_zeroed_4k_buffer) {
    training_config c;
    c.model = "m";
    c.readback = training_readback::fp16;
    c.optimizer.kind = fw::optimizer_kind::sgd_momentum;
    c.optimizer.lr = 0.25;
    c.optimizer.momentum = 0.8;
    c.optimizer.loss_scale = 4096;
    c.schedule.kind = fw::lr_schedule_kind::step_decay;
    c.schedule.step_size = 7;
    c.schedule.gamma = 0.5;
    const std::vector<std::uint8_t> data = encode_parameter_set(c, 123456789);
    ASSERT_EQ(data.size(), 4096u);
    osif::parameter_set set{};
    std::memcpy(&set, data.data(), sizeof set);
    EXPECT_EQ(set.version, 1u);
    EXPECT_EQ(set.optimizer, 2u) << "sgd_momentum";
    EXPECT_EQ(set.readback, 1u) << "fp16";
    EXPECT_EQ(set.schedule, 1u) << "step_decay";
    EXPECT_EQ(set.lr, 0.25);
    EXPECT_EQ(set.momentum, 0.8);
    EXPECT_EQ(set.loss_scale, 4096.0);
    EXPECT_EQ(set.elements, 123456789u);
    EXPECT_EQ(set.step_size, 7u);
    EXPECT_EQ(set.gamma, 0.5);
    for (std::size_t i = sizeof set; i < data.size(); ++i) {
        ASSERT_EQ(data[i], 0u) << i;
    }
    osif::step_begin begin{};
    std::memcpy(&begin, encode_step_begin(128, 0).data(), sizeof begin);
    EXPECT_EQ(begin.loss_scale, 128.0);
    EXPECT_EQ(begin.lr, 0.0);
}

TEST(optimizer_window, maps_regions_and_pages_to_lbas) {
    const optimizer_window w(info(10), 4096, 1 << 20, 2048 * 3 + 1);
    EXPECT_EQ(w.page_bytes(), 8192u);
    EXPECT_EQ(w.model_pages(), 4u);
    EXPECT_EQ(w.lba(osif::region::w, 0), 1000u);
    EXPECT_EQ(w.lba(osif::region::m, 8192), 1000u + 20 + 2);
    EXPECT_EQ(w.lba(osif::region::g, 3 * 8192 + 4096), 1000u + 60 + 7);
    EXPECT_EQ(w.region_bytes(false), 4u * 8192);
    EXPECT_EQ(w.region_bytes(true), 4u * 4096);
    const optimizer_window odd(info(10), 4096, 1 << 20, 2048 * 2 + 1);
    EXPECT_EQ(odd.region_bytes(true), 3u * 4096) << "12 KiB of FP16 pages rounds to LBAs";
    EXPECT_THROW(w.lba(osif::region::w, 100), std::invalid_argument);
    EXPECT_THROW(w.lba(osif::region::w, 20 * 4096), std::invalid_argument);
}

TEST(optimizer_window, refuses_windows_that_cannot_hold_the_model) {
    EXPECT_NE(error_of(info(3), 2048 * 3 + 1)
                  .find("too small for the model: 6145 parameters need "
                        "4 super-pages of 2048 elements, the window "
                        "holds 6144 elements"),
              std::string::npos);
    EXPECT_NO_THROW(optimizer_window(info(3), 4096, 1 << 20, 2048 * 3));
    EXPECT_NE(error_of(info(0), 1).find("at least one super-page"), std::string::npos);
    EXPECT_NE(error_of({0, 7, 2, 0}, 1).find("whole pages"), std::string::npos);
    EXPECT_NE(error_of(info(10), 1, 1000 + 79).find("beyond the namespace"), std::string::npos);
    EXPECT_EQ(error_of(info(10), 1, 1000 + 80), "");
}

TEST(optimizer_window, window_arithmetic_of_host_and_firmware_is_one_mapping) {
    EXPECT_EQ(osif::pages_for(1, 8192), 1u);
    EXPECT_EQ(osif::pages_for(2048, 8192), 1u);
    EXPECT_EQ(osif::pages_for(2049, 8192), 2u);
    EXPECT_EQ(osif::pages_for(3 * 2048, 8192), 3u);
    const osif::window_info w = info(5, 2);
    for (std::uint8_t r = 0; r < 4; ++r) {
        const auto region = static_cast<osif::region>(r);
        for (std::uint64_t p = 0; p < 5; ++p) {
            const std::uint64_t first = osif::window_lba(w, region, 2 * p);
            EXPECT_EQ(first, 1000 + r * 10 + 2 * p);
            for (const std::uint64_t lba : {first, first + 1}) {
                const osif::window_page page = osif::locate(w, 2, lba);
                EXPECT_EQ(page.region, region) << "LBA " << lba;
                EXPECT_EQ(page.super_page, p) << "LBA " << lba;
            }
        }
    }
}
