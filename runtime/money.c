/* money.c — rounding, the ledger and budget overruns (see money.h). */
#include "money.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 2^53: beyond this a double no longer holds every whole number of cents. */
#define MONEY_LIMIT 9007199254740992.0

/* The decimal a double stands for: the shortest of 15, 16 or 17 significant digits that
 * gives it back. 15 digits may also stand for a neighbour a few ulps away, because
 * arithmetic on decimal inputs (0.109 x 5) lands there rather than on 0.545 itself. */
static void decimal_of(double x, char *buf, size_t len)
{
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, len, "%.*e", digits - 1, x);
        double back = strtod(buf, NULL);
        if (back == x) return;
        if (digits == 15 && fabs(back - x) <= 4 * (nextafter(fabs(x), INFINITY) - fabs(x))) return;
    }
}

/* |x| x 10^places rounded half to even, from the decimal digits of x (no binary error at
 * the tie): "d.ddde±E" has its integer part in the first E + 1 + places digits. */
static int64_t round_decimal(double x, int places)
{
    char buf[64];
    decimal_of(fabs(x), buf, sizeof buf);
    char digits[32];
    int nd = 0, exp10 = 0;
    for (const char *c = buf; *c; c++) {
        if (*c >= '0' && *c <= '9' && nd < 31) digits[nd++] = *c;
        if (*c == 'e') { exp10 = atoi(c + 1); break; }
    }
    int whole = exp10 + 1 + places;   /* digits before the point, once shifted */
    int64_t units = 0;
    for (int i = 0; i < whole; i++) units = units * 10 + (i < nd ? digits[i] - '0' : 0);
    /* the rest, against one half: above, below, or exactly a tie */
    int cmp = -1;
    if (whole >= 0 && whole < nd) {
        cmp = digits[whole] > '5' ? 1 : digits[whole] < '5' ? -1 : 0;
        for (int i = whole + 1; cmp == 0 && i < nd; i++)
            if (digits[i] != '0') cmp = 1;
    }
    if (cmp > 0 || (cmp == 0 && units % 2 != 0)) units++;
    return units;
}

/* Minor units that are a power of ten have `places` decimals; others (none in ISO 4217
 * today) have -1 and are rounded in binary. */
static int decimal_places(int minor_units)
{
    int places = 0;
    for (int x = minor_units; x > 1; x /= 10, places++)
        if (x % 10) return -1;
    return places;
}

int64_t tr_money_round(double amount, int minor_units, int *ok)
{
    double v = amount * (double)minor_units;
    if (!isfinite(v) || fabs(v) >= MONEY_LIMIT) {
        *ok = 0;
        return 0;
    }
    /* Far from a half, the nearest whole number is the same whatever the representation
     * error (a few ulps): take it. Near one, decide on the decimal the amount stands for,
     * so that 0.545 USD books 54 cents and 0.575 USD 58 (half to even), as written. */
    double f = v - floor(v), tol = fabs(v) * 1e-14 + 1e-12;
    int places = decimal_places(minor_units);
    if (fabs(f - 0.5) > tol || places < 0) {
        double r = f < 0.5 || (f == 0.5 && fmod(floor(v), 2) == 0) ? floor(v) : ceil(v);
        return (int64_t)r;
    }
    int64_t units = round_decimal(amount, places);
    return amount < 0 ? -units : units;
}

int tr_ledger_init(tr_ledger *l, const tr_model *m)
{
    memset(l, 0, sizeof *l);
    l->months = m->horizon;
    l->nprograms = m->programs.n;
    l->nbudgets = m->budgets.n;
    size_t w = (size_t)m->horizon + 1;
    l->program = calloc((size_t)m->programs.n * w + 1, sizeof *l->program);
    l->budget = calloc((size_t)m->budgets.n * w + 1, sizeof *l->budget);
    l->total = calloc(w, sizeof *l->total);
    l->program_budget = m->programs.budget;
    l->budget_parent = m->budgets.parent;
    if (!l->program || !l->budget || !l->total) {
        tr_ledger_free(l);
        return -1;
    }
    return 0;
}

void tr_ledger_free(tr_ledger *l)
{
    free(l->program);
    free(l->budget);
    free(l->total);
    memset(l, 0, sizeof *l);
}

void tr_ledger_book(tr_ledger *l, int month, int program, int64_t cents)
{
    if (month < 1 || month > l->months || program < 0 || program >= l->nprograms || cents == 0)
        return;
    size_t w = (size_t)l->months + 1;
    l->program[(size_t)program * w + (size_t)month] += cents;
    l->total[month] += cents;
    /* Validation guarantees the parent chain ends; the step bound is a second guard. */
    int steps = 0;
    for (int b = l->program_budget[program]; b >= 0 && steps <= l->nbudgets; b = l->budget_parent[b], steps++)
        l->budget[(size_t)b * w + (size_t)month] += cents;
}

static int64_t series_sum(const int64_t *s, int months, int from, int to)
{
    if (from < 1) from = 1;
    if (to > months) to = months;
    int64_t sum = 0;
    for (int m = from; m <= to; m++) sum += s[m];
    return sum;
}

