/* model.h — the plan lowered into the arrays the simulation walks (MODEL.md).
 * Ownership: a tr_model owns every array and name it holds (malloc'd, copied on add);
 * tr_model_free releases them all. Indices (role, skill, program, budget, milestone,
 * measure, goal, expression node) are positions in these arrays, in the order they were
 * added. Values are canonical: months, money in the plan's currency units, people,
 * shares as numbers in [0, 1]. Months are 1-based from the plan's start; 0 means "none". */
#ifndef TR_MODEL_H
#define TR_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "units.h"

/* MODEL.md section 5, plus the defaults the spec leaves to us (documented in docs/model.md). */
typedef struct tr_model_params {
    double transfer_floor, transfer_span;
    double support_before, support_during, support_after;
    double applied_half_life;          /* months */
    double after_decay_cut;
    double reinforcement_apply, reinforcement_practice, reinforcement_decay_cut;
    double productivity_per_skill;
    double output_value;               /* share of salary */
    double attribution;
    double development_retention, misalignment_attrition;
    double turnover_cost;              /* share of salary per leaver */
    double effect_sd;
    double skill_half_life;            /* months, for a skill without half_life */
} tr_model_params;

typedef struct tr_param_info {
    const char *name;                  /* the spelling in a plan's `model` block */
    size_t offset;                     /* of the double in tr_model_params */
    double fallback;                   /* MODEL.md default */
    int is_duration;                   /* months (1) or a plain number/share (0) */
    int is_share;                      /* a share in [0, 1] */
} tr_param_info;

/* The table of parameters, in MODEL.md order; *n receives its length. */
const tr_param_info *tr_model_param_table(size_t *n);
void tr_model_params_default(tr_model_params *p);
/* Set a parameter by its `model` block name; 0 on success, -1 for an unknown name. */
int tr_model_param_set(tr_model_params *p, const char *name, double value);

typedef enum { TR_MODEL_HIRE_REPLACE, TR_MODEL_HIRE_NONE } tr_model_hiring;

typedef enum {
    TR_MODEL_COACHING, TR_MODEL_TRAINING, TR_MODEL_MENTORING, TR_MODEL_WORKSHOP,
    TR_MODEL_ELEARNING, TR_MODEL_AUDIT, TR_MODEL_KIND_COUNT
} tr_model_kind;

/* How `cost` becomes spending (LANGUAGE.md section 5), decided by its dimension. */
typedef enum {
    TR_MODEL_COST_NONE,               /* no cost */
    TR_MODEL_COST_ONCE,               /* money: once, in the start month */
    TR_MODEL_COST_PER_MONTH,          /* money per time: every active month */
    TR_MODEL_COST_PER_PERSON,         /* money per person: once per participant as they start */
    TR_MODEL_COST_PER_PERSON_MONTH,   /* money per person per time: every month per participant */
    TR_MODEL_COST_PER_HOUR,           /* money per hour, hours per person per year: monthly */
    TR_MODEL_COST_PER_HOUR_ONCE       /* money per hour, hours per person in all: once per
                                         participant as they start, like money per person */
} tr_model_cost;

enum { TR_INVOLVE_BEFORE = 1, TR_INVOLVE_DURING = 2, TR_INVOLVE_AFTER = 4 };
enum { TR_MPHASE_PRE, TR_MPHASE_CORE, TR_MPHASE_POST, TR_MPHASE_COUNT };

typedef enum {
    TR_METRIC_HEADCOUNT, TR_METRIC_RETENTION, TR_METRIC_ATTRITION, TR_METRIC_KNOWLEDGE,
    TR_METRIC_BEHAVIOR, TR_METRIC_PRODUCTIVITY, TR_METRIC_SPEND_BUDGET,
    TR_METRIC_SPEND_PROGRAM, TR_METRIC_COST, TR_METRIC_BENEFIT, TR_METRIC_ROI,
    TR_METRIC_PARTICIPATION, TR_METRIC_ALIGNMENT,
    TR_METRIC_MEASURE,          /* a goal whose metric names a measure */
    TR_METRIC_COUNT_
} tr_model_metric;

