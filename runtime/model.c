/* model.c — building and checking a tr_model (see model.h). */
#include "model.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PARAM(name, fallback, dur) { #name, offsetof(tr_model_params, name), fallback, dur }
/* MODEL.md section 5, in its order; skill_half_life is ours (docs/model.md). */
static const tr_param_info param_table[] = {
    PARAM(transfer_floor, 0.15, 0),
    PARAM(transfer_span, 0.70, 0),
    PARAM(support_before, 0.40, 0),
    PARAM(support_during, 0.20, 0),
    PARAM(support_after, 0.40, 0),
    PARAM(applied_half_life, 13.3, 1),
    PARAM(after_decay_cut, 0.50, 0),
    PARAM(reinforcement_apply, 0.30, 0),
    PARAM(reinforcement_practice, 0.25, 0),
    PARAM(reinforcement_decay_cut, 0.50, 0),
    PARAM(productivity_per_skill, 2.5, 0),
    PARAM(output_value, 1.00, 0),
    PARAM(attribution, 0.50, 0),
    PARAM(development_retention, 0.50, 0),
    PARAM(misalignment_attrition, 0.50, 0),
    PARAM(turnover_cost, 0.21, 0),
    PARAM(effect_sd, 0.30, 0),
    PARAM(skill_half_life, 12.0, 1),
};

const tr_param_info *tr_model_param_table(size_t *n)
{
    *n = sizeof param_table / sizeof param_table[0];
    return param_table;
}

void tr_model_params_default(tr_model_params *p)
{
    memset(p, 0, sizeof *p);
    for (size_t i = 0; i < sizeof param_table / sizeof param_table[0]; i++)
        *(double *)((char *)p + param_table[i].offset) = param_table[i].fallback;
}

int tr_model_param_set(tr_model_params *p, const char *name, double value)
{
    for (size_t i = 0; i < sizeof param_table / sizeof param_table[0]; i++)
        if (strcmp(param_table[i].name, name) == 0) {
            *(double *)((char *)p + param_table[i].offset) = value;
            return 0;
        }
    return -1;
}

/* ---- growth --------------------------------------------------------------------------- */

/* Grow *arr (of elem bytes) to hold cap elements, zeroing the new tail. */
static int grow(tr_model *m, void *arrp, size_t elem, int oldcap, int cap)
{
    void **arr = (void **)arrp;
    void *p = realloc(*arr, elem * (size_t)cap);
    if (!p) {
        m->oom = 1;
        return -1;
    }
    memset((char *)p + elem * (size_t)oldcap, 0, elem * (size_t)(cap - oldcap));
    *arr = p;
    return 0;
}

static int next_cap(int cap) { return cap ? cap * 2 : 8; }

#define GROW(tab, field) \
    (grow(m, &(tab)->field, sizeof *(tab)->field, (tab)->cap, cap) == 0)

static char *copy_name(tr_model *m, const char *s)
{
    char *c = strdup(s ? s : "");
    if (!c) m->oom = 1;
    return c;
}

static void pairs_add(tr_model *m, tr_model_pairs *p, int idx, double val)
{
    for (int i = 0; i < p->n; i++)
        if (p->idx[i] == idx) {     /* a later value replaces an earlier one */
            p->val[i] = val;
            return;
        }
    if (p->n == p->cap) {
        int cap = next_cap(p->cap);
        if (grow(m, &p->idx, sizeof *p->idx, p->cap, cap) || grow(m, &p->val, sizeof *p->val, p->cap, cap))
            return;
        p->cap = cap;
    }
    p->idx[p->n] = idx;
    p->val[p->n++] = val;
}

static void ints_add(tr_model *m, tr_model_ints *p, int v)
{
    for (int i = 0; i < p->n; i++)
        if (p->v[i] == v) return;
    if (p->n == p->cap) {
        int cap = next_cap(p->cap);
        if (grow(m, &p->v, sizeof *p->v, p->cap, cap)) return;
        p->cap = cap;
    }
    p->v[p->n++] = v;
}

static void pairs_free(tr_model_pairs *p) { free(p->idx); free(p->val); }

/* ---- init / free ---------------------------------------------------------------------- */

