/* lint_rules.c — the domain lints (LANGUAGE.md section 7), one function each, reading the
 * checked plan (runtime/plan.h) in one pass or a few; their codes, names and explanations
 * are the table of lint.c, and every finding goes through tr_lint_report. */
#include "lint_rules.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "contact.h"
#include "lower.h"
#include "model.h"
#include "movable.h"
#include "schema.h"
#include "units.h"

/* ---- helpers -------------------------------------------------------------------------------- */

static const tr_node *name_node(const tr_entity *e) {
    const tr_node *n = tr_block_name(e->node);
    return n ? n : e->node->u.block.kind;
}

static tr_lint_site only(const tr_entity *e) { return (tr_lint_site){e, NULL}; }

static bool is_kind(const tr_program *g, tr_program_kind k) {
    return g->kind.kind == TR_V_WORD && g->kind.index == (uint32_t)k;
}

static bool enabled(const tr_program *g) { return !(g->enabled.kind == TR_V_BOOL && g->enabled.mid == 0); }

/* A number with `decimals` digits after the point and thousands grouped: "1,000,000.40". */
static void put_fixed(tr_buf *b, double v, int decimals) {
    char digits[400];
    snprintf(digits, sizeof digits, "%.*f", decimals, fabs(v));
    if (v < 0 && strspn(digits, "0.") != strlen(digits)) tr_buf_putc(b, '-');
    size_t intlen = strcspn(digits, ".");
    for (size_t i = 0; digits[i]; i++) {
        if (i < intlen && i > 0 && (intlen - i) % 3 == 0) tr_buf_putc(b, ',');
        tr_buf_putc(b, digits[i]);
    }
}

/* A string that lives as long as the call. */
typedef struct text64 { char s[64]; } text64;

/* "1,286 USD" with `decimals` digits after the point. */
static text64 money_d(double amount, int decimals, const char *currency) {
    text64 t;
    tr_buf b = {0};
    put_fixed(&b, amount, decimals);
    tr_buf_printf(&b, " %s", currency);
    snprintf(t.s, sizeof t.s, "%s", b.len ? b.data : "0");
    tr_buf_free(&b);
    return t;
}

/* "1,286 USD": whole units, or cents below one. */
static text64 money(double amount, const char *currency) { return money_d(amount, fabs(amount) >= 1 ? 0 : 2, currency); }

static double round_to(double v, int decimals) {
    double scale = pow(10, decimals);
    return round(v * scale) / scale;
}

/* Evidence must not contradict the threshold it is compared with: the fewest digits after
 * the point (none, two for cents, then up to six) with which `shown` still holds of the
 * rounded amounts. */
typedef bool (*shown_fn)(const double *rounded, const void *arg);

static int decimals_for(const double *v, size_t n, shown_fn shown, const void *arg) {
    static const int steps[] = {0, 2, 3, 4, 5, 6};
    double r[4];
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
        for (size_t i = 0; i < n && i < 4; i++) r[i] = round_to(v[i], steps[k]);
        if (shown(r, arg)) return steps[k];
    }
    return 6;
}

/* ---- W101 no-manager-involvement: training without managers is rarely applied -------------- */

void tr_lint_rule_no_manager_involvement(tr_lint_ctx *x) {
    const tr_plan *p = tr_lint_ctx_plan(x);
    const tr_params *q = &p->model;
    for (uint32_t i = 0; i < p->nprograms; i++) {
        const tr_program *g = &p->programs[i];
        if (!(is_kind(g, TR_PK_TRAINING) || is_kind(g, TR_PK_WORKSHOP) || is_kind(g, TR_PK_ELEARNING)) || g->involvement) continue;
        const tr_node *n = name_node(&g->e);
        tr_diag *d = tr_lint_report(x, TR_LINT_NO_MANAGER, only(&g->e), g->e.src, n->begin, n->end, "%s '%s' has no manager_involvement",
                            tr_program_kinds[g->kind.index], g->e.name);
        if (d)
            tr_diag_help(d, "add `manager_involvement before, during, after`: with no manager support the model applies %.0f%% of what is learned, with full support %.0f%%",
                         q->transfer_floor.mid * 100, (q->transfer_floor.mid + q->transfer_span.mid) * 100);
    }
}

/* ---- W102 no-reinforcement: an event, not a journey ----------------------------------------- */

static bool reinforced(const tr_program *g) {
    if (tr_value_present(&g->reinforced_by)) return true;
    for (uint32_t j = 0; j < g->nphases; j++) {
        const tr_phase *ph = &g->phases[j];
        if (ph->kind == TR_PHASE_POST) return true;
        if (ph->coaching.kind == TR_V_NUMBER && ph->coaching.mid > 0) return true;
    }
    return false;
}

void tr_lint_rule_no_reinforcement(tr_lint_ctx *x) {
    const tr_plan *p = tr_lint_ctx_plan(x);
    for (uint32_t i = 0; i < p->nprograms; i++) {
        const tr_program *g = &p->programs[i];
        if (!(is_kind(g, TR_PK_TRAINING) || is_kind(g, TR_PK_WORKSHOP)) || reinforced(g)) continue;
        const tr_node *n = name_node(&g->e);
        tr_diag *d = tr_lint_report(x, TR_LINT_NO_REINFORCEMENT, only(&g->e), g->e.src, n->begin, n->end,
                            "%s '%s' has no post phase, no coaching and no reinforced_by: an event, not a journey",
                            tr_program_kinds[g->kind.index], g->e.name);
        if (d)
            tr_diag_help(d, "add `phase post { duration 12 weeks; coaching 6 hours per person }`, or `reinforced_by` a coaching or mentoring program");
    }
}

