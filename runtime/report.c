/* report.c — text, JSON and CSV renderings of a tr_sim_result (see report.h). */
#include "report.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- pieces ---------------------------------------------------------------------------- */

/* Digits of a non-negative whole number with a comma every three. */
static void put_grouped(tr_buf *out, unsigned long long whole)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%llu", whole);
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0) tr_buf_putc(out, ',');
        tr_buf_putc(out, digits[i]);
    }
}

void tr_report_number(tr_buf *out, double value, int decimals)
{
    if (!isfinite(value)) {
        tr_buf_puts(out, isnan(value) ? "n/a" : value > 0 ? "inf" : "-inf");
        return;
    }
    if (decimals < 0) decimals = 0;
    if (decimals > 6) decimals = 6;
    double scale = pow(10, decimals), v = round(fabs(value) * scale);
    if (v >= 1e18) {    /* too large to group exactly: plain notation */
        tr_buf_printf(out, "%.*g", 6, value);
        return;
    }
    unsigned long long units = (unsigned long long)v, s = (unsigned long long)scale;
    if (value < 0 && units != 0) tr_buf_putc(out, '-');
    put_grouped(out, units / s);
    if (decimals) tr_buf_printf(out, ".%0*llu", decimals, units % s);
}

void tr_report_money(tr_buf *out, int64_t minor, int minor_units, const char *currency)
{
    if (minor_units < 1) minor_units = 1;
    unsigned long long mag = minor < 0 ? 0ull - (unsigned long long)minor : (unsigned long long)minor;
    unsigned long long mu = (unsigned long long)minor_units;
    if (minor < 0) tr_buf_putc(out, '-');
    put_grouped(out, mag / mu);
    if (mag % mu) {
        int places = 0;
        for (int x = minor_units; x > 1; x /= 10) places++;
        tr_buf_printf(out, ".%0*llu", places, mag % mu);
    }
    if (currency && *currency) tr_buf_printf(out, " %s", currency);
}

void tr_report_month(tr_buf *out, const tr_model *model, int month)
{
    int index = (model->start_year * 12 + model->start_month - 1) + month - 1;
    tr_buf_printf(out, "%04d-%02d", index / 12, index % 12 + 1);
}

/* ---- units ---------------------------------------------------------------------------- */

/* Does the dimensionless value of node `expr` read as a share? The metrics that are shares
 * are; sums, differences, products, extremes and rounding of them are; a share divided by
 * anything but a share is; a ratio of two shares, a count or a truth value is a number. */
static bool expr_is_share(const tr_model *m, int expr, int depth)
{
    static const bool share_metric[TR_METRIC_COUNT_] = {
        [TR_METRIC_RETENTION] = true, [TR_METRIC_ATTRITION] = true, [TR_METRIC_KNOWLEDGE] = true,
        [TR_METRIC_BEHAVIOR] = true, [TR_METRIC_PRODUCTIVITY] = true, [TR_METRIC_ROI] = true,
        [TR_METRIC_PARTICIPATION] = true, [TR_METRIC_ALIGNMENT] = true,
    };
    if (expr < 0 || expr >= m->nexprs || depth > 64) return false;
    const tr_model_expr *e = &m->exprs[expr];
    if (e->percent) return true;
    switch (e->op) {
    case TR_EXPR_CONST: return false;
    case TR_EXPR_METRIC:
        if (e->metric == TR_METRIC_MEASURE)
            return e->a >= 0 && e->a < m->measures.n && !m->measures.unit[e->a] && expr_is_share(m, m->measures.expr[e->a], depth + 1);
        return (unsigned)e->metric < TR_METRIC_COUNT_ && share_metric[e->metric];
    case TR_EXPR_DIV: return expr_is_share(m, e->args[0], depth + 1) && !expr_is_share(m, e->args[1], depth + 1);
    case TR_EXPR_LT: case TR_EXPR_LE: case TR_EXPR_GT: case TR_EXPR_GE: case TR_EXPR_EQ:
    case TR_EXPR_NE: case TR_EXPR_AND: case TR_EXPR_OR: case TR_EXPR_NOT:
        return false;
    case TR_EXPR_IF: return expr_is_share(m, e->args[1], depth + 1) || expr_is_share(m, e->args[2], depth + 1);
    default:
        for (int i = 0; i < e->nargs; i++)
            if (expr_is_share(m, e->args[i], depth + 1)) return true;
        return false;
    }
}

tr_report_unit tr_report_expr_unit(const tr_model *m, int expr)
{
    tr_report_unit u = TR_REPORT_NUMBER;
    if (expr < 0 || expr >= m->nexprs) return u;
    const tr_model_expr *e = &m->exprs[expr];
    u.dim = e->dim;
    u.share = tr_dim_eq(u.dim, TR_DIM_NONE) && expr_is_share(m, expr, 0);
    if (e->op == TR_EXPR_METRIC && e->metric == TR_METRIC_MEASURE && e->a >= 0 && e->a < m->measures.n)
        u.label = m->measures.unit[e->a];
    if (u.label) u.share = false;   /* a declared unit labels the number as it is */
    return u;
}

tr_report_unit tr_report_measure_unit(const tr_model *m, int measure)
{
    if (measure < 0 || measure >= m->measures.n) return TR_REPORT_NUMBER;
    tr_report_unit u = tr_report_expr_unit(m, m->measures.expr[measure]);
    if (m->measures.unit[measure]) u.label = m->measures.unit[measure], u.share = false;
    return u;
}

tr_report_unit tr_report_goal_unit(const tr_model *m, int goal)
{
    return goal >= 0 && goal < m->goals.n ? tr_report_expr_unit(m, m->goals.expr[goal]) : TR_REPORT_NUMBER;
}

