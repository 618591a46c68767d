/* lower.c — from the checked plan (runtime/plan.h) to the simulation's model (model.h).
 *
 * The plan keeps canonical units (money per MONTH, time in months, rates per month); the
 * model keeps salaries, and attrition, growth and promotion rates PER YEAR (compounded from
 * the period each rate was written per, not multiplied by 12), the hours of a
 * per-hour program per person per YEAR, recurring costs per month, phase coaching in
 * hours. Dates become plan months, 1-based from plan.start. A scenario is applied to a
 * shallow copy of the plan's arrays, so the checked plan is never written. */
#include "lower.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "schema.h"
#include "units.h"

#define HOURS_PER_MONTH (24.0 * TR_DAYS_PER_MONTH)   /* 730.5 */

typedef struct lower {
    const tr_plan *p;
    tr_model *m;
    tr_diags *diags;
    int *measure_at;        /* plan measure -> model measure */
    int failed;
} lower;

/* ---- diagnostics ------------------------------------------------------------------------ */

static void fail_at(lower *L, const tr_entity *e, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail_at(lower *L, const tr_entity *e, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!e || !e->node) e = &L->p->e;
    uint32_t b = e->node ? e->node->begin : 0, n = e->node ? e->node->end : 0;
    tr_diag *d = tr_diag_add_as(L->diags, TR_SEV_ERROR, TR_LOWER_CODE, TR_LOWER_NAME, e->src, b, n, "%s", msg);
    if (d) tr_diag_help(d, "the plan checks, but the simulation cannot take it as written");
    L->failed = 1;
}

/* ---- values ----------------------------------------------------------------------------- */

static int has(const tr_value *v) { return v->kind == TR_V_NUMBER || v->kind == TR_V_BOOL; }
static double mid_or(const tr_value *v, double fallback) { return has(v) ? v->mid : fallback; }

int tr_lower_month(const tr_plan *p, int32_t days)
{
    return tr_date_month_index(days) - tr_date_month_index(p->start_days) + 1;
}

/* A date as a plan month, `none` when not written. Never clamped into the horizon: a date
 * in the month after it is month horizon + 1, which means "not within the plan" wherever
 * it is read (a start that never comes, a milestone never reached, a goal never judged),
 * never "the last month". A date before the start is the start: what began before the
 * plan is under way when it opens (the checker refuses both with E404 in any case). */
static int month_of(const lower *L, const tr_value *v, int none)
{
    if (v->kind != TR_V_DATE) return none;
    int mo = tr_lower_month(L->p, v->date);
    return mo < 1 ? 1 : mo;
}

/* Register value v as a range of `field`, scaled by `scale` into the model's unit. */
static void range(lower *L, const tr_value *v, tr_model_range_field field, int index, int skill, double scale)
{
    if (v->kind == TR_V_NUMBER && v->is_range)
        tr_model_add_range(L->m, field, index, skill, v->lo * scale, v->hi * scale);
}

static double rate_or(const tr_value *v, int grows)
{
    return has(v) ? tr_rate_yearly(v->mid, v->units, grows) : 0;
}

/* Register a rate's range with both ends made yearly the same way. */
static void rate_range(lower *L, const tr_value *v, tr_model_range_field field, int index, int skill, int grows)
{
    if (v->kind == TR_V_NUMBER && v->is_range)
        tr_model_add_range(L->m, field, index, skill, tr_rate_yearly(v->lo, v->units, grows), tr_rate_yearly(v->hi, v->units, grows));
}

/* The items of a LIST (or the one value itself). */
static const tr_value *items(const tr_value *v, uint32_t *n)
{
    if (v->kind == TR_V_LIST) { *n = v->count; return v->items; }
    *n = v->kind == TR_V_NONE ? 0 : 1;
    return v;
}

/* ---- scenarios: applied to a copy of the plan (runtime/scenario.h) -------------------- */

int tr_lower_find_scenario(const tr_plan *p, const char *name)
{
    for (uint32_t i = 0; i < p->nscenarios; i++)
        if (p->scenarios[i].e.name && strcmp(p->scenarios[i].e.name, name) == 0) return (int)i;
    return -1;
}

/* ---- model parameters ---------------------------------------------------------------- */

/* A half-life as written; 0 (which the checker accepts) forgets at once: a moment. */
static double half_life(double months) { return months > 1e-9 ? months : 1e-9; }

