/* scenario.h — override paths and the plan as a scenario sees it: one resolver of paths for
 * the checker (scenario blocks, the REPL's :set) and the REPL's attribute reads, and the
 * copy of a checked plan with a scenario's overrides written in, for the whole-plan checks,
 * lowering and the REPL.
 *
 * Paths (docs/whatif.md): NAME.ATTR, model.PARAM, and into nested blocks
 * ROLE.baseline.SKILL, PROGRAM.gains.SKILL, ROLE.promotion.INTO.ATTR (ROLE.promotion.ATTR
 * when the role has exactly one promotion), PROGRAM.phase.PHASE.ATTR and
 * PROGRAM.product.NAME.ATTR.
 *
 * Ownership: a tr_scenario_view owns the arrays it copied (tr_scenario_view_free); the
 * rest of its plan, and every value, still belongs to the checked plan, which must outlive
 * it. Resolving keeps nothing; diagnostics go to the resolver's list. */
#ifndef TR_SCENARIO_H
#define TR_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "plan.h"
#include "resolve.h"
#include "schema.h"

/* What a path names: the override it makes (all but its value), how a value for it is
 * checked, and the value the plan has now. */
typedef struct tr_path_target {
    tr_override o;
    tr_attr_spec spec;        /* a skill map's share is named after its skill */
    const char *block;        /* the block kind the attribute belongs to, for messages */
    const tr_value *current;  /* NULL when the nested entry does not exist yet */
} tr_path_target;

/* Resolve `path` (NAME nodes chained by next) against r's plan and names. For an override
 * (reading false) a skill map may gain a skill, a role a promotion and a program a phase;
 * a read (the REPL's expressions) may also name a scenario's attributes and a title. False
 * after a diagnostic in r->diags at r->file->src. */
bool tr_scenario_resolve(tr_resolver *r, const tr_node *path, bool reading, tr_path_target *out);

/* The canonical path of override `o` of plan `p`: "employee.promotion.manager.rate". */
void tr_scenario_path_text(tr_buf *out, const tr_plan *p, const tr_override *o);

typedef struct tr_scenario_view {
    tr_plan p;                /* the plan with the overrides written in */
    bool copied[TR_E_COUNT];  /* the kind arrays that are the view's own */
    void **owned;
    size_t nowned;
} tr_scenario_view;

/* The plan as scenario `s` sees it (s < 0: as written): the overrides of the furthest
 * scenario it extends first, its own last. 0; -1 out of memory; -2 when `extends` makes a
 * cycle (the checker reports E408). The view is initialised in every case. */
int tr_scenario_view_make(tr_scenario_view *v, const tr_plan *p, int s);
/* Write one more override into the view. 0, or -1 out of memory. */
int tr_scenario_view_apply(tr_scenario_view *v, const tr_override *o);
void tr_scenario_view_free(tr_scenario_view *v);

/* The checker's way: scenario s's overrides written into the checked plan itself, each
 * entity they touch saved first (copying a large plan once per scenario would make checking
 * quadratic); tr_scenario_patch_undo puts every entity and parameter back as it was. */
typedef struct tr_scenario_saved {
    uint8_t kind;             /* tr_entity_kind, TR_E_COUNT for the model's parameters */
    uint32_t index;
    void *at, *copy;
    size_t size;
} tr_scenario_saved;

typedef struct tr_scenario_patch {
    tr_plan *plan;
    tr_scenario_saved *saved;
    size_t nsaved;
    tr_scenario_view mem;     /* owns the nested arrays the overrides grew */
} tr_scenario_patch;

/* 0; -1 out of memory; -2 when `extends` makes a cycle. Undo in every case. */
int tr_scenario_patch_apply(tr_scenario_patch *pt, tr_plan *p, int s);
void tr_scenario_patch_undo(tr_scenario_patch *pt);
/* The budget trees of a plan as written (a root and everything under it), with the
 * programs that book to each, built once for every scenario's budget check; it keeps
 * scratch space, so it is not shared between threads. */
typedef struct tr_budget_trees {
    uint32_t *root;                 /* per budget: its tree's root */
    uint32_t *bfirst, *budgets;     /* root r's budgets: budgets[bfirst[r] .. bfirst[r + 1]) */
    uint32_t *pfirst, *programs;    /* root r's programs, the same way */
    /* the programs that name role i in `for`: by_role[rfirst[i] .. rfirst[i + 1]); those
     * that come after milestone i in `after`, the same way: a scenario that overrides a role
     * or a milestone looks at its programs only, not at every program */
    uint32_t *rfirst, *by_role, *mfirst, *by_milestone;
    uint32_t *mark, epoch, *at;     /* scratch: trees marked this time, new numbers */
    uint32_t *marked, nmarked;      /* scratch: the roots marked this time */
    uint32_t *orig;                 /* scratch: each kept program's index in the plan */
} tr_budget_trees;

void tr_budget_trees_build(tr_budget_trees *t, const tr_plan *p);
void tr_budget_trees_free(tr_budget_trees *t);

/* The patched plan cut down to the budget trees its overrides may have changed (what they
 * override, and the programs of an overridden role or milestone): those budgets and every
 * program that books to them, renumbered among themselves, so that the static budget check
 * costs what those trees cost, not the whole plan. The rest is the patched plan's. The
 * caller frees sub->budgets and sub->programs. */
void tr_scenario_budget_plan(const tr_scenario_patch *pt, tr_budget_trees *t, tr_plan *sub);

#endif
