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

#endif