static void lower_params(lower *L)
{
    size_t n;
    const tr_param_info *t = tr_model_param_table(&n);
    for (size_t i = 0; i < n; i++) {
        const tr_attr_spec *a = tr_schema_attr("model", t[i].name, strlen(t[i].name));
        if (!a || a->offset == (size_t)-1) continue;   /* ours alone (skill_half_life) */
        const tr_value *v = (const tr_value *)((const char *)&L->p->model + a->offset);
        if (!has(v)) continue;
        *(double *)((char *)&L->m->params + t[i].offset) = t[i].is_duration ? half_life(v->mid) : v->mid;
        range(L, v, TR_RANGE_PARAM, (int)i, 0, 1);
    }
}

/* ---- people ---------------------------------------------------------------------------- */

static void lower_roles(lower *L)
{
    const tr_plan *p = L->p;
    tr_model *m = L->m;
    for (uint32_t k = 0; k < p->nskills; k++) {
        const tr_value *hl = &p->skills[k].half_life;
        int x = tr_model_add_skill(m, p->skills[k].e.name, has(hl) ? half_life(hl->mid) : 0);
        if (x >= 0) range(L, hl, TR_RANGE_SKILL_HALF_LIFE, x, 0, 1);
    }
    for (uint32_t i = 0; i < p->nroles; i++) {
        const tr_role *r = &p->roles[i];
        int x = tr_model_add_role(m, r->e.name, mid_or(&r->headcount, 0), mid_or(&r->salary, 0) * 12,
                                  rate_or(&r->attrition, 0));
        if (x < 0) return;
        range(L, &r->headcount, TR_RANGE_ROLE_HEADCOUNT, x, 0, 1);
        range(L, &r->salary, TR_RANGE_ROLE_SALARY, x, 0, 12);
        rate_range(L, &r->attrition, TR_RANGE_ROLE_ATTRITION, x, 0, 0);
        m->roles.growth[x] = rate_or(&r->growth, 1);
        rate_range(L, &r->growth, TR_RANGE_ROLE_GROWTH, x, 0, 1);
        /* the checker copies the model's default in; a default (no node) stays the model's,
         * so that a scenario's model.turnover_cost reaches it */
        if (has(&r->turnover_cost) && r->turnover_cost.node) {
            m->roles.turnover_cost[x] = r->turnover_cost.mid;
            range(L, &r->turnover_cost, TR_RANGE_ROLE_TURNOVER_COST, x, 0, 1);
        }
        m->roles.hiring[x] = r->hiring.kind == TR_V_WORD && r->hiring.index == 1 ? TR_MODEL_HIRE_NONE : TR_MODEL_HIRE_REPLACE;
        m->roles.reports_to[x] = r->reports_to.kind == TR_V_REF ? (int)r->reports_to.index : -1;
        for (uint32_t j = 0; j < r->nbaseline; j++) {
            tr_model_role_baseline(m, x, (int)r->baseline[j].skill, mid_or(&r->baseline[j].share, 0));
            range(L, &r->baseline[j].share, TR_RANGE_ROLE_BASELINE, x, (int)r->baseline[j].skill, 1);
        }
        /* a promotion into the role itself moves nobody: it is left out */
        for (uint32_t j = 0; j < r->npromotions; j++)
            if (r->promotions[j].into.kind == TR_V_REF && r->promotions[j].into.index != i) {
                int into = (int)r->promotions[j].into.index;
                tr_model_role_promotion(m, x, into, rate_or(&r->promotions[j].rate, 0));
                rate_range(L, &r->promotions[j].rate, TR_RANGE_ROLE_PROMOTION, x, into, 0);
            }
    }
}

/* ---- programs -------------------------------------------------------------------------- */

/* Does `hours` say hours per person in all (`hours 2 hours per person`), not per time? */
static bool hours_in_all(const tr_program *g)
{
    return g->hours.kind == TR_V_NUMBER && tr_dim_eq(g->hours.dim, tr_dim_make(0, 1, -1));
}

/* How the cost is spent (LANGUAGE.md section 5): the checker's one rule, tr_plan_spending,
 * which also set g->spending for the static budget check; applied here to the view rather
 * than read, because a scenario's override of cost or hours comes after the check. Money
 * per hour times hours in all is money per person, spent once per participant as they
 * start (as the static budget check books it); times hours per time, every month. */
