/* sim.c — the monthly engine (MODEL.md sections 1–4, 7); see sim.h and docs/model.md.
 *
 * Each month, in this order:
 *   1. which programs run; D[r] (development) and M[r] (misalignment)
 *   2. reinforcement intensity c[r][k] of the month
 *   3. forgetting of what was carried into the month (so what is learnt in a month is
 *      measured at its end before it fades: the Saks & Belcourt check reads 0 months
 *      after a training at the end of its month)
 *   4. people: leavers, promotions, hires (MODEL.md section 2)
 *   5. learning and transfer (section 3.1–3.3), then reinforcement (3.4)
 *   6. spending, productivity, benefit, measures and goals. */
#include "sim.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crn.h"

#define LN2 0.69314718055994530942

typedef struct sim {
    const tr_model *m;
    const tr_model_params *q;
    int R, S, P, H, W;                  /* W = H + 1, the length of a series */
    int counterfactual;                 /* every program disabled */
    int stochastic;                     /* a Monte Carlo run: whole people drawn */
    uint64_t key;                       /* its events' numbers (tr_sim_event_uniform) */
    double *effect;                     /* per program: multiplies its gains */
    /* programs */
    int *first, *last;                  /* active window; first 0 = never runs */
    tr_model_schedule sched;            /* when programs run and milestones are reached */
    unsigned char *recurring;           /* costs per time: dose 1/12 every month */
    double *apply;                      /* A = floor + span * S */
    int *last_cohort;                   /* last month it enrolled a cohort */
    unsigned char *active;              /* this month */
    /* roles */
    double *N, *target, *h0, *D, *M, *ring, *msum, *cnt;
    double *L, *Pout, *Pin, *Hn;
    int *stamp;
    /* role x skill */
    double *K, *B, *b, *cprod, *inK, *inB;
    unsigned char *after;               /* MA': the latest program had manager follow-up */
    double *fK0, *fB0, *fB1;            /* per skill: monthly fading factors with c = 0 */
    double *half_life;                  /* per skill, the default resolved */
    /* money and outcomes */
    tr_ledger *ledger;                  /* NULL in the counterfactual */
    int64_t *cum_program, *cum_budget, cum_total;
    uint64_t cum_magnitude;             /* the sum of |bookings|: bounds every sum of them */
    char *why;                          /* where to say why the run stopped (NULL: nowhere) */
    size_t whylen;
    /* value and turnover cost to date, per role: plan and counterfactual are compared role
       by role, so that a role the plan leaves alone adds exactly 0 to benefit */
    double *cum_value, *cum_turnover;
    double *value_series, *turnover_series;   /* the counterfactual's, R x W */
    const double *cf_value, *cf_turnover;     /* those, when running the plan */
    double *measure_now;
    double benefit_now, roi_now, alignment_now;
    tr_sim_result *res;                 /* NULL: keep no series (counterfactual, MC runs) */
    double *mc_measure;                 /* MC: this run's measures, nmeasures x W */
    unsigned char *mc_met;              /* MC: this run's goal outcomes */
} sim;

/* ---- small arithmetic ------------------------------------------------------------------ */

double tr_sim_monthly_rate(double yearly)
{
    if (yearly <= 0) return 0;
    if (yearly >= 1) return 1;
    return 1 - pow(1 - yearly, 1.0 / 12.0);
}

double tr_sim_roi(double benefit, double cost)
{
    return cost != 0 ? (benefit - cost) / cost : 0;
}

double tr_sim_benefit_cost_ratio(double benefit, double cost)
{
    return cost != 0 ? benefit / cost : 0;
}

int tr_sim_bound_holds(tr_model_bound op, double v, double t)
{
    double tol = 1e-9 * fmax(1.0, fmax(fabs(v), fabs(t)));
    int eq = fabs(v - t) <= tol;
    switch (op) {
    case TR_MODEL_LT: return v < t && !eq;
    case TR_MODEL_LE: return v < t || eq;
    case TR_MODEL_GT: return v > t && !eq;
    case TR_MODEL_GE: return v > t || eq;
    case TR_MODEL_EQ: return eq;
    case TR_MODEL_NE: return !eq;
    }
    return 0;
}

static double clamp01(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }

static int err_out(char *err, size_t len, const char *msg)
{
    if (err && len) snprintf(err, len, "%s", msg);
    return -1;
}

const double *tr_sim_series(const tr_sim_result *r, const double *base, int index)
{
    return base ? base + (size_t)index * ((size_t)r->months + 1) : NULL;
}

/* ---- setup ----------------------------------------------------------------------------- */

static double support(const tr_model *m, int p)
{
    const tr_model_params *q = &m->params;
    tr_model_kind k = m->programs.kind[p];
    if (k == TR_MODEL_COACHING || k == TR_MODEL_MENTORING) return 1;
    unsigned inv = m->programs.involvement[p];
    return (inv & TR_INVOLVE_BEFORE ? q->support_before : 0) +
           (inv & TR_INVOLVE_DURING ? q->support_during : 0) +
           (inv & TR_INVOLVE_AFTER ? q->support_after : 0);
}

static void sim_free(sim *s)
{
    void *arrays[] = {
        s->effect, s->first, s->last, s->recurring, s->apply, s->last_cohort, s->active,
        s->N, s->target, s->h0, s->D, s->M, s->ring, s->msum, s->cnt, s->L, s->Pout, s->Pin,
        s->Hn, s->stamp, s->K, s->B, s->b, s->cprod, s->inK, s->inB, s->after, s->fK0,
        s->fB0, s->fB1, s->half_life, s->cum_program, s->cum_budget, s->cum_value, s->cum_turnover,
        s->value_series, s->turnover_series, s->measure_now,
    };
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) free(arrays[i]);
    tr_model_schedule_free(&s->sched);
    memset(s, 0, sizeof *s);
}

#define ALLOC(field, count) ((s->field = calloc((size_t)(count) + 1, sizeof *s->field)) != NULL)