void tr_model_init(tr_model *m)
{
    memset(m, 0, sizeof *m);
    tr_model_params_default(&m->params);
    m->horizon = 12;
    m->start_year = 2026;
    m->start_month = 1;
    m->minor_units = 100;
    m->currency = copy_name(m, "USD");
    m->title = copy_name(m, "");
}

void tr_model_set_plan(tr_model *m, const char *title, int start_year, int start_month,
                       int horizon, const char *currency)
{
    free(m->title);
    free(m->currency);
    m->title = copy_name(m, title);
    m->currency = copy_name(m, currency ? currency : "USD");
    m->start_year = start_year;
    m->start_month = start_month;
    m->horizon = horizon;
}

static void free_names(char **names, int n)
{
    for (int i = 0; i < n; i++) free(names[i]);
    free(names);
}

void tr_model_free(tr_model *m)
{
    tr_model_roles *r = &m->roles;
    for (int i = 0; i < r->n; i++) {
        pairs_free(&r->baseline[i]);
        pairs_free(&r->promotion[i]);
    }
    free_names(r->name, r->n);
    free(r->headcount); free(r->salary); free(r->attrition); free(r->turnover_cost);
    free(r->growth); free(r->hiring); free(r->reports_to); free(r->baseline); free(r->promotion);
    free_names(m->skills.name, m->skills.n);
    free(m->skills.half_life);
    tr_model_programs *p = &m->programs;
    for (int i = 0; i < p->n; i++) {
        free(p->roles[i].v);
        free(p->after[i].v);
        pairs_free(&p->gains[i]);
    }
    free_names(p->name, p->n);
    free(p->kind); free(p->roles); free(p->participants); free(p->cost); free(p->cost_mode);
    free(p->hours); free(p->budget); free(p->start); free(p->end); free(p->after);
    free(p->duration); free(p->involvement); free(p->gains); free(p->phase_duration);
    free(p->phase_coaching); free(p->reinforced_by); free(p->enabled);
    tr_model_budgets *b = &m->budgets;
    free_names(b->name, b->n);
    free(b->amount); free(b->per_year); free(b->parent); free(b->start); free(b->end);
    for (int i = 0; i < m->milestones.n; i++) free(m->milestones.after[i].v);
    free_names(m->milestones.name, m->milestones.n);
    free(m->milestones.due); free(m->milestones.after);
    free_names(m->measures.name, m->measures.n);
    free(m->measures.level); free(m->measures.expr);
    free_names(m->goals.name, m->goals.n);
    free(m->goals.expr); free(m->goals.op); free(m->goals.target); free(m->goals.by);
    free(m->exprs);
    free(m->ranges);
    free(m->title);
    free(m->currency);
    free(m->scenario);
    memset(m, 0, sizeof *m);
}

/* ---- builders ------------------------------------------------------------------------- */

int tr_model_add_skill(tr_model *m, const char *name, double half_life)
{
    tr_model_skills *s = &m->skills;
    if (s->n == s->cap) {
        int cap = next_cap(s->cap);
        if (!GROW(s, name) || !GROW(s, half_life)) return -1;
        s->cap = cap;
    }
    s->name[s->n] = copy_name(m, name);
    s->half_life[s->n] = half_life > 0 ? half_life : 0;   /* 0: the model's skill_half_life */
    return s->n++;
}

int tr_model_add_role(tr_model *m, const char *name, double headcount, double salary,
                      double attrition)
{
    tr_model_roles *r = &m->roles;
    if (r->n == r->cap) {
        int cap = next_cap(r->cap);
        if (!GROW(r, name) || !GROW(r, headcount) || !GROW(r, salary) || !GROW(r, attrition) ||
            !GROW(r, turnover_cost) || !GROW(r, growth) || !GROW(r, hiring) ||
            !GROW(r, reports_to) || !GROW(r, baseline) || !GROW(r, promotion))
            return -1;
        r->cap = cap;
    }
    int i = r->n++;
    r->name[i] = copy_name(m, name);
    r->headcount[i] = headcount;
    r->salary[i] = salary;
    r->attrition[i] = attrition;
    r->turnover_cost[i] = -1;        /* the model's default */
    r->growth[i] = 0;
    r->hiring[i] = TR_MODEL_HIRE_REPLACE;
    r->reports_to[i] = -1;
    return i;
}

