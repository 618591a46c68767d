/* eval.c — dimensions and ranges through arithmetic; metric expressions. */
#include "eval.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "units.h"

static const tr_source *src_of(const tr_resolver *r) { return r->file->src; }

static tr_value none(void) { return (tr_value){0}; }

double tr_range_median(double lo, double hi) {
    if (lo > 0 && hi > 0) return sqrt(lo * hi);
    return (lo + hi) / 2;
}

static tr_value number(const tr_resolver *r, const tr_node *n, double v, tr_dim dim) {
    tr_value x = {0};
    x.kind = TR_V_NUMBER;
    x.lo = x.mid = x.hi = v;
    x.dim = dim;
    x.node = n;
    x.src = src_of(r);
    return x;
}

static void describe(tr_dim d, tr_buf *b) { tr_dim_describe(d, b); }

/* A result that is no longer a finite number, or beyond what the checker promises to
 * compute with (1e300): E412 at the expression. */
static bool finite_or_report(tr_resolver *r, const tr_node *n, const tr_value *v) {
    if (v->kind != TR_V_NUMBER) return true;
    if (fabs(v->lo) <= TR_EVAL_MAX && fabs(v->mid) <= TR_EVAL_MAX && fabs(v->hi) <= TR_EVAL_MAX && tr_dim_sane(v->dim))
        return true;
    tr_diag *d = tr_diag_add(r->diags, "E412", src_of(r), n->begin, n->end, "this value is too large to compute with");
    tr_diag_help(d, "results must stay below about 1e300; check the units and magnitudes (k, M)");
    return false;
}

/* ---- units ------------------------------------------------------------------------------- */

static const char *currency_words(const tr_resolver *r, const char **out, size_t max) {
    size_t n = 0;
    out[n++] = r->plan->currency;
    for (uint32_t i = 0; i < r->plan->nexchange && n + 1 < max; i++) out[n++] = r->plan->exchange[i].code;
    out[n] = NULL;
    return NULL;
}

/* The size and dimension of one unit word; false (after E301) when it is not one. */
static bool unit_word(tr_resolver *r, const tr_node *n, const char *w, uint32_t len, double *size, tr_dim *dim, unsigned *tu) {
    const tr_unit *u = tr_unit_find(w, len);
    *tu = TR_TU_NONE;
    if (u) { *size = u->months_or_persons; *dim = u->dim; *tu = u->time_unit; return true; }
    tr_plan *p = r->plan;
    if (len == 3 && memcmp(w, p->currency, 3) == 0) { *size = 1; *dim = TR_DIM_MONEY; return true; }
    for (uint32_t i = 0; i < p->nexchange; i++)
        if (len == 3 && memcmp(w, p->exchange[i].code, 3) == 0) { *size = p->exchange[i].rate; *dim = TR_DIM_MONEY; return true; }
    uint32_t at = (uint32_t)(w - src_of(r)->text);
    tr_diag *d = tr_diag_add(r->diags, "E301", src_of(r), at, at + len, "unknown unit '%.*s'", (int)len, w);
    (void)n;
    if (len == 3) {   /* `usd`: currency codes are written in capitals */
        const char *cur[40];
        currency_words(r, cur, 40);
        for (size_t i = 0; cur[i]; i++)
            if (strncasecmp(cur[i], w, 3) == 0) {
                tr_diag_help(d, "did you mean '%s'? currency codes are written in capitals", cur[i]);
                return false;
            }
    }
    if (tr_unit_is_currency_code(w, len)) {
        tr_diag_help(d, "the plan's currency is %s; declare another with `exchange %.*s RATE %s` in the plan block",
                     p->currency, (int)len, w, p->currency);
        return false;
    }
    const char *cands[64];
    size_t nc = 0;
    for (const char *const *uw = tr_unit_words(); *uw; uw++) cands[nc++] = *uw;
    const char *cur[40];
    currency_words(r, cur, 40);
    for (size_t i = 0; cur[i] && nc < 64; i++) cands[nc++] = cur[i];
    char word[64];
    size_t l = len < 63 ? len : 63;
    memcpy(word, w, l);
    word[l] = '\0';
    const char *best = tr_suggest(word, cands, nc);
    if (best) tr_diag_help(d, "did you mean '%s'?", best);
    else tr_diag_help(d, "units are %s, hours, days, weeks, months, years and people", p->currency);
    return false;
}

/* `900 people`, `1286 USD per person`: the operand times (or divided by) the unit. */
static tr_value eval_unit(tr_resolver *r, const tr_node *n) {
    tr_value v = tr_eval(r, n->u.unit.operand);
    double size;
    tr_dim dim;
    unsigned tu;
    if (!unit_word(r, n, n->u.unit.s, n->u.unit.len, &size, &dim, &tu)) return none();
    if (v.kind == TR_V_NONE) return none();
    if (v.kind != TR_V_NUMBER) {
        tr_diag_add(r->diags, "E302", src_of(r), n->begin, n->end, "a unit needs a number before it");
        return none();
    }
    /* the first time unit counted and the last one it is per, as the REPL shows them */
    if (n->kind == TR_N_UNIT) {
        v.lo *= size, v.mid *= size, v.hi *= size;
        v.dim = tr_dim_mul(v.dim, dim);
        if (tu && !tr_units_num(v.units)) v.units = tr_units_make(tu, tr_units_den(v.units));
    } else {
        v.lo /= size, v.mid /= size, v.hi /= size;
        v.dim = tr_dim_div(v.dim, dim);
        if (tu) v.units = tr_units_make(tr_units_num(v.units), tu);
    }
    v.node = n;
    return finite_or_report(r, n, &v) ? v : none();
}

