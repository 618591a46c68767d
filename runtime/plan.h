/* plan.h — the checked plan: what `trellis check` hands to the simulation, the lints and
 * the REPL. Every name is resolved, every attribute evaluated and checked.
 * Ownership: a tr_plan and everything it points to (entities, values, lists, metric trees,
 * strings) live in the arena of the tr_checked that made it (runtime/check.h) and die with
 * tr_checked_free. `node` fields point into the ASTs, which the same tr_checked keeps alive.
 *
 * How to read it
 * - Entities are arrays in declaration order (files in import order, the prelude first):
 *   plan->roles[0..nroles), skills, programs, budgets, milestones, measures, goals,
 *   scenarios. A reference is an index into the array its tr_value says (ref_kind).
 * - A tr_value holds one evaluated attribute. Quantities (kind TR_V_NUMBER) are in
 *   canonical units: money in the plan's currency (plan->currency; other currencies are
 *   converted with the plan's `exchange`), time in MONTHS, people in persons. So
 *   `attrition 12% per year` is stored as 0.01 with dim {0,-1,0} (per month): use
 *   tr_value_per_year() for the yearly figure. `salary 120k USD per year` is 10,000 per month.
 *   `hours 24 hours per person per year` is 24/(24*30.4375)/12 months per person per month.
 *   A plain share (`participants 40%`) is 0.4 with no dimension.
 * - A quantity remembers the time units it was written in (`units`: `hours` in `2.1 hours`,
 *   `hour` in `450 USD per hour`), through lets, ranges and arithmetic: the way a cost is
 *   spent and the unit round() works in depend on them.
 * - Every quantity may be a range (`400 to 600 USD per hour`): lo <= mid <= hi, mid is the
 *   median a deterministic run uses (geometric mean of a positive range, else midpoint).
 *   A point value has lo == mid == hi and is_range false.
 * - An attribute that was not written, and has no default, has kind TR_V_NONE. Defaults the
 *   language defines are filled in: participants 100%, currency USD, hiring replace,
 *   goal `by` = end of horizon, role turnover_cost = the model's turnover_cost.
 * - Model parameters (MODEL.md section 5) come from the prelude's `model` block, overridden
 *   by the plan's; all are present after a clean check.
 * - Measure values and goal metrics are tr_metric trees: the expression with its names
 *   resolved (roles, skills, budgets, programs, measures as indices), for the simulation
 *   to evaluate month by month.
 * - A plan is only handed out when its files have no errors; after a failed check the
 *   arrays may be partial and must not be simulated. */
#ifndef TR_PLAN_H
#define TR_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"
#include "units.h"

typedef enum tr_vkind {
    TR_V_NONE,     /* not written, no default */
    TR_V_NUMBER,   /* a quantity: lo/mid/hi in canonical units, dim */
    TR_V_DATE,     /* date: days since 1970-01-01 */
    TR_V_STRING,   /* str, len: bytes, not NUL-terminated (point into the source or arena) */
    TR_V_BOOL,     /* mid: 0 or 1 */
    TR_V_REF,      /* ref_kind, index */
    TR_V_WORD,     /* an enumeration word: word (index in the attribute's word list), str */
    TR_V_LIST,     /* items[0..count) */
    TR_V_BOUND     /* op (TR_OP_GE, '<'...) applied to items[0] */
} tr_vkind;

/* The kinds of things a plan declares; TR_E_* indexes tr_plan's arrays. */
typedef enum tr_entity_kind {
    TR_E_ROLE, TR_E_SKILL, TR_E_PROGRAM, TR_E_BUDGET, TR_E_MILESTONE, TR_E_MEASURE,
    TR_E_GOAL, TR_E_SCENARIO, TR_E_COUNT
} tr_entity_kind;

typedef struct tr_value tr_value;
struct tr_value {
    uint8_t kind;        /* tr_vkind */
    union {
        uint8_t ref_kind;    /* REF: its tr_entity_kind */
        uint8_t units;       /* NUMBER: the time units it was written in (tr_units_make), so
                              * that `per hour` is told from `per year`: one dimension */
    };
    uint16_t op;         /* BOUND's comparison */
    bool is_range;
    tr_dim dim;
    double lo, mid, hi;  /* NUMBER, BOOL */
    /* The unions keep a value at 64 bytes: a 50 MB plan holds millions of them. */
    union {
        int32_t date;    /* DATE */
        uint32_t index;  /* REF: index into the entity array; WORD: index in the word list */
    };
    union {
        uint32_t count;  /* LIST, BOUND: items */
        uint32_t len;    /* STRING, WORD: bytes of str */
    };
    union {
        tr_value *items; /* LIST, BOUND */
        const char *str; /* STRING, WORD */
    };
    const tr_node *node; /* where it was written, for diagnostics (NULL for a default) */
    const tr_source *src;
};

