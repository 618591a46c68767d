/* sim_properties.c — properties that must hold for any model, checked over many generated
 * models: headcount and money conserved every month, shares in [0, 1], headcount >= 0,
 * B <= K, identical output on repeated runs; Monte Carlo reproducible from its seed. */
#include "sim.h"

#include <stdlib.h>
#include <string.h>

#include "sim_test.h"

static uint64_t rng_state;

static uint64_t next(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static int pick(int n) { return n > 0 ? (int)(next() % (uint64_t)n) : 0; }
static double unit(void) { return (double)(next() >> 11) / 9007199254740992.0; }

static int gen_expr(tr_model *m, int depth)
{
    if (depth > 2 || pick(3) == 0) {
        tr_model_metric k = (tr_model_metric)pick(TR_METRIC_MEASURE);
        int a = 0, b = 0;
        if (k == TR_METRIC_SPEND_BUDGET) { if (!m->budgets.n) return tr_model_expr_const(m, unit()); a = pick(m->budgets.n); }
        else if (k == TR_METRIC_SPEND_PROGRAM || k == TR_METRIC_COST || k == TR_METRIC_PARTICIPATION) {
            if (!m->programs.n) return tr_model_expr_const(m, 2);
            a = pick(m->programs.n);
        } else if (k == TR_METRIC_KNOWLEDGE || k == TR_METRIC_BEHAVIOR) {
            if (!m->skills.n) return tr_model_expr_const(m, 0.5);
            a = pick(m->roles.n), b = pick(m->skills.n);
        } else a = pick(m->roles.n);
        return tr_model_expr_metric(m, k, a, b);
    }
    static const tr_model_op ops[] = {TR_EXPR_ADD, TR_EXPR_SUB, TR_EXPR_MUL, TR_EXPR_DIV,
        TR_EXPR_MIN, TR_EXPR_MAX, TR_EXPR_ABS, TR_EXPR_ROUND, TR_EXPR_CLAMP, TR_EXPR_NEG};
    tr_model_op op = ops[pick(10)];
    int args[3], n = tr_model_op_arity(op);
    for (int i = 0; i < n; i++) args[i] = gen_expr(m, depth + 1);
    return tr_model_expr_op(m, op, n, args);
}

static void gen_programs(tr_model *m)
{
    int np = pick(9);
    for (int i = 0; i < np; i++) {
        int p = tr_model_add_program(m, "p", (tr_model_kind)pick(TR_MODEL_KIND_COUNT),
                                     1 + 5000 * unit(), (tr_model_cost)pick(TR_MODEL_COST_PER_HOUR + 1));
        for (int j = 0, n = 1 + pick(m->roles.n); j < n; j++) tr_model_program_role(m, p, pick(m->roles.n));
        for (int j = 0, n = pick(m->skills.n + 1); j < n; j++) tr_model_program_gain(m, p, pick(m->skills.n), unit() * 0.5);
        m->programs.participants[p] = pick(4) ? unit() : 1;
        m->programs.hours[p] = 40 * unit();
        m->programs.start[p] = 1 + pick(m->horizon + 2);
        if (pick(3) == 0) m->programs.end[p] = m->programs.start[p] + pick(20);
        if (pick(3) == 0) m->programs.duration[p] = 6 * unit();
        m->programs.involvement[p] = (unsigned)pick(8);
        for (int ph = 0; ph < TR_MPHASE_COUNT; ph++)
            if (pick(2)) tr_model_program_phase(m, p, ph, 3 * unit(), pick(2) ? 6 * unit() : 0);
        if (m->budgets.n && pick(4)) m->programs.budget[p] = pick(m->budgets.n);
        if (m->milestones.n && pick(4) == 0) tr_model_program_after(m, p, pick(m->milestones.n));
        m->programs.enabled[p] = pick(8) != 0;
    }
    for (int p = 0; p < m->programs.n; p++)
        if (pick(3) == 0) m->programs.reinforced_by[p] = pick(m->programs.n);
}

static void gen_model(tr_model *m)
{
    tr_model_init(m);
    m->horizon = 1 + pick(48);
    int ns = pick(4);
    for (int k = 0; k < ns; k++) tr_model_add_skill(m, "s", pick(3) ? 1 + 24 * unit() : 0);
    int nr = 1 + pick(6);
    for (int r = 0; r < nr; r++) {
        tr_model_add_role(m, "r", pick(5) ? 1000 * unit() : 0, 200000 * unit(), 0.6 * unit());
        if (r && pick(2)) m->roles.reports_to[r] = pick(r);
        m->roles.hiring[r] = pick(3) ? TR_MODEL_HIRE_REPLACE : TR_MODEL_HIRE_NONE;
        m->roles.growth[r] = pick(2) ? 0.4 * unit() - 0.2 : 0;
        if (pick(3) == 0) m->roles.turnover_cost[r] = 2 * unit();
        for (int k = 0; k < ns; k++) if (pick(2)) tr_model_role_baseline(m, r, k, unit());
    }
    for (int r = 0; r < nr; r++)
        if (nr > 1 && pick(2)) {
            int to = pick(nr);
            if (to != r) tr_model_role_promotion(m, r, to, 0.5 * unit());
        }
    for (int b = 0, nb = pick(4); b < nb; b++)
        tr_model_add_budget(m, "b", 1e6 * unit(), pick(2), b && pick(2) ? pick(b) : -1);
    for (int i = 0, n = pick(3); i < n; i++) {
        int ms = tr_model_add_milestone(m, "m", 1 + pick(m->horizon));
        if (i && pick(2)) tr_model_milestone_after(m, ms, pick(i));
    }
    gen_programs(m);
    for (int i = 0, n = pick(4); i < n; i++) tr_model_add_measure(m, "x", TR_MODEL_LEVEL_RESULTS, gen_expr(m, 0));
    for (int i = 0, n = pick(4); i < n; i++) {
        int e = m->measures.n && pick(2) ? tr_model_expr_metric(m, TR_METRIC_MEASURE, pick(m->measures.n), -1) : gen_expr(m, 0);
        tr_model_add_goal(m, "g", e, (tr_model_bound)pick(6), unit(), pick(m->horizon + 1));
    }
    /* ranges of every kind the model draws, each on something that exists */
    for (int i = 0, n = pick(6); i < n; i++) {
        tr_model_range_field f = (tr_model_range_field)pick(TR_RANGE_FIELD_COUNT);
        int skills, count = tr_model_range_count(m, f, &skills);
        if (!count) continue;
        int index = pick(count), skill = skills ? pick(skills) : 0;
        if (f == TR_RANGE_EXPR_CONST && m->exprs[index].op != TR_EXPR_CONST) continue;
        if (f == TR_RANGE_ROLE_PROMOTION && skill == index) continue;
        if (skills == 0 && f == TR_RANGE_PROGRAM_GAIN) continue;
        double lo = unit() - 0.3, hi = lo + unit();
        tr_model_add_range(m, f, index, skill, lo, hi);
    }
}

static int in01(double x) { return x >= -1e-12 && x <= 1 + 1e-12; }

static void check_people(const tr_model *m, const tr_sim_result *r, int seed)
{
    size_t W = (size_t)r->months + 1;
    for (int i = 0; i < r->nroles; i++)
        for (int mo = 1; mo <= r->months; mo++) {
            size_t o = (size_t)i * W + (size_t)mo;
            double want = r->headcount[o - 1] + r->hires[o] - r->leavers[o] - r->promoted_out[o] + r->promoted_in[o];
            EXPECT(fabs(r->headcount[o] - want) <= 1e-9 * fmax(1, want), "seed %d role %d month %d: %.12g != %.12g",
                   seed, i, mo, r->headcount[o], want);
            EXPECT(r->headcount[o] >= 0, "seed %d: negative headcount", seed);
            EXPECT(in01(r->retention[o]) && in01(r->development[o]), "seed %d: share out of range", seed);
        }
    for (size_t i = 0; i < (size_t)r->nroles * (size_t)r->nskills * W; i++) {
        EXPECT(in01(r->knowledge[i]) && in01(r->behavior[i]), "seed %d: K or B out of [0, 1]", seed);
        EXPECT(r->behavior[i] <= r->knowledge[i] + 1e-12, "seed %d: B > K", seed);
    }
    for (size_t mo = 0; mo < W; mo++) EXPECT(in01(r->alignment[mo]), "seed %d: alignment", seed);
    (void)m;
}

static void check_money(const tr_model *m, const tr_sim_result *r, int seed)
{
    size_t W = (size_t)r->months + 1;
    int64_t total = 0;
    for (int mo = 1; mo <= r->months; mo++) {
        int64_t sum = 0;
        for (int p = 0; p < r->nprograms; p++) sum += r->ledger.program[(size_t)p * W + (size_t)mo];
        EXPECT(sum == r->ledger.total[mo], "seed %d month %d: programs %lld != total %lld", seed, mo,
               (long long)sum, (long long)r->ledger.total[mo]);
        total += r->ledger.total[mo];
        for (int b = 0; b < r->nbudgets; b++) {
            int64_t under = 0;
            for (int p = 0; p < r->nprograms; p++)
                for (int x = m->programs.budget[p]; x >= 0; x = m->budgets.parent[x])
                    if (x == b) under += r->ledger.program[(size_t)p * W + (size_t)mo];
            EXPECT(under == r->ledger.budget[(size_t)b * W + (size_t)mo], "seed %d: budget %d month %d", seed, b, mo);
        }
    }
    EXPECT(total == r->total_cost, "seed %d: total %lld != %lld", seed, (long long)total, (long long)r->total_cost);
}

static int same(const double *a, const double *b, size_t n)
{
    return (!a && !b) || (a && b && memcmp(a, b, n * sizeof *a) == 0);
}

static void check_repeat(const tr_model *m, const tr_sim_result *r, int seed)
{
    tr_sim_result again;
    char err[256];
    tr_sim_options opt = {.runs = 0, .record_skills = 1};
    if (tr_sim_run(m, &opt, &again, err, sizeof err)) {
        EXPECT(0, "seed %d: second run failed: %s", seed, err);
        return;
    }
    size_t W = (size_t)r->months + 1, RW = (size_t)r->nroles * W;
    EXPECT(same(r->headcount, again.headcount, RW) && same(r->leavers, again.leavers, RW) &&
           same(r->knowledge, again.knowledge, RW * (size_t)r->nskills) &&
           same(r->measure, again.measure, (size_t)r->nmeasures * W) &&
           same(r->goal_value, again.goal_value, (size_t)r->ngoals * W) &&
           same(r->benefit, again.benefit, W) &&
           memcmp(r->ledger.total, again.ledger.total, W * sizeof *r->ledger.total) == 0,
           "seed %d: a repeated run differs", seed);
    tr_sim_result_free(&again);
}

static void check_monte_carlo(const tr_model *m, int seed)
{
    tr_sim_options opt = {.runs = 12, .seed = (uint64_t)seed, .record_skills = 0};
    tr_sim_result a, b;
    char err[256];
    if (tr_sim_run(m, &opt, &a, err, sizeof err)) {
        EXPECT(0, "seed %d: MC failed: %s", seed, err);
        return;
    }
    if (tr_sim_run(m, &opt, &b, err, sizeof err) == 0) {
        size_t W = (size_t)a.months + 1;
        EXPECT(a.runs == 12 && same(a.measure_q, b.measure_q, (size_t)a.nmeasures * 3 * W), "seed %d: MC not reproducible", seed);
        for (int g = 0; g < a.ngoals; g++)
            EXPECT(a.goals[g].probability == b.goals[g].probability && in01(a.goals[g].probability), "seed %d: goal probability", seed);
        for (size_t i = 0; i < (size_t)a.nmeasures * W; i++) {
            size_t k = i / W, t = i % W;
            double p10 = a.measure_q[(k * 3) * W + t], p50 = a.measure_q[(k * 3 + 1) * W + t], p90 = a.measure_q[(k * 3 + 2) * W + t];
            double tol = 1e-12 * fmax(1, fabs(p90));
            EXPECT(p10 <= p50 + tol && p50 <= p90 + tol, "seed %d: P10 <= P50 <= P90: %g %g %g (measure %zu month %zu)", seed, p10, p50, p90, k, t);
        }
        tr_sim_result_free(&b);
    }
    tr_sim_result_free(&a);
}

int main(void)
{
    int simulated = 0;
    for (int seed = 1; seed <= 300; seed++) {
        rng_state = 0x9E3779B97F4A7C15ull * (uint64_t)seed;
        tr_model m;
        gen_model(&m);
        tr_sim_result r;
        char err[256] = "";
        tr_sim_options opt = {.runs = 0, .record_skills = 1};
        if (tr_sim_run(&m, &opt, &r, err, sizeof err) == 0) {
            simulated++;
            check_people(&m, &r, seed);
            check_money(&m, &r, seed);
            check_repeat(&m, &r, seed);
            if (seed % 10 == 0) check_monte_carlo(&m, seed);
            tr_sim_result_free(&r);
        } else {
            EXPECT(0, "seed %d: generated model refused: %s", seed, err);
        }
        tr_model_free(&m);
    }
    EXPECT(simulated == 300, "simulated %d of 300", simulated);
    DONE("sim_properties");
}
