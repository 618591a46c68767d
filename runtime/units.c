/* units.c — the unit-word table, dimension names and calendar arithmetic. */
#include "units.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define HOUR (1.0 / (24.0 * TR_DAYS_PER_MONTH))
#define DAY (1.0 / TR_DAYS_PER_MONTH)

/* LANGUAGE.md section 4: every unit word and its size in canonical units. */
static const tr_unit units[] = {
    {"hour", {0, 1, 0}, HOUR, TR_TU_HOUR},      {"hours", {0, 1, 0}, HOUR, TR_TU_HOUR},
    {"h", {0, 1, 0}, HOUR, TR_TU_HOUR},         {"day", {0, 1, 0}, DAY, TR_TU_DAY},
    {"days", {0, 1, 0}, DAY, TR_TU_DAY},        {"d", {0, 1, 0}, DAY, TR_TU_DAY},
    {"week", {0, 1, 0}, 7 * DAY, TR_TU_WEEK},   {"weeks", {0, 1, 0}, 7 * DAY, TR_TU_WEEK},
    {"w", {0, 1, 0}, 7 * DAY, TR_TU_WEEK},      {"month", {0, 1, 0}, 1, TR_TU_MONTH},
    {"months", {0, 1, 0}, 1, TR_TU_MONTH},      {"mo", {0, 1, 0}, 1, TR_TU_MONTH},
    {"year", {0, 1, 0}, 12, TR_TU_YEAR},        {"years", {0, 1, 0}, 12, TR_TU_YEAR},
    {"y", {0, 1, 0}, 12, TR_TU_YEAR},           {"person", {0, 0, 1}, 1, TR_TU_NONE},
    {"persons", {0, 0, 1}, 1, TR_TU_NONE},      {"people", {0, 0, 1}, 1, TR_TU_NONE},
    {"head", {0, 0, 1}, 1, TR_TU_NONE},         {"heads", {0, 0, 1}, 1, TR_TU_NONE},
    {"fte", {0, 0, 1}, 1, TR_TU_NONE},
};
enum { NUNITS = sizeof units / sizeof units[0] };

static const char *const unit_words[] = {
    "hour", "hours", "h", "day", "days", "d", "week", "weeks", "w", "month", "months", "mo",
    "year", "years", "y", "person", "persons", "people", "head", "heads", "fte", NULL,
};

/* Every unit after a number is looked up here, and most are currencies, which are in no
 * row: the first letter turns nearly every row down before its length is counted. */
const tr_unit *tr_unit_find(const char *word, size_t len) {
    if (len == 0) return NULL;
    for (size_t i = 0; i < NUNITS; i++)
        if (units[i].word[0] == word[0] && strlen(units[i].word) == len && memcmp(units[i].word, word, len) == 0) return &units[i];
    return NULL;
}

const char *const *tr_unit_words(void) { return unit_words; }

double tr_time_unit_months(unsigned tu, tr_time_unit fallback) {
    static const double months[] = {[TR_TU_HOUR] = HOUR, [TR_TU_DAY] = DAY, [TR_TU_WEEK] = 7 * DAY,
                                    [TR_TU_MONTH] = 1, [TR_TU_YEAR] = 12};
    if (tu == TR_TU_NONE || tu > TR_TU_YEAR) tu = fallback;
    return tu == TR_TU_NONE || tu > TR_TU_YEAR ? 1 : months[tu];
}

const char *tr_time_unit_word(unsigned tu) {
    static const char *const words[] = {[TR_TU_HOUR] = "hour", [TR_TU_DAY] = "day", [TR_TU_WEEK] = "week",
                                        [TR_TU_MONTH] = "month", [TR_TU_YEAR] = "year"};
    return tu == TR_TU_NONE || tu > TR_TU_YEAR ? "year" : words[tu];
}

double tr_rate_yearly(double per_month, uint8_t written, bool grows) {
    double T = tr_time_unit_months(tr_units_den(written), TR_TU_YEAR);
    double r = per_month * T;             /* the rate as written, per its own period */
    if (T == 12) return r;
    if (grows) return r <= -1 ? -1 : pow(1 + r, 12 / T) - 1;
    return r >= 1 ? 1 : 1 - pow(1 - r, 12 / T);
}

bool tr_unit_is_currency_code(const char *word, size_t len) {
    if (len != 3) return false;
    for (size_t i = 0; i < 3; i++)
        if (word[i] < 'A' || word[i] > 'Z') return false;
    return true;
}