/* ---- metric expressions ------------------------------------------------------------------ */

typedef enum tr_metric_fn {
    TR_FN_HEADCOUNT, TR_FN_RETENTION, TR_FN_ATTRITION, TR_FN_KNOWLEDGE, TR_FN_BEHAVIOR,
    TR_FN_PRODUCTIVITY, TR_FN_SPEND, TR_FN_COST, TR_FN_BENEFIT, TR_FN_ROI,
    TR_FN_PARTICIPATION, TR_FN_ALIGNMENT, TR_FN_COUNT
} tr_metric_fn;

typedef enum tr_metric_kind {
    TR_M_CONST,    /* value */
    TR_M_CALL,     /* fn(args): arg[i] are indices, arg_kind[i] their tr_entity_kind */
    TR_M_MEASURE,  /* the value of measure `arg[0]` */
    TR_M_UNARY,    /* op a: '-' or TR_OP_NOT */
    TR_M_BINARY,   /* a op b: + - * / comparisons and/or */
    TR_M_IF,       /* if a then b else c */
    TR_M_BUILTIN   /* min max abs round floor ceil clamp over args list a, a->next... */
} tr_metric_kind;

typedef struct tr_metric tr_metric;
struct tr_metric {
    uint8_t kind;        /* tr_metric_kind */
    uint8_t fn;          /* tr_metric_fn of a CALL */
    uint16_t op;
    uint8_t arg_kind[2];
    uint32_t arg[2];
    uint32_t nargs;
    const char *builtin; /* BUILTIN: "min", "max"... */
    tr_dim dim;          /* dimension of the result */
    tr_value value;      /* CONST */
    tr_metric *a, *b, *c, *next;   /* operands; BUILTIN arguments chain through next */
    const tr_node *node;
};

/* ---- entities ---------------------------------------------------------------------------- */

/* The attributes every block takes besides its own (the schema's "*" rows): few blocks
 * write any, so they live apart, and an entity that writes none costs a pointer. */
typedef struct tr_entity_common {
    tr_value description, owner;   /* owner: REF to a role, or STRING */
    tr_value allow;          /* LIST of WORD/STRING: lints allowed inside the block */
} tr_entity_common;

/* What every entity has. */
typedef struct tr_entity {
    const char *name;        /* NUL-terminated */
    const char *title;       /* NUL-terminated, or NULL */
    const tr_node *node;     /* the block */
    const tr_source *src;
    tr_entity_common *common;   /* NULL when the block writes none of them */
} tr_entity;

typedef struct tr_skill_level {   /* one line of `baseline { SKILL % }` or `gains { ... }` */
    uint32_t skill;
    tr_value share;
} tr_skill_level;

typedef struct tr_promotion {
    tr_value into;           /* REF role */
    tr_value rate;           /* per month, like attrition */
} tr_promotion;

typedef struct tr_role {
    tr_entity e;
    tr_value headcount;      /* people */
    tr_value reports_to;     /* REF role */
    tr_value salary;         /* money per month */
    tr_value attrition, growth;   /* per month: tr_value_per_year() */
    tr_value turnover_cost;  /* share of salary; default: the model's */
    tr_value hiring;         /* WORD: 0 replace, 1 none (default replace) */
    tr_skill_level *baseline;
    uint32_t nbaseline;
    tr_promotion *promotions;
    uint32_t npromotions;
} tr_role;

typedef struct tr_skill {
    tr_entity e;
    tr_value half_life;      /* months */
} tr_skill;

typedef enum tr_program_kind {
    TR_PK_COACHING, TR_PK_TRAINING, TR_PK_MENTORING, TR_PK_WORKSHOP, TR_PK_ELEARNING, TR_PK_AUDIT
} tr_program_kind;

