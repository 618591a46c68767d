/* sim_montecarlo.c — MODEL.md section 7: whole people, ranges drawn as 90% intervals,
 * the effect factor, streams derived from (seed, run), quantiles and goal chances. */
#include "sim.h"
#include "crn.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include <stdlib.h>
#include <string.h>

#include "sim_test.h"

#define Z95 1.6448536269514722

static void range_draws(void)
{
    NEAR(tr_model_range_draw(0.12, 0.20, 0), sqrt(0.12 * 0.20), 1e-15, "median of a positive range: geometric mean");
    NEAR(tr_model_range_draw(400, 600, Z95), 600, 1e-9, "z of the 95th percentile gives the top");
    NEAR(tr_model_range_draw(400, 600, -Z95), 400, 1e-9, "and the bottom");
    NEAR(tr_model_range_draw(-0.1, 0.1, 0), 0, 1e-15, "a range through 0: midpoint");
    NEAR(tr_model_range_draw(-0.1, 0.1, Z95), 0.1, 1e-12, "normal: the top at z95");
}

static void build(tr_model *m, int with_ranges)
{
    tr_model_init(m);
    m->horizon = 24;
    int k = tr_model_add_skill(m, "craft", 12);
    int r = tr_model_add_role(m, "staff", 200, 50000, sqrt(0.12 * 0.20));
    m->roles.hiring[r] = TR_MODEL_HIRE_NONE;
    tr_model_role_baseline(m, r, k, 0.2);
    int mgr = tr_model_add_role(m, "lead", 20, 90000, 0.1);
    tr_model_role_promotion(m, r, mgr, 0.05);
    int p = tr_model_add_program(m, "course", TR_MODEL_TRAINING, 300, TR_MODEL_COST_PER_PERSON);
    tr_model_program_role(m, p, r);
    tr_model_program_gain(m, p, k, 0.3);
    m->programs.duration[p] = 12;
    if (with_ranges) {
        tr_model_add_range(m, TR_RANGE_ROLE_ATTRITION, r, -1, 0.12, 0.20);
        tr_model_add_range(m, TR_RANGE_PROGRAM_GAIN, p, k, 0.2, 0.45);
        tr_model_add_range(m, TR_RANGE_PROGRAM_COST, p, -1, 200, 450);
    }
    int hc = tr_model_expr_metric(m, TR_METRIC_HEADCOUNT, r, -1);
    tr_model_add_measure(m, "people", TR_MODEL_LEVEL_RESULTS, hc);
    int beh = tr_model_expr_metric(m, TR_METRIC_BEHAVIOR, r, k);
    tr_model_add_measure(m, "applied", TR_MODEL_LEVEL_BEHAVIOR, beh);
    tr_model_add_goal(m, "sure", hc, TR_MODEL_GE, 0, 0);
    tr_model_add_goal(m, "never", hc, TR_MODEL_GT, 1e6, 0);
    int coin = tr_model_add_goal(m, "coin", beh, TR_MODEL_GE, 0, 12);
    /* a target at the deterministic value: some runs meet it, some do not */
    tr_sim_result d;
    char err[256];
    if (tr_sim_run(m, NULL, &d, err, sizeof err) == 0) {
        m->goals.target[coin] = d.measure[25 + 12];
        tr_sim_result_free(&d);
    }
}

static void whole_people(void)
{
    tr_model m;
    build(&m, 1);
    tr_sim_options opt = {.runs = 5, .seed = 11, .trace_run = 3};
    tr_sim_result r;
    char err[256];
    if (tr_sim_run(&m, &opt, &r, err, sizeof err)) {
        EXPECT(0, "traced run failed: %s", err);
        tr_model_free(&m);
        return;
    }
    size_t W = 25;
    int64_t total = 0;
    for (int i = 0; i < r.nroles; i++)
        for (size_t t = 1; t < W; t++) {
            size_t o = (size_t)i * W + t;
            double v[] = {r.headcount[o], r.leavers[o], r.hires[o], r.promoted_out[o], r.promoted_in[o]};
            for (int j = 0; j < 5; j++) EXPECT(v[j] == floor(v[j]) && v[j] >= 0, "role %d month %zu: %g is not whole people", i, t, v[j]);
            EXPECT(r.headcount[o] == r.headcount[o - 1] + r.hires[o] - r.leavers[o] - r.promoted_out[o] + r.promoted_in[o],
                   "conserved in a Monte Carlo run");
        }
    for (size_t t = 1; t < W; t++) total += r.ledger.total[t];
    EXPECT(total == r.total_cost && total > 0, "traced run's money adds up");
    double leavers = 0;
    for (size_t t = 1; t < W; t++) leavers += r.leavers[t];
    EXPECT(leavers > 0, "somebody left");
    tr_sim_result_free(&r);
    tr_model_free(&m);
}