static int sim_init(sim *s, const tr_model *m, int counterfactual)
{
    memset(s, 0, sizeof *s);
    s->m = m;
    s->q = &m->params;
    s->R = m->roles.n, s->S = m->skills.n, s->P = m->programs.n, s->H = m->horizon;
    s->W = s->H + 1;
    s->counterfactual = counterfactual;
    size_t RS = (size_t)s->R * (size_t)s->S;
    if (!ALLOC(effect, s->P) || !ALLOC(first, s->P) || !ALLOC(last, s->P) ||
        !ALLOC(recurring, s->P) || !ALLOC(apply, s->P) || !ALLOC(last_cohort, s->P) ||
        !ALLOC(active, s->P) || !ALLOC(N, s->R) || !ALLOC(target, s->R) || !ALLOC(h0, s->R) ||
        !ALLOC(D, s->R) || !ALLOC(M, s->R) || !ALLOC(ring, (size_t)s->R * 12) ||
        !ALLOC(msum, s->R) || !ALLOC(cnt, s->R) || !ALLOC(L, s->R) || !ALLOC(Pout, s->R) ||
        !ALLOC(Pin, s->R) || !ALLOC(Hn, s->R) || !ALLOC(stamp, s->R) || !ALLOC(K, RS) ||
        !ALLOC(B, RS) || !ALLOC(b, RS) || !ALLOC(cprod, RS) || !ALLOC(inK, RS) ||
        !ALLOC(inB, RS) || !ALLOC(after, RS) || !ALLOC(fK0, s->S) || !ALLOC(fB0, s->S) ||
        !ALLOC(fB1, s->S) || !ALLOC(half_life, s->S) || !ALLOC(cum_program, s->P) || !ALLOC(cum_budget, m->budgets.n) ||
        !ALLOC(cum_value, s->R) || !ALLOC(cum_turnover, s->R) ||
        !ALLOC(value_series, counterfactual ? (size_t)s->R * (size_t)s->W : 0) ||
        !ALLOC(turnover_series, counterfactual ? (size_t)s->R * (size_t)s->W : 0) ||
        !ALLOC(measure_now, m->measures.n))
        return -1;
    for (int p = 0; p < s->P; p++) {
        s->effect[p] = 1;
        s->recurring[p] = (unsigned char)tr_model_cost_recurring(m->programs.cost_mode[p]);
        s->apply[p] = s->q->transfer_floor + s->q->transfer_span * support(m, p);
    }
    /* the counterfactual runs no program: every window stays empty */
    if (!counterfactual) {
        if (tr_model_schedule_make(m, &s->sched)) return -1;
        memcpy(s->first, s->sched.first, (size_t)s->P * sizeof *s->first);
        memcpy(s->last, s->sched.last, (size_t)s->P * sizeof *s->last);
    }
    for (int r = 0; r < s->R; r++) {
        s->N[r] = m->roles.headcount[r];
        s->h0[r] = tr_sim_monthly_rate(m->roles.attrition[r]);
        for (int i = 0; i < 12; i++) s->ring[(size_t)r * 12 + (size_t)i] = 1;
        const tr_model_pairs *bl = &m->roles.baseline[r];
        for (int j = 0; j < bl->n; j++) s->b[(size_t)r * (size_t)s->S + (size_t)bl->idx[j]] = bl->val[j];
    }
    memcpy(s->K, s->b, RS * sizeof *s->K);
    memcpy(s->B, s->b, RS * sizeof *s->B);
    for (int k = 0; k < s->S; k++) {
        s->half_life[k] = m->skills.half_life[k] > 0 ? m->skills.half_life[k] : s->q->skill_half_life;
        s->fK0[k] = exp(-LN2 / s->half_life[k]);
        s->fB0[k] = exp(-LN2 / s->q->applied_half_life);
        s->fB1[k] = exp(-LN2 / s->q->applied_half_life * (1 - s->q->after_decay_cut));
    }
    return 0;
}

/* ---- 1. programs running, development and alignment ----------------------------------- */

static void step_enrolment(sim *s, int mo)
{
    const tr_model_programs *g = &s->m->programs;
    for (int r = 0; r < s->R; r++) s->D[r] = 1;       /* holds prod(1 - share) until the end */
    for (int p = 0; p < s->P; p++) {
        s->active[p] = s->first[p] && mo >= s->first[p] && mo <= s->last[p];
        if (s->active[p] && (s->recurring[p] || mo == s->first[p])) s->last_cohort[p] = mo;
        if (!s->last_cohort[p] || mo - s->last_cohort[p] >= 12) continue;
        /* enrolled in the last 12 months: a cohort of `participants` in each of its roles */
        for (int j = 0; j < g->roles[p].n; j++) s->D[g->roles[p].v[j]] *= 1 - g->participants[p];
    }
    for (int r = 0; r < s->R; r++) {
        s->D[r] = 1 - s->D[r];
        s->msum[r] = s->cnt[r] = 0;
    }
    double gap = 0;
    int edges = 0;
    for (int r = 0; r < s->R; r++) {
        int up = s->m->roles.reports_to[r];
        if (up < 0) continue;
        double d = fabs(s->D[r] - s->D[up]);
        s->msum[r] += d, s->cnt[r] += 1;
        s->msum[up] += d, s->cnt[up] += 1;
        gap += d, edges++;
    }
    for (int r = 0; r < s->R; r++) s->M[r] = s->cnt[r] > 0 ? s->msum[r] / s->cnt[r] : 0;
    s->alignment_now = edges ? 1 - gap / edges : 1;
}

/* ---- 2. reinforcement intensity -------------------------------------------------------- */

static double post_overlap(const tr_model_programs *g, int p, int first, int mo)
{
    double lo = g->phase_duration[p][TR_MPHASE_PRE] + g->phase_duration[p][TR_MPHASE_CORE];
    double hi = lo + g->phase_duration[p][TR_MPHASE_POST];
    double a = mo - first, z = a + 1;
    double o = fmin(hi, z) - fmax(lo, a);
    return o > 0 ? o : 0;
}

