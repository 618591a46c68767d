/* diff.h — the entity diff of two checked plans: what was added, removed and changed, by
 * entity and attribute path (the paths a scenario overrides: hours, gains.selling,
 * promotion.manager.rate, phase.post.duration, product.playbook.review), the plan block,
 * the model's parameters and the constants; rendered as text or markdown into a caller's
 * tr_buf, or as a jansson array (nothing prints).
 * Ownership: a tr_plan_diff owns its changes and their strings (tr_plan_diff_free); it
 * keeps no pointer into the plans. A tr_plan_lets owns its names, texts and values. */
#ifndef TR_DIFF_H
#define TR_DIFF_H

#include <stddef.h>

#include <jansson.h>

#include "arena.h"
#include "buf.h"
#include "plan.h"
#include "whatif.h"

typedef enum tr_change_kind { TR_CHANGE_ADDED, TR_CHANGE_REMOVED, TR_CHANGE_CHANGED } tr_change_kind;

typedef struct tr_attr_change {
    char *attr;          /* "hours", "gains.selling", "promotion.manager.rate", "value" */
    char *old_text, *new_text;   /* as written (NULL when absent) */
    char *via;           /* written the same, but a constant it reads changed: "let coach_rate" */
} tr_attr_change;

typedef struct tr_entity_change {
    tr_change_kind kind;
    const char *what;    /* "role", "program"..., "plan", "model", "let" */
    char *name;          /* NULL for the plan block and the model */
    tr_attr_change *attrs;
    size_t nattrs;
} tr_entity_change;

typedef struct tr_plan_diff {
    tr_entity_change *v;
    size_t n, cap;
} tr_plan_diff;

/* The constants (`let`) of a plan's own files (not the standard library's), evaluated. */
typedef struct tr_plan_let {
    char *name;
    char *text;          /* the value as written, on one line */
    tr_value value;      /* node and src cleared: the files are gone */
} tr_plan_let;

typedef struct tr_plan_lets {
    tr_plan_let *v;
    size_t n;
    tr_arena *arena;     /* the values' lists */
} tr_plan_lets;

/* Read the constants of the plan rooted at `root` (its imports read again from disk). */
void tr_plan_lets_read(tr_plan_lets *out, const tr_plan *p, const tr_source *root, const char *stdlib);
void tr_plan_lets_free(tr_plan_lets *l);

/* What differs between two checked plans: the plan block, the model, the constants (when
 * lets are given), then entity by entity (by name) and attribute by attribute, in
 * declaration order of the new plan (removed entities after). Entities of the standard
 * library are the same on both sides and never show. */
void tr_plan_diff_build(tr_plan_diff *d, const tr_plan *old_plan, const tr_plan *new_plan, const tr_plan_lets *old_lets,
                        const tr_plan_lets *new_lets);
void tr_plan_diff_free(tr_plan_diff *d);
/* Text or markdown. */
void tr_plan_diff_render(tr_buf *out, const tr_plan_diff *d, tr_whatif_format f);
/* [{"change", "kind", "name", "attributes": [{"name", "old", "new", "via"}]}] */
json_t *tr_plan_diff_json(const tr_plan_diff *d);

/* A checked value as the plan wrote it (its source text), or in canonical units when it
 * was a default: for :show and the entity diff. */
void tr_whatif_value_text(tr_buf *out, const tr_plan *p, const tr_value *v);

#endif