/* Was the number written with a percent sign (`20%`)? The lexer folds it into the value,
 * and for a range's ends it is a unit like any other: `12 to 20%` is 12% to 20%. */
static bool percent(const tr_resolver *r, const tr_node *n) {
    return n->kind == TR_N_NUMBER && n->end > n->begin && src_of(r)->text[n->end - 1] == '%';
}

/* The units written at the end of `n` (`600 USD per hour`): their size and dimension, so
 * that the bare left side of `400 to 600 USD per hour` takes them. */
static bool written_units(tr_resolver *r, const tr_node *n, bool with_percent, double *size, tr_dim *dim) {
    if (n->kind == TR_N_NUMBER) { *size = with_percent && percent(r, n) ? 0.01 : 1; *dim = TR_DIM_NONE; return true; }
    if (n->kind != TR_N_UNIT && n->kind != TR_N_PER) return false;
    if (!written_units(r, n->u.unit.operand, with_percent, size, dim)) return false;
    const tr_unit *u = tr_unit_find(n->u.unit.s, n->u.unit.len);
    double s = 1;
    tr_dim d = TR_DIM_MONEY;
    if (u) s = u->months_or_persons, d = u->dim;
    else {
        const tr_plan *p = r->plan;
        for (uint32_t i = 0; i < p->nexchange; i++)
            if (n->u.unit.len == 3 && memcmp(n->u.unit.s, p->exchange[i].code, 3) == 0) s = p->exchange[i].rate;
    }
    if (n->kind == TR_N_UNIT) *size *= s, *dim = tr_dim_mul(*dim, d);
    else *size /= s, *dim = tr_dim_div(*dim, d);
    return true;
}

/* A number with no unit word after it (`12`, `-5`, `650k`, `12%`), or NULL. */
static const tr_node *bare_number(const tr_node *n) {
    if (n->kind == TR_N_UNARY && n->op == '-') n = n->u.bin.a;
    return n->kind == TR_N_NUMBER ? n : NULL;
}

/* Written units through arithmetic: each nibble from the first operand that has one. */
static uint8_t either_units(uint8_t a, uint8_t b) {
    unsigned num = tr_units_num(a) ? tr_units_num(a) : tr_units_num(b);
    unsigned den = tr_units_den(a) ? tr_units_den(a) : tr_units_den(b);
    return tr_units_make(num, den);
}

static tr_value eval_range(tr_resolver *r, const tr_node *n) {
    tr_value a = tr_eval(r, n->u.bin.a), b = tr_eval(r, n->u.bin.b);
    if (a.kind == TR_V_NONE || b.kind == TR_V_NONE) return none();
    if (a.kind != TR_V_NUMBER || b.kind != TR_V_NUMBER) {
        tr_diag *d = tr_diag_add(r->diags, "E307", src_of(r), n->begin, n->end, "a range needs numbers or quantities on both sides");
        tr_diag_help(d, "ranges are allowed wherever a number or quantity is, except dates");
        return none();
    }
    double size;
    tr_dim dim;
    /* LANGUAGE.md 4: a bare number on the left takes the units of the right, the percent
     * sign included unless it has its own: `400 to 600 USD per hour`, `12 to 20% per
     * year` and `12% to 20% per year` alike, `12 to 20%` */
    const tr_node *left = bare_number(n->u.bin.a);
    if (left && written_units(r, n->u.bin.b, !percent(r, left), &size, &dim) && tr_dim_eq(dim, b.dim)) {
        a.lo *= size, a.mid *= size, a.hi *= size;
        a.dim = b.dim;
    }
    if (!tr_dim_eq(a.dim, b.dim)) {
        tr_buf ea = {0}, eb = {0};
        describe(a.dim, &ea);
        describe(b.dim, &eb);
        tr_diag_add(r->diags, "E302", src_of(r), n->begin, n->end, "the two ends of a range differ: %s and %s", ea.data, eb.data);
        tr_buf_free(&ea), tr_buf_free(&eb);
        return none();
    }
    if (a.lo > b.hi) {
        tr_diag *d = tr_diag_add(r->diags, "E307", src_of(r), n->begin, n->end, "the low end of the range is above the high end");
        tr_diag_help(d, "write the smaller value first: LOW to HIGH");
        return none();
    }
    tr_value v = number(r, n, 0, a.dim);
    v.lo = a.lo, v.hi = b.hi;
    v.mid = tr_range_median(v.lo, v.hi);
    v.is_range = true;
    v.units = either_units(b.units, a.units);
    return v;
}

/* ---- arithmetic -------------------------------------------------------------------------- */

/* Time per time (`3 months per year`) cancels to a number, but was written as a share of
 * time: say so, with the units as written, rather than "a number". */
static void describe_number(const tr_value *v, tr_buf *b) {
    unsigned num = tr_units_num(v->units), den = tr_units_den(v->units);
    if (!tr_dim_eq(v->dim, TR_DIM_NONE) || !num || !den) { tr_dim_describe(v->dim, b); return; }
    tr_buf_printf(b, "%ss per %s (a time per time)", tr_time_unit_word(num), tr_time_unit_word(den));
}

void tr_eval_describe(const tr_value *v, tr_buf *b) {
    switch ((tr_vkind)v->kind) {
    case TR_V_NUMBER: describe_number(v, b); break;
    case TR_V_DATE: tr_buf_puts(b, "a date"); break;
    case TR_V_STRING: tr_buf_puts(b, "a string"); break;
    case TR_V_BOOL: tr_buf_puts(b, "true or false"); break;
    case TR_V_LIST: tr_buf_puts(b, "a list"); break;
    default: tr_buf_puts(b, "something else"); break;
    }
}

