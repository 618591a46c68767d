/* sim.h — the monthly simulation of a tr_model (MODEL.md sections 1–4 and 7): people,
 * learning, transfer, forgetting, money, the counterfactual, measures and goals.
 * Ownership: tr_sim_run fills a tr_sim_result that owns every series it holds; release it
 * with tr_sim_result_free. The result keeps no pointer into the model, except that
 * report functions take the model alongside it for names. */
#ifndef TR_SIM_H
#define TR_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "money.h"

typedef struct tr_sim_options {
    int runs;             /* 0: one deterministic run (ranges at their median); N >= 1: N
                             Monte Carlo runs besides it (MODEL.md section 7) */
    uint64_t seed;        /* Monte Carlo: run i draws only from numbers derived from (seed, i) */
    int record_skills;    /* keep K and B per role x skill x month (memory: R*S*(H+1)*16 B) */
    int trace_run;        /* 1..runs: the result's series, ledger, totals and goal values are
                             those of Monte Carlo run trace_run (whole people), not of the
                             deterministic run; 0: the deterministic run */
    int jobs;             /* Monte Carlo: threads sharing the runs (0 or 1: this thread);
                             the result is the same byte for byte whatever it is */
    /* Monte Carlo: called after each run with the runs done so far (from any thread,
       one call at a time); NULL for none */
    void (*progress)(void *ctx, int done, int runs);
    void *progress_ctx;
} tr_sim_options;

typedef struct tr_goal_outcome {
    int by;               /* the month it is judged at */
    int judged;           /* 0 when `by` is after the horizon: never judged, so missed */
    int met;              /* 1 when its bound held at `by` */
    double value;         /* the metric at `by` (NaN when not judged) */
    int first_met;        /* the first month the bound held (any month), 0 if never */
    double probability;   /* Monte Carlo: share of runs in which it was met (else met) */
} tr_goal_outcome;

/* Every series has months + 1 entries: index 0 is the start (flows are 0 there), index m
 * the value at the end of month m. Series of one kind are stored one after another:
 * headcount[r * (months + 1) + m]. */
typedef struct tr_sim_result {
    int months, nroles, nskills, nprograms, nbudgets, nmeasures, ngoals;
    int minor_units;
    /* people, per role */
    double *headcount, *leavers, *hires, *promoted_out, *promoted_in;
    double *retention, *productivity, *development;     /* development: D[r] */
    double *turnover_cost;                               /* money, this month */
    /* learning, per role x skill (series index (r * nskills + k)); NULL unless recorded */
    double *knowledge, *behavior;
    /* money: cents booked, per program, per budget (with the budgets below it), total */
    tr_ledger ledger;
    tr_overruns overruns;
    /* the plan as a whole, per month */
    double *alignment;
    double *benefit;           /* to date, money */
    double *roi;               /* to date */
    double *value_gained;      /* to date, plan minus counterfactual, before attribution */
    double *turnover_avoided;  /* to date, counterfactual minus plan (both summed role by
                                  role: a role the plan does not change adds exactly 0) */
    /* measures and goals: value every month */
    double *measure, *goal_value;
    tr_goal_outcome *goals;
    /* when each program ran and delivered and each milestone was reached */
    tr_model_schedule schedule;
    /* Monte Carlo (runs >= 1; 0 for a deterministic result): P10, P50, P90 of each measure,
       measure_q[(i*3+q)*(months+1)+m] */
    int runs;
    double *measure_q;
    /* totals at the horizon */
    double total_benefit, total_roi, benefit_cost_ratio;
    int64_t total_cost;        /* cents, every program */
} tr_sim_result;

/* Simulate. 0 on success; -1 with a message in err (invalid model, out of memory). */
int tr_sim_run(const tr_model *m, const tr_sim_options *opt, tr_sim_result *out,
               char *err, size_t errlen);
void tr_sim_result_free(tr_sim_result *r);

/* The series of one thing: a pointer to months + 1 values. */
const double *tr_sim_series(const tr_sim_result *r, const double *base, int index);

/* MODEL.md section 4 arithmetic, exposed for the report and its unit test:
 * roi = (benefit - cost) / cost (0 when cost is 0), ratio = benefit / cost (0 likewise). */
double tr_sim_roi(double benefit, double cost);
double tr_sim_benefit_cost_ratio(double benefit, double cost);
/* The monthly hazard from a yearly rate: 1 - (1 - a)^(1/12). */
double tr_sim_monthly_rate(double yearly);
/* Does value satisfy `op target`? Equality is judged to 1e-9 relative. */
int tr_sim_bound_holds(tr_model_bound op, double value, double target);

#endif