bool tr_report_unit_is_share(tr_report_unit u) { return u.share && !u.label; }

static bool unit_is_money(tr_report_unit u) { return u.dim.money == 1; }

/* Decimal places of the currency's minor unit (2 for cents), 0 when it is not a power of 10. */
static int money_places(const tr_model *m)
{
    int places = 0;
    for (int x = m->minor_units > 0 ? m->minor_units : 1; x > 1; x /= 10, places++)
        if (x % 10) return 0;
    return places;
}

/* A value as shown: `units` / 10^decimals of the unit as printed (a share in percent, a
 * rate per year), or, when too large for that, the scaled double alone. */
typedef struct shown {
    double x;            /* the value in the unit as printed */
    long long units;     /* x rounded to `decimals` */
    int decimals;
    bool exact;          /* units holds it (finite, below 10^18 units) */
    bool drop_zero_fraction;   /* money: "9,005 USD" rather than "9,005.00 USD" */
} shown;

static shown shown_of(const tr_model *m, tr_report_unit u, double v)
{
    shown s = {v, 0, 2, false, false};
    s.x *= tr_report_unit_scale(u);   /* per month -> per year */
    bool plain = tr_dim_eq(u.dim, TR_DIM_NONE);
    if (unit_is_money(u)) {
        s.decimals = money_places(m), s.drop_zero_fraction = true;
    } else if (!u.label && plain && u.share) {
        s.x *= 100, s.decimals = 1;
    } else if (!u.label && tr_dim_eq(u.dim, tr_dim_make(0, u.dim.time, 1)) && u.dim.time <= 0) {
        s.decimals = 1;   /* people, people per year */
    } else if (!u.label && tr_dim_eq(u.dim, TR_DIM_TIME)) {
        s.decimals = 1;   /* months */
    }
    double scaled = round(fabs(s.x) * pow(10, s.decimals));
    if (isfinite(s.x) && scaled < 1e18) {
        s.exact = true;
        s.units = (long long)scaled * (s.x < 0 ? -1 : 1);
    }
    return s;
}

/* |units| / 10^decimals with separators; the fraction dropped when asked and it is 0. */
static void put_units(tr_buf *out, const shown *s, long long units)
{
    unsigned long long mag = units < 0 ? 0ull - (unsigned long long)units : (unsigned long long)units, scale = 1;
    for (int i = 0; i < s->decimals; i++) scale *= 10;
    put_grouped(out, mag / scale);
    if (s->decimals && !(s->drop_zero_fraction && mag % scale == 0)) tr_buf_printf(out, ".%0*llu", s->decimals, mag % scale);
}

/* The unit's words after a number: " USD per year", " people", "%", " kUSD". */
static void put_unit_words(tr_buf *out, const tr_model *m, tr_report_unit u, bool plural, bool per_year)
{
    if (u.label) {
        tr_buf_printf(out, " %s", u.label);
        return;
    }
    const tr_dim d = u.dim;
    if (tr_dim_eq(d, TR_DIM_NONE)) {
        if (u.share) tr_buf_putc(out, '%');
        return;
    }
    for (int i = 0; i < d.money; i++) tr_buf_printf(out, " %s", m->currency);
    for (int i = 0; i < d.people; i++) tr_buf_puts(out, i ? " person" : plural ? " people" : " person");
    for (int i = 0; i < d.time; i++) tr_buf_puts(out, i ? " month" : plural ? " months" : " month");
    for (int i = 0; i < -d.people; i++) tr_buf_puts(out, " per person");
    for (int i = 0; i < -d.time; i++) tr_buf_puts(out, per_year ? " per year" : " per month");
    for (int i = 0; i < -d.money; i++) tr_buf_printf(out, " per %s", m->currency);
}

void tr_report_value(tr_buf *out, const tr_model *m, tr_report_unit unit, double value)
{
    if (!isfinite(value)) {
        tr_buf_puts(out, isnan(value) ? "n/a" : value > 0 ? "inf" : "-inf");
        return;
    }
    shown s = shown_of(m, unit, value);
    if (!s.exact) tr_buf_printf(out, "%.6g", s.x);
    else {
        if (s.units < 0) tr_buf_putc(out, '-');
        put_units(out, &s, s.units);
    }
    bool one = s.exact && s.decimals == 0 && (s.units == 1 || s.units == -1);
    put_unit_words(out, m, unit, !one, true);
}

void tr_report_difference(tr_buf *out, const tr_model *m, tr_report_unit unit, double from, double to)
{
    shown a = shown_of(m, unit, from), b = shown_of(m, unit, to);
    tr_report_unit words = unit;
    if (tr_report_unit_is_share(unit)) words.share = false;   /* "+2.5 pt", not "+2.5%" */
    if (!a.exact || !b.exact) {
        double d = b.x - a.x;
        tr_buf_printf(out, "%s%.6g", d > 0 ? "+" : "", d);
    } else {
        long long d = b.units - a.units;
        tr_buf_puts(out, d > 0 ? "+" : d < 0 ? "-" : "±");
        put_units(out, &b, d);
    }
    if (tr_report_unit_is_share(unit)) tr_buf_puts(out, " pt");
    else put_unit_words(out, m, words, true, true);
}

bool tr_report_same_shown(const tr_model *m, tr_report_unit unit, double a, double b)
{
    shown x = shown_of(m, unit, a), y = shown_of(m, unit, b);
    if (x.exact && y.exact) return x.units == y.units;
    return x.exact == y.exact && (x.x == y.x || (isnan(x.x) && isnan(y.x)));
}

