// Seeded gradients: golden values, slicing invariance, normal statistics, special-value injection.
#include "host/train/gradient_generator.h"
#include "optim/fp16.h"
#include "unit/train/train_test_util.h"

#include <cmath>

namespace osvp::train {
namespace {

using test::expect_error;

const model_desc two_tensors("g", {{"a", {10, 10}}, {"b", {7}}});

TEST(gradient_generator, golden_values_for_a_fixed_seed) {
    gradient_config c;
    c.seed = 42;
    c.scale = 1e-3;
    const gradient_generator gen(two_tensors, c);
    const std::uint32_t golden_a[] = {986273576u, 3105796255u, 3134422427u, 979176245u};
    const std::uint32_t golden_b[] = {3137786565u, 3129403441u, 3120220529u, 979078089u};
    const std::vector<float> a = gen.generate(1, 0);
    const std::vector<float> b = gen.generate(7, 1);
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(fw::float_bits(a[i]), golden_a[i]) << "a[" << i << "] = " << a[i];
        EXPECT_EQ(fw::float_bits(b[i]), golden_b[i]) << "b[" << i << "] = " << b[i];
    }
}

TEST(gradient_generator, is_a_pure_function_of_seed_step_tensor_element) {
    gradient_config c;
    c.seed = 9;
    const gradient_generator gen(two_tensors, c);
    const gradient_generator again(two_tensors, c);
    const std::vector<float> whole = gen.generate(3, 0);
    EXPECT_EQ(whole, again.generate(3, 0));
    std::vector<float> slice(17);
    gen.fill(3, 0, 41, slice.size(), slice.data());
    EXPECT_EQ(slice, std::vector<float>(whole.begin() + 41, whole.begin() + 58));
    EXPECT_EQ(gen.element(3, 0, 99), whole[99]);
    EXPECT_NE(gen.generate(4, 0), whole);
    c.seed = 10;
    EXPECT_NE(gradient_generator(two_tensors, c).generate(3, 0), whole);
    const std::vector<float> other = gen.generate(3, 1);
    EXPECT_NE(std::vector<float>(whole.begin(), whole.begin() + 7), other);
}

TEST(gradient_generator, is_normal_with_the_configured_scale) {
    const model_desc big("n", {{"w", {1000, 1000}}});
    gradient_config c;
    c.seed = 1234;
    c.scale = 0.01;
    const std::vector<float> g = gradient_generator(big, c).generate(1, 0);
    const double n = static_cast<double>(g.size());
    double sum = 0, sum2 = 0, sum4 = 0, within_one = 0;
    for (float x : g) {
        sum += x;
    }
    const double mean = sum / n;
    for (float x : g) {
        const double d = x - mean;
        sum2 += d * d;
        sum4 += d * d * d * d;
        within_one += std::fabs(x) < c.scale ? 1 : 0;
    }
    const double var = sum2 / n;
    // Bounds are 5 standard errors of each estimator for n = 1e6 normal samples.
    EXPECT_LT(std::fabs(mean), 5 * c.scale / std::sqrt(n));
    EXPECT_NEAR(std::sqrt(var) / c.scale, 1.0, 5 * std::sqrt(0.5 / n));
    EXPECT_NEAR(sum4 / (n * var * var), 3.0, 5 * std::sqrt(24.0 / n));
    EXPECT_NEAR(within_one / n, 0.682689492, 5 * std::sqrt(0.6827 * 0.3173 / n));
}

TEST(gradient_generator, injects_special_values_at_the_configured_rate) {
    const model_desc big("n", {{"w", {400000}}});
    gradient_config base;
    base.seed = 5;
    gradient_config c = base;
    c.special_rate = 0.1;
    const std::vector<float> plain = gradient_generator(big, base).generate(2, 0);
    const std::vector<float> g = gradient_generator(big, c).generate(2, 0);
    double zeros = 0, denormals = 0, huge = 0, nans = 0;
    for (std::size_t i = 0; i < g.size(); ++i) {
        const float x = g[i];
        if (std::isnan(x)) {
            ++nans;
            EXPECT_EQ(fw::float_bits(x), 0x7FC00000u);
        } else if (x == 0.0f) {
            ++zeros;
        } else if (std::fpclassify(x) == FP_SUBNORMAL) {
            ++denormals;
        } else if (std::fabs(x) == std::numeric_limits<float>::max()) {
            ++huge;
        } else {
            ASSERT_EQ(fw::float_bits(x), fw::float_bits(plain[i]))
                << "non-special elements unchanged";
        }
    }
    const double n = static_cast<double>(g.size());
    const double tolerance = 5 * std::sqrt(0.025 * 0.975 / n);
    for (double count : {zeros, denormals, huge, nans}) {
        EXPECT_NEAR(count / n, 0.025, tolerance);
    }
    c.special_rate = 1.0;
    c.specials = {special_value::huge};
    c.huge_value = 1e20f;
    for (float x : gradient_generator(big, c).generate(2, 0)) {
        ASSERT_EQ(std::fabs(x), 1e20f);
    }
}

TEST(gradient_generator, refuses_bad_configuration_and_ranges) {
    gradient_config c;
    c.scale = 0;
    expect_error<std::invalid_argument>([&] { c.validate(); }, {"scale", "0.0", "> 0"});
    c.scale = NAN;
    expect_error<std::invalid_argument>([&] { c.validate(); }, {"scale"});
    c.scale = INFINITY;
    expect_error<std::invalid_argument>([&] { gradient_generator(two_tensors, c); }, {"scale"});
    c.scale = 1;
    c.special_rate = 1.5;
    expect_error<std::invalid_argument>([&] { c.validate(); }, {"special_rate", "1.5", "0 to 1"});
    c.special_rate = NAN;
    expect_error<std::invalid_argument>([&] { c.validate(); }, {"special_rate"});
    c.special_rate = 0.5;
    c.specials.clear();
    expect_error<std::invalid_argument>([&] { c.validate(); }, {"specials is empty"});
    c.special_rate = 0;
    EXPECT_NO_THROW(c.validate());
    c.huge_value = 0;
    expect_error<std::invalid_argument>([&] { c.validate(); }, {"huge_value"});
    const gradient_generator gen(two_tensors, gradient_config{});
    expect_error<std::invalid_argument>([&] { gen.generate(1, 2); }, {"tensor index 2", "0 to 1"});
    std::vector<float> out(8);
    expect_error<std::invalid_argument>([&] { gen.fill(1, 1, 0, 8, out.data()); },
                                        {"exceed tensor 1 of 7 elements"});
    expect_error<std::invalid_argument>([&] { gen.element(1, 0, 100); }, {"of 100 elements"});
}

} // namespace
} // namespace osvp::train
