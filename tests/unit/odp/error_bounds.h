// Worst-case bounds on |die result - double reference|, propagated step by step for one element.
// u = 2^-24 is the FP32 unit roundoff, delta the ISQRT relative error bound (fast, 1 Newton step:
// 1.7524e-3; exact: 2u). Each FP32 rounding of a term T contributes at most u|T|; constants are
// rounded once. Stored states with only non-negative terms (v', Adagrad/RMSProp sums) keep a
// relative bound that grows by (roundings per step) * u; momentum-like states can cancel, so
// their bound is absolute, driven by the same recursion over |g|. The square root halves a
// relative input error. A factor 1.01 covers second-order terms (delta^2, delta*r <= 4e-6).
#pragma once
#include <cmath>

namespace osvp::test {

constexpr double unit_roundoff = 1.0 / (1 << 24);
constexpr double denormal_floor = 1e-43; // a few denormal ulps per step

// Adam / AdamW, fused form m' = lr m_hat, v' = v_hat, eps inside the root.
struct adam_bound {
    double abs_m = 0.0; // b1-average of |g| (textbook m of |g|)
    double e_m = 0.0;   // bound on |m'_die - lr m_hat|
    double r_v = 0.0;   // bound on |v'_die - v_hat| / v_hat
    double e_w = 0.0;   // bound on |w_die - w_ref|

    void step(double b1, double t, double lr, double lr_prev, double g, double m_hat, double v_hat,
              double eps2, double a_w, double w_prev, double w_new, double delta) {
        const double u = unit_roundoff;
        const double c1 = 1.0 - std::pow(b1, t);
        const double a_m = t == 1.0 ? 0.0 : b1 * (1.0 - std::pow(b1, t - 1.0)) / c1 * lr / lr_prev;
        abs_m = b1 * abs_m + (1.0 - b1) * std::fabs(g);
        e_m = a_m * e_m + 5 * u * lr * abs_m / c1 + denormal_floor;
        r_v += 5 * u;
        const double x = v_hat + eps2;
        const double r_x = (r_v * v_hat + u * eps2) / x + u;
        const double upd = lr * std::fabs(m_hat) / std::sqrt(x);
        const double e_upd = 1.01 * (e_m / std::sqrt(x) + upd * (delta + r_x / 2 + u));
        e_w = a_w * e_w + e_upd + u * (std::fabs(w_new) + e_w + e_upd) +
              (a_w != 1.0 ? u * std::fabs(w_prev) : 0.0) + denormal_floor;
    }
};

// SGD with momentum: b = mu b + g, w -= lr b.
struct sgd_bound {
    double abs_b = 0.0; // mu-sum of |g|
    double e_b = 0.0;   // bound on |b_die - b_ref|
    double e_w = 0.0;

    void step(double mu, double lr, double g, double w_new) {
        const double u = unit_roundoff;
        abs_b = mu * abs_b + std::fabs(g);
        e_b = mu * e_b + 4 * u * abs_b + denormal_floor;
        e_w += lr * e_b + 3 * u * lr * abs_b + u * (std::fabs(w_new) + e_w) + denormal_floor;
    }
};

// Adagrad / RMSProp: s = decay s + gain g^2, w -= lr g / sqrt(s + eps^2).
struct root_bound {
    double r_s = 0.0; // bound on relative error of s
    double e_w = 0.0;

    void step(double lr, double g, double s, double eps2, double w_new, double delta) {
        const double u = unit_roundoff;
        r_s += 5 * u;
        const double x = s + eps2;
        const double r_x = (r_s * s + u * eps2) / x + u;
        const double upd = lr * std::fabs(g) / std::sqrt(x);
        const double e_upd = 1.01 * upd * (delta + r_x / 2 + 4 * u);
        e_w += e_upd + u * (std::fabs(w_new) + e_w + e_upd) + denormal_floor;
    }
};

} // namespace osvp::test
