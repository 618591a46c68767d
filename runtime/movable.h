/* movable.h — which metric calls the programs of a plan can move (MODEL.md: a program's
 * gains, carried by promotions; enrolment and the quit hazard; hiring; budgets), asked by
 * the goal-without-measure lint of each goal's metric.
 * Ownership: a tr_movable is made from one checked plan and borrows it; it owns only its
 * own arrays, freed by tr_movable_free. */
#ifndef TR_MOVABLE_H
#define TR_MOVABLE_H

#include <stdbool.h>

#include "buf.h"
#include "plan.h"

typedef struct tr_movable tr_movable;

/* What the plan's programs can move, gathered once: linear in the plan's size (and in the
 * role-skill pairs that promotions carry). */
tr_movable *tr_movable_new(const tr_plan *p);
void tr_movable_free(tr_movable *mv);
/* Whether some metric call that `m` reads (through measures too) can be moved by a
 * program; when none can, the reason for the first one is appended to `why` (empty for a
 * constant). */
bool tr_movable_metric(const tr_movable *mv, const tr_metric *m, tr_buf *why);

#endif
