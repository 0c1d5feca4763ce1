#include "host/train/gradient_generator.h"

#include "optim/fp16.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace osvp::train {

namespace {

constexpr std::uint64_t golden_gamma = 0x9E3779B97F4A7C15ull;
constexpr std::uint64_t special_stream = 0xD1B54A32D192ED03ull;
constexpr double ln2 = 0.6931471805599453094;
constexpr double sqrt_half = 0.7071067811865475244;

std::uint64_t mix64(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// splitmix64 (Steele, Lea, Flood 2014) advanced from a per-element key.
class splitmix64 {
public:
    explicit splitmix64(std::uint64_t state) : m_state(state) {}
    std::uint64_t next() { return mix64(m_state += golden_gamma); }
    // Uniform in [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

private:
    std::uint64_t m_state;
};

std::uint64_t element_key(std::uint64_t seed, std::uint64_t step, std::uint64_t tensor,
                          std::uint64_t index) {
    std::uint64_t key = mix64(seed + golden_gamma);
    key = mix64(key ^ step);
    key = mix64(key + tensor * golden_gamma);
    return mix64(key ^ (index * 0xC2B2AE3D27D4EB4Full));
}

// Natural logarithm of s in (0, 1]: s = m * 2^e with m in [sqrt(1/2), sqrt(2)),
// ln m = 2 atanh(t), t = (m - 1) / (m + 1), |t| < 0.172, series to t^23 (error < 1e-18).
double series_log(double s) {
    int e = 0;
    double m = std::frexp(s, &e);
    if (m < sqrt_half) {
        m *= 2.0;
        --e;
    }
    const double t = (m - 1.0) / (m + 1.0);
    const double t2 = t * t;
    double sum = 0.0;
    for (int k = 23; k >= 1; k -= 2) {
        sum = sum * t2 + 1.0 / k;
    }
    return static_cast<double>(e) * ln2 + 2.0 * t * sum;
}

double standard_normal(splitmix64& rng) {
    for (;;) {
        const double u = 2.0 * rng.uniform() - 1.0;
        const double v = 2.0 * rng.uniform() - 1.0;
        const double s = u * u + v * v;
        if (s > 0.0 && s < 1.0) {
            return u * std::sqrt(-2.0 * series_log(s) / s);
        }
    }
}

float special(special_value kind, splitmix64& rng, float huge) {
    const std::uint32_t sign = (rng.next() >> 63) ? 0x80000000u : 0u;
    switch (kind) {
    case special_value::zero:
        return 0.0f;
    case special_value::denormal:
        return fw::bits_float(sign | static_cast<std::uint32_t>(1 + rng.next() % 0x7FFFFFu));
    case special_value::huge:
        return sign ? -huge : huge;
    case special_value::nan:
        return fw::bits_float(0x7FC00000u);
    }
    return 0.0f;
}

} // namespace

void gradient_config::validate() const {
    if (!(scale > 0.0) || !std::isfinite(scale)) {
        throw std::invalid_argument("gradient_config.scale is " + std::to_string(scale) +
                                    "; allowed: a finite value > 0");
    }
    if (!(special_rate >= 0.0 && special_rate <= 1.0)) {
        throw std::invalid_argument("gradient_config.special_rate is " +
                                    std::to_string(special_rate) + "; allowed: 0 to 1");
    }
    if (special_rate > 0.0 && specials.empty()) {
        throw std::invalid_argument("gradient_config.specials is empty while special_rate is " +
                                    std::to_string(special_rate) +
                                    "; allowed: at least one of zero, denormal, huge, nan");
    }
    if (!(huge_value > 0.0f)) {
        throw std::invalid_argument("gradient_config.huge_value is " + std::to_string(huge_value) +
                                    "; allowed: > 0 (may be +inf)");
    }
}

gradient_generator::gradient_generator(const model_desc& model, gradient_config config)
    : m_config(std::move(config)) {
    m_config.validate();
    for (const tensor_desc& t : model.tensors()) {
        m_element_counts.push_back(t.element_count());
    }
}

float gradient_generator::element(std::uint64_t step, std::size_t tensor,
                                  std::uint64_t index) const {
    check_range(tensor, index, 1);
    return compute(step, tensor, index);
}

float gradient_generator::compute(std::uint64_t step, std::size_t tensor,
                                  std::uint64_t index) const {
    const std::uint64_t key = element_key(m_config.seed, step, tensor, index);
    if (m_config.special_rate > 0.0) {
        splitmix64 pick(mix64(key ^ special_stream));
        if (pick.uniform() < m_config.special_rate) {
            const std::size_t n = m_config.specials.size();
            const auto which = static_cast<std::size_t>(pick.next() % n);
            return special(m_config.specials[which], pick, m_config.huge_value);
        }
    }
    splitmix64 rng(key);
    return static_cast<float>(m_config.scale * standard_normal(rng));
}

void gradient_generator::fill(std::uint64_t step, std::size_t tensor, std::uint64_t first,
                              std::uint64_t count, float* out) const {
    check_range(tensor, first, count);
    for (std::uint64_t i = 0; i < count; ++i) {
        out[i] = compute(step, tensor, first + i);
    }
}

std::vector<float> gradient_generator::generate(std::uint64_t step, std::size_t tensor) const {
    check_range(tensor, 0, 0);
    std::vector<float> out(m_element_counts[tensor]);
    fill(step, tensor, 0, out.size(), out.data());
    return out;
}

void gradient_generator::check_range(std::size_t tensor, std::uint64_t first,
                                     std::uint64_t count) const {
    if (tensor >= m_element_counts.size()) {
        throw std::invalid_argument("gradient_generator: tensor index " + std::to_string(tensor) +
                                    " out of range; allowed: 0 to " +
                                    std::to_string(m_element_counts.size() - 1));
    }
    const std::uint64_t size = m_element_counts[tensor];
    if (first > size || count > size - first) {
        throw std::invalid_argument("gradient_generator: elements [" + std::to_string(first) +
                                    ", " + std::to_string(first) + " + " + std::to_string(count) +
                                    ") exceed tensor " + std::to_string(tensor) + " of " +
                                    std::to_string(size) + " elements");
    }
}

} // namespace osvp::train
