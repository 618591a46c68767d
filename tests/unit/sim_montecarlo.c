/* sim_montecarlo.c — MODEL.md section 7: whole people, ranges drawn as 90% intervals,
 * the effect factor, streams derived from (seed, run), quantiles and goal chances. */
#include "sim.h"

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
 * cast; the mean and spread of many draws, whole numbers within [0, n], at each regime. */
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
            double k = tr_sim_binomial(rng, p, n);
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

int main(void)
{
    large_binomials();
    range_draws();
    whole_people();
    reproducible();
    degenerate();
    DONE("sim_montecarlo");
}
