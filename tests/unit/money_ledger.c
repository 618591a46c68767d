/* money_ledger.c — rounding half to even, bookings up the budget tree, overruns. */
#include "money.h"

#include <math.h>
#include <stdio.h>

static int failures;

#define EXPECT(cond, ...) do { if (!(cond)) { failures++; \
    printf("FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } } while (0)

static void rounding(void)
{
    static const struct { double in; long long want; } cases[] = {
        /* 0.125 and 0.375 are exact in binary: true halves of a cent, to the even cent. */
        {0.125, 12}, {0.375, 38}, {-0.125, -12}, {64300.0, 6430000},
        {1286.0 / 12.0 * 600.0, 6430000}, {1.0 / 3.0, 33}, {2.0 / 3.0, 67}, {0.0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int ok = 1;
        long long got = (long long)tr_money_round(cases[i].in, 100, &ok);
        EXPECT(ok && got == cases[i].want, "round(%.17g) = %lld, want %lld", cases[i].in, got,
               cases[i].want);
    }
    /* Exact halves go to the even neighbour: 0.5 -> 0, 1.5 -> 2, 2.5 -> 2 (in cents). */
    int ok = 1;
    EXPECT(tr_money_round(0.5, 1, &ok) == 0 && tr_money_round(1.5, 1, &ok) == 2 &&
           tr_money_round(2.5, 1, &ok) == 2 && tr_money_round(-2.5, 1, &ok) == -2,
           "half to even in whole units");
    /* Ties as written in decimal, which binary cannot hold: 0.545 is stored a little above
     * a half cent and 0.575 a little below; both are halves as written, to the even cent.
     * At several magnitudes, negative amounts the mirror image, other minor units. */
    static const struct { double in; int mu; long long want; } ties[] = {
        {0.545, 100, 54}, {0.575, 100, 58}, {-0.545, 100, -54}, {-0.575, 100, -58},
        {1.005, 100, 100}, {1.015, 100, 102}, {2.675, 100, 268}, {-2.675, 100, -268},
        {1234.565, 100, 123456}, {1234.575, 100, 123458}, {987654321.125, 100, 98765432112},
        {1e12 + 0.015, 100, 100000000000002}, {1e12 + 0.025, 100, 100000000000002},
        {-(1e12 + 0.015), 100, -100000000000002}, {0.0005, 1000, 0}, {0.0015, 1000, 2},
        {12.5, 1, 12}, {13.5, 1, 14}, {-13.5, 1, -14}, {0.005, 100, 0}, {0.015, 100, 2},
        /* arithmetic on decimals lands beside the tie: still a tie as the plan wrote it */
        {0.109 * 5, 100, 54}, {0.115 * 5, 100, 58}, {1.09 * 50 / 100, 100, 54},
        /* not ties: the nearest cent, whatever the representation error */
        {0.5449, 100, 54}, {0.5451, 100, 55}, {-0.5451, 100, -55}, {4503599627370495.0, 1, 4503599627370495},
    };
    for (size_t i = 0; i < sizeof ties / sizeof ties[0]; i++) {
        ok = 1;
        long long got = (long long)tr_money_round(ties[i].in, ties[i].mu, &ok);
        EXPECT(ok && got == ties[i].want, "round(%.17g x %d) = %lld, want %lld", ties[i].in, ties[i].mu,
               got, ties[i].want);
    }
    ok = 1;
    tr_money_round(1e300, 100, &ok);
    EXPECT(!ok, "1e300 must not fit");
    ok = 1;
    tr_money_round(nan(""), 100, &ok);
    EXPECT(!ok, "NaN must not be rounded");
}

static void ledger(void)
{
    tr_model m;
    tr_model_init(&m);
    m.horizon = 24;
    int top = tr_model_add_budget(&m, "learning", 1000.00, 1, -1);
    int child = tr_model_add_budget(&m, "coaching", 300.00, 0, top);
    int other = tr_model_add_budget(&m, "other", 50.00, 0, -1);
    int a = tr_model_add_program(&m, "a", TR_MODEL_TRAINING, 0, TR_MODEL_COST_NONE);
    int b = tr_model_add_program(&m, "b", TR_MODEL_COACHING, 0, TR_MODEL_COST_NONE);
    int c = tr_model_add_program(&m, "c", TR_MODEL_COACHING, 0, TR_MODEL_COST_NONE);
    m.programs.budget[a] = top;
    m.programs.budget[b] = child;
    m.programs.budget[c] = -1;
    (void)other;
    char err[200];
    EXPECT(tr_model_validate(&m, err, sizeof err) == 0, "validate: %s", err);
    tr_ledger l;
    EXPECT(tr_ledger_init(&l, &m) == 0, "ledger init");
    for (int month = 1; month <= 24; month++) {
        tr_ledger_book(&l, month, a, 5000);   /* 50.00 a month: 600.00 a year */
        tr_ledger_book(&l, month, b, 2501);   /* 25.01 a month */
        tr_ledger_book(&l, month, c, 7);
    }
    EXPECT(tr_ledger_budget_sum(&l, child, 1, 24) == 24 * 2501, "child total");
    EXPECT(tr_ledger_budget_sum(&l, top, 1, 24) == 24 * (5000 + 2501), "parent holds child");
    EXPECT(tr_ledger_budget_sum(&l, other, 1, 24) == 0, "untouched budget");
    int64_t sum = 0;
    for (int month = 1; month <= 24; month++) sum += l.total[month];
    EXPECT(sum == tr_ledger_program_sum(&l, a, 1, 24) + tr_ledger_program_sum(&l, b, 1, 24) +
                      tr_ledger_program_sum(&l, c, 1, 24), "total is the sum of bookings");

    tr_overruns o;
    EXPECT(tr_money_overruns(&l, &m, &o) == 0, "overruns");
    /* learning: 75.01 a month against 1,000.00 a year -> passes in month 14 of each year
     * (13 x 75.01 = 975.13, 14 x 75.01 = 1050.14): month 14 does not exist in a year, so
     * the 12-month year books 900.12 and never passes. coaching: 300.00 total, passes when
     * 12 x 25.01 = 300.12 in month 12. */
    EXPECT(o.n == 1, "one overrun, got %d", o.n);
    if (o.n == 1) {
        EXPECT(o.v[0].budget == child && o.v[0].year == 0 && o.v[0].month == 12 &&
               o.v[0].limit == 30000 && o.v[0].booked == 30012 && o.v[0].period_total == 24 * 2501,
               "coaching overrun: month %d booked %lld", o.v[0].month, (long long)o.v[0].booked);
        EXPECT(o.v[0].nprograms == 1 && o.v[0].programs[0] == b, "the program that booked");
    }
    tr_overruns_free(&o);

    /* A per-year budget that a year passes, reported for that year with both programs. */
    m.budgets.amount[top] = 850.00;
    EXPECT(tr_money_overruns(&l, &m, &o) == 0, "overruns 2");
    int seen = 0;
    for (int i = 0; i < o.n; i++)
        if (o.v[i].budget == top) {
            seen++;
            /* 12 x 75.01 = 900.12 > 850.00, first passed at 12 x 75.01? 11 x 75.01 = 825.11,
             * so month 12 of year 1 and month 24 of year 2. */
            EXPECT(o.v[i].month == 12 * o.v[i].year && o.v[i].booked == 90012 &&
                   o.v[i].limit == 85000 && o.v[i].nprograms == 2,
                   "year %d month %d booked %lld", o.v[i].year, o.v[i].month, (long long)o.v[i].booked);
        }
    EXPECT(seen == 2, "learning exceeded in both years, got %d", seen);
    tr_overruns_free(&o);

    /* Outside its window a budget has nothing to spend. */
    m.budgets.amount[top] = 1e6;
    m.budgets.end[top] = 6;
    EXPECT(tr_money_overruns(&l, &m, &o) == 0, "overruns 3");
    seen = 0;
    for (int i = 0; i < o.n; i++)
        if (o.v[i].budget == top) {
            seen++;
            EXPECT(o.v[i].month == (o.v[i].year == 1 ? 7 : 13), "window: month %d", o.v[i].month);
            /* what it says: booked after its end (month 6), 75.01 that month, and all the
             * year booked after it: 6 months of year 1, 12 of year 2 */
            EXPECT(o.v[i].kind == TR_OVERRUN_AFTER_END && o.v[i].window_end == 6 && o.v[i].booked == 7501 &&
                   o.v[i].outside == (o.v[i].year == 1 ? 6 : 12) * 7501 && o.v[i].nprograms == 2,
                   "after its end: kind %d, booked %lld, outside %lld", (int)o.v[i].kind, (long long)o.v[i].booked,
                   (long long)o.v[i].outside);
        }
    EXPECT(seen == 2, "window overruns in both years, got %d", seen);
    tr_overruns_free(&o);

    /* Before its start, and exceeded too: both are reported, in month order. */
    m.budgets.end[top] = 0;
    m.budgets.start[top] = 3;
    m.budgets.amount[top] = 300.00;
    m.budgets.per_year[top] = 0;
    EXPECT(tr_money_overruns(&l, &m, &o) == 0, "overruns 4");
    int kinds = 0;
    for (int i = 0; i < o.n; i++) {
        if (o.v[i].budget != top) continue;
        if (o.v[i].kind == TR_OVERRUN_BEFORE_START) {
            kinds |= 1;
            EXPECT(o.v[i].month == 1 && o.v[i].outside == 2 * 7501, "before its start: month %d", o.v[i].month);
        }
        if (o.v[i].kind == TR_OVERRUN_EXCEEDED) {   /* 4 x 75.01 = 300.04 > 300.00 */
            kinds |= 2;
            EXPECT(o.v[i].month == 4 && o.v[i].booked == 30004, "exceeded: month %d", o.v[i].month);
        }
    }
    EXPECT(kinds == 3, "both kinds reported: %d", kinds);
    tr_overruns_free(&o);
    tr_ledger_free(&l);
    tr_model_free(&m);
}

int main(void)
{
    rounding();
    ledger();
    if (failures) {
        printf("money_ledger: %d failed\n", failures);
        return 1;
    }
    printf("money_ledger: ok\n");
    return 0;
}