/* `1 USD + 1 month`: both sides named, and what the right side should have been. */
static void mismatch(tr_resolver *r, const tr_node *n, const char *what, tr_dim a, tr_dim b) {
    tr_buf ea = {0}, eb = {0};
    describe(a, &ea);
    describe(b, &eb);
    tr_diag *d = strcmp(what, "subtract") == 0
                     ? tr_diag_add(r->diags, "E302", src_of(r), n->begin, n->end, "cannot subtract %s from %s", eb.data, ea.data)
                     : tr_diag_add(r->diags, "E302", src_of(r), n->begin, n->end, "cannot %s %s and %s", what, ea.data, eb.data);
    tr_diag_help(d, "expected %s on both sides, found %s on the right; check the units (per person, per year)", ea.data, eb.data);
    tr_buf_free(&ea), tr_buf_free(&eb);
}

static double pick(double x, double y, bool low) { return low ? fmin(x, y) : fmax(x, y); }

/* Interval arithmetic for lo/hi, the operation itself on the medians. */
static tr_value arith(tr_resolver *r, const tr_node *n, int op, tr_value a, tr_value b) {
    tr_value v = number(r, n, 0, a.dim);
    v.is_range = a.is_range || b.is_range;
    /* dividing by a duration makes it what the result is per: 900 USD / 2 hours */
    v.units = either_units(a.units, op == '/' ? tr_units_make(tr_units_den(b.units), tr_units_num(b.units)) : b.units);
    switch (op) {
    case '+': v.lo = a.lo + b.lo, v.mid = a.mid + b.mid, v.hi = a.hi + b.hi; break;
    case '-': v.lo = a.lo - b.hi, v.mid = a.mid - b.mid, v.hi = a.hi - b.lo; break;
    case '*': {
        double c[4] = {a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi};
        v.lo = pick(pick(c[0], c[1], true), pick(c[2], c[3], true), true);
        v.hi = pick(pick(c[0], c[1], false), pick(c[2], c[3], false), false);
        v.mid = a.mid * b.mid;
        v.dim = tr_dim_mul(a.dim, b.dim);
        break;
    }
    default: {
        if (b.lo <= 0 && b.hi >= 0) {
            tr_diag *d = tr_diag_add(r->diags, "E308", src_of(r), n->begin, n->end, "division by zero%s", b.is_range ? " (the range includes 0)" : "");
            if (b.is_range) tr_diag_help(d, "a range divided by must keep to one side of 0: both ends above it, or both below");
            else tr_diag_help(d, "divide by a value other than 0, or drop the division");
            return none();
        }
        double c[4] = {a.lo / b.lo, a.lo / b.hi, a.hi / b.lo, a.hi / b.hi};
        v.lo = pick(pick(c[0], c[1], true), pick(c[2], c[3], true), true);
        v.hi = pick(pick(c[0], c[1], false), pick(c[2], c[3], false), false);
        v.mid = a.mid / b.mid;
        v.dim = tr_dim_div(a.dim, b.dim);
    }
    }
    return finite_or_report(r, n, &v) ? v : none();
}

static tr_value boolean(const tr_resolver *r, const tr_node *n, bool b) {
    tr_value v = number(r, n, b, TR_DIM_NONE);
    v.kind = TR_V_BOOL;
    return v;
}

static bool compare(int op, double x, double y) {
    switch (op) {
    case '<': return x < y;
    case '>': return x > y;
    case TR_OP_LE: return x <= y;
    case TR_OP_GE: return x >= y;
    case TR_OP_EQ: return x == y;
    default: return x != y;
    }
}

static bool is_comparison(int op) {
    return op == '<' || op == '>' || op == TR_OP_LE || op == TR_OP_GE || op == TR_OP_EQ || op == TR_OP_NE;
}

/* The verb of an operator in "cannot add a date and money". */
static const char *op_verb(int op) {
    return op == '+' ? "add" : op == '-' ? "subtract" : op == '*' ? "multiply" : op == '/' ? "divide" : "compare";
}

/* A date moved by a duration: too far out of the calendar is E412, not a wrapped date. */
static tr_value moved_date(tr_resolver *r, const tr_node *n, tr_value date, const tr_value *by, int sign) {
    if (by->is_range) {
        tr_diag_add(r->diags, "E307", src_of(r), n->begin, n->end, "a date cannot be uncertain: the duration added is a range");
        return none();
    }
    if (fabs(by->mid) > 12.0 * 10000) {
        tr_diag *d = tr_diag_add(r->diags, "E412", src_of(r), n->begin, n->end, "this date is too far from the calendar's years");
        tr_diag_help(d, "dates run from year 0 to 9999; check the duration's unit");
        return none();
    }
    date.date = tr_date_add(date.date, sign * by->mid, tr_units_num(by->units));
    date.node = n;
    return date;
}