/* ---- W103 product-without-guardian: nobody keeps it alive ---------------------------------- */

void tr_lint_rule_product_without_guardian(tr_lint_ctx *x) {
    const tr_plan *p = tr_lint_ctx_plan(x);
    for (uint32_t i = 0; i < p->nprograms; i++) {
        const tr_program *g = &p->programs[i];
        for (uint32_t j = 0; j < g->nproducts; j++) {
            const tr_product *pr = &g->products[j];
            if (tr_value_present(&pr->guardian)) continue;
            const tr_node *n = tr_block_name(pr->node);
            if (!n) n = pr->node->u.block.kind;
            tr_diag *d = tr_lint_report(x, TR_LINT_PRODUCT_GUARDIAN, only(&g->e), g->e.src, n->begin, n->end,
                                "product '%s' of program '%s' has no guardian", pr->name, g->e.name);
            if (d) tr_diag_help(d, "add `guardian ROLE` to the product: the role that keeps it current and in use after the program ends");
        }
    }
}

/* ---- W104 siloed-development: leaders and teams developed apart ---------------------------- */

/* What one enrolled person's development costs per year, at the rate the program runs; a
 * one-off cost is spread over the plan's horizon, a shared cost over the enrolled people. */
static double cost_per_enrolled_year(const tr_plan *p, const tr_program *g, double enrolled) {
    if (g->cost.kind != TR_V_NUMBER) return 0;
    double c = g->cost.mid;
    tr_dim d = g->cost.dim;
    if (g->spending == TR_SPEND_PER_HOUR && g->hours.kind == TR_V_NUMBER) c *= g->hours.mid, d = tr_dim_mul(d, g->hours.dim);
    double years = p->horizon_months > 0 ? p->horizon_months / 12.0 : 1;
    if (tr_dim_eq(d, tr_dim_make(1, 0, -1))) return c / years;
    if (tr_dim_eq(d, tr_dim_make(1, -1, -1))) return c * 12;
    if (enrolled <= 0) return 0;
    if (tr_dim_eq(d, TR_DIM_MONEY)) return c / enrolled / years;
    if (tr_dim_eq(d, tr_dim_make(1, -1, 0))) return c * 12 / enrolled;
    return 0;
}

static double headcount(const tr_plan *p, uint32_t r) {
    const tr_value *h = &p->roles[r].headcount;
    return h->kind == TR_V_NUMBER ? h->mid : 0;
}

/* Development spend per head per year of every role (malloc'd, nroles entries). */
static double *development_per_head(const tr_plan *p) {
    double *spend = calloc(p->nroles ? p->nroles : 1, sizeof *spend);
    if (!spend) abort();
    for (uint32_t i = 0; i < p->nprograms; i++) {
        const tr_program *g = &p->programs[i];
        if (!enabled(g) || is_kind(g, TR_PK_AUDIT) || g->roles.kind != TR_V_LIST) continue;
        double share = g->participants.kind == TR_V_NUMBER ? g->participants.mid : 1, enrolled = 0;
        for (uint32_t j = 0; j < g->roles.count; j++) enrolled += headcount(p, g->roles.items[j].index) * share;
        double each = cost_per_enrolled_year(p, g, enrolled) * share;
        for (uint32_t j = 0; j < g->roles.count; j++) spend[g->roles.items[j].index] += each;
    }
    return spend;
}

static bool more_than_ten_times(const double *r, const void *arg) { (void)arg; return r[0] > 10 * r[1]; }

/* A ratio above 10, never printed as 10: "25", or "10.001" (cut, not rounded up). */
static text64 times_text(double ratio) {
    text64 t;
    int d = 0;
    while (d < 6 && floor(ratio * pow(10, d)) / pow(10, d) <= 10) d++;
    snprintf(t.s, sizeof t.s, "%.*f", d, floor(ratio * pow(10, d)) / pow(10, d));
    return t;
}

void tr_lint_rule_siloed_development(tr_lint_ctx *x) {
    const tr_plan *p = tr_lint_ctx_plan(x);
    double *spend = development_per_head(p);
    for (uint32_t r = 0; r < p->nroles; r++) {
        const tr_role *lo = &p->roles[r];
        if (lo->reports_to.kind != TR_V_REF) continue;
        const tr_role *hi = &p->roles[lo->reports_to.index];
        double a = spend[r], b = spend[lo->reports_to.index];
        if (a <= 0 && b <= 0) continue;
        const tr_role *more = a >= b ? lo : hi, *less = a >= b ? hi : lo;
        double big = a >= b ? a : b, small = a >= b ? b : a;
        if (small > 0 && big <= 10 * small) continue;
        const tr_node *n = lo->reports_to.node ? lo->reports_to.node : name_node(&lo->e);
        const char *cur = p->currency;
        tr_diag *d;
        if (small <= 0) {
            d = tr_lint_report(x, TR_LINT_SILOED, (tr_lint_site){&lo->e, &hi->e}, lo->e.src, n->begin, n->end,
                       "role '%s' gets %s of development per head per year, role '%s' none", more->e.name,
                       money(big, cur).s, less->e.name);
            if (d) tr_diag_help(d, "develop the two levels together: add role '%s' to a program's `for`, or give it a program of its own", less->e.name);
        } else {
            double both[2] = {big, small};
            int dec = decimals_for(both, 2, more_than_ten_times, NULL);
            if (dec < 2 && small < 1) dec = 2;
            d = tr_lint_report(x, TR_LINT_SILOED, (tr_lint_site){&lo->e, &hi->e}, lo->e.src, n->begin, n->end,
                       "role '%s' gets %s of development per head per year, role '%s' %s (%s times less)",
                       more->e.name, money_d(big, dec, cur).s, less->e.name, money_d(small, dec, cur).s,
                       times_text(big / small).s);
            if (d) tr_diag_help(d, "bring their development closer: a level developed far less cannot support what the other learns");
        }
    }
    free(spend);
}