static void reinforce_roles(sim *s, int p, int only_stamp, double share)
{
    const tr_model_programs *g = &s->m->programs;
    for (int j = 0; j < g->roles[p].n; j++) {
        int r = g->roles[p].v[j];
        if (only_stamp && s->stamp[r] != only_stamp) continue;
        double *row = s->cprod + (size_t)r * (size_t)s->S;
        for (int i = 0; i < g->gains[p].n; i++) row[g->gains[p].idx[i]] *= 1 - share;
    }
}

static void step_intensity(sim *s, int mo)
{
    const tr_model_programs *g = &s->m->programs;
    size_t RS = (size_t)s->R * (size_t)s->S;
    for (size_t i = 0; i < RS; i++) s->cprod[i] = 1;
    for (int p = 0; p < s->P; p++) {
        if (!s->first[p] || mo < s->first[p]) continue;
        /* the post phase of a program with coaching hours, for the skills it gains */
        if (g->phase_coaching[p][TR_MPHASE_POST] > 0 && g->phase_duration[p][TR_MPHASE_POST] > 0) {
            double o = post_overlap(g, p, s->first[p], mo);
            if (o > 0) reinforce_roles(s, p, 0, g->participants[p] * o);
        }
        /* the people of its roles enrolled this month in its reinforced_by program */
        int q = g->reinforced_by[p];
        if (q >= 0 && s->active[q]) {
            int tag = mo * (s->P + 1) + p + 1;
            for (int j = 0; j < g->roles[q].n; j++) s->stamp[g->roles[q].v[j]] = tag;
            reinforce_roles(s, p, tag, g->participants[q]);
        }
    }
}

/* ---- 3. forgetting --------------------------------------------------------------------- */

static void step_forget(sim *s)
{
    const tr_model_params *q = s->q;
    for (int r = 0; r < s->R; r++)
        for (int k = 0; k < s->S; k++) {
            size_t i = (size_t)r * (size_t)s->S + (size_t)k;
            double c = 1 - s->cprod[i], fB, fK;
            if (c > 0) {
                double cut = 1 - q->reinforcement_decay_cut * c;
                fB = exp(-LN2 / q->applied_half_life * (1 - q->after_decay_cut * s->after[i]) * cut);
                fK = exp(-LN2 / s->half_life[k] * cut);
            } else {
                fB = s->after[i] ? s->fB1[k] : s->fB0[k];
                fK = s->fK0[k];
            }
            /* applied skill above baseline fades; what fades becomes unused knowledge */
            if (s->B[i] > s->b[i]) s->B[i] = s->b[i] + (s->B[i] - s->b[i]) * fB;
            if (s->K[i] > s->B[i]) s->K[i] = s->B[i] + (s->K[i] - s->B[i]) * fK;
        }
}

/* ---- 4. people ------------------------------------------------------------------------- */

/* Whole people in a Monte Carlo run (the event's common random number), the expected
 * share in a deterministic one. */
static double draw(const sim *s, double n, double p, int role, int mo, int slot)
{
    if (p <= 0 || n <= 0) return 0;
    if (p >= 1) return n;
    if (!s->stochastic) return n * p;
    return tr_crn_binomial_quantile(tr_crn_uniform(s->key, role, mo, slot), p, n);
}

/* Mix `add` people at levels (k, b) into the role's averages held by `keep` people. */
static void mix(double *K, double *B, double keep, double add, double k, double b)
{
    double n = keep + add;
    if (n <= 0 || add <= 0) return;
    *K = (*K * keep + k * add) / n;
    *B = (*B * keep + b * add) / n;
}

static void step_people(sim *s, int mo)
{
    const tr_model_roles *ro = &s->m->roles;
    const tr_model_params *q = s->q;
    size_t S = (size_t)s->S;
    for (int r = 0; r < s->R; r++) {
        double h = s->h0[r] * (1 - q->development_retention * s->D[r]) *
                   (1 + q->misalignment_attrition * s->M[r]);
        h = clamp01(h);
        s->L[r] = draw(s, s->N[r], h, r, mo, 0);
        s->N[r] -= s->L[r];
        s->ring[(size_t)r * 12 + (size_t)(mo % 12)] = 1 - h;
        s->Pout[r] = s->Pin[r] = 0;
    }
    memset(s->inK, 0, (size_t)s->R * S * sizeof *s->inK);
    memset(s->inB, 0, (size_t)s->R * S * sizeof *s->inB);
    for (int r = 0; r < s->R; r++) {
        const tr_model_pairs *pr = &ro->promotion[r];
        for (int j = 0; j < pr->n; j++) {
            int to = pr->idx[j];
            double left = s->N[r] - s->Pout[r];
            double n = draw(s, s->stochastic ? left : s->N[r], tr_sim_monthly_rate(pr->val[j]), r, mo, 1 + j);
            if (n > left) n = left;
            s->Pout[r] += n;
            s->Pin[to] += n;
            for (size_t k = 0; k < S; k++) {
                s->inK[(size_t)to * S + k] += n * s->K[(size_t)r * S + k];
                s->inB[(size_t)to * S + k] += n * s->B[(size_t)r * S + k];
            }
        }
    }
    for (int r = 0; r < s->R; r++) {
        double keep = s->N[r] - s->Pout[r];
        if (keep < 0) keep = 0;
        if (s->Pin[r] > 0)
            for (size_t k = 0; k < S; k++) {
                size_t i = (size_t)r * S + k;
                mix(&s->K[i], &s->B[i], keep, s->Pin[r], s->inK[i] / s->Pin[r], s->inB[i] / s->Pin[r]);
            }
        s->N[r] = keep + s->Pin[r];
        double want = ro->headcount[r] * pow(1 + ro->growth[r], mo / 12.0);
        if (s->stochastic) want = floor(want + 0.5);
        s->Hn[r] = ro->hiring[r] == TR_MODEL_HIRE_REPLACE && want > s->N[r] ? want - s->N[r] : 0;
        for (size_t k = 0; k < S && s->Hn[r] > 0; k++) {
            size_t i = (size_t)r * S + k;
            mix(&s->K[i], &s->B[i], s->N[r], s->Hn[r], s->b[i], s->b[i]);
        }
        s->N[r] += s->Hn[r];
        double tc = ro->turnover_cost[r] >= 0 ? ro->turnover_cost[r] : q->turnover_cost;
        s->cum_turnover[r] += s->L[r] * tc * ro->salary[r];
    }
}