typedef enum {
    TR_EXPR_CONST, TR_EXPR_METRIC, TR_EXPR_ADD, TR_EXPR_SUB, TR_EXPR_MUL, TR_EXPR_DIV,
    TR_EXPR_NEG, TR_EXPR_MIN, TR_EXPR_MAX, TR_EXPR_ABS, TR_EXPR_ROUND, TR_EXPR_FLOOR,
    TR_EXPR_CEIL, TR_EXPR_CLAMP,
    /* comparisons (1 or 0, equality to 1e-9 relative as goals judge it), logic on
       non-zero, and `if a then b else c` */
    TR_EXPR_LT, TR_EXPR_LE, TR_EXPR_GT, TR_EXPR_GE, TR_EXPR_EQ, TR_EXPR_NE,
    TR_EXPR_AND, TR_EXPR_OR, TR_EXPR_NOT, TR_EXPR_IF, TR_EXPR_COUNT_
} tr_model_op;

#define TR_EXPR_MAX_ARGS 3
/* One node of a metric expression; children are node indices (min and max take exactly
 * two arguments after lowering: min(a, b, c) becomes min(min(a, b), c)). `dim` is the
 * dimension of its value in canonical units (money, months, people): the builders derive
 * it from the metrics and operators, and lowering sets the checker's. `percent` says the
 * value was written as a percentage (a constant `5%`, or a goal whose target was), so that
 * a report shows it as one. */
typedef struct tr_model_expr {
    tr_model_op op;
    tr_model_metric metric;           /* TR_EXPR_METRIC */
    int a, b;                   /* metric arguments: role/budget/program/measure, skill */
    double value;               /* TR_EXPR_CONST */
    int nargs, args[TR_EXPR_MAX_ARGS];
    tr_dim dim;
    unsigned char percent;
} tr_model_expr;

typedef enum { TR_MODEL_LT, TR_MODEL_LE, TR_MODEL_GT, TR_MODEL_GE, TR_MODEL_EQ, TR_MODEL_NE } tr_model_bound;
typedef enum { TR_MODEL_LEVEL_NONE, TR_MODEL_LEVEL_REACTION, TR_MODEL_LEVEL_LEARNING, TR_MODEL_LEVEL_BEHAVIOR,
               TR_MODEL_LEVEL_RESULTS, TR_MODEL_LEVEL_ROI } tr_model_level;

/* A growable list of (index, value) pairs owned by one entity. */
typedef struct tr_model_pairs { int *idx; double *val; int n, cap; } tr_model_pairs;
typedef struct tr_model_ints { int *v; int n, cap; } tr_model_ints;

typedef struct tr_model_roles {
    int n, cap;
    char **name;
    double *headcount;          /* people at the start (the hiring target) */
    double *salary;             /* money per year */
    double *attrition, *growth; /* shares per year */
    double *turnover_cost;      /* share of salary per leaver; < 0: the model's default */
    tr_model_hiring *hiring;
    int *reports_to;            /* role index or -1 */
    tr_model_pairs *baseline;         /* skill -> share */
    tr_model_pairs *promotion;        /* into role -> rate per year */
} tr_model_roles;

/* half_life in months; 0 = the model's skill_half_life. */
typedef struct tr_model_skills { int n, cap; char **name; double *half_life; } tr_model_skills;

typedef struct tr_model_programs {
    int n, cap;
    char **name;
    tr_model_kind *kind;
    tr_model_ints *roles;             /* the roles it is for */
    double *participants;       /* share of each role enrolled */
    double *cost;               /* ONCE: money; PER_MONTH: money per month; PER_PERSON: money
                                   per person; PER_PERSON_MONTH: money per person per month;
                                   PER_HOUR: money per hour (with `hours`) */
    tr_model_cost *cost_mode;
    double *hours;              /* PER_HOUR: hours per person per year (a month books cost x
                                   hours / 12 x participants x people); PER_HOUR_ONCE: hours
                                   per person in all (booked as each participant starts) */
    int *budget;                /* budget index or -1 */
    int *start, *end;           /* months; end 0 = to the end of the horizon; a start after
                                   the horizon: it never runs within the plan */
    tr_model_ints *after;             /* milestones it starts after */
    double *duration;           /* months, 0 = none */
    unsigned *involvement;      /* TR_INVOLVE_* bits */
    tr_model_pairs *gains;            /* skill -> gain */
    double (*phase_duration)[TR_MPHASE_COUNT];   /* months */
    double (*phase_coaching)[TR_MPHASE_COUNT];   /* hours per person */
    int *reinforced_by;         /* program index or -1 */
    unsigned char *enabled;
} tr_model_programs;