/* How a program's cost turns into spending (LANGUAGE.md section 5), decided by its dimension. */
typedef enum tr_spending {
    TR_SPEND_ONCE,           /* money: once, at the start */
    TR_SPEND_MONTHLY,        /* money per time: every month */
    TR_SPEND_PER_PERSON,     /* money per person: once per participant as they start */
    TR_SPEND_PER_PERSON_MONTHLY,   /* money per person per time: every month per participant */
    TR_SPEND_PER_HOUR        /* money per hour: times `hours` */
} tr_spending;

typedef enum tr_phase_kind { TR_PHASE_PRE, TR_PHASE_CORE, TR_PHASE_POST } tr_phase_kind;

typedef struct tr_phase {
    uint8_t kind;            /* tr_phase_kind */
    tr_value duration;       /* months */
    tr_value coaching;       /* months (of coaching time) per person */
    const tr_node *node;
} tr_phase;

typedef struct tr_product {
    const char *name, *title;
    tr_value guardian;       /* REF role */
    tr_value review;         /* months */
    const tr_node *node;
} tr_product;

/* manager_involvement as bits. */
enum { TR_MI_BEFORE = 1, TR_MI_DURING = 2, TR_MI_AFTER = 4 };

typedef struct tr_program {
    tr_entity e;
    tr_value kind;           /* WORD: tr_program_kind */
    tr_value roles;          /* `for`: LIST of REF role */
    tr_value cost;
    uint8_t spending;        /* tr_spending, from cost's dimension */
    tr_value participants;   /* share; default 100% */
    tr_value hours;          /* time per person per time, or time per person */
    tr_value budget;         /* REF budget */
    tr_value start, end;     /* DATE */
    tr_value after;          /* LIST of REF milestone */
    tr_value duration;       /* months */
    tr_value manager_involvement;   /* LIST of WORD */
    unsigned involvement;    /* TR_MI_* bits of the above */
    tr_value reinforced_by;  /* REF program */
    tr_value enabled;        /* BOOL, default true */
    tr_skill_level *gains;
    uint32_t ngains;
    tr_phase *phases;
    uint32_t nphases;
    tr_product *products;
    uint32_t nproducts;
} tr_program;

typedef struct tr_budget {
    tr_entity e;
    tr_value amount;         /* money (a total) or money per month */
    tr_value parent;         /* REF budget */
    tr_value start, end;
} tr_budget;

typedef struct tr_milestone {
    tr_entity e;
    tr_value due;
    tr_value after;          /* LIST of REF milestone */
    tr_value requires;       /* LIST of REF program */
} tr_milestone;

typedef enum tr_level { TR_LEVEL_REACTION, TR_LEVEL_LEARNING, TR_LEVEL_BEHAVIOR, TR_LEVEL_RESULTS, TR_LEVEL_ROI } tr_level;

typedef struct tr_measure {
    tr_entity e;
    tr_metric *value;
    tr_value level;          /* WORD: tr_level */
    tr_value unit;           /* STRING or WORD */
} tr_measure;

typedef struct tr_goal {
    tr_entity e;
    tr_metric *metric;       /* a TR_M_MEASURE for `metric seller_behavior` */
    tr_value target;         /* BOUND */
    tr_value by;             /* DATE; default: the end of the horizon */
} tr_goal;

/* Where an override writes: the entity's own struct, or one entry of a nested block found
 * by its key (runtime/scenario.h has the paths). */
typedef enum tr_override_part {
    TR_PART_NONE, TR_PART_BASELINE, TR_PART_GAINS, TR_PART_PROMOTION, TR_PART_PHASE, TR_PART_PRODUCT,
    TR_PART_COMMON           /* the entity's tr_entity_common (an `owner`) */
} tr_override_part;

/* One `PATH VALUE` line of a scenario: the value is checked like the original. */
typedef struct tr_override {
    uint8_t kind;            /* tr_entity_kind, or TR_E_COUNT for `model.PARAM` */
    uint8_t part;            /* tr_override_part */
    uint32_t index;          /* the entity */
    uint32_t key;            /* BASELINE, GAINS: the skill; PROMOTION: the role promoted into;
                                PHASE: the tr_phase_kind; PRODUCT: the product's index */
    const char *attr;        /* the attribute's name as in the schema (a skill's name in a map) */
    size_t offset;           /* where the value lives in the entity's struct, or in the nested
                                entry's (tr_skill_level, tr_promotion, tr_phase, tr_product) */
    tr_value value;
    const tr_node *path;     /* the path as written */
} tr_override;