static tr_value eval_dates(tr_resolver *r, const tr_node *n, tr_value a, tr_value b) {
    int op = n->op;
    if (a.kind == TR_V_DATE && b.kind == TR_V_DATE) {
        if (op == '-') return number(r, n, tr_date_diff_months(a.date, b.date), TR_DIM_TIME);
        if (is_comparison(op)) return boolean(r, n, compare(op, a.date, b.date));
    }
    bool duration_b = b.kind == TR_V_NUMBER && tr_dim_eq(b.dim, TR_DIM_TIME);
    bool duration_a = a.kind == TR_V_NUMBER && tr_dim_eq(a.dim, TR_DIM_TIME);
    if (a.kind == TR_V_DATE && duration_b && (op == '+' || op == '-')) return moved_date(r, n, a, &b, op == '+' ? 1 : -1);
    if (b.kind == TR_V_DATE && duration_a && op == '+') return moved_date(r, n, b, &a, 1);
    tr_buf ea = {0}, eb = {0};
    tr_eval_describe(&a, &ea);
    tr_eval_describe(&b, &eb);
    tr_diag *d = op == '-' ? tr_diag_add(r->diags, "E302", src_of(r), n->begin, n->end, "cannot subtract %s from %s", eb.data, ea.data)
                           : tr_diag_add(r->diags, "E302", src_of(r), n->begin, n->end, "cannot %s %s and %s", op_verb(op), ea.data, eb.data);
    if (a.kind == TR_V_DATE && b.kind != TR_V_DATE && (op == '+' || op == '-'))
        tr_diag_help(d, "expected a duration (or, for '-', a date), found %s: date + duration is a date, date - date a duration", eb.data);
    else if (a.kind != TR_V_DATE && op == '-')
        tr_diag_help(d, "a date cannot be subtracted from %s: write the date first, as in 2026-09 - 3 months", ea.data);
    else if (is_comparison(op))
        tr_diag_help(d, "a date is compared with a date, found %s", a.kind == TR_V_DATE ? eb.data : ea.data);
    else
        tr_diag_help(d, "date + duration is a date, date - date a duration; a date does not %s", op == '*' ? "multiply" : op == '/' ? "divide" : "add to that");
    tr_buf_free(&ea), tr_buf_free(&eb);
    return none();
}

static tr_value eval_binary(tr_resolver *r, const tr_node *n) {
    tr_value a = tr_eval(r, n->u.bin.a), b = tr_eval(r, n->u.bin.b);
    if (a.kind == TR_V_NONE || b.kind == TR_V_NONE) return none();
    int op = n->op;
    if (op == TR_OP_AND || op == TR_OP_OR) {
        if (a.kind != TR_V_BOOL || b.kind != TR_V_BOOL) {
            tr_diag_add(r->diags, "E303", src_of(r), n->begin, n->end, "'%s' needs true or false on both sides", tr_op_name(op));
            return none();
        }
        return boolean(r, n, op == TR_OP_AND ? (a.mid != 0 && b.mid != 0) : (a.mid != 0 || b.mid != 0));
    }
    if (a.kind == TR_V_DATE || b.kind == TR_V_DATE) return eval_dates(r, n, a, b);
    if (a.kind != TR_V_NUMBER || b.kind != TR_V_NUMBER) {
        tr_diag_add(r->diags, "E303", src_of(r), n->begin, n->end, "'%s' needs numbers or quantities", tr_op_name(op));
        return none();
    }
    if (is_comparison(op)) {
        if (!tr_dim_eq(a.dim, b.dim)) { mismatch(r, n, "compare", a.dim, b.dim); return none(); }
        return boolean(r, n, compare(op, a.mid, b.mid));
    }
    if ((op == '+' || op == '-') && !tr_dim_eq(a.dim, b.dim)) {
        mismatch(r, n, op == '+' ? "add" : "subtract", a.dim, b.dim);
        return none();
    }
    return arith(r, n, op, a, b);
}

static tr_value eval_unary(tr_resolver *r, const tr_node *n) {
    tr_value a = tr_eval(r, n->u.bin.a);
    if (a.kind == TR_V_NONE) return none();
    if (n->op == TR_OP_NOT) {
        if (a.kind != TR_V_BOOL) { tr_diag_add(r->diags, "E303", src_of(r), n->begin, n->end, "'not' needs true or false"); return none(); }
        return boolean(r, n, a.mid == 0);
    }
    if (a.kind != TR_V_NUMBER) { tr_diag_add(r->diags, "E303", src_of(r), n->begin, n->end, "'-' needs a number or quantity"); return none(); }
    double lo = a.lo;
    a.lo = -a.hi, a.mid = -a.mid, a.hi = -lo;
    a.node = n;
    return a;
}

/* ---- functions --------------------------------------------------------------------------- */

static const char *const builtins[] = {"min", "max", "abs", "round", "floor", "ceil", "clamp"};
/* A call of each built-in that checks, for the help of E306. */
static const char *const builtin_examples[] = {"min(2 weeks, 10 days)", "max(20%, 15%)", "abs(-3 days)", "round(2.4 days)",
                                               "floor(2.6 days)", "ceil(2.2 days)", "clamp(120%, 0%, 100%)"};
static const char *const metric_names[TR_FN_COUNT] = {
    "headcount", "retention", "attrition", "knowledge", "behavior", "productivity",
    "spend", "cost", "benefit", "roi", "participation", "alignment",
};

static int find_word(const tr_node *name, const char *const *words, int n) {
    for (int i = 0; i < n; i++)
        if (tr_node_is(name, words[i])) return i;
    return -1;
}

static void unknown_function(tr_resolver *r, const tr_node *name) {
    tr_diag *d = tr_diag_add(r->diags, "E211", src_of(r), name->begin, name->end, "unknown function '%.*s'",
                             (int)name->u.str.len, name->u.str.s);
    const char *cands[7 + TR_FN_COUNT];
    size_t nc = 0;
    for (int i = 0; i < 7; i++) cands[nc++] = builtins[i];
    for (int i = 0; i < TR_FN_COUNT; i++) cands[nc++] = metric_names[i];
    char word[64];
    size_t l = name->u.str.len < 63 ? name->u.str.len : 63;
    memcpy(word, name->u.str.s, l);
    word[l] = '\0';
    const char *best = tr_suggest(word, cands, nc);
    if (best) tr_diag_help(d, "did you mean '%s'?", best);
    else tr_diag_help(d, "the functions are min, max, abs, round, floor, ceil, clamp and the metric functions");
}

