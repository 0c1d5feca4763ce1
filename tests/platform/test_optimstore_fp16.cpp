// Optimstore mode, FP16 read-back (hal/optimstore_if.h): the same functional Adam run of the
// "tiny" model once with FP32 and once with FP16 read-back. The FP16 weights must equal the FP32
// run's weights rounded to nearest even in binary16 (computed here independently of the
// firmware's converter), the states in flash must be identical, and the bytes the device sends
// to the host for W must halve while all other traffic stays the same.
#include "training_fixture.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

namespace osvp::platform_test {
namespace {

constexpr unsigned steps = 2;

struct precision_run {
    training_outputs out;
    nlohmann::json stats;
};

precision_run run_tiny(const scratch_dir& scratch, const training_data_set& data,
                       const std::string& readback) {
    precision_run r;
    const std::string out = "out_" + readback;
    r.stats = run_vp_stats(
        {"--config", source_config("small.json").string(), "--mode", "optimstore", "--model",
         "tiny", "--steps", std::to_string(steps), "--set", "training.data=npy", "--set",
         "training.input=" + scratch.file("in").string(), "--set",
         "training.output=" + scratch.file(out).string(), "--set", "training.readback=" + readback},
        scratch, "stats_" + readback + ".json");
    if (!r.stats.is_null()) {
        r.out = read_training_outputs(data.tensors, scratch.file(out));
    }
    return r;
}

// Nearest binary16 value (ties to even) of a float inside the binary16 range, in double: the
// quantum is 2^(e - 10) for |x| in [2^e, 2^(e+1)), e >= -14, and 2^-24 below (subnormals).
double round_to_half(float x) {
    int e = 0;
    std::frexp(static_cast<double>(x), &e);
    const double quantum = std::ldexp(1.0, std::max(e - 1, -14) - 10);
    return std::nearbyint(static_cast<double>(x) / quantum) * quantum;
}

std::uint32_t bits(float x) {
    std::uint32_t b;
    std::memcpy(&b, &x, sizeof b);
    return b;
}

TEST(OptimstoreFp16, ReadBackIsTheFp32ResultRoundedToHalfAndHalvesTheWeightTraffic) {
    const scratch_dir scratch;
    const training_data_set data = make_training_data(model_tensors("tiny"), steps, 1.0);
    write_training_inputs(data, scratch.file("in"));
    const precision_run fp32 = run_tiny(scratch, data, "fp32");
    const precision_run fp16 = run_tiny(scratch, data, "fp16");
    ASSERT_FALSE(fp32.stats.is_null());
    ASSERT_FALSE(fp16.stats.is_null());
    ASSERT_EQ(fp32.out.w.size(), data.elements());
    ASSERT_EQ(fp16.out.w.size(), data.elements());
    std::size_t rounded = 0;
    for (std::size_t i = 0; i < data.elements(); ++i) {
        const double expected = round_to_half(fp32.out.w[i]);
        ASSERT_EQ(static_cast<double>(fp16.out.w[i]), expected)
            << "element " << i << ": FP32 result " << fp32.out.w[i];
        rounded += static_cast<double>(fp32.out.w[i]) != expected;
    }
    EXPECT_GT(rounded, data.elements() / 2) << "the rounding must be visible in most weights";
    ASSERT_EQ(fp16.out.m.size(), fp32.out.m.size());
    ASSERT_EQ(fp16.out.v.size(), fp32.out.v.size());
    for (std::size_t i = 0; i < fp32.out.m.size(); ++i) {
        ASSERT_EQ(bits(fp16.out.m[i]), bits(fp32.out.m[i])) << "M element " << i;
        ASSERT_EQ(bits(fp16.out.v[i]), bits(fp32.out.v[i])) << "V element " << i;
    }

    const double page = 8192.0;
    const double w_fp32 = std::ceil(data.elements() / (page / 4)) * page;
    for (unsigned s = 0; s < steps; ++s) {
        EXPECT_EQ(fp32.stats["host"]["training"]["steps"][s]["readback"]["bytes"].get<double>(),
                  w_fp32);
        EXPECT_EQ(fp16.stats["host"]["training"]["steps"][s]["readback"]["bytes"].get<double>(),
                  w_fp32 / 2);
    }
    const auto upstream = [](const nlohmann::json& stats) {
        return stats["link"]["upstream"]["payload_bytes"].get<double>();
    };
    EXPECT_EQ(upstream(fp32.stats) - upstream(fp16.stats), steps * w_fp32 / 2)
        << "only the W read-back may shrink, by half";
    EXPECT_EQ(fp16.stats["host"]["training"]["summary"]["readback"], "fp16");
}

} // namespace
} // namespace osvp::platform_test