static tr_model_cost cost_mode(const tr_program *g)
{
    static const tr_model_cost modes[] = {
        [TR_SPEND_ONCE] = TR_MODEL_COST_ONCE, [TR_SPEND_MONTHLY] = TR_MODEL_COST_PER_MONTH,
        [TR_SPEND_PER_PERSON] = TR_MODEL_COST_PER_PERSON,
        [TR_SPEND_PER_PERSON_MONTHLY] = TR_MODEL_COST_PER_PERSON_MONTH, [TR_SPEND_PER_HOUR] = TR_MODEL_COST_PER_HOUR,
    };
    tr_spending spending;
    if (!tr_plan_spending(&g->cost, &g->hours, &spending, NULL)) return TR_MODEL_COST_NONE;
    if (spending == TR_SPEND_PER_HOUR && hours_in_all(g)) return TR_MODEL_COST_PER_HOUR_ONCE;
    return modes[spending];
}

/* The model's unit of `hours` from the plan's (months per person, or months per person per
 * month): hours per person in all, else hours per person per year. */
static double hours_scale(const tr_program *g)
{
    if (g->hours.kind != TR_V_NUMBER) return 0;
    return hours_in_all(g) ? HOURS_PER_MONTH : HOURS_PER_MONTH * 12;
}

static void lower_program_links(lower *L, const tr_program *g, int x)
{
    tr_model *m = L->m;
    uint32_t n;
    const tr_value *v = items(&g->roles, &n);
    for (uint32_t j = 0; j < n; j++)
        if (v[j].kind == TR_V_REF) tr_model_program_role(m, x, (int)v[j].index);
    v = items(&g->after, &n);
    for (uint32_t j = 0; j < n; j++)
        if (v[j].kind == TR_V_REF) tr_model_program_after(m, x, (int)v[j].index);
    unsigned inv = 0;
    v = items(&g->manager_involvement, &n);
    static const unsigned bits[] = {TR_INVOLVE_BEFORE, TR_INVOLVE_DURING, TR_INVOLVE_AFTER};
    for (uint32_t j = 0; j < n; j++)
        if (v[j].kind == TR_V_WORD && v[j].index < 3) inv |= bits[v[j].index];
    m->programs.involvement[x] = inv;
    m->programs.budget[x] = g->budget.kind == TR_V_REF ? (int)g->budget.index : -1;
    m->programs.reinforced_by[x] = g->reinforced_by.kind == TR_V_REF ? (int)g->reinforced_by.index : -1;
    for (uint32_t j = 0; j < g->ngains; j++) {
        const tr_skill_level *s = &g->gains[j];
        tr_model_program_gain(m, x, (int)s->skill, mid_or(&s->share, 0));
        range(L, &s->share, TR_RANGE_PROGRAM_GAIN, x, (int)s->skill, 1);
    }
    for (uint32_t j = 0; j < g->nphases; j++) {
        const tr_phase *ph = &g->phases[j];
        tr_model_program_phase(m, x, ph->kind, mid_or(&ph->duration, 0), mid_or(&ph->coaching, 0) * HOURS_PER_MONTH);
        range(L, &ph->duration, TR_RANGE_PHASE_DURATION, x, ph->kind, 1);
        range(L, &ph->coaching, TR_RANGE_PHASE_COACHING, x, ph->kind, HOURS_PER_MONTH);
    }
}

/* A program's start and end months. One whose window is empty within the plan (it ended
 * before the plan opened, or ends before it starts, as a scenario may write) never runs:
 * its start is put after the horizon. */
static void lower_window(lower *L, const tr_program *g, int x)
{
    tr_model *m = L->m;
    int start = month_of(L, &g->start, 1), end = month_of(L, &g->end, 0);
    int closed = g->end.kind == TR_V_DATE && tr_lower_month(L->p, g->end.date) < 1;
    if (closed || (end && end < start)) start = L->p->horizon_months + 1, end = 0;
    m->programs.start[x] = start;
    m->programs.end[x] = end;
}

