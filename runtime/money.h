/* money.h — exact bookkeeping of spend in whole minor units (cents): rounding, the ledger
 * of monthly bookings per program and per budget, and budget overruns.
 * Ownership: a tr_ledger owns its arrays (tr_ledger_free); a tr_overruns owns its
 * entries and their program lists (tr_overruns_free). */
#ifndef TR_MONEY_H
#define TR_MONEY_H

#include <stdint.h>

#include "model.h"

/* amount (currency units) in minor units, rounded half to even, once. Returns 0 and sets
 * *ok to 0 when the amount is not finite or does not fit in 53 bits of cents. */
int64_t tr_money_round(double amount, int minor_units, int *ok);

/* Monthly bookings: index [x * (months + 1) + m] for month m in 1..months (index 0 is
 * the start and stays 0). A budget's series holds what was booked to it and to every
 * budget below it. */
typedef struct tr_ledger {
    int months, nprograms, nbudgets;
    int64_t *program;           /* nprograms x (months + 1) */
    int64_t *budget;            /* nbudgets x (months + 1) */
    int64_t *total;             /* months + 1: every booking, budgeted or not */
    const int *program_budget;  /* borrowed from the model */
    const int *budget_parent;   /* borrowed from the model */
} tr_ledger;

/* 0 on success, -1 when out of memory. The ledger borrows the model's budget links. */
int tr_ledger_init(tr_ledger *l, const tr_model *m);
void tr_ledger_free(tr_ledger *l);
/* Book cents for program p in month m to the program, its budget and the budget's
 * ancestors, and the total. */
void tr_ledger_book(tr_ledger *l, int month, int program, int64_t cents);
/* Bookings of series s (program or budget) in months [from, to]. */
int64_t tr_ledger_program_sum(const tr_ledger *l, int program, int from, int to);
int64_t tr_ledger_budget_sum(const tr_ledger *l, int budget, int from, int to);

/* A budget exceeded, or booked outside its window. For a per-year budget the period is
 * plan year `year` (1-based); for a total budget, the horizon (year 0). `month` is the
 * first month it happened; `limit` the budget's amount for the period; `period_total` the
 * bookings of the whole period.
 * - EXCEEDED: the running bookings of the period passed the limit in `month`; `booked` is
 *   the bookings of the period up to and including it; programs[] the programs that booked
 *   to it (or below it) in the period, in index order.
 * - BEFORE_START / AFTER_END: a month before the budget's start or after its end booked
 *   to it, which has nothing to spend then; `month` is the first such month of the period,
 *   `booked` what it booked then, `outside` all the period booked on that side of the
 *   window [window_start, window_end], programs[] those that did. */
typedef enum { TR_OVERRUN_EXCEEDED, TR_OVERRUN_BEFORE_START, TR_OVERRUN_AFTER_END } tr_overrun_kind;

typedef struct tr_overrun {
    int budget, year, month;
    tr_overrun_kind kind;
    int64_t limit, booked, period_total, outside;
    int window_start, window_end;
    int *programs, nprograms;
} tr_overrun;

typedef struct tr_overruns { tr_overrun *v; int n, cap; } tr_overruns;

/* Find every overrun of the model's budgets in the ledger; 0, or -1 when out of memory
 * or an amount does not fit. */
int tr_money_overruns(const tr_ledger *l, const tr_model *m, tr_overruns *out);
void tr_overruns_free(tr_overruns *o);

#endif