void tr_report_unit_words(tr_buf *out, const tr_model *m, tr_report_unit unit, bool shown_unit)
{
    tr_report_unit u = unit;
    if (!shown_unit) u.label = NULL, u.share = false;
    tr_buf b = {0};
    put_unit_words(&b, m, u, true, shown_unit);
    tr_buf_puts(out, b.data && b.data[0] == ' ' ? b.data + 1 : b.data ? b.data : "");
    tr_buf_free(&b);
}

double tr_report_unit_scale(tr_report_unit u)
{
    double k = 1;
    for (int i = 0; i < -u.dim.time; i++) k *= 12;
    return k;
}

const char *tr_report_unit_kind(tr_report_unit u)
{
    if (tr_dim_eq(u.dim, TR_DIM_NONE)) return u.share ? "share" : "number";
    if (tr_dim_eq(u.dim, TR_DIM_MONEY)) return "money";
    if (tr_dim_eq(u.dim, TR_DIM_PEOPLE)) return "people";
    if (tr_dim_eq(u.dim, TR_DIM_TIME)) return "duration";
    return "quantity";
}

static const char *const bound_text[] = {"<", "<=", ">", ">=", "==", "!="};
static const char *const level_text[] = {"", "reaction", "learning", "behavior", "results", "roi"};

static const char *bound_name(tr_model_bound op) { return (unsigned)op <= TR_MODEL_NE ? bound_text[op] : "?"; }
static const char *level_name(tr_model_level l) { return (unsigned)l <= TR_MODEL_LEVEL_ROI ? level_text[l] : ""; }

/* ---- text ------------------------------------------------------------------------------ */

static int nyears(const tr_sim_result *r) { return (r->months + 11) / 12; }
static int year_end(const tr_sim_result *r, int y) { return y * 12 < r->months ? y * 12 : r->months; }

static int name_width(char *const *names, int n, int least)
{
    int w = least;
    for (int i = 0; i < n; i++) {
        int len = (int)strlen(names[i]);
        if (len > w) w = len;
    }
    return w;
}

/* A number with separators, right-aligned in `width` columns. */
static void put_number_right(tr_buf *out, double value, int decimals, int width)
{
    tr_buf tmp = {0};
    tr_report_number(&tmp, value, decimals);
    tr_buf_printf(out, "%*s", width, tmp.data ? tmp.data : "");
    tr_buf_free(&tmp);
}

static void text_header(tr_buf *out, const tr_model *m, const tr_sim_result *r)
{
    tr_buf_printf(out, "Plan: %s\n  ", m->title && *m->title ? m->title : "(untitled)");
    if (m->scenario) tr_buf_printf(out, "scenario %s, ", m->scenario);
    tr_report_month(out, m, 1);
    tr_buf_puts(out, " to ");
    tr_report_month(out, m, r->months);
    tr_buf_printf(out, " (%d month%s), currency %s, ", r->months, r->months == 1 ? "" : "s", m->currency);
    if (r->runs > 0) tr_buf_printf(out, "%d Monte Carlo run%s\n", r->runs, r->runs == 1 ? "" : "s");
    else tr_buf_puts(out, "deterministic run\n");
}

static void text_headcount(tr_buf *out, const tr_model *m, const tr_sim_result *r)
{
    if (!r->nroles) return;
    int w = name_width(m->roles.name, m->roles.n, 4), years = nyears(r);
    size_t W = (size_t)r->months + 1;
    /* columns as wide as their widest number (1,234,567.8 people) and two spaces, and at
     * least as wide as a month */
    int cw = 10;
    for (int i = 0; i < r->nroles; i++)
        for (int y = 0; y <= years; y++) {
            tr_buf tmp = {0};
            tr_report_number(&tmp, r->headcount[(size_t)i * W + (size_t)(y ? year_end(r, y) : 0)], 1);
            if ((int)tmp.len + 2 > cw) cw = (int)tmp.len + 2;
            tr_buf_free(&tmp);
        }
    tr_buf_printf(out, "\nHeadcount (people, end of each plan year)\n  %-*s  %*s", w, "role", cw, "start");
    for (int y = 1; y <= years; y++) {
        tr_buf month = {0};
        tr_report_month(&month, m, year_end(r, y));
        tr_buf_printf(out, "%*s", cw, month.data ? month.data : "");
        tr_buf_free(&month);
    }
    tr_buf_putc(out, '\n');
    for (int i = 0; i < r->nroles; i++) {
        tr_buf_printf(out, "  %-*s  ", w, m->roles.name[i]);
        for (int y = 0; y <= years; y++)
            put_number_right(out, r->headcount[(size_t)i * W + (size_t)(y ? year_end(r, y) : 0)], 1, cw);
        tr_buf_putc(out, '\n');
    }
}

static void text_budgets(tr_buf *out, const tr_model *m, const tr_sim_result *r)
{
    if (!r->nbudgets) return;
    int years = nyears(r), mu = m->minor_units;
    tr_buf_puts(out, "\nSpend per budget (per plan year, against its amount)\n");
    for (int b = 0; b < r->nbudgets; b++) {
        int ok = 1;
        int64_t amount = tr_money_round(m->budgets.amount[b], mu, &ok);
        tr_buf_printf(out, "  %s: ", m->budgets.name[b]);
        tr_report_money(out, amount, mu, m->currency);
        tr_buf_puts(out, m->budgets.per_year[b] ? " per year\n" : " in total\n");
        int64_t to_date = 0;
        for (int y = 1; y <= years; y++) {
            int64_t spent = tr_ledger_budget_sum(&r->ledger, b, (y - 1) * 12 + 1, year_end(r, y));
            to_date += spent;
            tr_buf_puts(out, "    ");
            tr_report_month(out, m, year_end(r, y));
            tr_buf_puts(out, "  ");
            tr_report_money(out, spent, mu, m->currency);
            int64_t against = m->budgets.per_year[b] ? spent : to_date;
            if (amount > 0) {
                tr_buf_puts(out, m->budgets.per_year[b] ? " (" : " (to date ");
                tr_report_number(out, 100.0 * (double)against / (double)amount, 1);
                tr_buf_puts(out, "%)");
            }
            tr_buf_putc(out, '\n');
        }
    }
}