static void lower_programs(lower *L)
{
    const tr_plan *p = L->p;
    tr_model *m = L->m;
    for (uint32_t i = 0; i < p->nprograms; i++) {
        const tr_program *g = &p->programs[i];
        tr_model_cost mode = cost_mode(g);
        /* money per hour is kept per hour; every other cost is already per month or whole */
        double cost_scale = mode == TR_MODEL_COST_PER_HOUR || mode == TR_MODEL_COST_PER_HOUR_ONCE ? 1 / HOURS_PER_MONTH : 1;
        tr_model_kind kind = g->kind.kind == TR_V_WORD && g->kind.index < TR_MODEL_KIND_COUNT ? (tr_model_kind)g->kind.index : TR_MODEL_TRAINING;
        int x = tr_model_add_program(m, g->e.name, kind, mode == TR_MODEL_COST_NONE ? 0 : mid_or(&g->cost, 0) * cost_scale, mode);
        if (x < 0) return;
        range(L, &g->cost, TR_RANGE_PROGRAM_COST, x, 0, cost_scale);
        m->programs.participants[x] = mid_or(&g->participants, 1);
        range(L, &g->participants, TR_RANGE_PROGRAM_PARTICIPANTS, x, 0, 1);
        double hs = hours_scale(g);
        m->programs.hours[x] = mid_or(&g->hours, 0) * hs;
        range(L, &g->hours, TR_RANGE_PROGRAM_HOURS, x, 0, hs);
        lower_window(L, g, x);
        m->programs.duration[x] = mid_or(&g->duration, 0);
        range(L, &g->duration, TR_RANGE_PROGRAM_DURATION, x, 0, 1);
        m->programs.enabled[x] = g->enabled.kind == TR_V_BOOL ? g->enabled.mid != 0 : 1;
        lower_program_links(L, g, x);
    }
}

/* ---- budgets and milestones -------------------------------------------------------------- */

static void lower_budgets(lower *L)
{
    const tr_plan *p = L->p;
    tr_model *m = L->m;
    for (uint32_t i = 0; i < p->nbudgets; i++) {
        const tr_budget *b = &p->budgets[i];
        int per_year = b->amount.kind == TR_V_NUMBER && b->amount.dim.time == -1;
        int parent = b->parent.kind == TR_V_REF ? (int)b->parent.index : -1;
        int x = tr_model_add_budget(m, b->e.name, mid_or(&b->amount, 0) * (per_year ? 12 : 1), per_year, parent);
        if (x < 0) return;
        range(L, &b->amount, TR_RANGE_BUDGET_AMOUNT, x, 0, per_year ? 12 : 1);
        m->budgets.start[x] = month_of(L, &b->start, 0);
        /* a window that closed before the plan opened takes nothing: end -1 */
        m->budgets.end[x] = b->end.kind == TR_V_DATE && tr_lower_month(p, b->end.date) < 1 ? -1 : month_of(L, &b->end, 0);
    }
    for (uint32_t i = 0; i < p->nmilestones; i++) {
        const tr_milestone *s = &p->milestones[i];
        int x = tr_model_add_milestone(m, s->e.name, month_of(L, &s->due, 1));
        uint32_t n;
        const tr_value *v = items(&s->after, &n);
        for (uint32_t j = 0; j < n; j++)
            if (v[j].kind == TR_V_REF) tr_model_milestone_after(m, x, (int)v[j].index);
        v = items(&s->requires, &n);
        for (uint32_t j = 0; j < n; j++)
            if (v[j].kind == TR_V_REF) tr_model_milestone_requires(m, x, (int)v[j].index);
    }
}

/* ---- metric expressions ---------------------------------------------------------------- */

static const tr_model_metric fn_metric[TR_FN_COUNT] = {
    [TR_FN_HEADCOUNT] = TR_METRIC_HEADCOUNT, [TR_FN_RETENTION] = TR_METRIC_RETENTION,
    [TR_FN_ATTRITION] = TR_METRIC_ATTRITION, [TR_FN_KNOWLEDGE] = TR_METRIC_KNOWLEDGE,
    [TR_FN_BEHAVIOR] = TR_METRIC_BEHAVIOR, [TR_FN_PRODUCTIVITY] = TR_METRIC_PRODUCTIVITY,
    [TR_FN_SPEND] = TR_METRIC_SPEND_BUDGET, [TR_FN_COST] = TR_METRIC_COST,
    [TR_FN_BENEFIT] = TR_METRIC_BENEFIT, [TR_FN_ROI] = TR_METRIC_ROI,
    [TR_FN_PARTICIPATION] = TR_METRIC_PARTICIPATION, [TR_FN_ALIGNMENT] = TR_METRIC_ALIGNMENT,
};