static double apply1(int f, double x) {
    switch (f) {
    case 2: return fabs(x);
    case 3: return round(x);
    case 4: return floor(x);
    default: return ceil(x);
    }
}

/* What a value is multiplied by to be in the time units it was written in (and the REPL
 * shows): round(2.1 hours) rounds hours, round(450.4 USD per hour) the amount per hour,
 * round(40.4 hours per person per year) hours per year. Unwritten units are months counted
 * and years per, as the REPL shows them; money is in the plan's currency. */
static double written_scale(const tr_value *v) {
    double num = tr_time_unit_months(tr_units_num(v->units), TR_TU_MONTH);
    double den = tr_time_unit_months(tr_units_den(v->units), TR_TU_YEAR);
    double k = 1;
    for (int i = 0; i < v->dim.time; i++) k /= num;
    for (int i = 0; i < -v->dim.time; i++) k *= den;
    if (v->dim.time == 0 && tr_units_num(v->units) && tr_units_den(v->units)) k = den / num;
    return k;
}

static tr_value eval_builtin(tr_resolver *r, const tr_node *n, int f) {
    tr_value args[3];
    int nargs = 0;
    bool bad = false;
    for (const tr_node *a = n->u.bin.b; a; a = a->next) {
        tr_value v = tr_eval(r, a);
        if (v.kind == TR_V_NONE) bad = true;
        else if (v.kind != TR_V_NUMBER) {
            tr_diag *d = tr_diag_add(r->diags, "E306", src_of(r), a->begin, a->end, "'%s' takes numbers or quantities", builtins[f]);
            tr_diag_help(d, "give it numbers or quantities, as in %s", builtin_examples[f]);
            bad = true;
        } else if (nargs > 0 && !tr_dim_eq(v.dim, args[0].dim)) {
            mismatch(r, a, builtins[f], args[0].dim, v.dim);
            bad = true;
        }
        if (nargs < 3) args[nargs] = v;
        nargs++;
    }
    int want_min = f <= 1 ? 1 : f == 6 ? 3 : 1, want_max = f <= 1 ? 1000000 : f == 6 ? 3 : 1;
    if (nargs < want_min || nargs > want_max) {
        tr_diag *d = tr_diag_add(r->diags, "E306", src_of(r), n->begin, n->end, "'%s' takes %s, not %d", builtins[f],
                                 f <= 1 ? "one or more arguments" : f == 6 ? "three arguments (value, low, high)" : "one argument", nargs);
        tr_diag_help(d, "write it as in %s", builtin_examples[f]);
        return none();
    }
    if (bad) return none();
    tr_value v = args[0];
    v.node = n;
    if (f <= 1) {
        for (const tr_node *a = n->u.bin.b->next; a; a = a->next) {
            tr_value w = tr_eval(r, a);
            bool lo = f == 0;
            v.lo = pick(v.lo, w.lo, lo), v.mid = pick(v.mid, w.mid, lo), v.hi = pick(v.hi, w.hi, lo);
            v.is_range = v.is_range || w.is_range;
        }
    } else if (f == 6) {
        v.lo = fmin(fmax(v.lo, args[1].lo), args[2].hi);
        v.mid = fmin(fmax(v.mid, args[1].mid), args[2].mid);
        v.hi = fmin(fmax(v.hi, args[1].lo), args[2].hi);
    } else {
        double k = f == 2 ? 1 : written_scale(&v);
        double lo = apply1(f, v.lo * k) / k, hi = apply1(f, v.hi * k) / k;
        v.mid = apply1(f, v.mid * k) / k;
        v.lo = fmin(lo, hi), v.hi = fmax(lo, hi);
        if (f == 2 && args[0].lo < 0 && args[0].hi > 0) v.lo = 0;
    }
    return finite_or_report(r, n, &v) ? v : none();
}

static tr_value eval_call(tr_resolver *r, const tr_node *n) {
    const tr_node *name = n->u.bin.a;
    int f = find_word(name, builtins, 7);
    if (f >= 0) return eval_builtin(r, n, f);
    if (find_word(name, metric_names, TR_FN_COUNT) >= 0) {
        tr_diag *d = tr_diag_add(r->diags, "E305", src_of(r), n->begin, n->end,
                                 "'%.*s' reads the simulation and is not a constant", (int)name->u.str.len, name->u.str.s);
        tr_diag_help(d, "metric functions are allowed only in `measure value` and `goal metric`");
        return none();
    }
    unknown_function(r, name);
    return none();
}

/* ---- names and lets ---------------------------------------------------------------------- */

tr_value tr_eval_let(tr_resolver *r, uint32_t index) {
    tr_let *let = &r->lets[index];
    if (let->state == 2) return let->value;
    if (let->state == 1) {
        uint32_t from = 0;
        while (from < r->let_depth && r->let_stack[from] != index) from++;
        tr_buf chain = {0};
        for (uint32_t i = from; i < r->let_depth; i++) tr_buf_printf(&chain, "%s -> ", r->lets[r->let_stack[i]].name);
        tr_buf_puts(&chain, let->name);
        const tr_node *nm = let->node->u.let.name;
        tr_diag *d = tr_diag_add(r->diags, "E407", let->file->src, nm->begin, nm->end, "constants defined in a cycle: %s", chain.data);
        tr_diag_help(d, "a constant cannot depend on itself; give one of them a value");
        tr_buf_free(&chain);
        for (uint32_t i = from; i < r->let_depth; i++) r->lets[r->let_stack[i]].state = 3;   /* poisoned */
        return none();
    }
    if (let->state == 3) return none();
    let->state = 1;
    r->let_stack[r->let_depth++] = index;
    const tr_file *saved = r->file;
    r->file = let->file;
    tr_value v = tr_eval(r, let->node->u.let.value);
    r->file = saved;
    r->let_depth--;
    let->value = let->state == 3 ? none() : v;
    let->state = 2;
    return let->value;
}

