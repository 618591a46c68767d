/* structure.h — the checks over a whole plan once every attribute has its value: cycles
 * (reports_to, budget parents, scenario extends, milestone order), dates inside the
 * horizon, and the static budget check (LANGUAGE.md sections 4-5, MODEL.md section 4).
 * Ownership: nothing is kept; diagnostics go to the resolver's list. */
#ifndef TR_STRUCTURE_H
#define TR_STRUCTURE_H

#include "resolve.h"

void tr_structure_check(tr_resolver *r);
/* The bound on what the programs book, a month and over the horizon (E412); part of
 * tr_structure_check, alone for a scenario that changes only headcounts or costs. */
void tr_structure_bookings(tr_resolver *r);
/* Each budget's yearly spend at the starting headcounts against its amount (E501), in the
 * months the simulation runs each program. */
void tr_structure_budgets(tr_resolver *r);
/* Does a milestone `require` a program? Programs after it then start when the run says,
 * which the budget check works out from the whole plan (runtime/lower.h's schedule). */
bool tr_structure_uses_requires(const tr_plan *p);

#endif