static const struct { int op; tr_model_op model; } binary_ops[] = {
    {'+', TR_EXPR_ADD}, {'-', TR_EXPR_SUB}, {'*', TR_EXPR_MUL}, {'/', TR_EXPR_DIV},
    {'<', TR_EXPR_LT}, {TR_OP_LE, TR_EXPR_LE}, {'>', TR_EXPR_GT}, {TR_OP_GE, TR_EXPR_GE},
    {TR_OP_EQ, TR_EXPR_EQ}, {TR_OP_NE, TR_EXPR_NE}, {TR_OP_AND, TR_EXPR_AND}, {TR_OP_OR, TR_EXPR_OR},
};

static const struct { const char *name; tr_model_op op; } builtins[] = {
    {"min", TR_EXPR_MIN}, {"max", TR_EXPR_MAX}, {"abs", TR_EXPR_ABS}, {"round", TR_EXPR_ROUND},
    {"floor", TR_EXPR_FLOOR}, {"ceil", TR_EXPR_CEIL}, {"clamp", TR_EXPR_CLAMP},
};

static int lower_metric(lower *L, const tr_metric *t, const tr_entity *owner);

static int lower_call(lower *L, const tr_metric *t, const tr_entity *owner)
{
    if (t->fn >= TR_FN_COUNT) { fail_at(L, owner, "a metric function the simulation does not know"); return -1; }
    tr_model_metric metric = fn_metric[t->fn];
    if (t->fn == TR_FN_SPEND && t->nargs > 0 && t->arg_kind[0] == TR_E_PROGRAM) metric = TR_METRIC_SPEND_PROGRAM;
    int a = t->nargs > 0 ? (int)t->arg[0] : 0, b = t->nargs > 1 ? (int)t->arg[1] : 0;
    return tr_model_expr_metric(L->m, metric, a, b);
}

static int lower_builtin(lower *L, const tr_metric *t, const tr_entity *owner)
{
    tr_model_op op = TR_EXPR_COUNT_;
    for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
        if (t->builtin && strcmp(t->builtin, builtins[i].name) == 0) op = builtins[i].op;
    if (op == TR_EXPR_COUNT_) { fail_at(L, owner, "'%s' cannot be simulated", t->builtin ? t->builtin : "?"); return -1; }
    int args[TR_EXPR_MAX_ARGS], n = 0, acc = -1;
    for (const tr_metric *a = t->a; a; a = a->next) {
        int x = lower_metric(L, a, owner);
        if (x < 0) return -1;
        if (op == TR_EXPR_MIN || op == TR_EXPR_MAX) {   /* min(a, b, c) = min(min(a, b), c) */
            acc = acc < 0 ? x : tr_model_expr_binary(L->m, op, acc, x);
            continue;
        }
        if (n == TR_EXPR_MAX_ARGS) { fail_at(L, owner, "too many arguments to %s()", t->builtin); return -1; }
        args[n++] = x;
    }
    if (op == TR_EXPR_MIN || op == TR_EXPR_MAX) return acc;
    if (n != tr_model_op_arity(op)) { fail_at(L, owner, "%s() takes %d arguments", t->builtin, tr_model_op_arity(op)); return -1; }
    return tr_model_expr_op(L->m, op, n, args);
}

/* Was the value written as a percentage (`5%`, `45% to 50%`)? Reports show it as one. */
static int written_percent(const tr_value *v)
{
    const tr_node *n = v->node;
    return n && v->src && n->end > n->begin && n->end <= v->src->len && v->src->text[n->end - 1] == '%';
}

static int lower_node(lower *L, const tr_metric *t, const tr_entity *owner);

/* Each node keeps the dimension the checker gave it: the reports read values by it. */
static int lower_metric(lower *L, const tr_metric *t, const tr_entity *owner)
{
    if (!t) { fail_at(L, owner, "a metric that did not check"); return -1; }
    int x = lower_node(L, t, owner);
    if (x >= 0) {
        L->m->exprs[x].dim = t->dim;
        if (t->kind == TR_M_CONST) L->m->exprs[x].percent = (unsigned char)written_percent(&t->value);
    }
    return x;
}