static tr_value eval_name(tr_resolver *r, const tr_node *n) {
    uint32_t i = tr_resolver_ref(r, TR_NS_LET, n);
    if (i == UINT32_MAX) return none();
    tr_value v = tr_eval_let(r, i);
    if (v.kind != TR_V_NONE) v.node = n, v.src = src_of(r);
    return v;
}

static tr_value eval_list(tr_resolver *r, const tr_node *n) {
    tr_value v = {0};
    v.kind = TR_V_LIST;
    v.node = n;
    v.src = src_of(r);
    v.count = tr_node_count(n->u.bin.a);
    v.items = tr_arena_alloc(r->arena, (v.count ? v.count : 1) * sizeof *v.items);
    if (!v.items) abort();
    uint32_t i = 0;
    for (const tr_node *a = n->u.bin.a; a; a = a->next) {
        v.items[i] = tr_eval(r, a);
        if (v.items[i++].kind == TR_V_NONE) return none();
    }
    return v;
}

static tr_value eval_if(tr_resolver *r, const tr_node *n) {
    tr_value c = tr_eval(r, n->u.bin.a), a = tr_eval(r, n->u.bin.b), b = tr_eval(r, n->u.bin.c);
    if (c.kind == TR_V_NONE || a.kind == TR_V_NONE || b.kind == TR_V_NONE) return none();
    if (c.kind != TR_V_BOOL) {
        tr_diag_add(r->diags, "E303", src_of(r), n->u.bin.a->begin, n->u.bin.a->end, "the condition of 'if' must be true or false");
        return none();
    }
    if (a.kind != b.kind || (a.kind == TR_V_NUMBER && !tr_dim_eq(a.dim, b.dim))) {
        mismatch(r, n, "choose between", a.dim, b.dim);
        return none();
    }
    return c.mid != 0 ? a : b;
}

tr_value tr_eval(tr_resolver *r, const tr_node *n) {
    tr_value v = {0};
    switch ((tr_node_kind)n->kind) {
    case TR_N_NUMBER:
        v = number(r, n, n->u.num.value, TR_DIM_NONE);
        return finite_or_report(r, n, &v) ? v : none();
    case TR_N_BOOL: return boolean(r, n, n->u.num.value != 0);
    case TR_N_STRING:
        v.kind = TR_V_STRING, v.str = n->u.str.s, v.len = n->u.str.len, v.node = n, v.src = src_of(r);
        return v;
    case TR_N_DATE:
        v.kind = TR_V_DATE, v.date = tr_date_days(n->u.date.y, n->u.date.m, n->u.date.d), v.node = n, v.src = src_of(r);
        return v;
    case TR_N_NAME: return eval_name(r, n);
    case TR_N_UNIT: case TR_N_PER: return eval_unit(r, n);
    case TR_N_RANGE: return eval_range(r, n);
    case TR_N_BINARY: return eval_binary(r, n);
    case TR_N_UNARY: return eval_unary(r, n);
    case TR_N_CALL: return eval_call(r, n);
    case TR_N_LIST: return eval_list(r, n);
    case TR_N_IF: return eval_if(r, n);
    case TR_N_MEMBER: {
        tr_diag *d = tr_diag_add(r->diags, "E306", src_of(r), n->begin, n->end, "an attribute cannot be read inside a plan file");
        tr_diag_help(d, "name the shared value with `let` and use the name in both places");
        return none();
    }
    case TR_N_BOUND: {
        tr_diag *d = tr_diag_add(r->diags, "E303", src_of(r), n->begin, n->end, "a bound ('%s ...') is allowed only as a goal's target", tr_op_name(n->op));
        (void)d;
        return none();
    }
    default: return none();
    }
}

/* ---- metric expressions ------------------------------------------------------------------- */

/* The arguments each metric function takes: entity kinds, TR_E_COUNT for "budget or program". */
static const struct { int nargs; int kinds[2]; } metric_args[TR_FN_COUNT] = {
    [TR_FN_HEADCOUNT] = {1, {TR_E_ROLE}},     [TR_FN_RETENTION] = {1, {TR_E_ROLE}},
    [TR_FN_ATTRITION] = {1, {TR_E_ROLE}},     [TR_FN_KNOWLEDGE] = {2, {TR_E_ROLE, TR_E_SKILL}},
    [TR_FN_BEHAVIOR] = {2, {TR_E_ROLE, TR_E_SKILL}}, [TR_FN_PRODUCTIVITY] = {1, {TR_E_ROLE}},
    [TR_FN_SPEND] = {1, {TR_E_COUNT}},        [TR_FN_COST] = {1, {TR_E_PROGRAM}},
    [TR_FN_BENEFIT] = {0, {0}},               [TR_FN_ROI] = {0, {0}},
    [TR_FN_PARTICIPATION] = {1, {TR_E_PROGRAM}}, [TR_FN_ALIGNMENT] = {0, {0}},
};

static tr_metric *new_metric(tr_resolver *r, const tr_node *n, tr_metric_kind kind) {
    tr_metric *m = TR_NEW(r->arena, tr_metric);
    if (!m) abort();
    m->kind = (uint8_t)kind;
    m->node = n;
    return m;
}

