/* lower_values.c — tr_lower against hand-computed model values: yearly rates from the
 * plan's per-month canonical ones, salaries per year, per-hour costs and hours per person
 * per year, ranges registered with their medians, dates as plan months, budgets per year or
 * in total, scenarios (extends, enabled false, model overrides) and metric trees. */
#include "lower.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sim_test.h"

static const char plan_text[] =
    "plan \"Lowering\" {\n  start 2026-03\n  horizon 2 years\n}\n"
    "skill lead { half_life 18 months }\n"
    "role boss { headcount 5; salary 240k USD per year; attrition 8% per year }\n"
    "role staff {\n  headcount 100 to 400\n  reports_to boss\n  salary 120k USD per year\n"
    "  attrition 12% per year\n  growth 6% per year\n  turnover_cost 30%\n  hiring none\n"
    "  baseline { lead 35% }\n  promotion { into boss; rate 3% per year }\n}\n"
    "budget all { amount 2.4M USD per year }\n"
    "budget once { parent all; amount 500k USD; start 2026-06 }\n"
    "milestone audit { due 2026-05 }\n"
    "milestone go { due 2026-09; after audit }\n"
    "program coach {\n  kind coaching\n  for boss\n  cost 400 to 600 USD per hour\n"
    "  hours 24 hours per person per year\n  budget once\n  gains { lead 10% }\n}\n"
    "program school {\n  kind training\n  for staff, boss\n  participants 40%\n"
    "  cost 1286 USD per person per year\n  budget all\n  after go\n  end 2027-12\n"
    "  manager_involvement before, after\n  reinforced_by coach\n  gains { lead 20% }\n"
    "  phase post { duration 12 weeks; coaching 6 hours per person }\n}\n"
    "measure lead_b { level behavior; value behavior(staff, lead) }\n"
    "measure mix { value if headcount(staff) > 50 people then min(spend(all), 1M USD) else 0 USD }\n"
    "goal keep { metric retention(staff); target >= 88%; by 2027-12 }\n"
    "goal applied { metric lead_b; target > 40% }\n"
    "model { attribution 40% }\n"
    "scenario cheap { coach.hours 12 hours per person per year; all.amount 1M USD }\n"
    "scenario off { extends cheap; school.enabled false; model.attribution 30% }\n";

static const tr_model_range *find_range(const tr_model *m, tr_model_range_field f, int index)
{
    for (int i = 0; i < m->nranges; i++)
        if (m->ranges[i].field == f && m->ranges[i].index == index) return &m->ranges[i];
    return NULL;
}