static int lower_node(lower *L, const tr_metric *t, const tr_entity *owner)
{
    switch ((tr_metric_kind)t->kind) {
    case TR_M_CONST: {   /* a constant may be a range too (`* (1 to 2)`); dates never are */
        int x = tr_model_expr_const(L->m, t->value.kind == TR_V_DATE ? t->value.date : t->value.mid);
        if (x >= 0) range(L, &t->value, TR_RANGE_EXPR_CONST, x, 0, 1);
        return x;
    }
    case TR_M_CALL: return lower_call(L, t, owner);
    case TR_M_MEASURE:
        if (t->arg[0] >= L->p->nmeasures || L->measure_at[t->arg[0]] < 0) break;
        return tr_model_expr_metric(L->m, TR_METRIC_MEASURE, L->measure_at[t->arg[0]], 0);
    case TR_M_UNARY: {
        int a = lower_metric(L, t->a, owner);
        if (a < 0) return -1;
        return tr_model_expr_op(L->m, t->op == TR_OP_NOT ? TR_EXPR_NOT : TR_EXPR_NEG, 1, &a);
    }
    case TR_M_BINARY: {
        int a = lower_metric(L, t->a, owner), b = a < 0 ? -1 : lower_metric(L, t->b, owner);
        if (b < 0) return -1;
        for (size_t i = 0; i < sizeof binary_ops / sizeof binary_ops[0]; i++)
            if (binary_ops[i].op == t->op) return tr_model_expr_binary(L->m, binary_ops[i].model, a, b);
        break;
    }
    case TR_M_IF: {
        int args[3] = {lower_metric(L, t->a, owner), -1, -1};
        if (args[0] < 0 || (args[1] = lower_metric(L, t->b, owner)) < 0 || (args[2] = lower_metric(L, t->c, owner)) < 0) return -1;
        return tr_model_expr_op(L->m, TR_EXPR_IF, 3, args);
    }
    case TR_M_BUILTIN: return lower_builtin(L, t, owner);
    }
    fail_at(L, owner, "an expression the simulation cannot evaluate");
    return -1;
}

/* Does the tree read measure `i`? */
static int reads_measure(const tr_metric *t, uint32_t i)
{
    for (; t; t = t->next) {
        if (t->kind == TR_M_MEASURE && t->arg[0] == i) return 1;
        if (reads_measure(t->a, i) || reads_measure(t->b, i) || reads_measure(t->c, i)) return 1;
        if (t->kind != TR_M_BUILTIN) break;   /* only builtin arguments chain through next */
    }
    return 0;
}

/* Measure i after the measures it reads (the model evaluates them in order). */
static void place_measure(lower *L, uint32_t i, unsigned char *state, const tr_metric **deps_of)
{
    if (state[i] == 2) return;
    if (state[i] == 1) {
        fail_at(L, &L->p->measures[i].e, "measure '%s' reads itself through other measures", L->p->measures[i].e.name);
        return;
    }
    state[i] = 1;
    for (uint32_t j = 0; j < L->p->nmeasures && !L->failed; j++)
        if (reads_measure(deps_of[i], j)) place_measure(L, j, state, deps_of);
    if (L->failed) return;
    const tr_measure *s = &L->p->measures[i];
    int e = lower_metric(L, s->value, &s->e);
    if (e < 0) return;
    tr_model_level level = s->level.kind == TR_V_WORD ? (tr_model_level)(s->level.index + 1) : TR_MODEL_LEVEL_NONE;
    L->measure_at[i] = tr_model_add_measure(L->m, s->e.name, level, e);
    if (s->unit.kind == TR_V_STRING && s->unit.len) tr_model_measure_unit(L->m, L->measure_at[i], s->unit.str, s->unit.len);
    state[i] = 2;
}

static const struct { int op; tr_model_bound bound; } bounds[] = {
    {'<', TR_MODEL_LT}, {TR_OP_LE, TR_MODEL_LE}, {'>', TR_MODEL_GT},
    {TR_OP_GE, TR_MODEL_GE}, {TR_OP_EQ, TR_MODEL_EQ}, {TR_OP_NE, TR_MODEL_NE},
};