/* spend(x): a budget or a program; a name that is both is ambiguous. */
static bool spend_target(tr_resolver *r, const tr_node *a, tr_metric *m) {
    uint32_t b = tr_resolver_find(r, TR_E_BUDGET, a->u.str.s, a->u.str.len);
    uint32_t p = tr_resolver_find(r, TR_E_PROGRAM, a->u.str.s, a->u.str.len);
    if (b != UINT32_MAX && p != UINT32_MAX) {
        tr_diag *d = tr_diag_add(r->diags, "E208", src_of(r), a->begin, a->end, "'%.*s' is both a budget and a program",
                                 (int)a->u.str.len, a->u.str.s);
        tr_diag_help(d, "rename one of them: spend() cannot tell which is meant");
        return false;
    }
    if (b == UINT32_MAX && p == UINT32_MAX) {
        tr_diag *d = tr_diag_add(r->diags, "E201", src_of(r), a->begin, a->end, "unknown budget or program '%.*s'",
                                 (int)a->u.str.len, a->u.str.s);
        const char *best = tr_resolver_suggest(r, TR_E_BUDGET, a->u.str.s, a->u.str.len);
        if (!best) best = tr_resolver_suggest(r, TR_E_PROGRAM, a->u.str.s, a->u.str.len);
        if (best) { tr_diag_help(d, "did you mean '%s'?", best); return false; }
        tr_buf names = {0};
        tr_resolver_declared(r, TR_E_BUDGET, &names);
        tr_buf_puts(&names, "; ");
        tr_resolver_declared(r, TR_E_PROGRAM, &names);
        tr_diag_help(d, "spend() takes the name of a budget or a program: %s", names.data);
        tr_buf_free(&names);
        return false;
    }
    m->arg_kind[0] = b != UINT32_MAX ? TR_E_BUDGET : TR_E_PROGRAM;
    m->arg[0] = b != UINT32_MAX ? b : p;
    return true;
}

/* The call metric function fn takes, for E306's help: the names written where they are
 * names, the kind in capitals where they are not (`knowledge(manager, SKILL)`). */
static void metric_usage(const tr_node *n, int fn, tr_diag *d) {
    tr_buf b = {0};
    tr_buf_printf(&b, "%s(", metric_names[fn]);
    const tr_node *a = n->u.bin.b;
    for (int i = 0; i < metric_args[fn].nargs; i++, a = a ? a->next : NULL) {
        int kind = metric_args[fn].kinds[i];
        if (i) tr_buf_puts(&b, ", ");
        if (a && a->kind == TR_N_NAME) tr_buf_printf(&b, "%.*s", (int)a->u.str.len, a->u.str.s);
        else if (kind == TR_E_COUNT) tr_buf_puts(&b, "BUDGET_OR_PROGRAM");
        else
            for (const char *k = tr_entity_kind_name((tr_entity_kind)kind); *k; k++) tr_buf_putc(&b, (char)toupper((unsigned char)*k));
    }
    tr_buf_putc(&b, ')');
    tr_diag_help(d, "write %s", b.data);
    tr_buf_free(&b);
}

static tr_metric *metric_call(tr_resolver *r, const tr_node *n, int fn) {
    const tr_node *name = n->u.bin.a;
    unsigned nargs = tr_node_count(n->u.bin.b);
    if ((int)nargs != metric_args[fn].nargs) {
        tr_diag *d = tr_diag_add(r->diags, "E306", src_of(r), n->begin, n->end, "'%s' takes %d argument%s, not %u", metric_names[fn],
                                 metric_args[fn].nargs, metric_args[fn].nargs == 1 ? "" : "s", nargs);
        metric_usage(n, fn, d);
        return NULL;
    }
    tr_metric *m = new_metric(r, n, TR_M_CALL);
    m->fn = (uint8_t)fn;
    m->nargs = nargs;
    bool ok = true;
    int i = 0;
    for (const tr_node *a = n->u.bin.b; a; a = a->next, i++) {
        int kind = metric_args[fn].kinds[i];
        if (a->kind != TR_N_NAME) {
            tr_diag *d = tr_diag_add(r->diags, "E306", src_of(r), a->begin, a->end, "'%s' needs the name of a %s here", metric_names[fn],
                                     kind == TR_E_COUNT ? "budget or program" : tr_entity_kind_name((tr_entity_kind)kind));
            metric_usage(n, fn, d);
            ok = false;
        } else if (kind == TR_E_COUNT) {
            ok = spend_target(r, a, m) && ok;
        } else {
            uint32_t idx = tr_resolver_ref(r, (unsigned)kind, a);
            m->arg_kind[i] = (uint8_t)kind;
            m->arg[i] = idx;
            ok = idx != UINT32_MAX && ok;
        }
    }
    (void)name;
    m->dim = fn == TR_FN_HEADCOUNT ? TR_DIM_PEOPLE : (fn == TR_FN_SPEND || fn == TR_FN_COST || fn == TR_FN_BENEFIT) ? TR_DIM_MONEY : TR_DIM_NONE;
    return ok ? m : NULL;
}

static tr_metric *constant(tr_resolver *r, const tr_node *n) {
    tr_value v = tr_eval(r, n);
    if (v.kind == TR_V_NONE) return NULL;
    if (v.kind != TR_V_NUMBER && v.kind != TR_V_BOOL) {
        tr_diag_add(r->diags, "E303", src_of(r), n->begin, n->end, "a metric is computed from numbers and quantities");
        return NULL;
    }
    tr_metric *m = new_metric(r, n, TR_M_CONST);
    m->value = v;
    m->dim = v.dim;
    return m;
}