static void baseline_values(const tr_plan *p)
{
    tr_model m;
    tr_diags d = {0};
    EXPECT(tr_lower(p, -1, &m, &d) == 0 && d.n == 0, "lowering a clean plan failed");
    if (d.n) { tr_diags_free(&d); return; }
    EXPECT(m.start_year == 2026 && m.start_month == 3 && m.horizon == 24, "plan: %d-%d, %d months", m.start_year, m.start_month, m.horizon);
    EXPECT(strcmp(m.currency, "USD") == 0 && m.minor_units == 100 && m.scenario == NULL, "currency");
    /* roles: yearly figures from the plan's per-month canonical values */
    NEAR(m.roles.salary[1], 120000, 1e-6, "salary 120k USD per year");
    NEAR(m.roles.attrition[1], 0.12, 1e-12, "attrition 12% per year");
    NEAR(m.roles.growth[1], 0.06, 1e-12, "growth 6% per year");
    NEAR(m.roles.turnover_cost[1], 0.30, 1e-12, "turnover_cost 30%");
    EXPECT(m.roles.turnover_cost[0] < 0, "a role without turnover_cost takes the model's");
    EXPECT(m.roles.hiring[1] == TR_MODEL_HIRE_NONE && m.roles.hiring[0] == TR_MODEL_HIRE_REPLACE, "hiring");
    EXPECT(m.roles.reports_to[1] == 0 && m.roles.reports_to[0] == -1, "reports_to");
    EXPECT(m.roles.baseline[1].n == 1 && m.roles.baseline[1].idx[0] == 0, "baseline");
    NEAR(m.roles.baseline[1].val[0], 0.35, 1e-12, "baseline lead 35%");
    EXPECT(m.roles.promotion[1].n == 1 && m.roles.promotion[1].idx[0] == 0, "promotion into boss");
    NEAR(m.roles.promotion[1].val[0], 0.03, 1e-12, "promotion rate 3% per year");
    NEAR(m.skills.half_life[0], 18, 1e-9, "half_life 18 months");
    /* a range: the median (geometric mean) in the model, the ends registered */
    NEAR(m.roles.headcount[1], 200, 1e-9, "headcount 100 to 400: median 200");
    const tr_model_range *hr = find_range(&m, TR_RANGE_ROLE_HEADCOUNT, 1);
    EXPECT(hr && fabs(hr->lo - 100) < 1e-9 && fabs(hr->hi - 400) < 1e-9, "headcount range registered");
    /* programs */
    EXPECT(m.programs.cost_mode[0] == TR_MODEL_COST_PER_HOUR, "money per hour with hours");
    NEAR(m.programs.cost[0], sqrt(400.0 * 600.0), 1e-9, "cost 400 to 600 USD per hour: median per hour");
    const tr_model_range *cr = find_range(&m, TR_RANGE_PROGRAM_COST, 0);
    EXPECT(cr && fabs(cr->lo - 400) < 1e-9 && fabs(cr->hi - 600) < 1e-9, "cost range per hour");
    NEAR(m.programs.hours[0], 24, 1e-9, "hours 24 hours per person per year");
    EXPECT(m.programs.kind[0] == TR_MODEL_COACHING && m.programs.kind[1] == TR_MODEL_TRAINING, "kinds");
    EXPECT(m.programs.cost_mode[1] == TR_MODEL_COST_PER_PERSON_MONTH, "money per person per time");
    NEAR(m.programs.cost[1], 1286.0 / 12, 1e-9, "1286 USD per person per year: per month");
    NEAR(m.programs.participants[1], 0.4, 1e-12, "participants 40%");
    EXPECT(m.programs.roles[1].n == 2 && m.programs.roles[1].v[0] == 1 && m.programs.roles[1].v[1] == 0, "for staff, boss");
    EXPECT(m.programs.budget[0] == 1 && m.programs.budget[1] == 0, "budgets of programs");
    EXPECT(m.programs.start[1] == 1 && m.programs.after[1].n == 1 && m.programs.after[1].v[0] == 1, "after go");
    EXPECT(m.programs.end[1] == 22, "end 2027-12 is plan month 22 from 2026-03: %d", m.programs.end[1]);
    EXPECT(m.programs.involvement[1] == (TR_INVOLVE_BEFORE | TR_INVOLVE_AFTER), "manager_involvement");
    EXPECT(m.programs.reinforced_by[1] == 0 && m.programs.reinforced_by[0] == -1, "reinforced_by");
    NEAR(m.programs.phase_duration[1][TR_MPHASE_POST], 12 * 7 / (365.25 / 12), 1e-9, "post phase 12 weeks");
    NEAR(m.programs.phase_coaching[1][TR_MPHASE_POST], 6, 1e-9, "coaching 6 hours per person");
    EXPECT(m.programs.gains[1].n == 1, "gains");
    NEAR(m.programs.gains[1].val[0], 0.20, 1e-12, "gains lead 20%");
    /* budgets */
    NEAR(m.budgets.amount[0], 2400000, 1e-6, "2.4M USD per year");
    EXPECT(m.budgets.per_year[0] && !m.budgets.per_year[1] && m.budgets.parent[1] == 0, "per year, total, parent");
    EXPECT(m.budgets.start[1] == 4 && m.budgets.end[1] == 0, "budget start 2026-06 is month 4");
    /* milestones: dates are plan months */
    EXPECT(m.milestones.due[0] == 3 && m.milestones.due[1] == 7, "due 2026-05 and 2026-09: months %d, %d", m.milestones.due[0], m.milestones.due[1]);
    EXPECT(m.milestones.after[1].n == 1 && m.milestones.after[1].v[0] == 0, "go after audit");
    /* measures and goals */
    EXPECT(m.measures.n == 2 && m.measures.level[0] == TR_MODEL_LEVEL_BEHAVIOR, "measure level");
    const tr_model_expr *e = &m.exprs[m.measures.expr[0]];
    EXPECT(e->op == TR_EXPR_METRIC && e->metric == TR_METRIC_BEHAVIOR && e->a == 1 && e->b == 0, "behavior(staff, lead)");
    EXPECT(m.exprs[m.measures.expr[1]].op == TR_EXPR_IF, "if ... then ... else");
    EXPECT(m.goals.n == 2 && m.goals.op[0] == TR_MODEL_GE && m.goals.by[0] == 22, "goal keep: >= by month 22");
    NEAR(m.goals.target[0], 0.88, 1e-12, "target 88%");
    EXPECT(m.goals.by[1] == 24 && m.goals.op[1] == TR_MODEL_GT, "a goal without by: the end of the horizon");
    const tr_model_expr *g = &m.exprs[m.goals.expr[1]];
    EXPECT(g->op == TR_EXPR_METRIC && g->metric == TR_METRIC_MEASURE && g->a == 0, "a goal reading a measure");
    NEAR(m.params.attribution, 0.40, 1e-12, "the plan's model block");
    NEAR(m.params.transfer_floor, 0.15, 1e-12, "the prelude's model block");
    tr_model_free(&m);
}