/* ---- 5. learning, transfer, reinforcement --------------------------------------------- */

static void learn(sim *s, int p, int r, double share, double dose)
{
    const tr_model_pairs *gn = &s->m->programs.gains[p];
    unsigned char follow = (s->m->programs.involvement[p] & TR_INVOLVE_AFTER) != 0;
    for (int j = 0; j < gn->n; j++) {
        size_t i = (size_t)r * (size_t)s->S + (size_t)gn->idx[j];
        double dK = share * dose * clamp01(gn->val[j] * s->effect[p]) * (1 - s->K[i]);
        if (dK <= 0) continue;
        s->K[i] += dK;
        s->B[i] += s->apply[p] * dK;
        s->after[i] = follow;
    }
}

static void step_learn(sim *s, int mo)
{
    const tr_model_programs *g = &s->m->programs;
    for (int p = 0; p < s->P; p++) {
        if (!s->active[p] || g->gains[p].n == 0) continue;
        for (int j = 0; j < g->roles[p].n; j++) {
            int r = g->roles[p].v[j];
            if (s->N[r] <= 0) continue;
            if (s->recurring[p])
                learn(s, p, r, g->participants[p], 1.0 / 12.0);
            else if (mo == s->first[p])
                learn(s, p, r, g->participants[p], 1.0);
            else if (s->Hn[r] > 0)      /* new hires join a one-off program while it runs */
                learn(s, p, r, g->participants[p] * s->Hn[r] / s->N[r], 1.0);
        }
    }
}

static void step_reinforce(sim *s)
{
    const tr_model_params *q = s->q;
    size_t RS = (size_t)s->R * (size_t)s->S;
    for (size_t i = 0; i < RS; i++) {
        double c = 1 - s->cprod[i];
        if (c > 0) {
            s->K[i] += c * q->reinforcement_practice * (1 - s->K[i]);
            s->B[i] += c * q->reinforcement_apply * (s->K[i] - s->B[i]);
        }
        s->K[i] = clamp01(s->K[i]);
        s->B[i] = clamp01(s->B[i]);
        if (s->B[i] > s->K[i]) s->B[i] = s->K[i];
    }
}

/* ---- 6. money -------------------------------------------------------------------------- */

/* What program p costs in month mo, before rounding (LANGUAGE.md section 5). */
static double program_cost(const sim *s, int p, int mo)
{
    const tr_model_programs *g = &s->m->programs;
    if (!s->active[p]) return 0;
    double people = 0, joined = 0;
    for (int j = 0; j < g->roles[p].n; j++) {
        people += s->N[g->roles[p].v[j]];
        joined += s->Hn[g->roles[p].v[j]];
    }
    double part = g->participants[p], c = g->cost[p];
    switch (g->cost_mode[p]) {
    case TR_MODEL_COST_NONE: return 0;
    case TR_MODEL_COST_ONCE: return mo == s->first[p] ? c : 0;
    case TR_MODEL_COST_PER_MONTH: return c;
    case TR_MODEL_COST_PER_PERSON: return c * part * (mo == s->first[p] ? people : joined);
    case TR_MODEL_COST_PER_PERSON_MONTH: return c * part * people;
    case TR_MODEL_COST_PER_HOUR: return c * g->hours[p] / 12.0 * part * people;
    case TR_MODEL_COST_PER_HOUR_ONCE: return c * g->hours[p] * part * (mo == s->first[p] ? people : joined);
    }
    return 0;
}

/* A booking is rounded from a double, so it is exact below 2^53 minor units, and the
 * checker keeps every booking far below that (1e12 currency units, E412). Bookings are
 * summed in 64-bit integers, exact while the sum of their magnitudes stays within 2^63 - 1
 * minor units (92 quadrillion dollars in cents); doubles only ever hold a copy for the
 * measures. Past either limit the run stops with the program, the month and the amount. */
#define BOOKING_EXACT 9007199254740992.0

static int too_much(sim *s, int p, int mo, double amount, const char *what, double limit, const char *limit_text)
{
    if (s->why && s->whylen) {
        int index = (s->m->start_year * 12 + s->m->start_month - 1) + mo - 1;
        const char *cur = s->m->currency ? s->m->currency : "";
        snprintf(s->why, s->whylen, "program '%s' %s %.4g %s in %04d-%02d, more than money is kept exact to (%.4g %s, %s minor units)",
                 s->m->programs.name[p], what, amount, cur, index / 12, index % 12 + 1, limit / s->m->minor_units, cur, limit_text);
    }
    return -1;
}

static int step_spend(sim *s, int mo)
{
    if (s->counterfactual) return 0;
    for (int p = 0; p < s->P; p++) {
        if (!s->active[p]) continue;
        int ok = 1;
        double amount = program_cost(s, p, mo);
        int64_t cents = tr_money_round(amount, s->m->minor_units, &ok);
        if (!ok) return too_much(s, p, mo, amount, "would book", BOOKING_EXACT, "2^53");
        if (cents == 0) continue;
        uint64_t mag = cents < 0 ? 0 - (uint64_t)cents : (uint64_t)cents;
        if (mag > (uint64_t)INT64_MAX - s->cum_magnitude)
            return too_much(s, p, mo, ((double)s->cum_magnitude + (double)mag) / s->m->minor_units,
                            "takes the bookings to date to", (double)INT64_MAX, "2^63 - 1");
        s->cum_magnitude += mag;
        if (s->ledger) tr_ledger_book(s->ledger, mo, p, cents);
        s->cum_program[p] += cents;
        s->cum_total += cents;
        int steps = 0;
        for (int b = s->m->programs.budget[p]; b >= 0 && steps <= s->m->budgets.n;
             b = s->m->budgets.parent[b], steps++)
            s->cum_budget[b] += cents;
    }
    return 0;
}