tr_metric *tr_eval_metric(tr_resolver *r, const tr_node *n, bool measures_allowed) {
    if (n->kind == TR_N_CALL) {
        int fn = find_word(n->u.bin.a, metric_names, TR_FN_COUNT);
        if (fn >= 0) return metric_call(r, n, fn);
        int f = find_word(n->u.bin.a, builtins, 7);
        if (f < 0) { unknown_function(r, n->u.bin.a); return NULL; }
        tr_metric *m = new_metric(r, n, TR_M_BUILTIN), *tail = NULL;
        m->builtin = builtins[f];
        for (const tr_node *a = n->u.bin.b; a; a = a->next) {
            tr_metric *x = tr_eval_metric(r, a, measures_allowed);
            if (!x) return NULL;
            if (tail && !tr_dim_eq(x->dim, m->a->dim)) { mismatch(r, a, builtins[f], m->a->dim, x->dim); return NULL; }
            if (!tail) m->a = x; else tail->next = x;
            tail = x;
            m->nargs++;
        }
        int want = f <= 1 ? -1 : f == 6 ? 3 : 1;
        if (!m->a || (want > 0 && (int)m->nargs != want)) {
            tr_diag *d = tr_diag_add(r->diags, "E306", src_of(r), n->begin, n->end, "'%s' takes %s", builtins[f],
                                     f <= 1 ? "one or more arguments" : f == 6 ? "three arguments" : "one argument");
            tr_diag_help(d, "write it as in %s", builtin_examples[f]);
            return NULL;
        }
        m->dim = m->a->dim;
        return m;
    }
    if (n->kind == TR_N_NAME && measures_allowed) {
        uint32_t i = tr_resolver_find(r, TR_E_MEASURE, n->u.str.s, n->u.str.len);
        uint32_t let = tr_resolver_find(r, TR_NS_LET, n->u.str.s, n->u.str.len);
        if (i != UINT32_MAX && let != UINT32_MAX) {
            tr_diag *d = tr_diag_add(r->diags, "E208", src_of(r), n->begin, n->end, "'%.*s' is both a measure and a constant",
                                     (int)n->u.str.len, n->u.str.s);
            const tr_let *l = &r->lets[let];
            if (l->node) tr_diag_note(d, l->file->src, l->node->u.let.name->begin, l->node->u.let.name->end, "the constant is declared here");
            tr_diag_help(d, "rename one of them: a goal's metric could mean either");
            return NULL;
        }
        if (i != UINT32_MAX) {
            /* a measure whose value failed was reported there: its users stay silent */
            if (!r->plan->measures[i].value) return NULL;
            tr_metric *m = new_metric(r, n, TR_M_MEASURE);
            m->arg[0] = i;
            m->arg_kind[0] = TR_E_MEASURE;
            m->nargs = 1;
            m->dim = r->plan->measures[i].value->dim;
            return m;
        }
        if (tr_resolver_find(r, TR_NS_LET, n->u.str.s, n->u.str.len) == UINT32_MAX) {
            tr_diag *d = tr_diag_add(r->diags, "E201", src_of(r), n->begin, n->end, "unknown measure '%.*s'", (int)n->u.str.len, n->u.str.s);
            const char *best = tr_resolver_suggest(r, TR_E_MEASURE, n->u.str.s, n->u.str.len);
            if (best) tr_diag_help(d, "did you mean '%s'?", best);
            else {
                tr_buf names = {0};
                tr_resolver_declared(r, TR_E_MEASURE, &names);
                tr_diag_help(d, "a name in a metric is a measure or a constant: %s", names.data);
                tr_buf_free(&names);
            }
            return NULL;
        }
    }
    if (n->kind == TR_N_BINARY || n->kind == TR_N_UNARY || n->kind == TR_N_IF) {
        bool reads = false;   /* does it read the simulation at all? else fold it */
        const tr_node *kids[3] = {n->u.bin.a, n->kind == TR_N_UNARY ? NULL : n->u.bin.b, n->kind == TR_N_IF ? n->u.bin.c : NULL};
        tr_metric *sub[3] = {NULL, NULL, NULL};
        for (int i = 0; i < 3; i++) {
            if (!kids[i]) continue;
            sub[i] = tr_eval_metric(r, kids[i], measures_allowed);
            if (!sub[i]) return NULL;
            reads = reads || sub[i]->kind != TR_M_CONST;
        }
        if (!reads) return constant(r, n);
        tr_metric *m = new_metric(r, n, n->kind == TR_N_BINARY ? TR_M_BINARY : n->kind == TR_N_UNARY ? TR_M_UNARY : TR_M_IF);
        m->op = n->op;
        m->a = sub[0], m->b = sub[1], m->c = sub[2];
        m->dim = sub[0]->dim;
        if (n->kind == TR_N_IF) { m->dim = sub[1]->dim; return m; }
        if (n->kind == TR_N_UNARY) return m;
        int op = n->op;
        if (op == '*') m->dim = tr_dim_mul(sub[0]->dim, sub[1]->dim);
        else if (op == '/') m->dim = tr_dim_div(sub[0]->dim, sub[1]->dim);
        else if (op != TR_OP_AND && op != TR_OP_OR && !tr_dim_eq(sub[0]->dim, sub[1]->dim)) {
            mismatch(r, n, is_comparison(op) ? "compare" : op == '+' ? "add" : "subtract", sub[0]->dim, sub[1]->dim);
            return NULL;
        }
        if (is_comparison(op)) m->dim = TR_DIM_NONE;
        return m;
    }
    return constant(r, n);
}