void tr_model_role_baseline(tr_model *m, int role, int skill, double share)
{
    if (role >= 0 && role < m->roles.n) pairs_add(m, &m->roles.baseline[role], skill, share);
}

void tr_model_role_promotion(tr_model *m, int role, int into, double rate)
{
    if (role >= 0 && role < m->roles.n) pairs_add(m, &m->roles.promotion[role], into, rate);
}

int tr_model_add_program(tr_model *m, const char *name, tr_model_kind kind, double cost,
                         tr_model_cost mode)
{
    tr_model_programs *p = &m->programs;
    if (p->n == p->cap) {
        int cap = next_cap(p->cap);
        if (!GROW(p, name) || !GROW(p, kind) || !GROW(p, roles) || !GROW(p, participants) ||
            !GROW(p, cost) || !GROW(p, cost_mode) || !GROW(p, hours) || !GROW(p, budget) ||
            !GROW(p, start) || !GROW(p, end) || !GROW(p, after) || !GROW(p, duration) ||
            !GROW(p, involvement) || !GROW(p, gains) || !GROW(p, phase_duration) ||
            !GROW(p, phase_coaching) || !GROW(p, reinforced_by) || !GROW(p, enabled))
            return -1;
        p->cap = cap;
    }
    int i = p->n++;
    p->name[i] = copy_name(m, name);
    p->kind[i] = kind;
    p->participants[i] = 1.0;
    p->cost[i] = cost;
    p->cost_mode[i] = mode;
    p->budget[i] = -1;
    p->start[i] = 1;
    p->reinforced_by[i] = -1;
    p->enabled[i] = 1;
    return i;
}

void tr_model_program_role(tr_model *m, int program, int role)
{
    if (program >= 0 && program < m->programs.n) ints_add(m, &m->programs.roles[program], role);
}

void tr_model_program_gain(tr_model *m, int program, int skill, double gain)
{
    if (program >= 0 && program < m->programs.n) pairs_add(m, &m->programs.gains[program], skill, gain);
}

void tr_model_program_after(tr_model *m, int program, int milestone)
{
    if (program >= 0 && program < m->programs.n) ints_add(m, &m->programs.after[program], milestone);
}

void tr_model_program_phase(tr_model *m, int program, int phase, double months, double hours)
{
    if (program < 0 || program >= m->programs.n || phase < 0 || phase >= TR_MPHASE_COUNT) return;
    m->programs.phase_duration[program][phase] = months;
    m->programs.phase_coaching[program][phase] = hours;
}

int tr_model_add_budget(tr_model *m, const char *name, double amount, int per_year, int parent)
{
    tr_model_budgets *b = &m->budgets;
    if (b->n == b->cap) {
        int cap = next_cap(b->cap);
        if (!GROW(b, name) || !GROW(b, amount) || !GROW(b, per_year) || !GROW(b, parent) ||
            !GROW(b, start) || !GROW(b, end))
            return -1;
        b->cap = cap;
    }
    int i = b->n++;
    b->name[i] = copy_name(m, name);
    b->amount[i] = amount;
    b->per_year[i] = per_year != 0;
    b->parent[i] = parent;
    return i;
}

int tr_model_add_milestone(tr_model *m, const char *name, int due)
{
    tr_model_milestones *s = &m->milestones;
    if (s->n == s->cap) {
        int cap = next_cap(s->cap);
        if (!GROW(s, name) || !GROW(s, due) || !GROW(s, after)) return -1;
        s->cap = cap;
    }
    s->name[s->n] = copy_name(m, name);
    s->due[s->n] = due;
    return s->n++;
}

void tr_model_milestone_after(tr_model *m, int milestone, int after)
{
    if (milestone >= 0 && milestone < m->milestones.n)
        ints_add(m, &m->milestones.after[milestone], after);
}

int tr_model_add_measure(tr_model *m, const char *name, tr_model_level level, int expr)
{
    tr_model_measures *s = &m->measures;
    if (s->n == s->cap) {
        int cap = next_cap(s->cap);
        if (!GROW(s, name) || !GROW(s, level) || !GROW(s, expr)) return -1;
        s->cap = cap;
    }
    s->name[s->n] = copy_name(m, name);
    s->level[s->n] = level;
    s->expr[s->n] = expr;
    return s->n++;
}