static void text_programs(tr_buf *out, const tr_model *m, const tr_sim_result *r)
{
    if (!r->nprograms) return;
    int w = name_width(m->programs.name, m->programs.n, 7);
    tr_buf_puts(out, "\nSpend per program (whole horizon)\n");
    for (int p = 0; p < r->nprograms; p++) {
        tr_buf_printf(out, "  %-*s  ", w, m->programs.name[p]);
        tr_report_money(out, tr_ledger_program_sum(&r->ledger, p, 1, r->months), m->minor_units, m->currency);
        tr_buf_putc(out, '\n');
    }
}

static void text_measures(tr_buf *out, const tr_model *m, const tr_sim_result *r)
{
    if (!r->nmeasures) return;
    size_t W = (size_t)r->months + 1;
    tr_buf_puts(out, r->runs > 0 ? "\nMeasures (end of each plan year, P10 / P50 / P90)\n"
                                 : "\nMeasures (end of each plan year)\n");
    for (int i = 0; i < r->nmeasures; i++) {
        tr_report_unit u = tr_report_measure_unit(m, i);
        tr_buf_printf(out, "  %s", m->measures.name[i]);
        if (m->measures.level[i]) tr_buf_printf(out, " (%s)", level_name(m->measures.level[i]));
        tr_buf_putc(out, '\n');
        for (int y = 1; y <= nyears(r); y++) {
            size_t t = (size_t)year_end(r, y);
            tr_buf_puts(out, "    ");
            tr_report_month(out, m, (int)t);
            tr_buf_puts(out, "  ");
            if (r->runs > 0 && r->measure_q) {
                for (int q = 0; q < 3; q++) {
                    if (q) tr_buf_puts(out, " / ");
                    tr_report_value(out, m, u, r->measure_q[((size_t)i * 3 + (size_t)q) * W + t]);
                }
            } else {
                tr_report_value(out, m, u, r->measure[(size_t)i * W + t]);
            }
            tr_buf_putc(out, '\n');
        }
    }
}

static void text_goals(tr_buf *out, const tr_model *m, const tr_sim_result *r)
{
    if (!r->ngoals) return;
    tr_buf_puts(out, "\nGoals\n");
    for (int g = 0; g < r->ngoals; g++) {
        const tr_goal_outcome *o = &r->goals[g];
        tr_report_unit u = tr_report_goal_unit(m, g);
        tr_buf_printf(out, "  %s: %s ", m->goals.name[g], bound_name(m->goals.op[g]));
        tr_report_value(out, m, u, m->goals.target[g]);
        tr_buf_puts(out, " by ");
        tr_report_month(out, m, o->by);
        if (!o->judged) {
            tr_buf_puts(out, ": missed, its date is after the horizon (");
            tr_report_month(out, m, r->months);
            tr_buf_puts(out, ")");
            if (o->first_met) {
                tr_buf_puts(out, "; first met ");
                tr_report_month(out, m, o->first_met);
            }
            tr_buf_putc(out, '\n');
            continue;
        }
        if (r->runs > 0) {
            tr_buf_puts(out, ": met in ");
            tr_report_number(out, 100 * o->probability, 1);
            tr_buf_printf(out, "%% of runs; the deterministic run %s it", o->met ? "met" : "missed");
        } else {
            tr_buf_puts(out, o->met ? ": met" : ": missed");
        }
        tr_buf_puts(out, " (");
        tr_report_value(out, m, u, o->value);
        tr_buf_puts(out, " then), ");
        if (o->first_met) {
            tr_buf_puts(out, "first met ");
            tr_report_month(out, m, o->first_met);
        } else {
            tr_buf_puts(out, "never met");
        }
        tr_buf_putc(out, '\n');
    }
}

/* "exceeded in 2026-11 (plan year 2): 707,300 USD booked against 700,000 USD", or, for
 * bookings outside the budget's window, "booked in 2026-07, after its end (2026-06): ...". */
static void text_overrun(tr_buf *out, const tr_model *m, const tr_overrun *o)
{
    const char *cur = m->currency;
    int mu = m->minor_units;
    if (o->kind == TR_OVERRUN_EXCEEDED) {
        tr_buf_puts(out, "exceeded in ");
        tr_report_month(out, m, o->month);
        if (o->year) tr_buf_printf(out, " (plan year %d)", o->year);
        tr_buf_puts(out, ": ");
        tr_report_money(out, o->booked, mu, cur);
        tr_buf_puts(out, " booked against ");
        tr_report_money(out, o->limit, mu, cur);
        return;
    }
    int after = o->kind == TR_OVERRUN_AFTER_END;
    tr_buf_puts(out, "booked outside its window in ");
    tr_report_month(out, m, o->month);
    if (o->year) tr_buf_printf(out, " (plan year %d)", o->year);
    tr_buf_puts(out, after ? ", after its end (" : ", before its start (");
    if (after && o->window_end < 1) tr_buf_puts(out, "before the plan");
    else if (!after && o->window_start > m->horizon) tr_buf_puts(out, "after the plan");
    else tr_report_month(out, m, after ? o->window_end : o->window_start);
    tr_buf_puts(out, "): ");
    tr_report_money(out, o->booked, mu, cur);
    tr_buf_puts(out, " that month, ");
    tr_report_money(out, o->outside, mu, cur);
    tr_buf_puts(out, after ? " in all after it" : " in all before it");
    if (o->year) tr_buf_puts(out, " that year");
}