static void lower_outcomes(lower *L)
{
    const tr_plan *p = L->p;
    unsigned char *state = calloc(p->nmeasures + 1, 1);
    const tr_metric **deps = calloc(p->nmeasures + 1, sizeof *deps);
    if (!state || !deps) { free(state); free(deps); L->m->oom = 1; return; }
    for (uint32_t i = 0; i < p->nmeasures; i++) deps[i] = p->measures[i].value;
    for (uint32_t i = 0; i < p->nmeasures && !L->failed; i++) place_measure(L, i, state, deps);
    free(state);
    free(deps);
    for (uint32_t i = 0; i < p->ngoals && !L->failed; i++) {
        const tr_goal *g = &p->goals[i];
        int e = lower_metric(L, g->metric, &g->e);
        if (e < 0) return;
        const tr_value *t = &g->target;
        int op = -1;
        for (size_t j = 0; j < sizeof bounds / sizeof bounds[0]; j++)
            if (t->kind == TR_V_BOUND && bounds[j].op == t->op) op = (int)bounds[j].bound;
        if (op < 0 || !t->count || !has(&t->items[0])) { fail_at(L, &g->e, "goal '%s' has no target the simulation can judge", g->e.name); return; }
        /* the default `by` (no node) is the horizon's end, which the date start + horizon
         * would put in the month after it */
        int by = g->by.node ? month_of(L, &g->by, 0) : L->p->horizon_months;
        /* a target written as a percentage shows the goal as one (its own root node) */
        if (written_percent(&t->items[0])) L->m->exprs[e].percent = 1;
        int x = tr_model_add_goal(L->m, g->e.name, e, (tr_model_bound)op, t->items[0].mid, by);
        if (x >= 0) range(L, &t->items[0], TR_RANGE_GOAL_TARGET, x, 0, 1);
    }
}

/* ---- the plan -------------------------------------------------------------------------- */

static void lower_plan(lower *L)
{
    const tr_plan *p = L->p;
    int y, mo, d;
    tr_date_civil(p->start_days, &y, &mo, &d);
    tr_model_set_plan(L->m, p->e.title ? p->e.title : "", y, mo, p->horizon_months, p->currency[0] ? p->currency : "USD");
    L->m->minor_units = tr_units_minor(L->m->currency ? L->m->currency : "USD");
    lower_params(L);
    lower_roles(L);
    lower_budgets(L);
    lower_programs(L);
    lower_outcomes(L);
}

int tr_lower(const tr_plan *p, int scenario, tr_model *out, tr_diags *diags)
{
    tr_model_init(out);
    lower L = {0};
    L.m = out;
    L.diags = diags;
    tr_scenario_view v;
    int rc = tr_scenario_view_make(&v, p, scenario < 0 || (uint32_t)scenario >= p->nscenarios ? -1 : scenario);
    L.p = &v.p;
    if (rc == -2) fail_at(&L, &p->scenarios[scenario].e, "scenario '%s' extends itself", p->scenarios[scenario].e.name);
    else if (rc) out->oom = 1;
    L.measure_at = malloc((p->nmeasures + 1) * sizeof *L.measure_at);
    if (!L.measure_at) out->oom = 1;
    else for (uint32_t i = 0; i < p->nmeasures; i++) L.measure_at[i] = -1;
    if (!L.failed && !out->oom) lower_plan(&L);
    if (!L.failed && scenario >= 0 && (uint32_t)scenario < p->nscenarios &&
        !(out->scenario = strdup(p->scenarios[scenario].e.name ? p->scenarios[scenario].e.name : "")))
        out->oom = 1;
    free(L.measure_at);
    char err[256];
    if (!L.failed && tr_model_validate(out, err, sizeof err)) fail_at(&L, NULL, "%s", err);
    tr_scenario_view_free(&v);
    if (L.failed) tr_model_free(out);
    return L.failed ? -1 : 0;
}

int tr_lower_schedule(const tr_plan *p, tr_model_schedule *s)
{
    memset(s, 0, sizeof *s);
    tr_model m;
    tr_diags scratch = {0};
    tr_plan when_only = *p;
    when_only.nmeasures = when_only.ngoals = when_only.nscenarios = 0;
    int rc = tr_lower(&when_only, -1, &m, &scratch);
    tr_diags_free(&scratch);
    if (rc) return -1;
    rc = tr_model_schedule_make(&m, s);
    tr_model_free(&m);
    return rc;
}

int tr_lower_run(const tr_plan *p, int scenario, const tr_sim_options *o, tr_model *model,
                 tr_sim_result *result, tr_diags *diags)
{
    memset(result, 0, sizeof *result);
    if (tr_lower(p, scenario, model, diags)) return -1;
    char err[256];
    if (tr_sim_run(model, o, result, err, sizeof err) == 0) return 0;
    lower L = {.p = p, .m = model, .diags = diags};
    fail_at(&L, NULL, "the simulation stopped: %s", err);
    tr_model_free(model);
    return -1;
}