/* ---- metric expressions: their Kirkpatrick level, and whether a program moves them ---------- */

/* Level of one metric function: -1 for inputs (headcount, spend, cost, alignment). */
static int fn_level(unsigned fn) {
    static const signed char levels[TR_FN_COUNT] = {
        [TR_FN_HEADCOUNT] = -1, [TR_FN_RETENTION] = TR_LEVEL_RESULTS, [TR_FN_ATTRITION] = TR_LEVEL_RESULTS,
        [TR_FN_KNOWLEDGE] = TR_LEVEL_LEARNING, [TR_FN_BEHAVIOR] = TR_LEVEL_BEHAVIOR,
        [TR_FN_PRODUCTIVITY] = TR_LEVEL_RESULTS, [TR_FN_SPEND] = -1, [TR_FN_COST] = -1,
        [TR_FN_BENEFIT] = TR_LEVEL_ROI, [TR_FN_ROI] = TR_LEVEL_ROI,
        [TR_FN_PARTICIPATION] = TR_LEVEL_REACTION, [TR_FN_ALIGNMENT] = -1,
    };
    return fn < TR_FN_COUNT ? levels[fn] : -1;
}

static int measure_level(const tr_plan *p, uint32_t i, int depth);

/* The deepest level a metric reads: -1 when it reads no level at all. */
static int metric_level(const tr_plan *p, const tr_metric *m, int depth) {
    if (!m || depth > 64) return -1;
    int best = -1, l;
    if (m->kind == TR_M_CALL) best = fn_level(m->fn);
    if (m->kind == TR_M_MEASURE && m->arg[0] < p->nmeasures) best = measure_level(p, m->arg[0], depth + 1);
    const tr_metric *kids[] = {m->a, m->b, m->c};
    for (size_t k = 0; k < 3; k++)
        for (const tr_metric *s = kids[k]; s; s = m->kind == TR_M_BUILTIN ? s->next : NULL)
            if ((l = metric_level(p, s, depth + 1)) > best) best = l;
    return best;
}

static int measure_level(const tr_plan *p, uint32_t i, int depth) {
    const tr_measure *ms = &p->measures[i];
    if (ms->level.kind == TR_V_WORD) return (int)ms->level.index;
    return metric_level(p, ms->value, depth);
}

static const char *const level_words[] = {"reaction", "learning", "behavior", "results", "roi"};

/* The measures and the goals that read a metric of their own (a goal on a measure is the
 * measure): what the plan measures. It fires when some of it evaluates the programs at
 * reaction or learning level and none at behavior or deeper; a plan that evaluates nothing
 * (no measure or goal, or inputs only: headcount, spend, cost) is not checked. */
void tr_lint_rule_shallow_measures(tr_lint_ctx *x) {
    const tr_plan *p = tr_lint_ctx_plan(x);
    uint32_t own = 0;
    bool shallow = false;
    for (uint32_t i = 0; i < p->ngoals; i++) {
        const tr_metric *m = p->goals[i].metric;
        int l = metric_level(p, m, 0);
        if (l >= TR_LEVEL_BEHAVIOR) return;
        shallow = shallow || l >= 0;
        own += m && m->kind != TR_M_MEASURE;
    }
    for (uint32_t i = 0; i < p->nmeasures; i++) {
        int l = measure_level(p, i, 0);
        if (l >= TR_LEVEL_BEHAVIOR) return;
        shallow = shallow || l >= 0;
    }
    if (!shallow) return;
    /* evidence: the first few measures, then goals, and their levels */
    tr_buf ev = {0};
    uint32_t shown = 0, total = p->nmeasures + own;
    for (uint32_t i = 0; i < p->nmeasures && shown < 3; i++, shown++) {
        int l = measure_level(p, i, 0);
        tr_buf_printf(&ev, "%s'%s' (%s)", shown ? ", " : "", p->measures[i].e.name, l >= 0 ? level_words[l] : "no level");
    }
    const tr_entity *first = p->nmeasures ? &p->measures[0].e : NULL;
    for (uint32_t i = 0; i < p->ngoals && shown < 3; i++) {
        const tr_metric *m = p->goals[i].metric;
        if (!m || m->kind == TR_M_MEASURE) continue;
        int l = metric_level(p, m, 0);
        tr_buf_printf(&ev, "%sgoal '%s' (%s)", shown ? ", " : "", p->goals[i].e.name, l >= 0 ? level_words[l] : "no level");
        if (!first) first = &p->goals[i].e;
        shown++;
    }
    if (total > shown) tr_buf_printf(&ev, " and %u more", total - shown);
    const tr_node *n = name_node(first);
    tr_diag *d = tr_lint_report(x, TR_LINT_SHALLOW, only(first), first->src, n->begin, n->end,
                        "the plan measures only reaction or learning, nothing at behavior or results level: %s", ev.data);
    if (d) tr_diag_help(d, "add a measure at behavior level (behavior(ROLE, SKILL)) or results level (productivity, retention, roi)");
    tr_buf_free(&ev);
}

/* ---- W106 goal-without-measure: a goal no program can move ---------------------------------- */