int tr_model_add_goal(tr_model *m, const char *name, int expr, tr_model_bound op, double target, int by)
{
    tr_model_goals *g = &m->goals;
    if (g->n == g->cap) {
        int cap = next_cap(g->cap);
        if (!GROW(g, name) || !GROW(g, expr) || !GROW(g, op) || !GROW(g, target) || !GROW(g, by))
            return -1;
        g->cap = cap;
    }
    g->name[g->n] = copy_name(m, name);
    g->expr[g->n] = expr;
    g->op[g->n] = op;
    g->target[g->n] = target;
    g->by[g->n] = by;
    return g->n++;
}

/* ---- ranges -------------------------------------------------------------------------- */

void tr_model_add_range(tr_model *m, tr_model_range_field field, int index, int skill,
                        double lo, double hi)
{
    if (m->nranges == m->capranges) {
        int cap = next_cap(m->capranges);
        if (grow(m, &m->ranges, sizeof *m->ranges, m->capranges, cap)) return;
        m->capranges = cap;
    }
    m->ranges[m->nranges++] = (tr_model_range){field, index, skill, lo, hi};
}

/* z of the 95th percentile: a 90% interval spans 2 x 1.6449 standard deviations. */
#define Z90 1.6448536269514722

double tr_model_range_draw(double lo, double hi, double z)
{
    if (lo > 0 && hi > 0) {
        double mu = (log(lo) + log(hi)) / 2, sigma = (log(hi) - log(lo)) / (2 * Z90);
        return exp(mu + sigma * z);
    }
    return (lo + hi) / 2 + (hi - lo) / (2 * Z90) * z;
}

/* ---- expressions ---------------------------------------------------------------------- */

static const struct { const char *name; int arity; } metric_table[TR_METRIC_COUNT_] = {
    [TR_METRIC_HEADCOUNT] = {"headcount", 1},     [TR_METRIC_RETENTION] = {"retention", 1},
    [TR_METRIC_ATTRITION] = {"attrition", 1},     [TR_METRIC_KNOWLEDGE] = {"knowledge", 2},
    [TR_METRIC_BEHAVIOR] = {"behavior", 2},       [TR_METRIC_PRODUCTIVITY] = {"productivity", 1},
    [TR_METRIC_SPEND_BUDGET] = {"spend", 1},      [TR_METRIC_SPEND_PROGRAM] = {"spend", 1},
    [TR_METRIC_COST] = {"cost", 1},               [TR_METRIC_BENEFIT] = {"benefit", 0},
    [TR_METRIC_ROI] = {"roi", 0},                 [TR_METRIC_PARTICIPATION] = {"participation", 1},
    [TR_METRIC_ALIGNMENT] = {"alignment", 0},     [TR_METRIC_MEASURE] = {"measure", 1},
};

static const int op_arity[TR_EXPR_COUNT_] = {
    [TR_EXPR_CONST] = 0, [TR_EXPR_METRIC] = 0, [TR_EXPR_ADD] = 2, [TR_EXPR_SUB] = 2,
    [TR_EXPR_MUL] = 2, [TR_EXPR_DIV] = 2, [TR_EXPR_NEG] = 1, [TR_EXPR_MIN] = 2,
    [TR_EXPR_MAX] = 2, [TR_EXPR_ABS] = 1, [TR_EXPR_ROUND] = 1, [TR_EXPR_FLOOR] = 1,
    [TR_EXPR_CEIL] = 1, [TR_EXPR_CLAMP] = 3, [TR_EXPR_LT] = 2, [TR_EXPR_LE] = 2,
    [TR_EXPR_GT] = 2, [TR_EXPR_GE] = 2, [TR_EXPR_EQ] = 2, [TR_EXPR_NE] = 2, [TR_EXPR_AND] = 2,
    [TR_EXPR_OR] = 2, [TR_EXPR_NOT] = 1, [TR_EXPR_IF] = 3,
};

static const char *const kind_names[TR_MODEL_KIND_COUNT] = {
    "coaching", "training", "mentoring", "workshop", "elearning", "audit",
};