typedef struct tr_model_budgets {
    int n, cap;
    char **name;
    double *amount;
    unsigned char *per_year;    /* 1: amount per plan year; 0: a total */
    int *parent;                /* budget index or -1 */
    int *start, *end;           /* months; 0 = the plan's start / end; end -1: its window
                                   closed before the plan opened; start after the horizon:
                                   it opens after the plan */
} tr_model_budgets;

/* due: a month; after the horizon: not reached within the plan. after: milestones it
 * comes after; requires: programs that must have delivered first (tr_model_schedule). */
typedef struct tr_model_milestones {
    int n, cap;
    char **name;
    int *due;
    tr_model_ints *after, *requires;
} tr_model_milestones;
/* unit: the label a measure declares (`unit "kUSD"`), NULL when it declares none. */
typedef struct tr_model_measures { int n, cap; char **name; tr_model_level *level; int *expr; char **unit; } tr_model_measures;
typedef struct tr_model_goals {
    int n, cap;
    char **name;
    int *expr;
    tr_model_bound *op;
    double *target;
    int *by;                    /* month; 0 = the end of the horizon; after the horizon: never
                                   judged within the plan (missed, no value) */
} tr_model_goals;

/* Quantities known only as a range (`A to B`, a 90% interval). The arrays hold the median
 * a deterministic run uses; a Monte Carlo run draws each range once per run. */
typedef enum {
    TR_RANGE_ROLE_HEADCOUNT, TR_RANGE_ROLE_SALARY, TR_RANGE_ROLE_ATTRITION,
    TR_RANGE_ROLE_GROWTH, TR_RANGE_ROLE_TURNOVER_COST,
    TR_RANGE_PROGRAM_COST, TR_RANGE_PROGRAM_PARTICIPANTS, TR_RANGE_PROGRAM_HOURS,
    TR_RANGE_PROGRAM_GAIN,      /* index: program, skill: the skill it gains */
    TR_RANGE_PARAM,             /* index: the parameter's position in tr_model_param_table */
    TR_RANGE_ROLE_BASELINE,     /* index: role, skill: the skill */
    TR_RANGE_ROLE_PROMOTION,    /* index: role, skill: the role it promotes into */
    TR_RANGE_SKILL_HALF_LIFE,   /* index: skill */
    TR_RANGE_PROGRAM_DURATION,  /* index: program */
    TR_RANGE_PHASE_DURATION,    /* index: program, skill: the phase (TR_MPHASE_*) */
    TR_RANGE_PHASE_COACHING,    /* index: program, skill: the phase */
    TR_RANGE_BUDGET_AMOUNT,     /* index: budget */
    TR_RANGE_GOAL_TARGET,       /* index: goal */
    TR_RANGE_EXPR_CONST,        /* index: the constant's expression node */
    TR_RANGE_FIELD_COUNT
} tr_model_range_field;


typedef struct tr_model_range { tr_model_range_field field; int index, skill; double lo, hi; } tr_model_range;

typedef struct tr_model {
    char *title, *currency;
    char *scenario;                /* the scenario the plan was lowered with; NULL: baseline */
    int start_year, start_month;   /* the calendar month of plan month 1 */
    int horizon;                   /* months */
    int minor_units;               /* minor units per currency unit (100 for cents) */
    tr_model_params params;
    tr_model_roles roles;
    tr_model_skills skills;
    tr_model_programs programs;
    tr_model_budgets budgets;
    tr_model_milestones milestones;
    tr_model_measures measures;
    tr_model_goals goals;
    tr_model_expr *exprs;
    int nexprs, capexprs;
    tr_model_range *ranges;
    int nranges, capranges;
    int oom;                       /* set when an allocation failed; the model is unusable */
} tr_model;

/* An empty model with the default parameters, horizon 12 months, currency USD. */
void tr_model_init(tr_model *m);
void tr_model_free(tr_model *m);
void tr_model_set_plan(tr_model *m, const char *title, int start_year, int start_month,
                       int horizon, const char *currency);

/* Builders: each returns the new index (or -1 when out of memory, which also sets m->oom).
 * Optional attributes take their defaults and are set with the setters below. */
int tr_model_add_skill(tr_model *m, const char *name, double half_life_months);
int tr_model_add_role(tr_model *m, const char *name, double headcount, double salary_per_year,
                      double attrition_per_year);
void tr_model_role_baseline(tr_model *m, int role, int skill, double share);
void tr_model_role_promotion(tr_model *m, int role, int into, double rate_per_year);
int tr_model_add_program(tr_model *m, const char *name, tr_model_kind kind, double cost,
                         tr_model_cost mode);