static void scenario_values(const tr_plan *p)
{
    int off = tr_lower_find_scenario(p, "off");
    EXPECT(off >= 0 && tr_lower_find_scenario(p, "nope") == -1, "scenario lookup");
    tr_model m;
    tr_diags d = {0};
    EXPECT(tr_lower(p, off, &m, &d) == 0, "lowering a scenario failed");
    if (d.n) { tr_diags_free(&d); return; }
    EXPECT(m.scenario && strcmp(m.scenario, "off") == 0, "the scenario's name");
    NEAR(m.programs.hours[0], 12, 1e-9, "coach.hours from the scenario it extends");
    NEAR(m.budgets.amount[0], 1000000, 1e-6, "all.amount 1M USD: a total now");
    EXPECT(!m.budgets.per_year[0], "an amount without per year is a total");
    EXPECT(!m.programs.enabled[1] && m.programs.enabled[0], "school.enabled false");
    NEAR(m.params.attribution, 0.30, 1e-12, "model.attribution 30%");
    tr_model_free(&m);
    /* the checked plan is untouched */
    NEAR(p->programs[0].hours.mid * 24 * 365.25 / 12 * 12, 24, 1e-9, "the plan keeps its own hours");
}

static void run_values(const tr_plan *p)
{
    tr_model m;
    tr_sim_result r;
    tr_diags d = {0};
    EXPECT(tr_lower_run(p, -1, NULL, &m, &r, &d) == 0, "lower and run");
    if (d.n) { tr_diags_free(&d); return; }
    EXPECT(r.months == 24 && r.ngoals == 2, "a result");
    tr_sim_result_free(&r);
    tr_model_free(&m);
}

int main(void)
{
    const char *stdlib = getenv("TRELLIS_STDLIB");
    tr_source *src = tr_source_from_text("lowering.plan", plan_text, sizeof plan_text - 1);
    tr_check_options o = {stdlib && *stdlib ? stdlib : "stdlib", false};
    tr_diags d = {0};
    const tr_source *roots[1] = {src};
    tr_checked *c = tr_check_sources(roots, 1, &o, &d);
    bool ok = false;
    const tr_plan *p = tr_checked_count(c) ? tr_checked_plan(c, 0, &ok) : NULL;
    EXPECT(p && ok && tr_diags_count(&d, TR_SEV_ERROR) == 0, "the test plan does not check");
    if (!p || !ok) {
        tr_buf b = {0};
        tr_diags_render(&d, TR_FORMAT_TEXT, &b);
        printf("%s", b.data ? b.data : "");
        tr_buf_free(&b);
    } else {
        baseline_values(p);
        scenario_values(p);
        run_values(p);
    }
    tr_diags_free(&d);
    tr_checked_free(c);
    tr_source_free(src);
    DONE("lower_values");
}