static void reproducible(void)
{
    tr_model m;
    build(&m, 1);
    tr_sim_options a = {.runs = 40, .seed = 7}, b = {.runs = 40, .seed = 8};
    tr_sim_result x, y, z;
    char err[256];
    if (tr_sim_run(&m, &a, &x, err, sizeof err) || tr_sim_run(&m, &a, &y, err, sizeof err) ||
        tr_sim_run(&m, &b, &z, err, sizeof err)) {
        EXPECT(0, "MC failed: %s", err);
        tr_model_free(&m);
        return;
    }
    size_t n = (size_t)x.nmeasures * 3 * 25;
    EXPECT(memcmp(x.measure_q, y.measure_q, n * sizeof(double)) == 0, "same seed, same quantiles");
    EXPECT(memcmp(x.measure_q, z.measure_q, n * sizeof(double)) != 0, "another seed, other quantiles");
    EXPECT(x.goals[0].probability == 1 && x.goals[1].probability == 0, "certain goals: %g %g",
           x.goals[0].probability, x.goals[1].probability);
    EXPECT(x.goals[2].probability > 0 && x.goals[2].probability < 1, "an uncertain goal: %g", x.goals[2].probability);
    /* the first runs do not depend on how many runs follow: run 1 traced alone and among 40 */
    tr_sim_options t1 = {.runs = 2, .seed = 7, .trace_run = 1}, t2 = {.runs = 40, .seed = 7, .trace_run = 1};
    tr_sim_result u, v;
    if (tr_sim_run(&m, &t1, &u, err, sizeof err) == 0 && tr_sim_run(&m, &t2, &v, err, sizeof err) == 0) {
        EXPECT(memcmp(u.headcount, v.headcount, 2 * 25 * sizeof(double)) == 0, "run 1 is run 1 whatever the count");
        tr_sim_result_free(&u);
        tr_sim_result_free(&v);
    }
    /* P50 of headcount after 12 months near the deterministic run (median inputs) */
    double det = x.measure[12], p10 = x.measure_q[0 * 25 + 12], p50 = x.measure_q[1 * 25 + 12], p90 = x.measure_q[2 * 25 + 12];
    EXPECT(p10 < p50 && p50 < p90, "a spread: %g %g %g", p10, p50, p90);
    printf("  headcount at 12 months: deterministic %.1f, P10 %.1f, P50 %.1f, P90 %.1f\n", det, p10, p50, p90);
    tr_sim_result_free(&x);
    tr_sim_result_free(&y);
    tr_sim_result_free(&z);
    tr_model_free(&m);
}

/* With nothing uncertain (no attrition, no promotions, effect_sd 0, no ranges) every
 * Monte Carlo run is the deterministic run. */
static void degenerate(void)
{
    tr_model m;
    build(&m, 0);
    m.roles.attrition[0] = m.roles.attrition[1] = 0;
    m.roles.promotion[0].n = 0;
    tr_model_param_set(&m.params, "effect_sd", 0);
    tr_sim_options opt = {.runs = 9, .seed = 3};
    tr_sim_result r;
    char err[256];
    if (tr_sim_run(&m, &opt, &r, err, sizeof err) == 0) {
        for (int t = 0; t < 25; t++)
            for (int q = 0; q < 3; q++)
                NEAR(r.measure_q[(1 * 3 + (size_t)q) * 25 + (size_t)t], r.measure[25 + t], 1e-12, "quantile = deterministic");
        tr_sim_result_free(&r);
    } else {
        EXPECT(0, "MC failed: %s", err);
    }
    tr_model_free(&m);
}

/* Binomial draws above GSL's unsigned int: 5e9 people were truncated to 705,032,704 by a
 * cast; the mean and spread of many draws (quantiles of uniform numbers), whole numbers
 * within [0, n], at each regime: exact, Cornish-Fisher, p near 0 and near 1. */