int tr_model_metric_arity(tr_model_metric metric)
{
    return (unsigned)metric < TR_METRIC_COUNT_ ? metric_table[metric].arity : -1;
}

const char *tr_model_metric_name(tr_model_metric metric)
{
    return (unsigned)metric < TR_METRIC_COUNT_ ? metric_table[metric].name : "?";
}

int tr_model_op_arity(tr_model_op op)
{
    return (unsigned)op < TR_EXPR_COUNT_ ? op_arity[op] : -1;
}

const char *tr_model_kind_name(tr_model_kind kind)
{
    return (unsigned)kind < TR_MODEL_KIND_COUNT ? kind_names[kind] : "?";
}

static int expr_new(tr_model *m, tr_model_expr e)
{
    if (m->nexprs == m->capexprs) {
        int cap = next_cap(m->capexprs);
        if (grow(m, &m->exprs, sizeof *m->exprs, m->capexprs, cap)) return -1;
        m->capexprs = cap;
    }
    m->exprs[m->nexprs] = e;
    return m->nexprs++;
}

int tr_model_expr_const(tr_model *m, double value)
{
    return expr_new(m, (tr_model_expr){.op = TR_EXPR_CONST, .value = value, .a = -1, .b = -1});
}

int tr_model_expr_metric(tr_model *m, tr_model_metric metric, int a, int b)
{
    return expr_new(m, (tr_model_expr){.op = TR_EXPR_METRIC, .metric = metric, .a = a, .b = b});
}

int tr_model_expr_op(tr_model *m, tr_model_op op, int nargs, const int *args)
{
    tr_model_expr e = {.op = op, .a = -1, .b = -1, .nargs = nargs};
    if (nargs < 0 || nargs > TR_EXPR_MAX_ARGS) return -1;
    for (int i = 0; i < nargs; i++) e.args[i] = args[i];
    return expr_new(m, e);
}

int tr_model_expr_binary(tr_model *m, tr_model_op op, int l, int r)
{
    int args[2] = {l, r};
    return tr_model_expr_op(m, op, 2, args);
}

/* ---- validation ----------------------------------------------------------------------- */

static int fail(char *err, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (err && len) vsnprintf(err, len, fmt, ap);
    va_end(ap);
    return -1;
}

static int in(int i, int n) { return i >= 0 && i < n; }
static int share_ok(double x) { return isfinite(x) && x >= 0 && x <= 1; }

/* Metric arguments name the kind of thing each metric reads. */
static int metric_args_ok(const tr_model *m, const tr_model_expr *e)
{
    switch (e->metric) {
    case TR_METRIC_HEADCOUNT: case TR_METRIC_RETENTION: case TR_METRIC_ATTRITION:
    case TR_METRIC_PRODUCTIVITY:
        return in(e->a, m->roles.n);
    case TR_METRIC_KNOWLEDGE: case TR_METRIC_BEHAVIOR:
        return in(e->a, m->roles.n) && in(e->b, m->skills.n);
    case TR_METRIC_SPEND_BUDGET: return in(e->a, m->budgets.n);
    case TR_METRIC_SPEND_PROGRAM: case TR_METRIC_COST: case TR_METRIC_PARTICIPATION:
        return in(e->a, m->programs.n);
    case TR_METRIC_MEASURE: return in(e->a, m->measures.n);
    case TR_METRIC_BENEFIT: case TR_METRIC_ROI: case TR_METRIC_ALIGNMENT: return 1;
    default: return 0;
    }
}