/* ---- outputs --------------------------------------------------------------------------- */

static double productivity(const sim *s, int r)
{
    double sum = 0;
    for (int k = 0; k < s->S; k++) {
        size_t i = (size_t)r * (size_t)s->S + (size_t)k;
        sum += s->B[i] - s->b[i];
    }
    return s->q->productivity_per_skill * sum;
}

static double retention(const sim *s, int r, int mo)
{
    double keep = 1;
    int n = mo < 12 ? mo : 12;
    for (int i = 0; i < n; i++) keep *= s->ring[(size_t)r * 12 + (size_t)((mo - i) % 12)];
    return keep;
}

static double money(const sim *s, int64_t cents) { return (double)cents / s->m->minor_units; }

static double metric(const sim *s, const tr_model_expr *e, int mo)
{
    size_t i = (size_t)e->a * (size_t)s->S + (size_t)e->b;
    switch (e->metric) {
    case TR_METRIC_HEADCOUNT: return s->N[e->a];
    case TR_METRIC_RETENTION: return retention(s, e->a, mo);
    case TR_METRIC_ATTRITION: return 1 - retention(s, e->a, mo);
    case TR_METRIC_KNOWLEDGE: return s->K[i];
    case TR_METRIC_BEHAVIOR: return s->B[i];
    case TR_METRIC_PRODUCTIVITY: return productivity(s, e->a);
    case TR_METRIC_SPEND_BUDGET: return money(s, s->cum_budget[e->a]);
    case TR_METRIC_SPEND_PROGRAM: case TR_METRIC_COST: return money(s, s->cum_program[e->a]);
    case TR_METRIC_BENEFIT: return s->benefit_now;
    case TR_METRIC_ROI: return s->roi_now;
    case TR_METRIC_PARTICIPATION:
        return s->last_cohort[e->a] && mo - s->last_cohort[e->a] < 12 ? s->m->programs.participants[e->a] : 0;
    case TR_METRIC_ALIGNMENT: return s->alignment_now;
    case TR_METRIC_MEASURE: return s->measure_now[e->a];
    default: return 0;
    }
}

/* Evaluate expression node n; division by zero gives 0 (a plan reads "no data"). */
static double eval(const sim *s, int n, int mo)
{
    const tr_model_expr *e = &s->m->exprs[n];
    double x = e->nargs > 0 ? eval(s, e->args[0], mo) : 0;
    double y = e->nargs > 1 ? eval(s, e->args[1], mo) : 0;
    switch (e->op) {
    case TR_EXPR_CONST: return e->value;
    case TR_EXPR_METRIC: return metric(s, e, mo);
    case TR_EXPR_ADD: return x + y;
    case TR_EXPR_SUB: return x - y;
    case TR_EXPR_MUL: return x * y;
    case TR_EXPR_DIV: return y != 0 ? x / y : 0;
    case TR_EXPR_NEG: return -x;
    case TR_EXPR_MIN: return fmin(x, y);
    case TR_EXPR_MAX: return fmax(x, y);
    case TR_EXPR_ABS: return fabs(x);
    case TR_EXPR_ROUND: return round(x);
    case TR_EXPR_FLOOR: return floor(x);
    case TR_EXPR_CEIL: return ceil(x);
    case TR_EXPR_CLAMP: return fmin(fmax(x, y), eval(s, e->args[2], mo));
    case TR_EXPR_LT: return tr_sim_bound_holds(TR_MODEL_LT, x, y);
    case TR_EXPR_LE: return tr_sim_bound_holds(TR_MODEL_LE, x, y);
    case TR_EXPR_GT: return tr_sim_bound_holds(TR_MODEL_GT, x, y);
    case TR_EXPR_GE: return tr_sim_bound_holds(TR_MODEL_GE, x, y);
    case TR_EXPR_EQ: return tr_sim_bound_holds(TR_MODEL_EQ, x, y);
    case TR_EXPR_NE: return tr_sim_bound_holds(TR_MODEL_NE, x, y);
    case TR_EXPR_AND: return x != 0 && y != 0;
    case TR_EXPR_OR: return x != 0 || y != 0;
    case TR_EXPR_NOT: return x == 0;
    case TR_EXPR_IF: return x != 0 ? y : eval(s, e->args[2], mo);
    default: return 0;
    }
}