static void large_binomials(void)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 5);
    static const struct { double n, p; } cases[] = {
        {5e9, 0.0106}, {1e12, 0.3}, {1e15, 1e-13}, {1e15, 1 - 1e-13}, {4e9, 0.5}, {2147483648.0, 0.01}, {1000, 0.2},
    };
    enum { DRAWS = 2000 };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        double n = cases[c].n, p = cases[c].p, sum = 0, sq = 0;
        int whole = 1, inside = 1, rare = p > 0.5;   /* count the rarer side, to keep digits */
        for (int i = 0; i < DRAWS; i++) {
            double k = tr_crn_binomial_quantile(gsl_rng_uniform_pos(rng), p, n);
            whole &= k == floor(k);
            inside &= k >= 0 && k <= n;
            if (rare) k = n - k;
            sum += k, sq += k * k;
        }
        if (rare) p = 1 - p;
        double mean = sum / DRAWS, var = sq / DRAWS - mean * mean, want_var = n * p * (1 - p);
        EXPECT(whole && inside, "n %g p %g: draws whole and within [0, n]", n, p);
        /* the mean of 2,000 draws is within 5 standard errors; the variance within 20% */
        NEAR(mean, n * p, 5 * sqrt(want_var / DRAWS) + 1e-9, "mean of binomial draws");
        EXPECT(fabs(var - want_var) <= 0.2 * want_var, "n %g p %g: variance %g, want %g", n, p, var, want_var);
    }
    gsl_rng_free(rng);
    /* a role of 5e9 people in a Monte Carlo run: its first month's leavers near 5e9 x h */
    tr_model m;
    tr_model_init(&m);
    m.horizon = 1;
    int r = tr_model_add_role(&m, "everyone", 5e9, 50000, 0.12);
    m.roles.hiring[r] = TR_MODEL_HIRE_NONE;
    tr_model_add_measure(&m, "people", TR_MODEL_LEVEL_RESULTS, tr_model_expr_metric(&m, TR_METRIC_HEADCOUNT, r, -1));
    tr_sim_options opt = {.runs = 3, .seed = 1, .trace_run = 1};
    tr_sim_result res;
    char err[256];
    if (tr_sim_run(&m, &opt, &res, err, sizeof err) == 0) {
        double h = tr_sim_monthly_rate(0.12), want = 5e9 * h;
        NEAR(res.leavers[1], want, 6 * sqrt(want), "leavers of 5e9 people in a month");
        EXPECT(res.headcount[1] == 5e9 - res.leavers[1], "headcount after them: %.0f", res.headcount[1]);
        tr_sim_result_free(&res);
    } else {
        EXPECT(0, "5e9 people: %s", err);
    }
    tr_model_free(&m);
}

/* P(X <= k) and P(X > k) for X ~ Binomial(n, p), each summed over its own tail from the
 * pmf in long double, so that both tails keep their digits. */
static long double binomial_cdf(double k, double p, unsigned n)
{
    long double F = 0;
    for (unsigned j = 0; k >= 0 && j <= (unsigned)k; j++) F += gsl_ran_binomial_pdf(j, p, n);
    return F;
}

static long double binomial_sf(double k, double p, unsigned n)
{
    if (k < 0) return 1;
    long double Q = 0;
    for (unsigned j = n; j > (unsigned)k; j--) Q += gsl_ran_binomial_pdf(j, p, n);
    return Q;
}

/* Is k the u-quantile, F(k) >= u > F(k - 1), to a relative 1e-9 of the tail it is in? */
static int is_quantile(double k, double u, double p, unsigned n)
{
    if (u <= 0.5) return binomial_cdf(k, p, n) >= u * (1 - 1e-9) && binomial_cdf(k - 1, p, n) < u * (1 + 1e-9);
    long double v = 1 - (long double)u;
    return binomial_sf(k, p, n) <= v * (1 + 1e-9) && binomial_sf(k - 1, p, n) > v * (1 - 1e-9);
}

/* The quantile is the least k with P(X <= k) >= u, checked against the pmf summed term by
 * term, over the body and both far tails (u down to 1e-15 and up to 1 - 1e-15), in the
 * exact regime and just past it (variance above 10^4, Cornish-Fisher), where the spec of
 * tr_crn_binomial_quantile allows one person of difference. */