/* Children come before parents (builders only create them that way), so no cycles. */
static int validate_exprs(const tr_model *m, char *err, size_t len)
{
    for (int i = 0; i < m->nexprs; i++) {
        const tr_model_expr *e = &m->exprs[i];
        if ((unsigned)e->op >= TR_EXPR_COUNT_ || e->nargs != op_arity[e->op])
            return fail(err, len, "expression %d: bad operator or argument count", i);
        for (int j = 0; j < e->nargs; j++)
            if (!in(e->args[j], i))
                return fail(err, len, "expression %d: argument %d out of range", i, j);
        if (e->op == TR_EXPR_METRIC && !metric_args_ok(m, e))
            return fail(err, len, "expression %d: %s() names no such thing", i,
                        tr_model_metric_name(e->metric));
    }
    /* A measure may be read by a goal, never by another measure (no cycles). */
    for (int i = 0; i < m->measures.n; i++) {
        if (!in(m->measures.expr[i], m->nexprs))
            return fail(err, len, "measure '%s' has no expression", m->measures.name[i]);
        for (int j = 0; j <= m->measures.expr[i]; j++)
            if (m->exprs[j].op == TR_EXPR_METRIC && m->exprs[j].metric == TR_METRIC_MEASURE &&
                m->exprs[j].a >= i)
                return fail(err, len, "measure '%s' reads a later measure", m->measures.name[i]);
    }
    for (int i = 0; i < m->goals.n; i++)
        if (!in(m->goals.expr[i], m->nexprs) || (unsigned)m->goals.op[i] > TR_MODEL_NE ||
            m->goals.by[i] < 0 || m->goals.by[i] > m->horizon)
            return fail(err, len, "goal '%s' is malformed", m->goals.name[i]);
    return 0;
}

static int validate_roles(const tr_model *m, char *err, size_t len)
{
    const tr_model_roles *r = &m->roles;
    for (int i = 0; i < r->n; i++) {
        if (!isfinite(r->headcount[i]) || r->headcount[i] < 0 || !isfinite(r->salary[i]) ||
            r->salary[i] < 0 || !(r->attrition[i] >= 0 && r->attrition[i] <= 1) ||
            !isfinite(r->growth[i]) || r->growth[i] <= -1 ||
            !(r->turnover_cost[i] < 0 || isfinite(r->turnover_cost[i])))
            return fail(err, len, "role '%s': a value is out of range", r->name[i]);
        if (r->reports_to[i] != -1 && (!in(r->reports_to[i], r->n) || r->reports_to[i] == i))
            return fail(err, len, "role '%s': reports_to names no other role", r->name[i]);
        for (int j = 0; j < r->baseline[i].n; j++)
            if (!in(r->baseline[i].idx[j], m->skills.n) || !share_ok(r->baseline[i].val[j]))
                return fail(err, len, "role '%s': bad baseline", r->name[i]);
        for (int j = 0; j < r->promotion[i].n; j++)
            if (!in(r->promotion[i].idx[j], r->n) || r->promotion[i].idx[j] == i ||
                !(r->promotion[i].val[j] >= 0 && r->promotion[i].val[j] < 1))
                return fail(err, len, "role '%s': bad promotion", r->name[i]);
    }
    for (int k = 0; k < m->skills.n; k++)
        if (!(m->skills.half_life[k] >= 0) || !isfinite(m->skills.half_life[k]))
            return fail(err, len, "skill '%s': half_life must be positive", m->skills.name[k]);
    return 0;
}

static int validate_programs(const tr_model *m, char *err, size_t len)
{
    const tr_model_programs *p = &m->programs;
    for (int i = 0; i < p->n; i++) {
        const char *n = p->name[i];
        if ((unsigned)p->kind[i] >= TR_MODEL_KIND_COUNT || (unsigned)p->cost_mode[i] > TR_MODEL_COST_PER_HOUR)
            return fail(err, len, "program '%s': bad kind or cost", n);
        if (!share_ok(p->participants[i]) || !isfinite(p->cost[i]) || p->cost[i] < 0 ||
            !isfinite(p->hours[i]) || p->hours[i] < 0 || !isfinite(p->duration[i]) ||
            p->duration[i] < 0)
            return fail(err, len, "program '%s': a value is out of range", n);
        if (p->budget[i] != -1 && !in(p->budget[i], m->budgets.n))
            return fail(err, len, "program '%s': no such budget", n);
        if (p->reinforced_by[i] != -1 && !in(p->reinforced_by[i], p->n))
            return fail(err, len, "program '%s': reinforced_by names no program", n);
        if (p->start[i] < 1 || p->end[i] < 0 || (p->end[i] && p->end[i] < p->start[i]))
            return fail(err, len, "program '%s': bad start or end", n);
        for (int j = 0; j < p->roles[i].n; j++)
            if (!in(p->roles[i].v[j], m->roles.n))
                return fail(err, len, "program '%s': no such role", n);
        for (int j = 0; j < p->after[i].n; j++)
            if (!in(p->after[i].v[j], m->milestones.n))
                return fail(err, len, "program '%s': no such milestone", n);
        for (int j = 0; j < p->gains[i].n; j++)
            if (!in(p->gains[i].idx[j], m->skills.n) || !share_ok(p->gains[i].val[j]))
                return fail(err, len, "program '%s': bad gain", n);
        for (int ph = 0; ph < TR_MPHASE_COUNT; ph++)
            if (!(p->phase_duration[i][ph] >= 0) || !(p->phase_coaching[i][ph] >= 0) ||
                !isfinite(p->phase_duration[i][ph]) || !isfinite(p->phase_coaching[i][ph]))
                return fail(err, len, "program '%s': bad phase", n);
    }
    return 0;
}

