/* units.h — dimensions (money, time, people), the unit words, calendar conversions and
 * dates, as LANGUAGE.md section 4 defines them.
 * Ownership: pure functions and static tables; nothing here allocates or keeps state. */
#ifndef TR_UNITS_H
#define TR_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* A dimension is the exponents of the three base quantities: `1286 USD per person per year`
 * is money^1 time^-1 people^-1. A dimensionless number (percentages included) is {0,0,0}. */
typedef struct tr_dim {
    int8_t money, time, people;
} tr_dim;

#define TR_DIM_NONE ((tr_dim){0, 0, 0})
#define TR_DIM_MONEY ((tr_dim){1, 0, 0})
#define TR_DIM_TIME ((tr_dim){0, 1, 0})
#define TR_DIM_PEOPLE ((tr_dim){0, 0, 1})

static inline tr_dim tr_dim_make(int money, int time, int people) {
    return (tr_dim){(int8_t)money, (int8_t)time, (int8_t)people};
}
static inline bool tr_dim_eq(tr_dim a, tr_dim b) {
    return a.money == b.money && a.time == b.time && a.people == b.people;
}
static inline tr_dim tr_dim_mul(tr_dim a, tr_dim b) {
    return tr_dim_make(a.money + b.money, a.time + b.time, a.people + b.people);
}
static inline tr_dim tr_dim_div(tr_dim a, tr_dim b) {
    return tr_dim_make(a.money - b.money, a.time - b.time, a.people - b.people);
}
/* Exponents beyond ±8 come only from pathological expressions; the checker refuses them. */
bool tr_dim_sane(tr_dim d);

/* The dimension in words, as messages print it: "money per person per time", "duration",
 * "people", "a number". */
void tr_dim_describe(tr_dim d, tr_buf *out);

/* Canonical units: money in the plan's currency, time in months, people in persons. */
#define TR_DAYS_PER_MONTH (365.25 / 12.0)

typedef enum tr_unit_kind { TR_UNIT_TIME, TR_UNIT_PEOPLE } tr_unit_kind;

/* The time units as written. All of them are one dimension, so a value keeps the one it was
 * written in beside its canonical months: `450 USD per hour` is spent per hour, `120k USD
 * per year` every month, and round(10 days) rounds days. */
typedef enum tr_time_unit { TR_TU_NONE, TR_TU_HOUR, TR_TU_DAY, TR_TU_WEEK, TR_TU_MONTH, TR_TU_YEAR } tr_time_unit;

/* The size of a time unit in months (TR_TU_NONE counts as `fallback`). */
double tr_time_unit_months(unsigned tu, tr_time_unit fallback);
/* The word of a time unit ("month"), or "year" for TR_TU_NONE. */
const char *tr_time_unit_word(unsigned tu);

/* A rate held per month (canonical and linear: `2.3% per month` is 0.023, `24% per year`
 * 0.02) as the yearly rate that compounds to it month by month (MODEL.md 2.1), `written`
 * (a value's units) saying the time unit it was written per (none: per year): r per period T is
 * 1 - (1 - r)^(12 months / T) a year, and for a rate that grows (1 + r)^(12 / T) - 1. */
double tr_rate_yearly(double per_month, uint8_t written, bool grows);

/* A value's written units in one byte: the time unit it counts (`2.1 hours`) in the low
 * nibble, the one it is per (`per hour`) in the high nibble. */
static inline unsigned tr_units_num(uint8_t u) { return u & 15u; }
static inline unsigned tr_units_den(uint8_t u) { return u >> 4; }
static inline uint8_t tr_units_make(unsigned num, unsigned den) { return (uint8_t)((num & 15u) | (den & 15u) << 4); }

/* One unit word other than a currency: `hours` is time, 1/(24 * 365.25/12) months. */
typedef struct tr_unit {
    const char *word;
    tr_dim dim;
    double months_or_persons;   /* the size of one of it, in canonical units */
    uint8_t time_unit;          /* tr_time_unit, TR_TU_NONE for people */
} tr_unit;

/* The unit word `word` (not NUL-terminated), or NULL. Currencies are the checker's business:
 * they depend on the plan block. */
const tr_unit *tr_unit_find(const char *word, size_t len);
/* Every unit word, for "did you mean" (NULL-terminated). */
const char *const *tr_unit_words(void);
/* Does the word look like an ISO 4217 code (three upper-case letters)? */
bool tr_unit_is_currency_code(const char *word, size_t len);

/* ---- dates -------------------------------------------------------------------------------- */

/* Days since 1970-01-01 of a Gregorian date; d == 0 means the first of the month. */
int32_t tr_date_days(int y, int m, int d);
void tr_date_civil(int32_t days, int *y, int *m, int *d);
/* The month index y*12 + (m-1) of a day number: plan months are counted with it. */
int32_t tr_date_month_index(int32_t days);
/* date + duration in months: whole months move along the calendar (2026-01-31 + 1 month is
 * 2026-02-28, 2026-03-31 - 1 month 2026-02-28); the fraction left (of the same sign) is
 * added as days (1 month = 365.25/12 days), rounded. */
int32_t tr_date_add_months(int32_t days, double months);
/* date + duration as the duration was written: in days, weeks or hours it moves by whole
 * days (2026-03-01 - 1 day is 2026-02-28), in months or years along the calendar. */
int32_t tr_date_add(int32_t days, double months, unsigned written_unit);
/* date - date, in months of 365.25/12 days. */
double tr_date_diff_months(int32_t a, int32_t b);
/* "2026-03" when the day is the first, else "2026-03-15". */
void tr_date_format(int32_t days, tr_buf *out);

/* The minor units in one unit of currency `code` (ISO 4217: 100 cents to the dollar, 1 for
 * JPY, 1000 fils to the dinar): what money is booked in, by the simulation and the checker. */
int tr_units_minor(const char *code);

/* 1234567.5 → "1,234,567.50" (two decimals when there is a fraction, else none). */
void tr_units_format_amount(double amount, tr_buf *out);

#endif
