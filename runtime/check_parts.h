/* check_parts.h — what the modules of `trellis check` share: runtime/check.c (declarations,
 * the plan block, entities, the whole plan), check_value.c (one value per schema type),
 * check_block.c (a block's members and nested blocks) and check_scenario.c (overrides, and
 * each scenario as a whole plan). Not for callers outside check: they use check.h.
 * Ownership: everything is the tr_resolver's and its arena's (runtime/resolve.h). */
#ifndef TR_CHECK_PARTS_H
#define TR_CHECK_PARTS_H

#include <stdbool.h>
#include <stdint.h>

#include "resolve.h"
#include "scenario.h"
#include "schema.h"
#include "structure.h"

/* ---- check.c ---- */

/* Does the block hold a syntax error? Then what is missing from it may only have failed
 * to parse: its required attributes are not asked for. */
bool tr_check_damaged(const tr_resolver *c, const tr_node *block);
/* How the program's cost is spent (c->file is the program's file): E304 when it cannot be. */
void tr_check_cost(tr_resolver *c, tr_program *p);
/* A goal's target against its metric's dimension (E302). */
void tr_check_goal_target(tr_resolver *c, uint32_t i);

/* ---- check_value.c ---- */

/* An attribute's values, checked against its spec: one, or a list (`for a, b`). NONE after
 * an error (reported). `block` is the kind of the block it is written in. */
tr_value tr_check_attr_value(tr_resolver *c, const tr_attr_spec *spec, const tr_node *attr, const char *block);
/* The first value of attribute `attr` as a string (a title kept apart from the offsets). */
tr_value tr_check_string(tr_resolver *c, const tr_attr_spec *s, const tr_node *attr);

/* ---- check_block.c ---- */

/* Where a nested block or an attribute stored apart goes: the owner knows its kinds. */
typedef void (*tr_check_nested_fn)(tr_resolver *c, const tr_node *member, const tr_attr_spec *spec, void *owner);

/* The nested blocks of the entity being checked, as tr_check_nested counts them. */
typedef struct tr_check_nest {
    void *entity;
    tr_entity_kind kind;
    uint32_t nprom, nphase, nprod;
    const tr_node *phase_at[3];   /* the name of each phase declared so far */
} tr_check_nest;

/* The members of one block, checked against the schema and stored at base + offset (the
 * common attributes in `common`'s). Nested blocks go to `nested`, which knows their kinds. */
void tr_check_members(tr_resolver *c, const tr_node *block, const char *kind, void *base, tr_entity *common, tr_check_nested_fn nested,
                      void *owner);
/* The nested blocks of roles and programs, and measure values and goal metrics (owner is a
 * tr_check_nest). */
void tr_check_nested(tr_resolver *c, const tr_node *m, const tr_attr_spec *s, void *owner);
/* E204 with "did you mean"; returns the suggestion (a schema name), or NULL. */
const char *tr_check_unknown_attr(tr_resolver *c, const char *block, const tr_node *path);
/* E203, at the top (`top`) or inside block kind `inside`, with "did you mean". */
void tr_check_unknown_block(tr_resolver *c, const tr_node *kind, bool top, const char *inside);
/* E210 at `again`, with the first place: an attribute that is not repeatable, given twice. */
void tr_check_given_twice(tr_resolver *c, const tr_attr_spec *s, const char *name, const tr_node *again, const tr_source *first_src,
                          const tr_node *first);
/* An allow or deny list, for the lints (tr_plan.lint_lists). */
void tr_check_note_lint_list(tr_resolver *c, const tr_attr_spec *s, const tr_node *attr, const tr_node *in, const char *block);
/* Store a checked value at base + offset, or in the entity's common part. */
void tr_check_store_value(tr_resolver *c, const tr_attr_spec *s, void *base, tr_entity *entity, const tr_value *v);

/* ---- check_scenario.c ---- */

/* Scenario i's own attributes and its overrides, checked like what they replace. */
void tr_check_scenario(tr_resolver *c, uint32_t i);
/* Scenario s as a whole plan: the passes its overrides can change, run with them applied;
 * `trees` holds the plan's budget trees and `bookings` its bound on bookings, both of the
 * plan as written, built on first use. */
void tr_check_scenario_plan(tr_resolver *c, uint32_t s, tr_budget_trees *trees, tr_bookings *bookings);

#endif