static int validate_budgets(const tr_model *m, char *err, size_t len)
{
    const tr_model_budgets *b = &m->budgets;
    for (int i = 0; i < b->n; i++) {
        if (!isfinite(b->amount[i]) || b->amount[i] < 0 || b->start[i] < 0 || b->end[i] < 0)
            return fail(err, len, "budget '%s': a value is out of range", b->name[i]);
        /* Walk up at most n steps: a longer chain is a cycle. */
        int up = b->parent[i], steps = 0;
        while (up != -1 && steps <= b->n) {
            if (!in(up, b->n)) return fail(err, len, "budget '%s': no such parent", b->name[i]);
            up = b->parent[up];
            steps++;
        }
        if (up != -1) return fail(err, len, "budget '%s': parents form a cycle", b->name[i]);
    }
    for (int i = 0; i < m->milestones.n; i++)
        for (int j = 0; j < m->milestones.after[i].n; j++)
            if (!in(m->milestones.after[i].v[j], m->milestones.n))
                return fail(err, len, "milestone '%s': no such milestone", m->milestones.name[i]);
    return 0;
}

int tr_model_validate(const tr_model *m, char *err, size_t len)
{
    if (m->oom) return fail(err, len, "out of memory while building the model");
    if (m->horizon < 1 || m->horizon > 360) return fail(err, len, "horizon must be 1 to 360 months");
    if (m->minor_units < 1) return fail(err, len, "minor_units must be positive");
    const tr_model_params *q = &m->params;
    if (!(q->applied_half_life > 0) || !(q->skill_half_life > 0))
        return fail(err, len, "half lives must be positive");
    size_t nparams;
    tr_model_param_table(&nparams);
    for (int i = 0; i < m->nranges; i++) {
        const tr_model_range *r = &m->ranges[i];
        int n = r->field <= TR_RANGE_ROLE_TURNOVER_COST ? m->roles.n
              : r->field == TR_RANGE_PARAM ? (int)nparams : m->programs.n;
        if ((unsigned)r->field >= TR_RANGE_FIELD_COUNT || !in(r->index, n) || !isfinite(r->lo) ||
            !isfinite(r->hi) || r->lo > r->hi ||
            (r->field == TR_RANGE_PROGRAM_GAIN && !in(r->skill, m->skills.n)))
            return fail(err, len, "range %d: malformed", i);
    }
    if (validate_roles(m, err, len) || validate_programs(m, err, len) ||
        validate_budgets(m, err, len) || validate_exprs(m, err, len))
        return -1;
    return 0;
}

/* ---- milestones ----------------------------------------------------------------------- */

static int milestone_depth(const tr_model *m, int i, int depth)
{
    if (depth > m->milestones.n) return 0;       /* a cycle: unreachable */
    int when = m->milestones.due[i] < 1 ? 1 : m->milestones.due[i];
    for (int j = 0; j < m->milestones.after[i].n; j++) {
        int a = m->milestones.after[i].v[j];
        if (!in(a, m->milestones.n)) continue;
        int w = milestone_depth(m, a, depth + 1);
        if (w == 0) return 0;
        if (w > when) when = w;
    }
    return when;
}

int tr_model_milestone_month(const tr_model *m, int milestone)
{
    if (!in(milestone, m->milestones.n)) return 0;
    return milestone_depth(m, milestone, 0);
}