int64_t tr_ledger_program_sum(const tr_ledger *l, int program, int from, int to)
{
    if (program < 0 || program >= l->nprograms) return 0;
    return series_sum(l->program + (size_t)program * ((size_t)l->months + 1), l->months, from, to);
}

int64_t tr_ledger_budget_sum(const tr_ledger *l, int budget, int from, int to)
{
    if (budget < 0 || budget >= l->nbudgets) return 0;
    return series_sum(l->budget + (size_t)budget * ((size_t)l->months + 1), l->months, from, to);
}

/* ---- overruns ------------------------------------------------------------------------- */

void tr_overruns_free(tr_overruns *o)
{
    for (int i = 0; i < o->n; i++) free(o->v[i].programs);
    free(o->v);
    memset(o, 0, sizeof *o);
}

/* Does program p book to budget b or to a budget below it? */
static int books_under(const tr_model *m, int p, int b)
{
    int steps = 0;
    for (int x = m->programs.budget[p]; x >= 0 && steps <= m->budgets.n; x = m->budgets.parent[x], steps++)
        if (x == b) return 1;
    return 0;
}

/* Append overrun o, with the programs that booked to the budget in months [from, to]
 * (outside o's window only, when o is about bookings outside it). */
static int add_overrun(const tr_ledger *l, const tr_model *m, tr_overruns *out, tr_overrun o,
                       int from, int to)
{
    if (out->n == out->cap) {
        int cap = out->cap ? out->cap * 2 : 8;
        tr_overrun *v = realloc(out->v, (size_t)cap * sizeof *v);
        if (!v) return -1;
        out->v = v;
        out->cap = cap;
    }
    o.period_total = tr_ledger_budget_sum(l, o.budget, from, to);
    if (o.kind == TR_OVERRUN_BEFORE_START && to >= o.window_start) to = o.window_start - 1;
    if (o.kind == TR_OVERRUN_AFTER_END && from <= o.window_end) from = o.window_end + 1;
    o.programs = NULL;
    o.nprograms = 0;
    for (int p = 0; p < m->programs.n; p++)
        if (books_under(m, p, o.budget) && tr_ledger_program_sum(l, p, from, to) != 0) {
            int *v = realloc(o.programs, (size_t)(o.nprograms + 1) * sizeof *v);
            if (!v) {
                free(o.programs);
                return -1;
            }
            o.programs = v;
            o.programs[o.nprograms++] = p;
        }
    out->v[out->n++] = o;
    return 0;
}

/* One period [from, to] of budget b with limit `limit` and window [ws, we]: the first
 * month whose running bookings pass the limit, and the first that books before the window
 * and after it, each reported once, in month order. */
static int check_period(const tr_ledger *l, const tr_model *m, tr_overruns *out, int b,
                        int year, int from, int to, int64_t limit, int ws, int we)
{
    const int64_t *s = l->budget + (size_t)b * ((size_t)l->months + 1);
    tr_overrun base = {.budget = b, .year = year, .limit = limit, .window_start = ws, .window_end = we};
    tr_overrun found[3];
    int n = 0, seen[3] = {0, 0, 0};
    int64_t run = 0;
    for (int month = from; month <= to; month++) {
        run += s[month];
        tr_overrun_kind k = month < ws ? TR_OVERRUN_BEFORE_START : TR_OVERRUN_AFTER_END;
        if ((month < ws || month > we) && s[month] != 0 && !seen[k]) {
            seen[k] = 1;
            found[n] = base;
            found[n].kind = k, found[n].month = month, found[n].booked = s[month];
            found[n].outside = k == TR_OVERRUN_BEFORE_START ? tr_ledger_budget_sum(l, b, from, ws - 1 < to ? ws - 1 : to)
                                                           : tr_ledger_budget_sum(l, b, we + 1 > from ? we + 1 : from, to);
            n++;
        }
        if (run > limit && !seen[TR_OVERRUN_EXCEEDED]) {
            seen[TR_OVERRUN_EXCEEDED] = 1;
            found[n] = base;
            found[n].kind = TR_OVERRUN_EXCEEDED, found[n].month = month, found[n].booked = run;
            n++;
        }
    }
    for (int i = 0; i < n; i++)
        if (add_overrun(l, m, out, found[i], from, to)) return -1;
    return 0;
}

int tr_money_overruns(const tr_ledger *l, const tr_model *m, tr_overruns *out)
{
    memset(out, 0, sizeof *out);
    for (int b = 0; b < m->budgets.n; b++) {
        int ok = 1;
        int64_t limit = tr_money_round(m->budgets.amount[b], m->minor_units, &ok);
        if (!ok) return -1;
        int ws = m->budgets.start[b] ? m->budgets.start[b] : 1;
        int we = m->budgets.end[b] ? m->budgets.end[b] : l->months;
        if (!m->budgets.per_year[b]) {
            if (check_period(l, m, out, b, 0, 1, l->months, limit, ws, we)) return -1;
            continue;
        }
        for (int year = 1; (year - 1) * 12 + 1 <= l->months; year++) {
            int from = (year - 1) * 12 + 1, to = year * 12 > l->months ? l->months : year * 12;
            if (check_period(l, m, out, b, year, from, to, limit, ws, we)) return -1;
        }
    }
    return 0;
}