static void step_outputs(sim *s, int mo)
{
    const tr_model *m = s->m;
    const tr_model_params *q = s->q;
    size_t W = (size_t)s->W, t = (size_t)mo;
    for (int r = 0; r < s->R; r++)
        s->cum_value[r] += s->N[r] * m->roles.salary[r] / 12.0 * q->output_value * productivity(s, r);
    if (s->counterfactual)
        for (int r = 0; r < s->R; r++) {
            s->value_series[(size_t)r * W + t] = s->cum_value[r];
            s->turnover_series[(size_t)r * W + t] = s->cum_turnover[r];
        }
    double gained = 0, avoided = 0;
    if (s->cf_value) {
        /* role by role: a role the plan leaves alone adds 0 exactly, not the rounding of
           two large sums */
        for (int r = 0; r < s->R; r++) {
            gained += s->cum_value[r] - s->cf_value[(size_t)r * W + t];
            avoided += s->cf_turnover[(size_t)r * W + t] - s->cum_turnover[r];
        }
        s->benefit_now = q->attribution * (gained + avoided);
        s->roi_now = tr_sim_roi(s->benefit_now, money(s, s->cum_total));
    }
    for (int i = 0; i < m->measures.n; i++) s->measure_now[i] = eval(s, m->measures.expr[i], mo);
    if (s->mc_measure)
        for (int i = 0; i < m->measures.n; i++) s->mc_measure[(size_t)i * (size_t)s->W + (size_t)mo] = s->measure_now[i];
    if (s->mc_met)
        for (int g = 0; g < m->goals.n; g++)
            if ((m->goals.by[g] ? m->goals.by[g] : s->H) == mo)
                s->mc_met[g] = (unsigned char)tr_sim_bound_holds(m->goals.op[g], eval(s, m->goals.expr[g], mo), m->goals.target[g]);
    tr_sim_result *res = s->res;
    if (!res) return;
    for (int r = 0; r < s->R; r++) {
        size_t o = (size_t)r * W + t;
        res->headcount[o] = s->N[r];
        res->leavers[o] = s->L[r];
        res->hires[o] = s->Hn[r];
        res->promoted_out[o] = s->Pout[r];
        res->promoted_in[o] = s->Pin[r];
        res->retention[o] = retention(s, r, mo);
        res->productivity[o] = productivity(s, r);
        res->development[o] = s->D[r];
        double tc = m->roles.turnover_cost[r] >= 0 ? m->roles.turnover_cost[r] : q->turnover_cost;
        res->turnover_cost[o] = s->L[r] * tc * m->roles.salary[r];
    }
    if (res->knowledge)
        for (size_t i = 0; i < (size_t)s->R * (size_t)s->S; i++) {
            res->knowledge[i * W + t] = s->K[i];
            res->behavior[i * W + t] = s->B[i];
        }
    res->alignment[t] = s->alignment_now;
    res->benefit[t] = s->benefit_now;
    res->roi[t] = s->roi_now;
    res->value_gained[t] = gained;
    res->turnover_avoided[t] = avoided;
    for (int i = 0; i < m->measures.n; i++) res->measure[(size_t)i * W + t] = s->measure_now[i];
    for (int g = 0; g < m->goals.n; g++) res->goal_value[(size_t)g * W + t] = eval(s, m->goals.expr[g], mo);
}

/* ---- a run ----------------------------------------------------------------------------- */

static int run_months(sim *s)
{
    for (int mo = 1; mo <= s->H; mo++) {
        step_enrolment(s, mo);
        step_intensity(s, mo);
        step_forget(s);
        step_people(s, mo);
        step_learn(s, mo);
        step_reinforce(s);
        if (step_spend(s, mo)) return -1;
        step_outputs(s, mo);
    }
    return 0;
}

/* The initial state as month 0 of the result's series. */
static void record_start(sim *s)
{
    tr_sim_result *res = s->res;
    size_t W = (size_t)s->W;
    for (int r = 0; r < s->R; r++) {
        res->headcount[(size_t)r * W] = s->N[r];
        res->retention[(size_t)r * W] = 1;
    }
    if (res->knowledge)
        for (size_t i = 0; i < (size_t)s->R * (size_t)s->S; i++) {
            res->knowledge[i * W] = s->K[i];
            res->behavior[i * W] = s->B[i];
        }
    res->alignment[0] = 1;
    const tr_model *m = s->m;
    for (int i = 0; i < m->measures.n; i++) s->measure_now[i] = eval(s, m->measures.expr[i], 0);
    for (int i = 0; i < m->measures.n; i++) res->measure[(size_t)i * W] = s->measure_now[i];
    for (int g = 0; g < m->goals.n; g++) res->goal_value[(size_t)g * W] = eval(s, m->goals.expr[g], 0);
}

#define RALLOC(field, count) ((out->field = calloc((size_t)(count) + 1, sizeof *out->field)) != NULL)

static int result_alloc(tr_sim_result *out, const tr_model *m, const tr_sim_options *opt)
{
    memset(out, 0, sizeof *out);
    out->months = m->horizon;
    out->nroles = m->roles.n, out->nskills = m->skills.n, out->nprograms = m->programs.n;
    out->nbudgets = m->budgets.n, out->nmeasures = m->measures.n, out->ngoals = m->goals.n;
    out->minor_units = m->minor_units;
    size_t W = (size_t)m->horizon + 1, RW = (size_t)m->roles.n * W;
    size_t RSW = (size_t)m->roles.n * (size_t)m->skills.n * W;
    if (!RALLOC(headcount, RW) || !RALLOC(leavers, RW) || !RALLOC(hires, RW) ||
        !RALLOC(promoted_out, RW) || !RALLOC(promoted_in, RW) || !RALLOC(retention, RW) ||
        !RALLOC(productivity, RW) || !RALLOC(development, RW) || !RALLOC(turnover_cost, RW) ||
        !RALLOC(alignment, W) || !RALLOC(benefit, W) || !RALLOC(roi, W) ||
        !RALLOC(value_gained, W) || !RALLOC(turnover_avoided, W) ||
        !RALLOC(measure, (size_t)m->measures.n * W) || !RALLOC(goal_value, (size_t)m->goals.n * W) ||
        !RALLOC(goals, m->goals.n))
        return -1;
    if (opt->record_skills && (!RALLOC(knowledge, RSW) || !RALLOC(behavior, RSW))) return -1;
    return tr_ledger_init(&out->ledger, m);
}

void tr_sim_result_free(tr_sim_result *r)
{
    double *arrays[] = {
        r->headcount, r->leavers, r->hires, r->promoted_out, r->promoted_in, r->retention,
        r->productivity, r->development, r->turnover_cost, r->knowledge, r->behavior,
        r->alignment, r->benefit, r->roi, r->value_gained, r->turnover_avoided, r->measure,
        r->goal_value, r->measure_q,
    };
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) free(arrays[i]);
    free(r->goals);
    tr_model_schedule_free(&r->schedule);
    tr_ledger_free(&r->ledger);
    tr_overruns_free(&r->overruns);
    memset(r, 0, sizeof *r);
}

