/* model.c — building and checking a tr_model (see model.h). */
#include "model.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NUMBER, DURATION, SHARE };
#define PARAM(name, fallback, kind) { #name, offsetof(tr_model_params, name), fallback, kind == DURATION, kind == SHARE }
/* MODEL.md section 5, in its order; skill_half_life is ours (docs/model.md). */
static const tr_param_info param_table[] = {
    PARAM(transfer_floor, 0.15, SHARE),
    PARAM(transfer_span, 0.70, SHARE),
    PARAM(support_before, 0.40, SHARE),
    PARAM(support_during, 0.20, SHARE),
    PARAM(support_after, 0.40, SHARE),
    PARAM(applied_half_life, 13.3, DURATION),
    PARAM(after_decay_cut, 0.50, SHARE),
    PARAM(reinforcement_apply, 0.30, SHARE),
    PARAM(reinforcement_practice, 0.25, SHARE),
    PARAM(reinforcement_decay_cut, 0.50, SHARE),
    PARAM(productivity_per_skill, 2.5, NUMBER),
    PARAM(output_value, 1.00, NUMBER),
    PARAM(attribution, 0.50, SHARE),
    PARAM(development_retention, 0.50, SHARE),
    PARAM(misalignment_attrition, 0.50, NUMBER),
    PARAM(turnover_cost, 0.21, NUMBER),
    PARAM(effect_sd, 0.30, NUMBER),
    PARAM(skill_half_life, 12.0, DURATION),
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
    for (int i = 0; i < m->milestones.n; i++) free(m->milestones.after[i].v), free(m->milestones.requires[i].v);
    free_names(m->milestones.name, m->milestones.n);
    free(m->milestones.due); free(m->milestones.after); free(m->milestones.requires);
    free_names(m->measures.name, m->measures.n);
    free_names(m->measures.unit, m->measures.n);
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
        if (!GROW(s, name) || !GROW(s, due) || !GROW(s, after) || !GROW(s, requires)) return -1;
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

void tr_model_milestone_requires(tr_model *m, int milestone, int program)
{
    if (milestone >= 0 && milestone < m->milestones.n)
        ints_add(m, &m->milestones.requires[milestone], program);
}

int tr_model_add_measure(tr_model *m, const char *name, tr_model_level level, int expr)
{
    tr_model_measures *s = &m->measures;
    if (s->n == s->cap) {
        int cap = next_cap(s->cap);
        if (!GROW(s, name) || !GROW(s, level) || !GROW(s, expr) || !GROW(s, unit)) return -1;
        s->cap = cap;
    }
    s->name[s->n] = copy_name(m, name);
    s->level[s->n] = level;
    s->expr[s->n] = expr;
    s->unit[s->n] = NULL;
    return s->n++;
}

void tr_model_measure_unit(tr_model *m, int measure, const char *unit, size_t len)
{
    if (measure < 0 || measure >= m->measures.n || !unit) return;
    char *c = strndup(unit, len);
    if (!c) {
        m->oom = 1;
        return;
    }
    free(m->measures.unit[measure]);
    m->measures.unit[measure] = c;
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

/* What each kind of range indexes: the count of its index and of its `skill`. */
enum { OF_NONE, OF_ROLES, OF_SKILLS, OF_PROGRAMS, OF_PARAMS, OF_PHASES, OF_BUDGETS, OF_GOALS, OF_EXPRS };
static const struct { unsigned char index, skill; } range_of[TR_RANGE_FIELD_COUNT] = {
    [TR_RANGE_ROLE_HEADCOUNT] = {OF_ROLES, OF_NONE},     [TR_RANGE_ROLE_SALARY] = {OF_ROLES, OF_NONE},
    [TR_RANGE_ROLE_ATTRITION] = {OF_ROLES, OF_NONE},     [TR_RANGE_ROLE_GROWTH] = {OF_ROLES, OF_NONE},
    [TR_RANGE_ROLE_TURNOVER_COST] = {OF_ROLES, OF_NONE}, [TR_RANGE_PROGRAM_COST] = {OF_PROGRAMS, OF_NONE},
    [TR_RANGE_PROGRAM_PARTICIPANTS] = {OF_PROGRAMS, OF_NONE}, [TR_RANGE_PROGRAM_HOURS] = {OF_PROGRAMS, OF_NONE},
    [TR_RANGE_PROGRAM_GAIN] = {OF_PROGRAMS, OF_SKILLS},  [TR_RANGE_PARAM] = {OF_PARAMS, OF_NONE},
    [TR_RANGE_ROLE_BASELINE] = {OF_ROLES, OF_SKILLS},    [TR_RANGE_ROLE_PROMOTION] = {OF_ROLES, OF_ROLES},
    [TR_RANGE_SKILL_HALF_LIFE] = {OF_SKILLS, OF_NONE},   [TR_RANGE_PROGRAM_DURATION] = {OF_PROGRAMS, OF_NONE},
    [TR_RANGE_PHASE_DURATION] = {OF_PROGRAMS, OF_PHASES}, [TR_RANGE_PHASE_COACHING] = {OF_PROGRAMS, OF_PHASES},
    [TR_RANGE_BUDGET_AMOUNT] = {OF_BUDGETS, OF_NONE},    [TR_RANGE_GOAL_TARGET] = {OF_GOALS, OF_NONE},
    [TR_RANGE_EXPR_CONST] = {OF_EXPRS, OF_NONE},
};

static int count_of(const tr_model *m, int of)
{
    size_t nparams = sizeof param_table / sizeof param_table[0];
    const int n[] = {0, m->roles.n, m->skills.n, m->programs.n, (int)nparams, TR_MPHASE_COUNT,
                     m->budgets.n, m->goals.n, m->nexprs};
    return n[of];
}

int tr_model_range_count(const tr_model *m, tr_model_range_field field, int *skills)
{
    if ((unsigned)field >= TR_RANGE_FIELD_COUNT) { *skills = 0; return 0; }
    *skills = count_of(m, range_of[field].skill);
    return count_of(m, range_of[field].index);
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

/* ---- drawn models (Monte Carlo) ---------------------------------------------------------- */

/* The struct is copied and each array that receives a draw is duplicated the first time
 * (copy on write): the source model, which every run shares, is never written. */
typedef tr_model_drawn drawn;

void tr_model_drawn_free(tr_model_drawn *d)
{
    for (int i = 0; i < d->nowned; i++) free(d->owned[i]);
    free(d->owned);
    d->owned = NULL;
    d->nowned = d->capowned = 0;
}

/* A copy of `bytes` at src, owned by d; NULL when out of memory. */
static void *own(drawn *d, const void *src, size_t bytes)
{
    if (d->nowned == d->capowned) {
        int cap = d->capowned ? d->capowned * 2 : 16;
        void **v = realloc(d->owned, (size_t)cap * sizeof *v);
        if (!v) return NULL;
        d->owned = v;
        d->capowned = cap;
    }
    void *p = malloc(bytes + 1);
    if (!p) return NULL;
    if (bytes) memcpy(p, src, bytes);
    d->owned[d->nowned++] = p;
    return p;
}

/* Copy the array *arrp (of `bytes`) the first time range field `f` writes into it. */
static int cow(drawn *d, int f, void *arrp, size_t bytes)
{
    if (d->copied[f]) return 0;
    void **arr = (void **)arrp, *p = own(d, *arr, bytes);
    if (!p) return -1;
    *arr = p;
    d->copied[f] = 1;
    return 0;
}

/* The same for an array of (index, value) lists: the lists' values are copied too. */
static int cow_pairs(drawn *d, int f, tr_model_pairs **arrp, int n)
{
    if (d->copied[f]) return 0;
    if (cow(d, f, arrp, (size_t)n * sizeof **arrp)) return -1;
    for (int i = 0; i < n; i++) {
        tr_model_pairs *p = &(*arrp)[i];
        if (p->n && !(p->val = own(d, p->val, (size_t)p->n * sizeof *p->val))) return -1;
    }
    return 0;
}

static void pairs_set(tr_model_pairs *p, int key, double v)
{
    for (int j = 0; j < p->n; j++)
        if (p->idx[j] == key) p->val[j] = v;
}

/* A draw of a quantity that cannot fall below 0 unless its range does. */
static double as_signed(double v, const tr_model_range *r) { return r->lo >= 0 && v < 0 ? 0 : v; }

static double clamp01(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }

/* Write the draw v of range r into the run's model. */
static int draw_one(drawn *d, const tr_model_range *r, double v)
{
    tr_model *m = &d->m;
    size_t R = (size_t)m->roles.n, P = (size_t)m->programs.n, D = sizeof(double);
    int x = r->index, f = r->field, k = r->skill;
    switch (r->field) {
    case TR_RANGE_ROLE_HEADCOUNT: m->roles.headcount[x] = fmax(0, v); return 0;   /* copied and rounded by the caller */
    case TR_RANGE_ROLE_SALARY: if (cow(d, f, &m->roles.salary, R * D)) return -1; m->roles.salary[x] = as_signed(v, r); return 0;
    case TR_RANGE_ROLE_ATTRITION: if (cow(d, f, &m->roles.attrition, R * D)) return -1; m->roles.attrition[x] = clamp01(v); return 0;
    case TR_RANGE_ROLE_GROWTH: if (cow(d, f, &m->roles.growth, R * D)) return -1; m->roles.growth[x] = fmax(-1, v); return 0;
    case TR_RANGE_ROLE_TURNOVER_COST:
        if (cow(d, f, &m->roles.turnover_cost, R * D)) return -1;
        m->roles.turnover_cost[x] = fmax(0, v);
        return 0;
    case TR_RANGE_PROGRAM_COST: if (cow(d, f, &m->programs.cost, P * D)) return -1; m->programs.cost[x] = as_signed(v, r); return 0;
    case TR_RANGE_PROGRAM_PARTICIPANTS:
        if (cow(d, f, &m->programs.participants, P * D)) return -1;
        m->programs.participants[x] = clamp01(v);
        return 0;
    case TR_RANGE_PROGRAM_HOURS: if (cow(d, f, &m->programs.hours, P * D)) return -1; m->programs.hours[x] = as_signed(v, r); return 0;
    case TR_RANGE_PROGRAM_GAIN:
        if (cow_pairs(d, f, &m->programs.gains, m->programs.n)) return -1;
        pairs_set(&m->programs.gains[x], k, clamp01(v));
        return 0;
    case TR_RANGE_PARAM: {
        size_t n;
        const tr_param_info *t = tr_model_param_table(&n);
        if ((size_t)x < n)
            *(double *)((char *)&m->params + t[x].offset) = t[x].is_duration ? fmax(1e-9, v) : t[x].is_share ? clamp01(v) : as_signed(v, r);
        return 0;
    }
    case TR_RANGE_ROLE_BASELINE:
        if (cow_pairs(d, f, &m->roles.baseline, m->roles.n)) return -1;
        pairs_set(&m->roles.baseline[x], k, clamp01(v));
        return 0;
    case TR_RANGE_ROLE_PROMOTION:
        if (cow_pairs(d, f, &m->roles.promotion, m->roles.n)) return -1;
        pairs_set(&m->roles.promotion[x], k, clamp01(v));
        return 0;
    case TR_RANGE_SKILL_HALF_LIFE:
        if (cow(d, f, &m->skills.half_life, (size_t)m->skills.n * D)) return -1;
        m->skills.half_life[x] = fmax(1e-9, v);
        return 0;
    case TR_RANGE_PROGRAM_DURATION:
        if (cow(d, f, &m->programs.duration, P * D)) return -1;
        m->programs.duration[x] = fmax(0, v);
        return 0;
    case TR_RANGE_PHASE_DURATION:
        if (cow(d, f, &m->programs.phase_duration, P * sizeof *m->programs.phase_duration)) return -1;
        m->programs.phase_duration[x][k] = fmax(0, v);
        return 0;
    case TR_RANGE_PHASE_COACHING:
        if (cow(d, f, &m->programs.phase_coaching, P * sizeof *m->programs.phase_coaching)) return -1;
        m->programs.phase_coaching[x][k] = fmax(0, v);
        return 0;
    case TR_RANGE_BUDGET_AMOUNT:
        if (cow(d, f, &m->budgets.amount, (size_t)m->budgets.n * D)) return -1;
        m->budgets.amount[x] = as_signed(v, r);
        return 0;
    case TR_RANGE_GOAL_TARGET:
        if (cow(d, f, &m->goals.target, (size_t)m->goals.n * D)) return -1;
        m->goals.target[x] = v;
        return 0;
    case TR_RANGE_EXPR_CONST:
        if (cow(d, f, &m->exprs, (size_t)m->nexprs * sizeof *m->exprs)) return -1;
        m->exprs[x].value = v;
        return 0;
    default: return 0;
    }
}

int tr_model_draw(const tr_model *src, const double *z, tr_model_drawn *d)
{
    memset(d, 0, sizeof *d);
    d->m = *src;
    tr_model *m = &d->m;
    if (cow(d, TR_RANGE_ROLE_HEADCOUNT, &m->roles.headcount, (size_t)m->roles.n * sizeof(double))) return -1;
    for (int i = 0; i < m->nranges; i++)
        if (draw_one(d, &m->ranges[i], tr_model_range_draw(m->ranges[i].lo, m->ranges[i].hi, z[i]))) return -1;
    /* whole people: a drawn (or written) 97.5 is 98, half away from zero */
    for (int r = 0; r < m->roles.n; r++) m->roles.headcount[r] = round(m->roles.headcount[r]);
    return 0;
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

/* The dimension each metric reads in (LANGUAGE.md section 4): money, people, or a share. */
static tr_dim metric_dim(const tr_model *m, tr_model_metric metric, int a)
{
    switch (metric) {
    case TR_METRIC_HEADCOUNT: return TR_DIM_PEOPLE;
    case TR_METRIC_SPEND_BUDGET: case TR_METRIC_SPEND_PROGRAM: case TR_METRIC_COST: case TR_METRIC_BENEFIT:
        return TR_DIM_MONEY;
    case TR_METRIC_MEASURE:
        return a >= 0 && a < m->measures.n && m->measures.expr[a] >= 0 && m->measures.expr[a] < m->nexprs
                   ? m->exprs[m->measures.expr[a]].dim : TR_DIM_NONE;
    default: return TR_DIM_NONE;
    }
}

int tr_model_expr_metric(tr_model *m, tr_model_metric metric, int a, int b)
{
    return expr_new(m, (tr_model_expr){.op = TR_EXPR_METRIC, .metric = metric, .a = a, .b = b,
                                       .dim = metric_dim(m, metric, a)});
}

/* The dimension of an operator's value from its arguments': * and / combine them,
 * comparisons and logic are truth values, `if` has its branches', the rest their first's. */
static tr_dim op_dim(const tr_model *m, tr_model_op op, int nargs, const int *args)
{
    tr_dim d[TR_EXPR_MAX_ARGS] = {TR_DIM_NONE, TR_DIM_NONE, TR_DIM_NONE};
    for (int i = 0; i < nargs && i < TR_EXPR_MAX_ARGS; i++)
        if (args[i] >= 0 && args[i] < m->nexprs) d[i] = m->exprs[args[i]].dim;
    switch (op) {
    case TR_EXPR_MUL: return tr_dim_mul(d[0], d[1]);
    case TR_EXPR_DIV: return tr_dim_div(d[0], d[1]);
    case TR_EXPR_LT: case TR_EXPR_LE: case TR_EXPR_GT: case TR_EXPR_GE: case TR_EXPR_EQ:
    case TR_EXPR_NE: case TR_EXPR_AND: case TR_EXPR_OR: case TR_EXPR_NOT: return TR_DIM_NONE;
    case TR_EXPR_IF: return d[1];
    default: return d[0];
    }
}

int tr_model_expr_op(tr_model *m, tr_model_op op, int nargs, const int *args)
{
    tr_model_expr e = {.op = op, .a = -1, .b = -1, .nargs = nargs};
    if (nargs < 0 || nargs > TR_EXPR_MAX_ARGS) return -1;
    for (int i = 0; i < nargs; i++) e.args[i] = args[i];
    e.dim = op_dim(m, op, nargs, args);
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
            m->goals.by[i] < 0)
            return fail(err, len, "goal '%s' is malformed", m->goals.name[i]);
    return 0;
}

static int validate_roles(const tr_model *m, char *err, size_t len)
{
    const tr_model_roles *r = &m->roles;
    for (int i = 0; i < r->n; i++) {
        /* 100% attrition (everyone leaves in the first month) and -100% growth (the target
         * falls to nobody) are values a plan may write; only what breaks the arithmetic is
         * refused. A salary is any finite amount. */
        if (!isfinite(r->headcount[i]) || r->headcount[i] < 0 || !isfinite(r->salary[i]) ||
            !(r->attrition[i] >= 0 && r->attrition[i] <= 1) ||
            !isfinite(r->growth[i]) || r->growth[i] < -1 ||
            !(r->turnover_cost[i] < 0 || isfinite(r->turnover_cost[i])))
            return fail(err, len, "role '%s': a value is out of range", r->name[i]);
        if (r->reports_to[i] != -1 && (!in(r->reports_to[i], r->n) || r->reports_to[i] == i))
            return fail(err, len, "role '%s': reports_to names no other role", r->name[i]);
        for (int j = 0; j < r->baseline[i].n; j++)
            if (!in(r->baseline[i].idx[j], m->skills.n) || !share_ok(r->baseline[i].val[j]))
                return fail(err, len, "role '%s': bad baseline", r->name[i]);
        for (int j = 0; j < r->promotion[i].n; j++)
            if (!in(r->promotion[i].idx[j], r->n) || r->promotion[i].idx[j] == i ||
                !(r->promotion[i].val[j] >= 0 && r->promotion[i].val[j] <= 1))
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
        if ((unsigned)p->kind[i] >= TR_MODEL_KIND_COUNT || (unsigned)p->cost_mode[i] > TR_MODEL_COST_PER_HOUR_ONCE)
            return fail(err, len, "program '%s': bad kind or cost", n);
        /* a cost or hours below zero (a refund) books as written */
        if (!share_ok(p->participants[i]) || !isfinite(p->cost[i]) || !isfinite(p->hours[i]) ||
            !isfinite(p->duration[i]) || p->duration[i] < 0)
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
        if (!isfinite(b->amount[i]) || b->start[i] < 0 || b->end[i] < -1)
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
    for (int i = 0; i < m->milestones.n; i++)
        for (int j = 0; j < m->milestones.requires[i].n; j++)
            if (!in(m->milestones.requires[i].v[j], m->programs.n))
                return fail(err, len, "milestone '%s': requires no such program", m->milestones.name[i]);
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
    for (int i = 0; i < m->nranges; i++) {
        const tr_model_range *r = &m->ranges[i];
        int skills, n = tr_model_range_count(m, r->field, &skills);
        if ((unsigned)r->field >= TR_RANGE_FIELD_COUNT || !in(r->index, n) || !isfinite(r->lo) ||
            !isfinite(r->hi) || r->lo > r->hi || (skills && !in(r->skill, skills)) ||
            (r->field == TR_RANGE_EXPR_CONST && m->exprs[r->index].op != TR_EXPR_CONST))
            return fail(err, len, "range %d: malformed", i);
    }
    if (validate_roles(m, err, len) || validate_programs(m, err, len) ||
        validate_budgets(m, err, len) || validate_exprs(m, err, len))
        return -1;
    return 0;
}

/* ---- the schedule ---------------------------------------------------------------------- */

int tr_model_cost_recurring(tr_model_cost c)
{
    return c == TR_MODEL_COST_PER_MONTH || c == TR_MODEL_COST_PER_PERSON_MONTH || c == TR_MODEL_COST_PER_HOUR;
}

static int whole_months(double months) { return (int)ceil(months - 1e-9); }

/* Programs and milestones depend on each other (`after`, `requires`): each is worked out
 * once, on demand; one met again while it is being worked out is on a cycle, and a cycle
 * is never reached (state 1 reads as "never"). */
typedef struct sched { const tr_model *m; tr_model_schedule *s; unsigned char *pstate, *mstate; } sched;

static void sched_program(sched *c, int p);

static int sched_milestone(sched *c, int i)
{
    if (c->mstate[i]) return c->s->reached[i];   /* done, or on a cycle (still 0) */
    c->mstate[i] = 1;
    const tr_model_milestones *ms = &c->m->milestones;
    int when = ms->due[i] < 1 ? 1 : ms->due[i];
    for (int j = 0; j < ms->after[i].n && when; j++) {
        int w = sched_milestone(c, ms->after[i].v[j]);
        when = w == 0 ? 0 : w > when ? w : when;
    }
    for (int j = 0; j < ms->requires[i].n && when; j++) {
        int p = ms->requires[i].v[j];
        sched_program(c, p);
        int d = c->s->delivered[p];
        when = d == 0 ? 0 : d > when ? d : when;
    }
    c->s->reached[i] = when > c->m->horizon ? 0 : when;
    return c->s->reached[i];
}

/* The active window of program p: from its start (the month after the last milestone it
 * comes after) to its end, its duration, or — for a one-off program with neither — the end
 * of its phases. It delivers when its first cohort has been through its pre and core
 * phases (its first month when it has none), or in its last month if it stops sooner. */
static void sched_program(sched *c, int p)
{
    if (c->pstate[p]) return;
    c->pstate[p] = 1;
    const tr_model_programs *g = &c->m->programs;
    int H = c->m->horizon, start = g->start[p];
    if (!g->enabled[p]) return;
    for (int j = 0; j < g->after[p].n; j++) {
        int w = sched_milestone(c, g->after[p].v[j]);
        if (w == 0) return;                         /* never reached: never starts */
        if (w + 1 > start) start = w + 1;           /* the month after it is reached */
    }
    if (start > H) return;
    int last = H;
    if (g->duration[p] > 0) {
        last = start + whole_months(g->duration[p]) - 1;
    } else if (!tr_model_cost_recurring(g->cost_mode[p]) && !g->end[p]) {
        double phases = 0;
        for (int ph = 0; ph < TR_MPHASE_COUNT; ph++) phases += g->phase_duration[p][ph];
        int n = whole_months(phases);
        last = start + (n < 1 ? 1 : n) - 1;
    }
    if (g->end[p] && g->end[p] < last) last = g->end[p];
    if (last > H) last = H;
    if (last < start) return;
    int core = whole_months(g->phase_duration[p][TR_MPHASE_PRE] + g->phase_duration[p][TR_MPHASE_CORE]);
    int delivered = start + (core < 1 ? 1 : core) - 1;
    c->s->first[p] = start;
    c->s->last[p] = last;
    c->s->delivered[p] = delivered < last ? delivered : last;
}

int tr_model_schedule_make(const tr_model *m, tr_model_schedule *s)
{
    memset(s, 0, sizeof *s);
    size_t P = (size_t)m->programs.n, M = (size_t)m->milestones.n;
    sched c = {m, s, calloc(P + 1, 1), calloc(M + 1, 1)};
    s->first = calloc(P + 1, sizeof *s->first);
    s->last = calloc(P + 1, sizeof *s->last);
    s->delivered = calloc(P + 1, sizeof *s->delivered);
    s->reached = calloc(M + 1, sizeof *s->reached);
    int ok = c.pstate && c.mstate && s->first && s->last && s->delivered && s->reached;
    for (size_t i = 0; ok && i < M; i++) sched_milestone(&c, (int)i);
    for (size_t p = 0; ok && p < P; p++) sched_program(&c, (int)p);
    free(c.pstate);
    free(c.mstate);
    if (!ok) tr_model_schedule_free(s);
    return ok ? 0 : -1;
}

void tr_model_schedule_free(tr_model_schedule *s)
{
    free(s->first);
    free(s->last);
    free(s->delivered);
    free(s->reached);
    memset(s, 0, sizeof *s);
}