bool tr_dim_sane(tr_dim d) {
    return d.money >= -8 && d.money <= 8 && d.time >= -8 && d.time <= 8 && d.people >= -8 &&
           d.people <= 8;
}

/* One base quantity with its exponent: "money", "people²"... written as words. */
static void describe_factor(tr_buf *out, const char *name, int exp, bool *first) {
    for (int i = 0; i < exp; i++) {
        tr_buf_printf(out, "%s%s", *first ? "" : " × ", name);
        *first = false;
    }
}

void tr_dim_describe(tr_dim d, tr_buf *out) {
    if (tr_dim_eq(d, TR_DIM_NONE)) { tr_buf_puts(out, "a number"); return; }
    if (tr_dim_eq(d, TR_DIM_TIME)) { tr_buf_puts(out, "duration"); return; }
    bool first = true;
    describe_factor(out, "money", d.money, &first);
    describe_factor(out, "people", d.people, &first);
    describe_factor(out, "time", d.time, &first);
    if (first) tr_buf_puts(out, "a number");
    for (int i = 0; i < -d.people; i++) tr_buf_puts(out, " per person");
    for (int i = 0; i < -d.time; i++) tr_buf_puts(out, " per time");
    for (int i = 0; i < -d.money; i++) tr_buf_puts(out, " per money");
}

/* ---- dates: Howard Hinnant's days_from_civil, exact for every Gregorian date ------------ */

int32_t tr_date_days(int y, int m, int d) {
    if (d == 0) d = 1;
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

void tr_date_civil(int32_t days, int *y, int *m, int *d) {
    int z = days + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

int32_t tr_date_month_index(int32_t days) {
    int y, m, d;
    tr_date_civil(days, &y, &m, &d);
    return (int32_t)(y * 12 + m - 1);
}

static int month_length(int y, int m) {
    static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : len[m - 1];
}

int32_t tr_date_add_months(int32_t days, double months) {
    /* toward zero, so that the fraction left has the sign of the whole: - 1 day is a day back */
    double whole = trunc(months);
    int y, m, d;
    tr_date_civil(days, &y, &m, &d);
    long idx = (long)y * 12 + (m - 1) + (long)whole;
    int ny = (int)(idx >= 0 ? idx / 12 : (idx - 11) / 12);
    int nm = (int)(idx - (long)ny * 12) + 1;
    int nd = d > month_length(ny, nm) ? month_length(ny, nm) : d;
    return tr_date_days(ny, nm, nd) + (int32_t)lround((months - whole) * TR_DAYS_PER_MONTH);
}

int32_t tr_date_add(int32_t days, double months, unsigned written_unit) {
    if (written_unit == TR_TU_HOUR || written_unit == TR_TU_DAY || written_unit == TR_TU_WEEK)
        return days + (int32_t)lround(months * TR_DAYS_PER_MONTH);
    return tr_date_add_months(days, months);
}

double tr_date_diff_months(int32_t a, int32_t b) { return (a - b) / TR_DAYS_PER_MONTH; }

void tr_date_format(int32_t days, tr_buf *out) {
    int y, m, d;
    tr_date_civil(days, &y, &m, &d);
    if (d == 1) tr_buf_printf(out, "%04d-%02d", y, m);
    else tr_buf_printf(out, "%04d-%02d-%02d", y, m, d);
}

void tr_units_format_amount(double amount, tr_buf *out) {
    char digits[64];
    double r = round(amount * 100) / 100;
    bool cents = fabs(r - round(r)) > 1e-9;
    snprintf(digits, sizeof digits, cents ? "%.2f" : "%.0f", fabs(r));
    if (r < 0) tr_buf_putc(out, '-');
    size_t intlen = strcspn(digits, ".");
    for (size_t i = 0; digits[i]; i++) {
        if (i < intlen && i > 0 && (intlen - i) % 3 == 0) tr_buf_putc(out, ',');
        tr_buf_putc(out, digits[i]);
    }
}

/* Minor units of the currencies that do not have 100 (ISO 4217). */
int tr_units_minor(const char *code) {
    static const struct { const char *code; int units; } t[] = {
        {"JPY", 1}, {"KRW", 1}, {"ISK", 1}, {"CLP", 1}, {"VND", 1}, {"XAF", 1}, {"XOF", 1},
        {"BHD", 1000}, {"KWD", 1000}, {"OMR", 1000}, {"JOD", 1000}, {"TND", 1000},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(code, t[i].code) == 0) return t[i].units;
    return 100;
}