/* Goal outcomes from the goal series: met at its date, value then, first month met. */
static void judge_goals(const tr_model *m, tr_sim_result *out)
{
    size_t W = (size_t)out->months + 1;
    for (int g = 0; g < m->goals.n; g++) {
        tr_goal_outcome *o = &out->goals[g];
        const double *v = out->goal_value + (size_t)g * W;
        o->by = m->goals.by[g] ? m->goals.by[g] : out->months;
        /* a date after the horizon is never reached: missed, with no value then */
        o->judged = o->by <= out->months;
        o->value = o->judged ? v[o->by] : NAN;
        o->met = o->judged && tr_sim_bound_holds(m->goals.op[g], o->value, m->goals.target[g]);
        if (out->runs == 0) o->probability = o->met;
        o->first_met = 0;
        for (int mo = 1; mo <= out->months && !o->first_met; mo++)
            if (tr_sim_bound_holds(m->goals.op[g], v[mo], m->goals.target[g])) o->first_met = mo;
    }
}

/* The counterfactual's value and turnover cost to date, per role and month (R x W each),
 * drawing its people from the run's key as the plan will. */
static int run_counterfactual(const tr_model *m, int stochastic, uint64_t key, double *value, double *turnover)
{
    sim cf;
    if (sim_init(&cf, m, 1)) {
        sim_free(&cf);    /* sim_init zeroed it first: frees what it got */
        return -1;
    }
    cf.stochastic = stochastic, cf.key = key;
    int rc = run_months(&cf);
    size_t n = (size_t)cf.R * (size_t)cf.W;
    memcpy(value, cf.value_series, n * sizeof *value);
    memcpy(turnover, cf.turnover_series, n * sizeof *turnover);
    sim_free(&cf);
    return rc;
}

static int run_deterministic(const tr_model *m, tr_sim_result *out, char *why, size_t whylen)
{
    size_t RW = (size_t)m->roles.n * ((size_t)m->horizon + 1) + 1;
    double *cfv = calloc(RW, sizeof *cfv), *cft = calloc(RW, sizeof *cft);
    sim s;
    memset(&s, 0, sizeof s);
    int rc = -1;
    if (!cfv || !cft || run_counterfactual(m, 0, 0, cfv, cft) || sim_init(&s, m, 0)) goto done;
    s.cf_value = cfv;
    s.cf_turnover = cft;
    s.ledger = &out->ledger;
    s.res = out;
    s.why = why, s.whylen = whylen;
    record_start(&s);
    rc = run_months(&s);
    out->total_benefit = s.benefit_now;
    out->total_cost = s.cum_total;
    out->schedule = s.sched;                  /* the report's: the result owns it now */
    memset(&s.sched, 0, sizeof s.sched);
done:
    sim_free(&s);
    free(cfv);
    free(cft);
    return rc;
}

/* ---- Monte Carlo (MODEL.md section 7) -------------------------------------------------- */

/* splitmix64: run i's seed from (seed, i), so a run's draws do not depend on threads. */
static uint64_t stream_seed(uint64_t seed, int i)
{
    return tr_crn_mix(seed + 0x9E3779B97F4A7C15ull * (uint64_t)(i + 1));
}

/* Every range drawn once (MODEL.md section 7), from the run's own stream: one standard
 * normal deviate per range, in the order the ranges were registered. */
static int draw_model(const tr_model *src, gsl_rng *rng, tr_model_drawn *d)
{
    double *z = malloc(((size_t)src->nranges + 1) * sizeof *z);
    if (!z) {
        memset(d, 0, sizeof *d);
        return -1;
    }
    for (int i = 0; i < src->nranges; i++) z[i] = gsl_ran_gaussian(rng, 1);
    int rc = tr_model_draw(src, z, d);
    free(z);
    return rc;
}

static int run_one_mc(const tr_model *model, uint64_t seed, int i, double *meas, unsigned char *met,
                      double *cfv, double *cft, tr_sim_result *trace)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng) return -1;
    /* the run's stream draws its ranges and effect factors; its people are drawn from
       the event numbers of `key`, shared with its counterfactual */
    uint64_t key = stream_seed(seed, i);
    gsl_rng_set(rng, (unsigned long)key);
    key = tr_crn_mix(key ^ 0xC2B2AE3D27D4EB4Full);
    tr_model_drawn d;
    sim s;
    memset(&s, 0, sizeof s);
    const tr_model *m = &d.m;
    int rc = -1;
    if (draw_model(model, rng, &d) || run_counterfactual(m, 1, key, cfv, cft) || sim_init(&s, m, 0))
        goto done;
    s.stochastic = 1, s.key = key;
    for (int p = 0; p < s.P; p++) s.effect[p] = gsl_ran_lognormal(rng, 0, m->params.effect_sd);
    s.cf_value = cfv, s.cf_turnover = cft;
    s.mc_measure = meas;
    s.mc_met = met;
    for (int k = 0; k < m->measures.n; k++) {
        s.measure_now[k] = eval(&s, m->measures.expr[k], 0);
        meas[(size_t)k * (size_t)s.W] = s.measure_now[k];
    }
    if (trace) {
        size_t W = (size_t)s.W;
        memset(trace->ledger.program, 0, (size_t)m->programs.n * W * sizeof *trace->ledger.program);
        memset(trace->ledger.budget, 0, (size_t)m->budgets.n * W * sizeof *trace->ledger.budget);
        memset(trace->ledger.total, 0, W * sizeof *trace->ledger.total);
        s.res = trace;
        s.ledger = &trace->ledger;
        record_start(&s);
    }
    rc = run_months(&s);
    if (trace) {
        trace->total_benefit = s.benefit_now;
        trace->total_cost = s.cum_total;
        tr_model_schedule_free(&trace->schedule);
        trace->schedule = s.sched;
        memset(&s.sched, 0, sizeof s.sched);
    }
done:
    sim_free(&s);
    tr_model_drawn_free(&d);
    gsl_rng_free(rng);
    return rc;
}

/* The runs shared by opt->jobs threads: thread t takes runs t, t + jobs, ... Each run
 * writes only its own rows of `all` and `met`, so the order they finish in is invisible. */
