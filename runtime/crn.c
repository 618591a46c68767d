/* crn.c — common random numbers for the Monte Carlo runs (see crn.h, docs/run.md). */
#include "crn.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

uint64_t tr_crn_mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

double tr_crn_uniform(uint64_t key, int role, int month, int slot)
{
    const uint64_t golden = 0x9E3779B97F4A7C15ull;
    uint64_t h = tr_crn_mix(key + golden * ((uint64_t)(uint32_t)role + 1));
    h = tr_crn_mix(h + golden * ((uint64_t)(uint32_t)month + 1));
    h = tr_crn_mix(h + golden * ((uint64_t)(uint32_t)slot + 1));
    return ((double)(h >> 11) + 0.5) * 0x1p-53;   /* 53 bits, never 0 or 1 */
}

/* log k! - log(sqrt(2 pi k) (k / e)^k) for whole k >= 1 (Loader 2000, "Fast and accurate
 * computation of binomial probabilities"): a table to 15, the series above. (No lgamma:
 * it writes the global signgam, and Monte Carlo runs share this across threads.) */
static double stirlerr(double k)
{
    static const double small[16] = {
        0, 8.106146679532726e-02, 4.134069595540930e-02, 2.767792568499834e-02, 2.079067210376509e-02,
        1.664469118982119e-02, 1.387612882307075e-02, 1.189670994589177e-02, 1.041126526197210e-02,
        9.255462182712733e-03, 8.330563433362871e-03, 7.573675487951841e-03, 6.942840107209530e-03,
        6.408994188004207e-03, 5.951370112758847e-03, 5.554733551962801e-03,
    };
    const double s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680, s4 = 1.0 / 1188;
    if (k <= 15 && k >= 1 && k == floor(k)) return small[(int)k];
    double k2 = 1 / (k * k);
    if (k > 500) return (s0 - s1 * k2) / k;
    if (k > 80) return (s0 - (s1 - s2 * k2) * k2) / k;
    if (k > 35) return (s0 - (s1 - (s2 - s3 * k2) * k2) * k2) / k;
    return (s0 - (s1 - (s2 - (s3 - s4 * k2) * k2) * k2) * k2) / k;
}

/* x log(x / np) + np - x without cancellation when x is near np (Loader). */
static double bd0(double x, double np)
{
    if (fabs(x - np) < 0.1 * (x + np)) {
        double v = (x - np) / (x + np), sum = (x - np) * v, ej = 2 * x * v;
        v *= v;
        for (int j = 1; j < 1000; j++) {
            ej *= v;
            double next = sum + ej / (2 * j + 1);
            if (next == sum) break;
            sum = next;
        }
        return sum;
    }
    return x * log(x / np) + np - x;
}

/* log P(X = k) for X ~ Binomial(n, p), accurate to a few ulps for any n below 2^53. */
static double binomial_logpmf(double k, double n, double p)
{
    if (k == 0) return n * log1p(-p);
    if (k == n) return n * log(p);
    double q = 1 - p;
    return stirlerr(n) - stirlerr(k) - stirlerr(n - k) - bd0(k, n * p) - bd0(n - k, n * q) +
           0.5 * log(n / (2 * M_PI * k * (n - k)));
}

/* The Cornish-Fisher u-quantile (skewness and kurtosis terms, continuity corrected). */
static double cornish_fisher(double u, double n, double p, double mean, double var)
{
    double z = gsl_cdf_ugaussian_Pinv(u), sd = sqrt(var), z2 = z * z;
    double g1 = (1 - 2 * p) / sd, g2 = (1 - 6 * p * (1 - p)) / var;
    double w = z + g1 * (z2 - 1) / 6 + g2 * z * (z2 - 3) / 24 - g1 * g1 * z * (2 * z2 - 5) / 36;
    double k = ceil(mean + sd * w - 0.5);
    return k < 0 ? 0 : k > n ? n : k;
}

/* Binomial terms walked from k: pmf(k + 1) = pmf(k) up(k), pmf(k - 1) = pmf(k) down(k). */
static double up(double k, double n, double odds) { return (n - k) / (k + 1) * odds; }
static double down(double k, double n, double odds) { return k / (n - k + 1) / odds; }

/* Exact quantile: from a start k near it, P(X <= k) (u <= 1/2) or P(X > k) (u > 1/2) is
 * summed over its tail, where the terms fall away, then k is walked to the answer. */
static double quantile_walk(double u, double n, double p, double k)
{
    double odds = p / (1 - p), mean = n * p, tk = exp(binomial_logpmf(k, n, p));
    if (!(tk > 0) || !isfinite(tk)) {   /* a start too far out: the mode always has mass */
        k = fmin(n, floor(mean + p));
        tk = exp(binomial_logpmf(k, n, p));
    }
    if (u <= 0.5) {
        double F = 0, t = tk;
        for (double j = k;; j--) {
            F += t;
            if (j == 0 || (t < F * 1e-17 && j < mean)) break;
            t *= down(j, n, odds);
        }
        while (k > 0 && F - tk >= u) {   /* F(k - 1) still reaches u */
            F -= tk;
            tk *= down(k, n, odds);
            k--;
        }
        while (F < u && k < n) {
            tk *= up(k, n, odds);
            k++;
            F += tk;
        }
        return k;
    }
    double v = 1 - u, Q = 0, t = tk;   /* Q = P(X > k); F(k) >= u is Q <= v */
    for (double j = k; j < n;) {
        t *= up(j, n, odds);
        j++;
        Q += t;
        if (t <= Q * 1e-17 && j > mean) break;
    }
    while (Q > v && k < n) {
        tk *= up(k, n, odds);
        k++;
        Q -= tk;
    }
    while (k > 0 && Q + tk <= v) {   /* F(k - 1) still reaches u */
        Q += tk;
        tk *= down(k, n, odds);
        k--;
    }
    return k;
}

/* Above this variance the Cornish-Fisher quantile is used as it is: exact summing would
 * take hundreds of terms, and the expansion's error in the CDF, O(1 / variance), moves a
 * quantile by under one person. */
#define EXACT_VARIANCE 1e4

double tr_crn_binomial_quantile(double u, double p, double n)
{
    if (p <= 0 || n <= 0 || !(u > 0)) return 0;
    n = floor(n + 0.5);
    if (p >= 1 || u >= 1) return n;
    double mean = n * p, var = mean * (1 - p);
    double guess = var >= 1 ? cornish_fisher(u, n, p, mean, var) : fmin(n, floor(mean + p));
    if (var >= EXACT_VARIANCE) return guess;
    return quantile_walk(u, n, p, guess);
}