void tr_model_program_role(tr_model *m, int program, int role);
void tr_model_program_gain(tr_model *m, int program, int skill, double gain);
void tr_model_program_after(tr_model *m, int program, int milestone);
void tr_model_program_phase(tr_model *m, int program, int phase, double months,
                            double coaching_hours_per_person);
int tr_model_add_budget(tr_model *m, const char *name, double amount, int per_year, int parent);
int tr_model_add_milestone(tr_model *m, const char *name, int due);
void tr_model_milestone_after(tr_model *m, int milestone, int after);
void tr_model_milestone_requires(tr_model *m, int milestone, int program);
int tr_model_add_measure(tr_model *m, const char *name, tr_model_level level, int expr);
/* Label measure i's values with `unit` (copied; len bytes, not NUL-terminated). */
void tr_model_measure_unit(tr_model *m, int measure, const char *unit, size_t len);
int tr_model_add_goal(tr_model *m, const char *name, int expr, tr_model_bound op, double target, int by);

/* How many things a range of `field` may index (roles, programs, parameters...), and how
 * many its `skill` may (skills, roles, phases; 0 when it takes none). */
int tr_model_range_count(const tr_model *m, tr_model_range_field field, int *skills);
/* Record that a quantity is a range lo..hi (the model keeps its median where it is). */
void tr_model_add_range(tr_model *m, tr_model_range_field field, int index, int skill,
                        double lo, double hi);
/* The value of a 90% interval lo..hi at standard normal deviate z: lognormal when both
 * ends are positive, normal otherwise (z = 0 gives the median). */
double tr_model_range_draw(double lo, double hi, double z);

/* A Monte Carlo run's model: src with range i at its value for the standard normal
 * deviate z[i] (tr_model_range_draw), kept within its quantity's domain (docs/run.md),
 * and every headcount rounded to whole people. It shares src's arrays except those a
 * draw wrote, which it owns: src is never written. 0, or -1 when out of memory; free it
 * with tr_model_drawn_free either way. */
typedef struct tr_model_drawn {
    tr_model m;
    void **owned;
    int nowned, capowned;
    unsigned char copied[TR_RANGE_FIELD_COUNT + 1];
} tr_model_drawn;
int tr_model_draw(const tr_model *src, const double *z, tr_model_drawn *out);
void tr_model_drawn_free(tr_model_drawn *d);

/* Expression nodes. */
int tr_model_expr_const(tr_model *m, double value);
int tr_model_expr_metric(tr_model *m, tr_model_metric metric, int a, int b);
int tr_model_expr_op(tr_model *m, tr_model_op op, int nargs, const int *args);
int tr_model_expr_binary(tr_model *m, tr_model_op op, int l, int r);

/* The arity each metric takes (0, 1 or 2) and each operator takes. */
int tr_model_metric_arity(tr_model_metric metric);
const char *tr_model_metric_name(tr_model_metric metric);
int tr_model_op_arity(tr_model_op op);
const char *tr_model_kind_name(tr_model_kind kind);

/* Structural check: every index in range, every value in its domain. Returns 0, or -1
 * with a message naming the entity in err. */
int tr_model_validate(const tr_model *m, char *err, size_t errlen);

/* Does a cost of this mode recur every month (money per time, per person per time, per hour)? */
int tr_model_cost_recurring(tr_model_cost c);

/* When things happen, from the dates, durations, phases and links of programs and
 * milestones (docs/model.md "When programs run and milestones are reached"):
 * - program p runs in months first[p]..last[p] (first 0: never within the horizon): from
 *   its start, or the month after the last milestone it comes `after`, to its end, its
 *   duration, or (one-off, neither) the end of its phases;
 * - it delivers in month delivered[p] (0: never): when its first cohort has been through
 *   its pre and core phases, its first month when it has none, its last if it stops sooner;
 * - milestone i is reached in month reached[i] (0: not within the horizon): the latest of
 *   its due month, the months the milestones it comes after are reached and the months
 *   the programs it `requires` deliver. A cycle of links is never reached.
 * Disabled programs never run. The arrays are owned (tr_model_schedule_free). */
typedef struct tr_model_schedule { int *first, *last, *delivered, *reached; } tr_model_schedule;
/* 0, or -1 when out of memory (with *s freed). */
int tr_model_schedule_make(const tr_model *m, tr_model_schedule *s);
void tr_model_schedule_free(tr_model_schedule *s);

#endif