typedef struct tr_scenario {
    tr_entity e;
    tr_value extends;        /* REF scenario */
    tr_override *overrides;
    uint32_t noverrides;
} tr_scenario;

/* MODEL.md section 5: shares as numbers, applied_half_life in months. */
typedef struct tr_params {
    tr_value transfer_floor, transfer_span, support_before, support_during, support_after,
        applied_half_life, after_decay_cut, reinforcement_apply, reinforcement_practice,
        reinforcement_decay_cut, productivity_per_skill, output_value, attribution,
        development_retention, misalignment_attrition, turnover_cost, effect_sd,
        skill_half_life;   /* ours (docs/model.md): the half life of a skill without its own */
} tr_params;

typedef struct tr_exchange {
    char code[4];
    double rate;             /* one unit of `code` in the plan's currency */
} tr_exchange;

/* An `allow` list written anywhere in the plan (every block takes one, nested blocks too)
 * or a `lint` block's `deny`, as the checker met it: the lints read these rather than
 * every attribute of every block. */
typedef struct tr_lint_list {
    const tr_node *attr;     /* the ATTR; its values are lint names or codes */
    const tr_node *block;    /* the block it is written in */
    const tr_source *src;
    bool in_lint_block;      /* in a `lint` block: it counts for the whole plan */
    bool deny;
    bool stdlib;             /* in a file of the standard library */
} tr_lint_list;

/* One file of the plan: its text and top-level items (the lints read every string of it,
 * `let`s and imports included). */
typedef struct tr_plan_file {
    const tr_source *src;
    const tr_node *items;
    const tr_node *const *item_at;   /* the same items as an array, nitems of them (the
                                      * AST's: a walk of the list waits on memory at each) */
    uint32_t nitems;
    bool stdlib;             /* from the standard library */
} tr_plan_file;

typedef struct tr_plan {
    tr_entity e;             /* the plan block: name NULL, title its string */
    tr_value start;          /* DATE */
    tr_value horizon;        /* months */
    int32_t start_days;      /* start as days since 1970-01-01 */
    int32_t horizon_months;  /* the horizon rounded to whole months (the simulation's steps) */
    char currency[4];        /* "USD" */
    tr_exchange *exchange;
    uint32_t nexchange;
    tr_params model;
    tr_value lint_allow, lint_deny;   /* LIST of WORD: the `lint` block */

    tr_role *roles;           uint32_t nroles;
    tr_skill *skills;         uint32_t nskills;
    tr_program *programs;     uint32_t nprograms;
    tr_budget *budgets;       uint32_t nbudgets;
    tr_milestone *milestones; uint32_t nmilestones;
    tr_measure *measures;     uint32_t nmeasures;
    tr_goal *goals;           uint32_t ngoals;
    tr_scenario *scenarios;   uint32_t nscenarios;
    tr_plan_file *files;      uint32_t nfiles;   /* in declaration order, the prelude first */
    tr_lint_list *lint_lists; uint32_t nlint_lists;   /* in the order the checker met them */
} tr_plan;

/* How a cost is spent: decided by its dimension and, for money (per person) per time, by
 * the time unit it was written per (`per hour` is times `hours`, any other every month). False when
 * the dimension is none of the five; *missing_hours when it is per hour without `hours`.
 * The checker stores the decision in tr_program.spending; lowering calls this too, so that
 * a scenario's override of cost or hours is spent the same way. */
bool tr_plan_spending(const tr_value *cost, const tr_value *hours, tr_spending *out, bool *missing_hours);

/* A rate stored per month, as a yearly figure (12% per year back from 0.01). */
static inline double tr_value_per_year(const tr_value *v) { return v->mid * 12.0; }
static inline bool tr_value_present(const tr_value *v) { return v->kind != TR_V_NONE; }

/* The name of an entity kind: "role", "skill"... */
const char *tr_entity_kind_name(tr_entity_kind k);
/* The common attribute at `offset` in tr_entity_common (a "*" row's offset in the schema):
 * a value of kind TR_V_NONE when the block did not write it. */
const tr_value *tr_entity_common_value(const tr_entity *e, size_t offset);
/* The common part of entity `index` of kind `k`. */
const tr_entity *tr_plan_entity(const tr_plan *p, tr_entity_kind k, uint32_t index);
uint32_t tr_plan_count(const tr_plan *p, tr_entity_kind k);

#endif
