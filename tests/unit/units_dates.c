/* units_dates.c — date + duration and date - duration (LANGUAGE.md section 4): days and
 * weeks move by whole days, months and years along the calendar with month-end clamping,
 * and subtracting is the exact inverse direction (2026-03-01 - 1 day is 2026-02-28). */
#include "units.h"

#include <string.h>

#include "sim_test.h"

#define DAY_M (1.0 / TR_DAYS_PER_MONTH)

static void expect_date(int32_t got, const char *want, const char *what) {
    tr_buf b = {0};
    tr_date_format(got, &b);
    EXPECT(strcmp(b.data, want) == 0, "%s: got %s, want %s", what, b.data, want);
    tr_buf_free(&b);
}

static const struct {
    int y, m, d;
    double amount;      /* in the unit below */
    unsigned unit;      /* tr_time_unit */
    const char *want, *what;
} cases[] = {
    {2026, 3, 1, -1, TR_TU_DAY, "2026-02-28", "2026-03-01 - 1 day"},
    {2026, 1, 1, -1, TR_TU_DAY, "2025-12-31", "2026-01-01 - 1 day"},
    {2026, 3, 15, -2, TR_TU_WEEK, "2026-03", "2026-03-15 - 2 weeks"},
    {2026, 3, 1, 1, TR_TU_DAY, "2026-03-02", "2026-03-01 + 1 day"},
    {2026, 1, 1, 45, TR_TU_DAY, "2026-02-15", "2026-01-01 + 45 days"},
    {2026, 2, 20, 2, TR_TU_WEEK, "2026-03-06", "2026-02-20 + 2 weeks"},
    {2024, 3, 1, -1, TR_TU_DAY, "2024-02-29", "2024-03-01 - 1 day (leap year)"},
    {2026, 1, 31, 1, TR_TU_MONTH, "2026-02-28", "2026-01-31 + 1 month (clamped)"},
    {2026, 3, 31, -1, TR_TU_MONTH, "2026-02-28", "2026-03-31 - 1 month (clamped)"},
    {2024, 1, 31, 1, TR_TU_MONTH, "2024-02-29", "2024-01-31 + 1 month (leap year)"},
    {2026, 1, 1, -1, TR_TU_MONTH, "2025-12", "2026-01 - 1 month"},
    {2026, 3, 1, -14, TR_TU_MONTH, "2025-01", "2026-03 - 14 months"},
    {2026, 5, 31, -3, TR_TU_MONTH, "2026-02-28", "2026-05-31 - 3 months"},
    {2024, 2, 29, 1, TR_TU_YEAR, "2025-02-28", "2024-02-29 + 1 year (clamped)"},
    {2024, 2, 29, -4, TR_TU_YEAR, "2020-02-29", "2024-02-29 - 4 years"},
    {2026, 1, 1, -1, TR_TU_YEAR, "2025-01", "2026-01 - 1 year"},
    {2026, 1, 1, 30, TR_TU_YEAR, "2056-01", "2026-01 + 30 years"},
};

int main(void) {
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int32_t day = tr_date_days(cases[i].y, cases[i].m, cases[i].d);
        double months = cases[i].amount * tr_time_unit_months(cases[i].unit, TR_TU_MONTH);
        expect_date(tr_date_add(day, months, cases[i].unit), cases[i].want, cases[i].what);
    }
    /* a fraction of a month left over moves by days, in the direction of the whole */
    int32_t mar1 = tr_date_days(2026, 3, 1);
    expect_date(tr_date_add_months(mar1, -1.5), "2026-01-17", "2026-03-01 - 1.5 months");
    expect_date(tr_date_add_months(mar1, 1.5), "2026-04-16", "2026-03-01 + 1.5 months");
    expect_date(tr_date_add_months(mar1, -DAY_M), "2026-02-28", "a day as a fraction of a month, back");
    /* add then subtract the same days is the identity */
    for (int n = 1; n < 800; n += 7) {
        int32_t d0 = tr_date_days(2025, 11, 30);
        int32_t there = tr_date_add(d0, n * DAY_M, TR_TU_DAY);
        EXPECT(there - d0 == n, "+%d days moved %d", n, (int)(there - d0));
        EXPECT(tr_date_add(there, -n * DAY_M, TR_TU_DAY) == d0, "+%d days then -%d days", n, n);
    }
    DONE("units_dates");
}