static void binomial_quantiles(void)
{
    static const struct { unsigned n; double p; int slack; } cases[] = {
        {1, 0.3, 0}, {3, 0.5, 0}, {10, 0.018, 0}, {200, 0.01, 0}, {100, 0.999, 0}, {1000, 0.2, 0},
        {5000, 0.5, 0}, {100000, 0.01, 0}, {60000, 0.2, 0}, {45000, 0.5, 1}, {400000, 0.05, 1},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        unsigned n = cases[c].n;
        double p = cases[c].p;
        int wrong = 0;
        for (int j = 1; j < 400; j++) {
            double u = j / 400.0;
            if (j < 15) u = pow(10, -15 + j);               /* the far lower tail */
            if (j > 385) u = 1 - pow(10, -15 + (400 - j));  /* the far upper tail */
            double k = tr_crn_binomial_quantile(u, p, n);
            int ok = is_quantile(k, u, p, n) || (cases[c].slack && (is_quantile(k - 1, u, p, n) || is_quantile(k + 1, u, p, n)));
            if (!ok && wrong++ < 3) EXPECT(0, "n %u p %g: quantile at u %.17g is %g", n, p, u, k);
        }
    }
    /* monotone in the chance: the same u never gives more leavers at a lower hazard */
    int crossed = 0;
    for (int j = 1; j < 2000; j++) {
        double u = tr_crn_uniform(99, j, 1, 0);
        double prev = 0;
        for (double h = 0.001; h < 0.2; h *= 1.1) {
            double k = tr_crn_binomial_quantile(u, h, 1500);
            crossed += k < prev;
            prev = k;
        }
    }
    EXPECT(crossed == 0, "a higher hazard gave fewer leavers %d times", crossed);
    NEAR(tr_crn_binomial_quantile(0.5, 0, 100), 0, 0, "no chance, nobody");
    NEAR(tr_crn_binomial_quantile(0.5, 1, 100), 100, 0, "certain, everybody");
    NEAR(tr_crn_binomial_quantile(0.5, 0.3, 0), 0, 0, "nobody to draw from");
}

/* The event numbers: in (0, 1), independent of each other to the eye (mean, spread), and
 * different for another run, role, month or event. */
static void event_uniforms(void)
{
    double sum = 0, sq = 0, lo = 1, hi = 0;
    int n = 0;
    for (int r = 0; r < 50; r++)
        for (int mo = 1; mo <= 40; mo++)
            for (int e = 0; e < 5; e++, n++) {
                double u = tr_crn_uniform(12345, r, mo, e);
                sum += u, sq += u * u;
                lo = fmin(lo, u), hi = fmax(hi, u);
            }
    double mean = sum / n, var = sq / n - mean * mean;
    EXPECT(lo > 0 && hi < 1, "event numbers within (0, 1): %g %g", lo, hi);
    NEAR(mean, 0.5, 5 * sqrt(1.0 / 12 / n), "mean of the event numbers");
    NEAR(var, 1.0 / 12, 0.01, "variance of the event numbers");
    double u = tr_crn_uniform(1, 2, 3, 4);
    EXPECT(u != tr_crn_uniform(2, 2, 3, 4) && u != tr_crn_uniform(1, 3, 3, 4) &&
           u != tr_crn_uniform(1, 2, 4, 4) && u != tr_crn_uniform(1, 2, 3, 5), "each key part matters");
}

/* Common random numbers: the CRN repro of the audit. Role `a` is trained; role `big`
 * (10,000 people, 20% attrition) no program touches. In every run `big` loses exactly the
 * same people with the plan as without it, so it adds exactly 0 to benefit: the benefit
 * of each run equals that of the same plan without `big`, bit for bit, and every run's
 * ROI is above 0. */
static void build_crn(tr_model *m, int with_big)
{
    tr_model_init(m);
    m->horizon = 12;
    int k = tr_model_add_skill(m, "s", 0);
    int a = tr_model_add_role(m, "a", 10, 50000, 0.08);
    if (with_big) tr_model_add_role(m, "big", 10000, 100000, 0.20);
    int p = tr_model_add_program(m, "t", TR_MODEL_ELEARNING, 1, TR_MODEL_COST_PER_PERSON);
    tr_model_program_role(m, p, a);
    tr_model_program_gain(m, p, k, 0.01);
    m->programs.involvement[p] = TR_INVOLVE_AFTER;
    tr_model_add_measure(m, "ben", TR_MODEL_LEVEL_ROI, tr_model_expr_metric(m, TR_METRIC_BENEFIT, -1, -1));
    tr_model_add_measure(m, "avoided", TR_MODEL_LEVEL_ROI, tr_model_expr_metric(m, TR_METRIC_ROI, -1, -1));
    tr_model_add_goal(m, "g", tr_model_expr_metric(m, TR_METRIC_ROI, -1, -1), TR_MODEL_GT, 0, 0);
}

