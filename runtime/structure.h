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
/* The bound on bookings of a plan as written, kept for its scenarios, so that each checks
 * only the roles and programs it changes, not every program again (a plan with many
 * scenarios would be quadratic). Owned here: tr_bookings_free. */
typedef struct tr_bookings {
    bool built;
    int minor;                   /* of the plan's currency */
    double *bound;               /* per role: the most people it may reach by itself */
    uint32_t *group;             /* per role: its promotion group's root (union-find) */
    double *group_people;        /* per root: the group's people, all roles together */
    bool *promoting;             /* per root: does a role of the group promote? */
    double *its, total;          /* per program, all together: minor units it may book */
    bool requires;               /* tr_structure_uses_requires; then each program's months, */
    int32_t *first, *last;       /* 0-based, by the simulation's schedule */
    uint32_t *mark, epoch;       /* scratch: the programs looked at this time */
} tr_bookings;
void tr_bookings_build(tr_bookings *b, const tr_plan *p);
void tr_bookings_free(tr_bookings *b);
/* The bound on r's plan, which is b's with the headcount or growth of roles[] and the
 * cost, hours, `for` or duration of programs[] changed; role i's programs (in `for`, as
 * written) are by_role[rfirst[i] .. rfirst[i + 1]). A changed role in a group with
 * promotions changes every bound of its group: the whole plan is looked at. */
void tr_structure_bookings_changed(tr_resolver *r, tr_bookings *b, const uint32_t *roles, size_t nroles, const uint32_t *programs,
                                   size_t nprograms, const uint32_t *rfirst, const uint32_t *by_role);
/* Each budget's yearly spend at the starting headcounts against its amount (E501), in the
 * months the simulation runs each program; `requires`: tr_structure_uses_requires of the
 * plan, worked out once by a caller that checks many scenarios, which may also give each
 * program's months (first, last: 0-based, as tr_bookings keeps them) when it knows them. */
void tr_structure_budgets(tr_resolver *r, bool requires, const int32_t *first, const int32_t *last);
/* Does a milestone `require` a program? Programs after it then start when the run says,
 * which the budget check works out from the whole plan (runtime/lower.h's schedule). */
bool tr_structure_uses_requires(const tr_plan *p);

#endif