void tr_lint_rule_goal_without_measure(tr_lint_ctx *x) {
    const tr_plan *p = tr_lint_ctx_plan(x);
    if (p->ngoals == 0) return;
    tr_movable *mv = tr_movable_new(p);
    for (uint32_t i = 0; i < p->ngoals; i++) {
        const tr_goal *g = &p->goals[i];
        if (!g->metric) continue;
        tr_buf why = {0};
        if (!tr_movable_metric(mv, g->metric, &why)) {
            const tr_node *n = g->metric->node ? g->metric->node : name_node(&g->e);
            tr_diag *d = tr_lint_report(x, TR_LINT_GOAL_MEASURE, only(&g->e), g->e.src, n->begin, n->end,
                                "goal '%s' reads nothing that a program can move: %s", g->e.name,
                                why.len ? why.data : "its metric is a constant");
            if (d) tr_diag_help(d, "add a program that acts on what the goal reads, or point the goal at a measure the programs move");
        }
        tr_buf_free(&why);
    }
    tr_movable_free(mv);
}

/* ---- W107 coaching-rate-outside-range: usually a unit mistake ------------------------------ */

enum { RATE_LOW = 200, RATE_HIGH = 3000 };

/* Cost per hour of a coaching program, or a negative number when its cost is not one. */
static double hourly_rate(const tr_program *g) {
    if (g->cost.kind != TR_V_NUMBER) return -1;
    const double hours_per_month = 24 * TR_DAYS_PER_MONTH;
    if (g->spending == TR_SPEND_PER_HOUR) return g->cost.mid / hours_per_month;
    if (g->hours.kind != TR_V_NUMBER || g->hours.mid <= 0) return -1;
    tr_dim d = tr_dim_div(g->cost.dim, g->hours.dim);
    if (!tr_dim_eq(d, tr_dim_make(1, -1, 0))) return -1;
    return g->cost.mid / g->hours.mid / hours_per_month;
}

static bool outside_rates(const double *r, const void *arg) { (void)arg; return r[0] < RATE_LOW || r[0] > RATE_HIGH; }

void tr_lint_rule_coaching_rate(tr_lint_ctx *x) {
    const tr_plan *p = tr_lint_ctx_plan(x);
    const char *cur = p->currency;
    for (uint32_t i = 0; i < p->nprograms; i++) {
        const tr_program *g = &p->programs[i];
        if (!is_kind(g, TR_PK_COACHING)) continue;
        double rate = hourly_rate(g);
        if (rate < 0 || (rate >= RATE_LOW - 1e-9 && rate <= RATE_HIGH + 1e-9)) continue;
        const tr_node *n = g->cost.node ? g->cost.node : name_node(&g->e);
        int dec = decimals_for(&rate, 1, outside_rates, NULL);
        if (dec < 2 && rate < 1) dec = 2;
        tr_diag *d = tr_lint_report(x, TR_LINT_COACHING_RATE, only(&g->e), g->cost.src ? g->cost.src : g->e.src, n->begin, n->end,
                            "coaching '%s' costs %s per hour, outside the 2025 market range of %d to %s per hour",
                            g->e.name, money_d(rate, dec, cur).s, RATE_LOW, money(RATE_HIGH, cur).s);
        if (d) tr_diag_help(d, "check the amount and its unit (per hour, not per session, day or year); if the rate is right, `allow coaching-rate-outside-range` in the program");
    }
}

/* ---- W108 no-gap-analysis: training before anyone looked at the gaps ------------------------ */

/* Does a name or title say it is a gap analysis? Whole words only, split at what is not a
 * letter and where a lower-case letter meets an upper-case one (skills_audit, gapAnalysis,
 * "Skills gap analysis", "Needs assessment"): not singapore_launch, not "auditorium". */