static void common_random_numbers(void)
{
    tr_model with, without;
    build_crn(&with, 1);
    build_crn(&without, 0);
    enum { RUNS = 60 };
    int same = 0, positive = 0;
    char err[256];
    for (int i = 1; i <= RUNS; i++) {
        tr_sim_options o = {.runs = RUNS, .seed = 1, .trace_run = i};
        tr_sim_result x, y;
        if (tr_sim_run(&with, &o, &x, err, sizeof err) || tr_sim_run(&without, &o, &y, err, sizeof err)) {
            EXPECT(0, "CRN runs failed: %s", err);
            break;
        }
        /* run i of each: `big` changed neither its benefit nor its leavers' difference */
        same += x.total_benefit == y.total_benefit && memcmp(x.turnover_avoided, y.turnover_avoided, 13 * sizeof(double)) == 0;
        positive += x.total_benefit > 0;
        if (i == 1) {
            EXPECT(x.goals[0].probability == 1, "ROI > 0 in every run: %g", x.goals[0].probability);
            /* the spread of benefit is that of role a alone, not of 10,000 people's leavers */
            for (int q = 0; q < 3; q++)
                EXPECT(x.measure_q[(size_t)q * 13 + 12] == y.measure_q[(size_t)q * 13 + 12], "P%d of benefit with and without big: %g %g",
                       q == 0 ? 10 : q == 1 ? 50 : 90, x.measure_q[(size_t)q * 13 + 12], y.measure_q[(size_t)q * 13 + 12]);
        }
        tr_sim_result_free(&x);
        tr_sim_result_free(&y);
    }
    EXPECT(same == RUNS, "an untouched role added 0 to benefit in %d of %d runs", same, RUNS);
    EXPECT(positive == RUNS, "benefit above 0 in %d of %d runs", positive, RUNS);
    tr_model_free(&with);
    tr_model_free(&without);
}

/* `--runs 1` is one stochastic run: whole people drawn, the quantiles all that run's
 * value, each goal met in 0% or 100% of runs. */
static void one_run(void)
{
    tr_model m;
    build(&m, 1);
    tr_sim_options one = {.runs = 1, .seed = 4}, traced = {.runs = 1, .seed = 4, .trace_run = 1};
    tr_sim_result r, t, d;
    char err[256];
    if (tr_sim_run(&m, &one, &r, err, sizeof err) || tr_sim_run(&m, &traced, &t, err, sizeof err) ||
        tr_sim_run(&m, NULL, &d, err, sizeof err)) {
        EXPECT(0, "one run failed: %s", err);
        tr_model_free(&m);
        return;
    }
    EXPECT(r.runs == 1 && r.measure_q && d.runs == 0 && !d.measure_q, "one Monte Carlo run, and a deterministic one: %d %d", r.runs, d.runs);
    for (int q = 0; q < 3; q++)
        EXPECT(r.measure_q[(size_t)q * 25 + 24] == t.measure[24], "P%d is the run's own headcount", q);
    EXPECT(t.measure[24] == floor(t.measure[24]) && t.measure[24] != d.measure[24], "whole people, not the deterministic %g: %g",
           d.measure[24], t.measure[24]);
    for (int g = 0; g < r.ngoals; g++)
        EXPECT(r.goals[g].probability == 0 || r.goals[g].probability == 1, "goal %d met in %g of one run", g, r.goals[g].probability);
    tr_sim_result_free(&r);
    tr_sim_result_free(&t);
    tr_sim_result_free(&d);
    tr_model_free(&m);
}

int main(void)
{
    large_binomials();
    binomial_quantiles();
    event_uniforms();
    common_random_numbers();
    one_run();
    range_draws();
    whole_people();
    reproducible();
    degenerate();
    DONE("sim_montecarlo");
}