static void text_overruns(tr_buf *out, const tr_model *m, const tr_sim_result *r)
{
    if (!r->overruns.n) return;
    tr_buf_puts(out, "\nBudget overruns\n");
    for (int i = 0; i < r->overruns.n; i++) {
        const tr_overrun *o = &r->overruns.v[i];
        tr_buf_printf(out, "  %s: ", m->budgets.name[o->budget]);
        text_overrun(out, m, o);
        tr_buf_puts(out, o->nprograms ? "; programs: " : "");
        for (int j = 0; j < o->nprograms; j++)
            tr_buf_printf(out, "%s%s", j ? ", " : "", m->programs.name[o->programs[j]]);
        tr_buf_putc(out, '\n');
    }
}

/* "NAME VERB 2026-10", or "NAME never VERB" when month is 0. */
static void put_when(tr_buf *out, const tr_model *m, const char *name, const char *verb, int month)
{
    if (month > 0) {
        tr_buf_printf(out, "%s %s ", name, verb);
        tr_report_month(out, m, month);
    } else {
        tr_buf_printf(out, "%s never %s", name, verb);
    }
}

/* Each milestone: due, reached (or not within the horizon), what it waits for (the
 * milestones it comes after, the programs it requires and when they delivered) and the
 * programs that start after it, with their start months. */
static void text_milestones(tr_buf *out, const tr_model *m, const tr_sim_result *r)
{
    if (!m->milestones.n) return;
    const tr_model_schedule *s = &r->schedule;
    tr_buf_puts(out, "\nMilestones\n");
    for (int i = 0; i < m->milestones.n; i++) {
        tr_buf_printf(out, "  %s: due ", m->milestones.name[i]);
        tr_report_month(out, m, m->milestones.due[i] < 1 ? 1 : m->milestones.due[i]);
        tr_buf_puts(out, ", ");
        if (s->reached && s->reached[i]) {
            tr_buf_puts(out, "reached ");
            tr_report_month(out, m, s->reached[i]);
        } else {
            tr_buf_puts(out, "not reached within the horizon");
        }
        tr_buf_putc(out, '\n');
        const tr_model_ints *after = &m->milestones.after[i], *req = &m->milestones.requires[i];
        for (int j = 0; j < after->n; j++) {
            tr_buf_puts(out, j ? ", " : "    after: ");
            put_when(out, m, m->milestones.name[after->v[j]], "reached", s->reached ? s->reached[after->v[j]] : 0);
        }
        if (after->n) tr_buf_putc(out, '\n');
        for (int j = 0; j < req->n; j++) {
            tr_buf_puts(out, j ? ", " : "    requires: ");
            put_when(out, m, m->programs.name[req->v[j]], "delivered", s->delivered ? s->delivered[req->v[j]] : 0);
        }
        if (req->n) tr_buf_putc(out, '\n');
        int listed = 0;
        for (int p = 0; p < m->programs.n; p++)
            for (int j = 0; j < m->programs.after[p].n; j++) {
                if (m->programs.after[p].v[j] != i) continue;
                tr_buf_puts(out, listed++ ? ", " : "    programs after it: ");
                put_when(out, m, m->programs.name[p], "starts", s->first ? s->first[p] : 0);
                break;
            }
        if (listed) tr_buf_putc(out, '\n');
    }
}

static void text_results(tr_buf *out, const tr_model *m, const tr_sim_result *r)
{
    tr_buf_puts(out, "\nResults (whole horizon)\n  cost                ");
    tr_report_money(out, r->total_cost, m->minor_units, m->currency);
    tr_buf_puts(out, "\n  benefit             ");
    tr_report_value(out, m, TR_REPORT_MONEY, r->total_benefit);
    tr_buf_puts(out, "\n  ROI                 ");
    tr_report_number(out, 100 * r->total_roi, 1);
    tr_buf_puts(out, "%\n  benefit-cost ratio  ");
    tr_report_number(out, r->benefit_cost_ratio, 2);
    tr_buf_putc(out, '\n');
}

int tr_report_text(tr_buf *out, const tr_model *m, const tr_sim_result *r)
{
    text_header(out, m, r);
    text_headcount(out, m, r);
    text_budgets(out, m, r);
    text_programs(out, m, r);
    text_measures(out, m, r);
    text_goals(out, m, r);
    text_overruns(out, m, r);
    text_milestones(out, m, r);
    text_results(out, m, r);
    return 0;
}

/* ---- CSV ------------------------------------------------------------------------------- */

/* Names are identifiers, but quote anything that would break a field. */
static void csv_field(tr_buf *out, const char *prefix, const char *name)
{
    int quote = strpbrk(name, ",\"\n\r") != NULL;
    tr_buf_puts(out, ",");
    if (quote) tr_buf_putc(out, '"');
    tr_buf_puts(out, prefix);
    for (const char *s = name; *s; s++) {
        if (*s == '"') tr_buf_putc(out, '"');
        tr_buf_putc(out, *s);
    }
    if (quote) tr_buf_putc(out, '"');
}

static void csv_money(tr_buf *out, int64_t minor, int mu)
{
    tr_buf_putc(out, ',');
    unsigned long long mag = minor < 0 ? 0ull - (unsigned long long)minor : (unsigned long long)minor;
    int places = 0;
    for (int x = mu; x > 1; x /= 10) places++;
    if (minor < 0) tr_buf_putc(out, '-');
    tr_buf_printf(out, "%llu", mag / (unsigned long long)mu);
    if (places) tr_buf_printf(out, ".%0*llu", places, mag % (unsigned long long)mu);
}