static bool says_audit(const char *s) {
    static const char *const words[] = {"audit", "audits", "gap", "gaps", "assessment", "assessments"};
    if (!s) return false;
    for (size_t i = 0; s[i];) {
        if (!((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')) { i++; continue; }
        size_t j = i + 1;
        while (((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z') && !(s[j] >= 'A' && s[j] <= 'Z' && s[j - 1] >= 'a' && s[j - 1] <= 'z')) j++;
        for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
            size_t k = 0;
            while (k < j - i && words[w][k] && (s[i + k] | 0x20) == words[w][k]) k++;
            if (k == j - i && !words[w][k]) return true;
        }
        i = j;
    }
    return false;
}

#define NEVER INT32_MAX   /* a milestone not reached, a program not started, within the horizon */

/* When the simulation reaches each milestone and starts each program, as month indexes
 * (NEVER: not within the horizon), from the plan lowered as `run` lowers it: the one
 * schedule of model.c, which follows `after` and `requires` (a milestone waits for the
 * programs it requires to deliver). False when the plan cannot be lowered (a clean plan
 * always can; the lint then stays silent). */
static bool simulated_months(const tr_plan *p, int32_t start, int32_t *reached, int32_t *starts) {
    tr_model_schedule s;
    if (tr_lower_schedule(p, &s)) return false;
    for (uint32_t i = 0; i < p->nmilestones; i++) reached[i] = s.reached[i] ? start + s.reached[i] - 1 : NEVER;
    for (uint32_t i = 0; i < p->nprograms; i++) starts[i] = s.first[i] ? start + s.first[i] - 1 : NEVER;
    tr_model_schedule_free(&s);
    return true;
}

static void put_month(tr_buf *b, int32_t month_index) {
    if (month_index == NEVER) tr_buf_puts(b, "not reached within the horizon");
    else tr_buf_printf(b, "%04d-%02d", (int)(month_index / 12), (int)(month_index % 12) + 1);
}

/* Does milestone m require program g? Then g is part of that gap analysis, not before it
 * (and `after m` would make it wait for itself). */
static bool required_by(const tr_plan *p, uint32_t m, uint32_t g) {
    const tr_value *req = &p->milestones[m].requires;
    for (uint32_t j = 0; req->kind == TR_V_LIST && j < req->count; j++)
        if (req->items[j].kind == TR_V_REF && req->items[j].index == g) return true;
    return false;
}

/* The month after an audit program's last one, when it ends within the horizon; else -1. */
static int32_t month_after_end(const tr_plan *p, const tr_program *g, int32_t first, int32_t start) {
    int32_t last = INT32_MAX;
    if (g->end.kind == TR_V_DATE) last = tr_date_month_index(g->end.date);
    if (g->duration.kind == TR_V_NUMBER) {
        int32_t d = first + (int32_t)ceil(g->duration.mid - 1e-9) - 1;
        if (d < last) last = d;
    }
    return last != INT32_MAX && last + 1 < start + p->horizon_months ? last + 1 : -1;
}

/* `after` takes milestones only: for an audit program, a milestone that requires it and is
 * reached by then, or a `start` once the audit is done (or when it starts). */
static void audit_program_help(const tr_plan *p, tr_diag *d, uint32_t ai, int32_t audit, const int32_t *when, int32_t start) {
    const tr_program *a = &p->programs[ai];
    for (uint32_t m = 0; m < p->nmilestones; m++) {
        const tr_value *req = &p->milestones[m].requires;
        for (uint32_t j = 0; req->kind == TR_V_LIST && j < req->count; j++)
            if (req->items[j].index == ai && when[m] != NEVER && when[m] + 1 >= audit) {
                tr_diag_help(d, "start it after the gap analysis: `after %s` (the milestone that requires '%s'), or a later `start`",
                             p->milestones[m].e.name, a->e.name);
                return;
            }
    }
    int32_t done = month_after_end(p, a, audit, start);
    tr_buf m = {0};
    put_month(&m, done >= 0 ? done : audit);
    if (done >= 0)
        tr_diag_help(d, "start it after the gap analysis: `start %s`, once audit program '%s' has ended, or `after` a milestone that `requires %s`",
                     m.data, a->e.name, a->e.name);
    else
        tr_diag_help(d, "start it after the gap analysis: `start %s` or later, when audit program '%s' starts, or `after` a milestone that `requires %s`",
                     m.data, a->e.name, a->e.name);
    tr_buf_free(&m);
}

void tr_lint_rule_no_gap_analysis(tr_lint_ctx *x) {
    const tr_plan *p = tr_lint_ctx_plan(x);
    int32_t start = tr_date_month_index(p->start_days);
    int32_t *when = malloc((p->nmilestones + 1) * sizeof *when), *starts = malloc((p->nprograms + 1) * sizeof *starts);
    if (!when || !starts) abort();
    if (!simulated_months(p, start, when, starts)) { free(when), free(starts); return; }
    /* the first gap analysis; a milestone never reached still is one (and every program
     * that starts comes before it) */
    int32_t audit = NEVER;
    const char *audit_name = NULL, *audit_kind = NULL;
    uint32_t audit_program = UINT32_MAX, audit_milestone = UINT32_MAX;
    for (uint32_t i = 0; i < p->nmilestones; i++)
        if ((says_audit(p->milestones[i].e.name) || says_audit(p->milestones[i].e.title)) && (when[i] < audit || !audit_name))
            audit = when[i], audit_name = p->milestones[i].e.name, audit_kind = "milestone", audit_milestone = i;
    for (uint32_t i = 0; i < p->nprograms; i++)
        if (is_kind(&p->programs[i], TR_PK_AUDIT) && enabled(&p->programs[i]) && starts[i] < audit)
            audit = starts[i], audit_name = p->programs[i].e.name, audit_kind = "audit program", audit_program = i, audit_milestone = UINT32_MAX;
    uint32_t first = UINT32_MAX;
    for (uint32_t i = 0; i < p->nprograms; i++) {
        const tr_program *g = &p->programs[i];
        if (is_kind(g, TR_PK_AUDIT) || !enabled(g) || starts[i] == NEVER || (audit_name && starts[i] >= audit)) continue;
        if (audit_milestone != UINT32_MAX && required_by(p, audit_milestone, i)) continue;
        if (!audit_name) {   /* none at all: once, at the program that starts first */
            if (first == UINT32_MAX || starts[i] < starts[first]) first = i;
            continue;
        }
        tr_buf s = {0}, a = {0};
        put_month(&s, starts[i]), put_month(&a, audit);
        const tr_node *n = name_node(&g->e);
        tr_diag *d = tr_lint_report(x, TR_LINT_NO_GAP, only(&g->e), g->e.src, n->begin, n->end,
                            "program '%s' starts %s, before the gap analysis: %s '%s' (%s)", g->e.name, s.data,
                            audit_kind, audit_name, a.data);
        if (d && audit_program == UINT32_MAX && audit == NEVER)
            tr_diag_help(d, "make '%s' reachable within the horizon (the programs it requires must deliver, the milestones it comes after be reached), then start the program `after %s`",
                         audit_name, audit_name);
        else if (d && audit_program == UINT32_MAX)
            tr_diag_help(d, "start it after the gap analysis: `after %s`, or a later `start`", audit_name);
        else if (d)
            audit_program_help(p, d, audit_program, audit, when, start);
        tr_buf_free(&s), tr_buf_free(&a);
    }
    if (first != UINT32_MAX) {
        const tr_program *g = &p->programs[first];
        tr_buf s = {0};
        put_month(&s, starts[first]);
        const tr_node *n = name_node(&g->e);
        tr_diag *d = tr_lint_report(x, TR_LINT_NO_GAP, only(&g->e), g->e.src, n->begin, n->end,
                            "program '%s' starts %s, and the plan has no gap analysis: no audit program or milestone",
                            g->e.name, s.data);
        if (d) tr_diag_help(d, "add `milestone audit \"Skills gap analysis\" { due ... }` (or a program of kind audit) and start programs `after` it");
        tr_buf_free(&s);
    }
    free(starts);
    free(when);
}

/* ---- W109 over-allocated-budget: children promised more than the parent holds --------------- */

static bool per_time(const tr_budget *b) { return b->amount.kind == TR_V_NUMBER && b->amount.dim.time == -1; }

/* A budget's months from the plan's start: its start month to its end month, both included
 * (as a program's), within the horizon; the whole horizon without dates. */
typedef struct window { int32_t first, last; } window;

static window budget_window(const tr_plan *p, const tr_budget *b) {
    int32_t start = tr_date_month_index(p->start_days);
    window w = {0, p->horizon_months - 1};
    if (b->start.kind == TR_V_DATE) w.first = tr_date_month_index(b->start.date) - start;
    if (b->end.kind == TR_V_DATE) w.last = tr_date_month_index(b->end.date) - start;
    if (w.first < 0) w.first = 0;
    if (w.last > p->horizon_months - 1) w.last = p->horizon_months - 1;
    return w;
}

/* The amount in cents: per year for an amount per time, else a total over the budget's
 * months (a yearly amount times its months), or the total it is. */
static int64_t budget_cents(const tr_plan *p, const tr_budget *b, bool yearly) {
    if (b->amount.kind != TR_V_NUMBER) return 0;
    double a = b->amount.mid;
    if (!per_time(b)) return llround(a * 100);
    if (yearly) return llround(a * 12 * 100);
    window w = budget_window(p, b);
    return llround(a * (w.last >= w.first ? w.last - w.first + 1 : 0) * 100);
}

/* One over-allocation: the children that hold `sum` (cents) against the parent's `own`,
 * over months [first, last] when yearly amounts are compared month by month. */
typedef struct overrun {
    int64_t own, sum;
    bool yearly, dated;      /* dated: it holds in part of the parent's months only */
    int32_t first, last;
} overrun;

/* Yearly amounts: month by month, the yearly amounts of the children that hold money that
 * month against the parent's, in the parent's months. The first stretch over it, or false. */
static bool yearly_overrun(const tr_plan *p, uint32_t parent, const uint32_t *first_child, const uint32_t *next,
                           int64_t *delta, overrun *o) {
    int32_t h = p->horizon_months;
    memset(delta, 0, (size_t)(h + 1) * sizeof *delta);
    for (uint32_t c = first_child[parent]; c != UINT32_MAX; c = next[c]) {
        window w = budget_window(p, &p->budgets[c]);
        if (w.last < w.first) continue;
        int64_t cents = budget_cents(p, &p->budgets[c], true);
        delta[w.first] += cents, delta[w.last + 1] -= cents;
    }
    window pw = budget_window(p, &p->budgets[parent]);
    int64_t own = budget_cents(p, &p->budgets[parent], true), cur = 0;
    bool found = false;
    for (int32_t m = 0; m < h; m++) {
        cur += delta[m];
        bool over = m >= pw.first && m <= pw.last && cur > own;
        if (over && !found) *o = (overrun){own, cur, true, false, m, m}, found = true;
        else if (over && cur == o->sum && m == o->last + 1) o->last = m;
        else if (found) break;
    }
    if (found) o->dated = o->first != pw.first || o->last != pw.last;
    return found;
}

static bool holds_in(const tr_plan *p, uint32_t c, const overrun *o) {
    if (!o->yearly) return true;
    window w = budget_window(p, &p->budgets[c]);
    return w.first <= o->first && o->first <= w.last;
}

static bool differ_shown(const double *r, const void *arg) { (void)arg; return r[1] > r[0]; }

static void over_allocated(tr_lint_ctx *x, const tr_budget *b, const uint32_t *first_child, const uint32_t *next,
                           uint32_t parent, const overrun *o) {
    const tr_plan *p = tr_lint_ctx_plan(x);
    tr_buf names = {0}, when = {0};
    uint32_t count = 0, k = 0;
    for (uint32_t c = first_child[parent]; c != UINT32_MAX; c = next[c]) count += holds_in(p, c, o);
    for (uint32_t c = first_child[parent]; c != UINT32_MAX && k < 4; c = next[c])
        if (holds_in(p, c, o))
            tr_buf_printf(&names, "%s'%s'", k ? (k + 1 == count ? " and " : ", ") : "", p->budgets[c].e.name), k++;
    if (count > k) tr_buf_printf(&names, " and %u more", count - k);
    if (o->dated) {
        int32_t start = tr_date_month_index(p->start_days);
        tr_buf_puts(&when, " from ");
        put_month(&when, start + o->first);
        tr_buf_puts(&when, " to ");
        put_month(&when, start + o->last);
    }
    double amounts[2] = {(double)o->own / 100, (double)o->sum / 100};
    int dec = decimals_for(amounts, 2, differ_shown, NULL);
    const char *per = o->yearly ? " per year" : "", *cur = p->currency;
    const tr_node *nd = b->amount.node ? b->amount.node : name_node(&b->e);
    tr_diag *d = tr_lint_report(x, TR_LINT_OVER_ALLOCATED, only(&b->e), b->amount.src ? b->amount.src : b->e.src, nd->begin, nd->end,
                        "budget '%s' holds %s%s, but %s %s %s %s%s%s", b->e.name, money_d(amounts[0], dec, cur).s, per,
                        count > 1 ? "its children" : "its child", names.data, count > 1 ? "add up to" : "holds",
                        money_d(amounts[1], dec, cur).s, per, when.len ? when.data : "");
    if (d) tr_diag_help(d, "raise '%s' or lower its children: together they may spend %s%s more than it holds%s", b->e.name,
                        money_d(amounts[1] - amounts[0], dec, cur).s, per, o->dated ? " then" : "");
    tr_buf_free(&names), tr_buf_free(&when);
}

void tr_lint_rule_over_allocated_budget(tr_lint_ctx *x) {
    const tr_plan *p = tr_lint_ctx_plan(x);
    uint32_t n = p->nbudgets;
    uint32_t *first_child = malloc((n + 1) * sizeof *first_child), *next = malloc((n + 1) * sizeof *next);
    int64_t *delta = malloc(((size_t)(p->horizon_months > 0 ? p->horizon_months : 0) + 1) * sizeof *delta);
    if (!first_child || !next || !delta) abort();
    for (uint32_t i = 0; i < n; i++) first_child[i] = next[i] = UINT32_MAX;
    for (uint32_t i = n; i-- > 0;)   /* backwards, so that children list in declaration order */
        if (p->budgets[i].parent.kind == TR_V_REF) {
            uint32_t par = p->budgets[i].parent.index;
            next[i] = first_child[par], first_child[par] = i;
        }
    for (uint32_t i = 0; i < n; i++) {
        const tr_budget *b = &p->budgets[i];
        if (first_child[i] == UINT32_MAX || b->amount.kind != TR_V_NUMBER) continue;
        bool yearly = per_time(b);
        for (uint32_t c = first_child[i]; c != UINT32_MAX; c = next[c]) yearly = yearly && per_time(&p->budgets[c]);
        overrun o;
        if (yearly) {
            if (!yearly_overrun(p, i, first_child, next, delta, &o)) continue;
        } else {
            o = (overrun){budget_cents(p, b, false), 0, false, false, 0, 0};
            for (uint32_t c = first_child[i]; c != UINT32_MAX; c = next[c]) o.sum += budget_cents(p, &p->budgets[c], false);
            if (o.sum <= o.own) continue;
        }
        over_allocated(x, b, first_child, next, i, &o);
    }
    free(first_child);
    free(next);
    free(delta);
}

/* ---- W110 unused: leftovers and misspelt references --------------------------------------- */

typedef struct used_marks { bool *skill, *budget, *measure, *milestone; } used_marks;

/* Entity `index` of `kind` is used (kinds the lint does not judge are passed over). */
static void mark(used_marks *u, const tr_plan *p, unsigned kind, uint32_t index) {
    bool *marks[TR_E_COUNT] = {[TR_E_SKILL] = u->skill, [TR_E_BUDGET] = u->budget, [TR_E_MEASURE] = u->measure,
                               [TR_E_MILESTONE] = u->milestone};
    if (kind < TR_E_COUNT && marks[kind] && index < tr_plan_count(p, (tr_entity_kind)kind)) marks[kind][index] = true;
}

static void mark_ref(used_marks *u, const tr_plan *p, const tr_value *v) {
    if (v->kind == TR_V_LIST || v->kind == TR_V_BOUND) {
        for (uint32_t i = 0; i < v->count; i++) mark_ref(u, p, &v->items[i]);
        return;
    }
    if (v->kind == TR_V_REF) mark(u, p, v->ref_kind, v->index);
}

/* An override uses what its path names (`coaching.amount`, `p.gains.extra`) and its value. */
static void mark_override(used_marks *u, const tr_plan *p, const tr_override *o) {
    mark(u, p, o->kind, o->index);
    if (o->part == TR_PART_BASELINE || o->part == TR_PART_GAINS) mark(u, p, TR_E_SKILL, o->key);
    mark_ref(u, p, &o->value);
}

static void mark_metric(used_marks *u, const tr_plan *p, const tr_metric *m, int depth) {
    if (!m || depth > 1000) return;
    if (m->kind == TR_M_MEASURE && m->arg[0] < p->nmeasures) u->measure[m->arg[0]] = true;
    if (m->kind == TR_M_CALL)
        for (uint32_t i = 0; i < m->nargs && i < 2; i++) {
            if (m->arg_kind[i] == TR_E_SKILL && m->arg[i] < p->nskills) u->skill[m->arg[i]] = true;
            if (m->arg_kind[i] == TR_E_BUDGET && m->arg[i] < p->nbudgets) u->budget[m->arg[i]] = true;
        }
    const tr_metric *kids[] = {m->a, m->b, m->c};
    for (size_t k = 0; k < 3; k++)
        for (const tr_metric *s = kids[k]; s; s = m->kind == TR_M_BUILTIN ? s->next : NULL) mark_metric(u, p, s, depth + 1);
}

static void mark_uses(used_marks *u, const tr_plan *p) {
    for (uint32_t i = 0; i < p->nroles; i++)
        for (uint32_t j = 0; j < p->roles[i].nbaseline; j++) u->skill[p->roles[i].baseline[j].skill] = true;
    for (uint32_t i = 0; i < p->nprograms; i++) {
        const tr_program *g = &p->programs[i];
        for (uint32_t j = 0; j < g->ngains; j++) u->skill[g->gains[j].skill] = true;
        mark_ref(u, p, &g->budget), mark_ref(u, p, &g->after);
    }
    for (uint32_t i = 0; i < p->nbudgets; i++) mark_ref(u, p, &p->budgets[i].parent);
    for (uint32_t i = 0; i < p->nmilestones; i++) {
        const tr_milestone *m = &p->milestones[i];
        mark_ref(u, p, &m->after);
        if (m->requires.kind == TR_V_LIST && m->requires.count) u->milestone[i] = true;   /* a checkpoint */
    }
    for (uint32_t i = 0; i < p->nmeasures; i++) mark_metric(u, p, p->measures[i].value, 0);
    for (uint32_t i = 0; i < p->ngoals; i++) mark_metric(u, p, p->goals[i].metric, 0);
    for (uint32_t i = 0; i < p->nscenarios; i++)
        for (uint32_t j = 0; j < p->scenarios[i].noverrides; j++) mark_override(u, p, &p->scenarios[i].overrides[j]);
}

void tr_lint_rule_unused(tr_lint_ctx *x) {
    const tr_plan *p = tr_lint_ctx_plan(x);
    used_marks u = {calloc(p->nskills + 1, 1), calloc(p->nbudgets + 1, 1), calloc(p->nmeasures + 1, 1),
                    calloc(p->nmilestones + 1, 1)};
    if (!u.skill || !u.budget || !u.measure || !u.milestone) abort();
    mark_uses(&u, p);
    static const struct { tr_entity_kind kind; const char *help; } kinds[] = {
        {TR_E_SKILL, "add it to a program's gains or a role's baseline, or remove it"},
        {TR_E_BUDGET, "name it in a program's `budget` or a budget's `parent`, or remove it"},
        {TR_E_MILESTONE, "name it in a program's or milestone's `after`, give it `requires`, or remove it"},
        {TR_E_MEASURE, "use it as a goal's metric, or remove it"},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        tr_entity_kind kind = kinds[k].kind;
        const bool *marks = kind == TR_E_SKILL ? u.skill : kind == TR_E_BUDGET ? u.budget : kind == TR_E_MEASURE ? u.measure : u.milestone;
        for (uint32_t i = 0; i < tr_plan_count(p, kind); i++) {
            if (marks[i]) continue;
            const tr_entity *e = tr_plan_entity(p, kind, i);
            const tr_node *n = name_node(e);
            tr_diag *d = tr_lint_report(x, TR_LINT_UNUSED, only(e), e->src, n->begin, n->end, "%s '%s' is declared but nothing uses it",
                                tr_entity_kind_name(kind), e->name);
            if (d) tr_diag_help(d, "%s", kinds[k].help);
        }
    }
    free(u.skill), free(u.budget), free(u.measure), free(u.milestone);
}

/* ---- W111 personal-data: plans are committed to git --------------------------------------- */

static void personal_finding(tr_lint_ctx *x, const tr_source *src, const tr_contact *c) {
    tr_diag *d = tr_lint_report(x, TR_LINT_PERSONAL_DATA, (tr_lint_site){NULL, NULL}, src, (uint32_t)c->begin, (uint32_t)c->end,
                        "a string holds what looks like %s: '%.*s'",
                        c->kind == TR_CONTACT_EMAIL ? "an e-mail address" : "a phone number", (int)(c->end - c->begin),
                        src->text + c->begin);
    if (d) tr_diag_help(d, "plans are committed to git and read by everyone with access: name a role or a team, and keep contact details in the HR system");
}

/* Where the next `c` is in t[from, n), or n: memchr finds it many bytes at a time. */
static size_t next_of(const char *t, size_t from, size_t n, char c) {
    const char *p = from < n ? memchr(t + from, c, n - from) : NULL;
    return p ? (size_t)(p - t) : n;
}

/* Every string of one file, as written (escapes included, so that positions are the file's):
 * the file is known to parse, so strings and comments are told apart as the lexer does. */
static void scan_file(tr_lint_ctx *x, const tr_source *src) {
    const char *t = src->text;
    size_t n = src->len, hash = next_of(t, 0, n, '#'), quote = next_of(t, 0, n, '"');
    for (size_t i = 0; i < n;) {
        if (hash < quote) {   /* a comment, to the end of its line */
            i = next_of(t, hash, n, '\n');
        } else if (quote < n) {
            size_t b = quote + 1;
            for (i = b; i < n && t[i] != '"' && t[i] != '\n'; i += t[i] == '\\' ? 2 : 1) {}
            if (i > n) i = n;
            size_t pos = 0;
            tr_contact c;
            bool possible = tr_contact_possible(t + b, i - b);
            while (possible && tr_contact_next(t + b, i - b, &pos, &c)) {
                c.begin += b, c.end += b;
                personal_finding(x, src, &c);
            }
            i++;
        } else {
            break;
        }
        if (hash < i) hash = next_of(t, i, n, '#');
        if (quote < i) quote = next_of(t, i, n, '"');
    }
}

/* Every file of the plan but the standard library's: constants, imports and titles as much
 * as descriptions and owners. */
void tr_lint_rule_personal_data(tr_lint_ctx *x) {
    const tr_plan *p = tr_lint_ctx_plan(x);
    for (size_t i = 0; i < p->nfiles; i++)
        if (!p->files[i].stdlib) scan_file(x, p->files[i].src);
}
