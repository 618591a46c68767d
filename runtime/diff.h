/* diff.h — the entity diff of two checked plans: what was added, removed and changed, by
 * entity and attribute, for `trellis diff`; rendered as text, markdown or JSON into a
 * caller's tr_buf (nothing prints).
 * Ownership: a tr_plan_diff owns its changes and their strings (tr_plan_diff_free); it
 * keeps no pointer into the plans. */
#ifndef TR_DIFF_H
#define TR_DIFF_H

#include <stddef.h>

#include "buf.h"
#include "plan.h"
#include "whatif.h"

typedef enum tr_change_kind { TR_CHANGE_ADDED, TR_CHANGE_REMOVED, TR_CHANGE_CHANGED } tr_change_kind;

typedef struct tr_attr_change {
    char *attr;          /* "hours", "gains.selling", "value" */
    char *old_text, *new_text;   /* as written (NULL when absent) */
} tr_attr_change;

typedef struct tr_entity_change {
    tr_change_kind kind;
    tr_entity_kind entity;       /* TR_E_COUNT: the plan block or the model */
    char *name;
    tr_attr_change *attrs;
    size_t nattrs;
} tr_entity_change;

typedef struct tr_plan_diff {
    tr_entity_change *v;
    size_t n, cap;
} tr_plan_diff;

/* What differs between two checked plans, entity by entity (by name) and attribute by
 * attribute, in declaration order of the new plan (removed entities after). Entities of
 * the standard library are the same on both sides and never show. */
void tr_plan_diff_build(tr_plan_diff *d, const tr_plan *old_plan, const tr_plan *new_plan);
void tr_plan_diff_free(tr_plan_diff *d);
void tr_plan_diff_render(tr_buf *out, const tr_plan_diff *d, tr_whatif_format f);

/* A checked value as the plan wrote it (its source text), or in canonical units when it
 * was a default: for :show and the entity diff. */
void tr_whatif_value_text(tr_buf *out, const tr_plan *p, const tr_value *v);

#endif