static void csv_real(tr_buf *out, double v)
{
    if (isfinite(v)) tr_buf_printf(out, ",%.10g", v == 0 ? 0.0 : v);
    else tr_buf_putc(out, ',');
}

int tr_report_csv(tr_buf *out, const tr_model *m, const tr_sim_result *r)
{
    static const char *const role_series[] = {"headcount:", "leavers:", "hires:", "promoted_out:",
                                              "promoted_in:", "retention:", "productivity:"};
    enum { NROLE_SERIES = sizeof role_series / sizeof role_series[0] };
    const double *role_base[NROLE_SERIES] = {r->headcount, r->leavers, r->hires, r->promoted_out,
                                             r->promoted_in, r->retention, r->productivity};
    size_t W = (size_t)r->months + 1;
    tr_buf_puts(out, "month");
    for (int s = 0; s < NROLE_SERIES; s++)
        for (int i = 0; i < r->nroles; i++) csv_field(out, role_series[s], m->roles.name[i]);
    /* budgets and programs have names of their own: a budget `academy` beside a program
     * `academy`, or a budget `total`, must not give two columns one header */
    for (int b = 0; b < r->nbudgets; b++) csv_field(out, "spend:budget:", m->budgets.name[b]);
    for (int p = 0; p < r->nprograms; p++) csv_field(out, "spend:program:", m->programs.name[p]);
    tr_buf_puts(out, ",spend:total,benefit,roi,alignment");
    for (int i = 0; i < r->nmeasures; i++) {
        /* Monte Carlo: P10, the P50 as the measure itself, P90 — the order of the rows */
        int mc = r->runs > 0 && r->measure_q;
        if (mc) csv_field(out, "p10:", m->measures.name[i]);
        csv_field(out, "measure:", m->measures.name[i]);
        if (mc) csv_field(out, "p90:", m->measures.name[i]);
    }
    for (int g = 0; g < r->ngoals; g++) csv_field(out, "goal:", m->goals.name[g]);
    tr_buf_putc(out, '\n');
    for (int mo = 1; mo <= r->months; mo++) {
        size_t t = (size_t)mo;
        tr_report_month(out, m, mo);
        for (int s = 0; s < NROLE_SERIES; s++)
            for (int i = 0; i < r->nroles; i++) csv_real(out, role_base[s][(size_t)i * W + t]);
        for (int b = 0; b < r->nbudgets; b++) csv_money(out, r->ledger.budget[(size_t)b * W + t], m->minor_units);
        for (int p = 0; p < r->nprograms; p++) csv_money(out, r->ledger.program[(size_t)p * W + t], m->minor_units);
        csv_money(out, r->ledger.total[t], m->minor_units);
        csv_real(out, r->benefit[t]);
        csv_real(out, r->roi[t]);
        csv_real(out, r->alignment[t]);
        for (int i = 0; i < r->nmeasures; i++) {
            if (r->runs > 0 && r->measure_q) {
                for (int q = 0; q < 3; q++) csv_real(out, r->measure_q[((size_t)i * 3 + (size_t)q) * W + t]);
            } else {
                csv_real(out, r->measure[(size_t)i * W + t]);
            }
        }
        for (int g = 0; g < r->ngoals; g++) csv_real(out, r->goal_value[(size_t)g * W + t]);
        tr_buf_putc(out, '\n');
    }
    return 0;
}

/* ---- JSON ------------------------------------------------------------------------------ */

static json_t *jreal(double v) { return isfinite(v) ? json_real(v == 0 ? 0.0 : v) : json_null(); }

static json_t *jmonth(const tr_model *m, int month)
{
    if (month <= 0) return json_null();
    tr_buf b = {0};
    tr_report_month(&b, m, month);
    json_t *s = json_string(b.data);
    tr_buf_free(&b);
    return s;
}

/* Months 1..H of a series of W values. */
static json_t *jseries(const double *base, size_t W)
{
    json_t *a = json_array();
    for (size_t t = 1; t < W; t++) json_array_append_new(a, jreal(base[t]));
    return a;
}

static json_t *jcents(const int64_t *base, size_t W)
{
    json_t *a = json_array();
    for (size_t t = 1; t < W; t++) json_array_append_new(a, json_integer((json_int_t)base[t]));
    return a;
}

static json_t *json_roles(const tr_model *m, const tr_sim_result *r, size_t W)
{
    json_t *roles = json_array();
    for (int i = 0; i < r->nroles; i++) {
        size_t o = (size_t)i * W;
        json_t *x = json_object();
        json_object_set_new(x, "name", json_string(m->roles.name[i]));
        json_object_set_new(x, "headcount_start", jreal(r->headcount[o]));
        json_object_set_new(x, "headcount", jseries(r->headcount + o, W));
        json_object_set_new(x, "leavers", jseries(r->leavers + o, W));
        json_object_set_new(x, "hires", jseries(r->hires + o, W));
        json_object_set_new(x, "promoted_out", jseries(r->promoted_out + o, W));
        json_object_set_new(x, "promoted_in", jseries(r->promoted_in + o, W));
        json_object_set_new(x, "retention", jseries(r->retention + o, W));
        json_object_set_new(x, "development", jseries(r->development + o, W));
        json_object_set_new(x, "productivity", jseries(r->productivity + o, W));
        json_object_set_new(x, "turnover_cost", jseries(r->turnover_cost + o, W));
        if (r->knowledge) {
            json_t *skills = json_array();
            for (int k = 0; k < r->nskills; k++) {
                size_t s = ((size_t)i * (size_t)r->nskills + (size_t)k) * W;
                json_t *y = json_object();
                json_object_set_new(y, "skill", json_string(m->skills.name[k]));
                json_object_set_new(y, "start", jreal(r->knowledge[s]));
                json_object_set_new(y, "knowledge", jseries(r->knowledge + s, W));
                json_object_set_new(y, "behavior", jseries(r->behavior + s, W));
                json_array_append_new(skills, y);
            }
            json_object_set_new(x, "skills", skills);
        }
        json_array_append_new(roles, x);
    }
    return roles;
}

