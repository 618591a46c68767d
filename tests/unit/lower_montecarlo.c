/* lower_montecarlo.c — MODEL.md section 7 from a plan: every `A to B` range is drawn once
 * per run — baselines, skill half lives, durations, phases, budget amounts, promotion
 * rates, goal targets and constants in metric expressions as much as costs and gains — so
 * a measure that reads one of them spreads (P10 < P90); a ranged headcount is whole people
 * in every run. */
#include "lower.h"

#include <string.h>

#include "lower_test.h"

static const char plan_text[] =
    "plan \"Ranges\" {\n  start 2026-01\n  horizon 12 months\n}\n"
    "skill s { half_life 6 to 18 months }\n"
    "skill t {}\n"
    "role staff { headcount 90 to 110; salary 60k USD per year; attrition 12% per year; hiring none\n"
    "  baseline { s 20% to 40%; t 10% }\n  promotion { into lead; rate 5% to 15% per year } }\n"
    "role lead { headcount 10; salary 90k USD per year; attrition 0% per year; hiring none }\n"
    "budget b { amount 1k to 3k USD }\n"
    "program p { kind workshop; for staff; cost 10 USD per person; budget b; duration 1 month to 3 months;\n"
    "  manager_involvement before; gains { t 20% }\n"
    "  phase post { duration 4 to 12 weeks; coaching 1 to 3 hours per person } }\n"
    "measure base { level learning; value knowledge(staff, s) }\n"
    "measure scaled { level results; value behavior(staff, s) * (1 to 2) }\n"
    "measure people { level results; value headcount(staff) }\n"
    "measure promoted { level results; value headcount(lead) }\n"
    "goal g { metric base; target >= 25% to 35% }\n";

static int field_ranges(const tr_model *m, tr_model_range_field f)
{
    int n = 0;
    for (int i = 0; i < m->nranges; i++) n += m->ranges[i].field == f;
    return n;
}

static void registered(const tr_model *m)
{
    static const struct { tr_model_range_field f; const char *what; } want[] = {
        {TR_RANGE_SKILL_HALF_LIFE, "half_life 6 to 18 months"}, {TR_RANGE_ROLE_HEADCOUNT, "headcount"},
        {TR_RANGE_ROLE_BASELINE, "baseline s 20% to 40%"}, {TR_RANGE_ROLE_PROMOTION, "promotion rate"},
        {TR_RANGE_BUDGET_AMOUNT, "budget amount"}, {TR_RANGE_PROGRAM_DURATION, "duration"},
        {TR_RANGE_PHASE_DURATION, "phase duration"}, {TR_RANGE_PHASE_COACHING, "phase coaching"},
        {TR_RANGE_EXPR_CONST, "(1 to 2) in a measure"}, {TR_RANGE_GOAL_TARGET, "goal target"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        EXPECT(field_ranges(m, want[i].f) == 1, "one range registered for %s, found %d", want[i].what, field_ranges(m, want[i].f));
}

static void spread(const tr_plan *p)
{
    tr_model m;
    tr_sim_result r;
    tr_diags d = {0};
    tr_sim_options o = {.runs = 41, .seed = 7};
    EXPECT(tr_lower_run(p, -1, &o, &m, &r, &d) == 0, "lower and run 41 Monte Carlo runs");
    if (d.n) { tr_diags_free(&d); return; }
    registered(&m);
    size_t W = (size_t)r.months + 1;
    for (int i = 0; i < r.nmeasures; i++) {
        const double *p10 = r.measure_q + ((size_t)i * 3 + 0) * W, *p90 = r.measure_q + ((size_t)i * 3 + 2) * W;
        EXPECT(p90[12] > p10[12], "measure %s spreads between runs: P10 %g, P90 %g", m.measures.name[i], p10[12], p90[12]);
    }
    EXPECT(r.goals[0].probability > 0 && r.goals[0].probability < 1, "a ranged target is met in some runs: %g", r.goals[0].probability);
    tr_sim_result_free(&r);
    tr_model_free(&m);
    /* a traced run is whole people from its start: the drawn headcount is rounded */
    o.trace_run = 2;
    EXPECT(tr_lower_run(p, -1, &o, &m, &r, &d) == 0, "a traced run");
    if (d.n) { tr_diags_free(&d); return; }
    for (size_t t = 0; t < W; t++)
        EXPECT(r.headcount[t] == floor(r.headcount[t]), "headcount 90 to 110 in month %zu: %g is not whole people", t, r.headcount[t]);
    const double *q50 = r.measure_q + ((size_t)2 * 3 + 1) * W;
    for (size_t t = 0; t < W; t += 3)
        EXPECT(q50[t] == floor(q50[t]), "P50 of whole people over an odd number of runs is whole: %g", q50[t]);
    tr_sim_result_free(&r);
    tr_model_free(&m);
}

int main(void)
{
    tr_checked *c;
    tr_source *src;
    const tr_plan *p = check_text("ranges.plan", plan_text, &c, &src);
    if (p) spread(p);
    tr_checked_free(c);
    tr_source_free(src);
    DONE("lower_montecarlo");
}