typedef struct mc_share {
    const tr_model *m;
    const tr_sim_options *opt;
    tr_sim_result *out;
    double *all;
    unsigned char *met;
    int first, step, failed;
    int *done;
    pthread_mutex_t *lock;
} mc_share;

static void *mc_worker(void *arg)
{
    mc_share *w = arg;
    const tr_model *m = w->m;
    size_t W = (size_t)m->horizon + 1, nm = (size_t)m->measures.n, RW = (size_t)m->roles.n * W + 1;
    double *cfv = calloc(RW, sizeof *cfv), *cft = calloc(RW, sizeof *cft);
    if (!cfv || !cft) w->failed = 1;
    for (int i = w->first; i < w->opt->runs && !w->failed; i += w->step) {
        if (run_one_mc(m, w->opt->seed, i, w->all + (size_t)i * nm * W, w->met + (size_t)i * (size_t)m->goals.n,
                       cfv, cft, w->opt->trace_run == i + 1 ? w->out : NULL)) {
            w->failed = 1;
            break;
        }
        if (!w->opt->progress) continue;
        pthread_mutex_lock(w->lock);
        int done = ++*w->done;
        w->opt->progress(w->opt->progress_ctx, done, w->opt->runs);
        pthread_mutex_unlock(w->lock);
    }
    free(cfv);
    free(cft);
    return NULL;
}

static int run_all_mc(const tr_model *m, const tr_sim_options *opt, tr_sim_result *out, double *all,
                      unsigned char *met)
{
    int jobs = opt->jobs < 1 ? 1 : opt->jobs > opt->runs ? opt->runs : opt->jobs;
    if (jobs > 256) jobs = 256;
    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    int done = 0, failed = 0, started = 0;
    mc_share share[256];
    pthread_t tid[256];
    for (int t = 0; t < jobs; t++)
        share[t] = (mc_share){m, opt, out, all, met, t, jobs, 0, &done, &lock};
    /* thread 0 is this one; when a thread cannot start, this one takes its runs too */
    for (int t = 1; t < jobs; t++) {
        if (pthread_create(&tid[t], NULL, mc_worker, &share[t]) != 0) break;
        started = t;
    }
    if (started < jobs - 1) {   /* fall back: this thread runs what did not start */
        for (int t = started + 1; t < jobs; t++) mc_worker(&share[t]);
    }
    mc_worker(&share[0]);
    for (int t = 1; t <= started; t++) pthread_join(tid[t], NULL);
    for (int t = 0; t < jobs; t++) failed |= share[t].failed;
    pthread_mutex_destroy(&lock);
    return failed ? -1 : 0;
}

static int run_monte_carlo(const tr_model *m, const tr_sim_options *opt, tr_sim_result *out)
{
    int runs = opt->runs;
    size_t W = (size_t)m->horizon + 1, nm = (size_t)m->measures.n;
    double *all = calloc((size_t)runs * nm * W + 1, sizeof *all);
    unsigned char *met = calloc((size_t)runs * (size_t)m->goals.n + 1, 1);
    double *col = calloc((size_t)runs, sizeof *col);
    out->measure_q = calloc(nm * 3 * W + 1, sizeof *out->measure_q);
    int rc = -1;
    if (!all || !met || !col || !out->measure_q) goto done;
    /* The result's series and ledger are the deterministic run's; the runs add the
     * spread of each measure and the chance of each goal. */
    if (run_all_mc(m, opt, out, all, met)) goto done;
    static const double qs[3] = {0.10, 0.50, 0.90};
    for (size_t k = 0; k < nm; k++)
        for (size_t t = 0; t < W; t++) {
            for (int i = 0; i < runs; i++) col[i] = all[((size_t)i * nm + k) * W + t];
            gsl_sort(col, 1, (size_t)runs);
            for (int j = 0; j < 3; j++)
                out->measure_q[(k * 3 + (size_t)j) * W + t] = gsl_stats_quantile_from_sorted_data(col, 1, (size_t)runs, qs[j]);
        }
    for (int g = 0; g < m->goals.n; g++) {
        int n = 0;
        for (int i = 0; i < runs; i++) n += met[(size_t)i * (size_t)m->goals.n + (size_t)g];
        out->goals[g].probability = (double)n / runs;
    }
    out->runs = runs;
    rc = 0;
done:
    free(all);
    free(met);
    free(col);
    return rc;
}

int tr_sim_run(const tr_model *m, const tr_sim_options *opt, tr_sim_result *out, char *err,
               size_t errlen)
{
    static const tr_sim_options defaults = {.runs = 0, .record_skills = 1};
    if (!opt) opt = &defaults;
    memset(out, 0, sizeof *out);
    if (tr_model_validate(m, err, errlen)) return -1;
    if (opt->runs < 0 || opt->runs > 1000000) return err_out(err, errlen, "runs must be 0 to 1,000,000");
    if (opt->trace_run < 0 || (opt->trace_run > 0 && opt->trace_run > opt->runs))
        return err_out(err, errlen, "trace_run must name one of the runs");
    if (result_alloc(out, m, opt)) {
        tr_sim_result_free(out);
        return err_out(err, errlen, "out of memory");
    }
    char why[256] = "";
    if (run_deterministic(m, out, why, sizeof why) || (opt->runs > 0 && run_monte_carlo(m, opt, out))) {
        tr_sim_result_free(out);
        return err_out(err, errlen, *why ? why : "out of memory, or an amount too large to book");
    }
    judge_goals(m, out);
    out->total_roi = tr_sim_roi(out->total_benefit, (double)out->total_cost / m->minor_units);
    out->benefit_cost_ratio = tr_sim_benefit_cost_ratio(out->total_benefit, (double)out->total_cost / m->minor_units);
    if (tr_money_overruns(&out->ledger, m, &out->overruns)) {
        tr_sim_result_free(out);
        return err_out(err, errlen, "out of memory, or an amount too large to book");
    }
    return 0;
}