static json_t *json_money(const tr_model *m, const tr_sim_result *r, size_t W)
{
    json_t *money = json_object();
    json_t *budgets = json_array();
    for (int b = 0; b < r->nbudgets; b++) {
        int ok = 1;
        json_t *x = json_object();
        json_object_set_new(x, "name", json_string(m->budgets.name[b]));
        json_object_set_new(x, "amount_minor", json_integer((json_int_t)tr_money_round(m->budgets.amount[b], m->minor_units, &ok)));
        json_object_set_new(x, "per_year", json_boolean(m->budgets.per_year[b]));
        int parent = m->budgets.parent[b];
        json_object_set_new(x, "parent", parent >= 0 ? json_string(m->budgets.name[parent]) : json_null());
        json_object_set_new(x, "spend_minor", jcents(r->ledger.budget + (size_t)b * W, W));
        json_object_set_new(x, "total_minor", json_integer((json_int_t)tr_ledger_budget_sum(&r->ledger, b, 1, r->months)));
        json_array_append_new(budgets, x);
    }
    json_t *programs = json_array();
    for (int p = 0; p < r->nprograms; p++) {
        json_t *x = json_object();
        json_object_set_new(x, "name", json_string(m->programs.name[p]));
        json_object_set_new(x, "kind", json_string(tr_model_kind_name(m->programs.kind[p])));
        int b = m->programs.budget[p];
        json_object_set_new(x, "budget", b >= 0 ? json_string(m->budgets.name[b]) : json_null());
        json_object_set_new(x, "start", jmonth(m, r->schedule.first ? r->schedule.first[p] : 0));
        json_object_set_new(x, "end", jmonth(m, r->schedule.first && r->schedule.first[p] ? r->schedule.last[p] : 0));
        json_object_set_new(x, "spend_minor", jcents(r->ledger.program + (size_t)p * W, W));
        json_object_set_new(x, "total_minor", json_integer((json_int_t)tr_ledger_program_sum(&r->ledger, p, 1, r->months)));
        json_array_append_new(programs, x);
    }
    json_t *overruns = json_array();
    for (int i = 0; i < r->overruns.n; i++) {
        const tr_overrun *o = &r->overruns.v[i];
        json_t *x = json_object(), *names = json_array();
        static const char *const kinds[] = {"exceeded", "before_start", "after_end"};
        json_object_set_new(x, "budget", json_string(m->budgets.name[o->budget]));
        json_object_set_new(x, "kind", json_string(kinds[o->kind]));
        json_object_set_new(x, "year", o->year ? json_integer(o->year) : json_null());
        json_object_set_new(x, "month", jmonth(m, o->month));
        json_object_set_new(x, "limit_minor", json_integer((json_int_t)o->limit));
        json_object_set_new(x, "booked_minor", json_integer((json_int_t)o->booked));
        json_object_set_new(x, "period_total_minor", json_integer((json_int_t)o->period_total));
        if (o->kind != TR_OVERRUN_EXCEEDED) json_object_set_new(x, "outside_minor", json_integer((json_int_t)o->outside));
        for (int j = 0; j < o->nprograms; j++) json_array_append_new(names, json_string(m->programs.name[o->programs[j]]));
        json_object_set_new(x, "programs", names);
        json_array_append_new(overruns, x);
    }
    json_object_set_new(money, "minor_units", json_integer(m->minor_units));
    json_object_set_new(money, "total_minor", json_integer((json_int_t)r->total_cost));
    json_object_set_new(money, "spend_minor", jcents(r->ledger.total, W));
    json_object_set_new(money, "budgets", budgets);
    json_object_set_new(money, "programs", programs);
    json_object_set_new(money, "overruns", overruns);
    return money;
}

/* A measure's or goal's unit: its kind, the canonical unit its values are in, the
 * dimension's exponents and the label a measure declares (docs/report-json.md). */
static void json_unit(json_t *x, const tr_model *m, tr_report_unit u)
{
    tr_buf words = {0};
    tr_report_unit_words(&words, m, u, false);
    json_object_set_new(x, "unit", json_string(tr_report_unit_kind(u)));
    json_object_set_new(x, "unit_text", json_string(words.data ? words.data : ""));
    json_object_set_new(x, "dimension", json_pack("{s:i, s:i, s:i}", "money", u.dim.money, "time", u.dim.time, "people", u.dim.people));
    json_object_set_new(x, "label", u.label ? json_string(u.label) : json_null());
    tr_buf_free(&words);
}

/* Each milestone with when it was due and reached, what it waited for and what it let start. */
static json_t *json_milestones(const tr_model *m, const tr_sim_result *r)
{
    const tr_model_schedule *s = &r->schedule;
    json_t *milestones = json_array();
    for (int i = 0; i < m->milestones.n; i++) {
        json_t *x = json_object(), *after = json_array(), *req = json_array(), *starts = json_array();
        json_object_set_new(x, "name", json_string(m->milestones.name[i]));
        json_object_set_new(x, "due", jmonth(m, m->milestones.due[i] < 1 ? 1 : m->milestones.due[i]));
        json_object_set_new(x, "month", jmonth(m, s->reached ? s->reached[i] : 0));
        for (int j = 0; j < m->milestones.after[i].n; j++)
            json_array_append_new(after, json_string(m->milestones.name[m->milestones.after[i].v[j]]));
        for (int j = 0; j < m->milestones.requires[i].n; j++) {
            int p = m->milestones.requires[i].v[j];
            json_t *y = json_object();
            json_object_set_new(y, "program", json_string(m->programs.name[p]));
            json_object_set_new(y, "delivered", jmonth(m, s->delivered ? s->delivered[p] : 0));
            json_array_append_new(req, y);
        }
        for (int p = 0; p < m->programs.n; p++)
            for (int j = 0; j < m->programs.after[p].n; j++) {
                if (m->programs.after[p].v[j] != i) continue;
                json_t *y = json_object();
                json_object_set_new(y, "name", json_string(m->programs.name[p]));
                json_object_set_new(y, "start", jmonth(m, s->first ? s->first[p] : 0));
                json_array_append_new(starts, y);
                break;
            }
        json_object_set_new(x, "after", after);
        json_object_set_new(x, "requires", req);
        json_object_set_new(x, "programs", starts);
        json_array_append_new(milestones, x);
    }
    return milestones;
}

static json_t *json_outcomes(const tr_model *m, const tr_sim_result *r, size_t W, json_t *doc)
{
    json_t *measures = json_array();
    for (int i = 0; i < r->nmeasures; i++) {
        json_t *x = json_object();
        json_object_set_new(x, "name", json_string(m->measures.name[i]));
        json_object_set_new(x, "level", m->measures.level[i] ? json_string(level_name(m->measures.level[i])) : json_null());
        json_unit(x, m, tr_report_measure_unit(m, i));
        json_object_set_new(x, "values", jseries(r->measure + (size_t)i * W, W));
        if (r->runs > 0 && r->measure_q) {
            static const char *const qn[3] = {"p10", "p50", "p90"};
            for (int q = 0; q < 3; q++)
                json_object_set_new(x, qn[q], jseries(r->measure_q + ((size_t)i * 3 + (size_t)q) * W, W));
        }
        json_array_append_new(measures, x);
    }
    json_t *goals = json_array();
    for (int g = 0; g < r->ngoals; g++) {
        const tr_goal_outcome *o = &r->goals[g];
        json_t *x = json_object();
        json_object_set_new(x, "name", json_string(m->goals.name[g]));
        json_unit(x, m, tr_report_goal_unit(m, g));
        json_object_set_new(x, "op", json_string(bound_name(m->goals.op[g])));
        json_object_set_new(x, "target", jreal(m->goals.target[g]));
        json_object_set_new(x, "by", jmonth(m, o->by));
        json_object_set_new(x, "judged", json_boolean(o->judged));
        json_object_set_new(x, "met", json_boolean(o->met));
        json_object_set_new(x, "value", jreal(o->value));
        json_object_set_new(x, "first_met", jmonth(m, o->first_met));
        json_object_set_new(x, "probability", jreal(o->probability));
        json_object_set_new(x, "values", jseries(r->goal_value + (size_t)g * W, W));
        json_array_append_new(goals, x);
    }
    json_object_set_new(doc, "measures", measures);
    json_object_set_new(doc, "goals", goals);
    json_object_set_new(doc, "milestones", json_milestones(m, r));
    return doc;
}

int tr_report_json(tr_buf *out, const tr_model *m, const tr_sim_result *r)
{
    size_t W = (size_t)r->months + 1;
    json_t *doc = json_object(), *plan = json_object(), *months = json_array(), *summary = json_object();
    json_object_set_new(plan, "title", json_string(m->title ? m->title : ""));
    json_object_set_new(plan, "start", jmonth(m, 1));
    json_object_set_new(plan, "end", jmonth(m, r->months));
    json_object_set_new(plan, "horizon_months", json_integer(r->months));
    json_object_set_new(plan, "currency", json_string(m->currency));
    json_object_set_new(plan, "runs", json_integer(r->runs > 0 ? r->runs : 1));
    json_object_set_new(plan, "monte_carlo", json_boolean(r->runs > 0));
    json_object_set_new(plan, "scenario", m->scenario ? json_string(m->scenario) : json_null());
    for (int mo = 1; mo <= r->months; mo++) json_array_append_new(months, jmonth(m, mo));
    json_object_set_new(summary, "cost_minor", json_integer((json_int_t)r->total_cost));
    json_object_set_new(summary, "benefit", jreal(r->total_benefit));
    json_object_set_new(summary, "roi", jreal(r->total_roi));
    json_object_set_new(summary, "benefit_cost_ratio", jreal(r->benefit_cost_ratio));
    json_object_set_new(doc, "schema", json_string("trellis-report/1"));
    json_object_set_new(doc, "plan", plan);
    json_object_set_new(doc, "months", months);
    json_object_set_new(doc, "summary", summary);
    json_object_set_new(doc, "roles", json_roles(m, r, W));
    json_object_set_new(doc, "money", json_money(m, r, W));
    json_t *plan_series = json_object();
    json_object_set_new(plan_series, "benefit", jseries(r->benefit, W));
    json_object_set_new(plan_series, "roi", jseries(r->roi, W));
    json_object_set_new(plan_series, "alignment", jseries(r->alignment, W));
    json_object_set_new(plan_series, "value_gained", jseries(r->value_gained, W));
    json_object_set_new(plan_series, "turnover_avoided", jseries(r->turnover_avoided, W));
    json_object_set_new(doc, "series", plan_series);
    json_outcomes(m, r, W, doc);
    char *text = json_dumps(doc, JSON_INDENT(2) | JSON_REAL_PRECISION(12) | JSON_ENSURE_ASCII);
    json_decref(doc);
    if (!text) return -1;
    tr_buf_puts(out, text);
    tr_buf_putc(out, '\n');
    free(text);
    return 0;
}
