/* check_value.c — one checked value per schema type: the attribute's dimension, sign and
 * range, references and words, with "expected ..., found ..." when it is not one. */
#include "check_parts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

typedef tr_resolver ck;

static const tr_source *src_of(const ck *c) { return c->file->src; }

/* `3 hours per year`: time over another time unit, a plain number in dimension, but not a
 * share or a rate of people that anyone means. Refused only as written (a unit `per` a
 * unit, or a range of them): computed through a `let` or arithmetic, the units a value
 * remembers are its operands', and `20 hours per week / (40 hours per week)` is a ratio. */
static bool time_per_time(const tr_value *v) {
    unsigned num = tr_units_num(v->units), den = tr_units_den(v->units);
    return v->kind == TR_V_NUMBER && tr_dim_eq(v->dim, TR_DIM_NONE) && num && den && num != den;
}

static void wrong_type(ck *c, const tr_node *at, const char *attr, const char *expected, const tr_value *found) {
    tr_buf f = {0};
    tr_eval_describe(found, &f);
    tr_diag *d = tr_diag_add(c->diags, "E303", src_of(c), at->begin, at->end, "'%s' expects %s, found %s", attr, expected, f.data);
    bool ratio = time_per_time(found);
    if (ratio && strstr(expected, "per person"))
        tr_diag_help(d, "effort is counted per person: %s 3 hours per person per year", attr);
    else if (ratio && strstr(expected, "percentage"))
        tr_diag_help(d, "a time over another time is only a ratio; write a percentage, as in %s 8%%", attr);
    else if (ratio && strstr(expected, "duration"))
        tr_diag_help(d, "a duration is written without `per`: %s 3 months", attr);
    else if (found->kind == TR_V_NUMBER && tr_dim_eq(found->dim, TR_DIM_NONE) && strstr(expected, "duration"))
        tr_diag_help(d, "add a unit: 18 months, 2 weeks, 3 days");
    else if (strcmp(expected, "true or false") == 0)
        tr_diag_help(d, "write %s true or %s false", attr, attr);
    tr_buf_free(&f);
}

/* ---- one value per type -------------------------------------------------------------------- */

typedef struct attr_ctx {
    ck *c;
    const tr_attr_spec *spec;
    const tr_node *attr;     /* the attribute, for the program's `hours` and messages */
    const char *block;
} attr_ctx;

/* Money must stay bookable in whole cents with room to add up (runtime/money.c books at
 * most 2^53 cents at once): a larger amount is E412 at the attribute. */
#define MONEY_MAX 1e12

/* A quantity's sign, as the schema's flags want it: E410 when its low end is negative (or,
 * for TR_A_POSITIVE, not above zero). */
static bool sign_ok(attr_ctx *a, const tr_node *n, const tr_value *v) {
    unsigned f = a->spec->flags;
    if ((f & TR_A_NONNEG) && v->lo < 0) {
        tr_diag *d = tr_diag_add(a->c->diags, "E410", src_of(a->c), n->begin, n->end, "'%s' cannot be negative", a->spec->name);
        tr_diag_help(d, v->is_range ? "the low end of the range is below zero: start it at 0 or more" : "write 0 for none");
        return false;
    }
    if ((f & TR_A_POSITIVE) && v->lo <= 0) {
        tr_diag *d = tr_diag_add(a->c->diags, "E410", src_of(a->c), n->begin, n->end, "'%s' must be more than zero", a->spec->name);
        tr_diag_help(d, "as in: %s 13.3 months", a->spec->name);
        return false;
    }
    double per_year = v->dim.time < 0 ? 12 : 1;   /* a rate is judged by its yearly amount */
    if (v->dim.money > 0 && fmax(fabs(v->lo), fabs(v->hi)) * per_year > MONEY_MAX) {
        tr_diag *d = tr_diag_add(a->c->diags, "E412", src_of(a->c), n->begin, n->end, "'%s' is too large to book in whole cents", a->spec->name);
        tr_diag_help(d, "amounts stay below 1e12 (a trillion) in the plan's currency, per year for a rate; check the magnitude (k, M)");
        return false;
    }
    return true;
}

static tr_value quantity(attr_ctx *a, const tr_node *n, const tr_dim *dims, size_t ndims, const char *expected) {
    tr_value v = tr_eval(a->c, n);
    if (v.kind == TR_V_NONE) return v;
    bool written_per_time = (n->kind == TR_N_PER || n->kind == TR_N_RANGE) && time_per_time(&v);
    if (v.kind == TR_V_NUMBER && !written_per_time)
        for (size_t i = 0; i < ndims; i++)
            if (tr_dim_eq(v.dim, dims[i])) return sign_ok(a, n, &v) ? v : (tr_value){0};
    wrong_type(a->c, n, a->spec->name, expected, &v);
    return (tr_value){0};
}

static bool share_range(attr_ctx *a, const tr_node *n, double lo, double hi, double min, double max) {
    if (lo >= min - 1e-12 && hi <= max + 1e-12) return true;
    tr_diag *d = tr_diag_add(a->c->diags, "E410", src_of(a->c), n->begin, n->end, "'%s' must be between %g%% and %g%%, found %g%%",
                             a->spec->name, min * 100, max * 100, (lo < min ? lo : hi) * 100);
    tr_diag_help(d, "percentages are shares of a whole: 8%% is 0.08");
    return false;
}

/* "at least 0% and at most 100%": a rate's bounds in words. */
static void bounds_words(const tr_bounds *b, tr_buf *out) {
    tr_buf_printf(out, b->lo_open ? "above %g%%" : "at least %g%%", b->lo * 100);
    tr_buf_printf(out, b->hi_open ? " and below %g%%" : " and at most %g%%", b->hi * 100);
}

/* A rate against the schema's yearly bounds (0-100% unless the spec says otherwise), judged
 * as the simulation reads it: compounded from the period it was written per, so that 9% per
 * month (67.8% a year) is a rate of people and 108% per month, more than everyone, is not. */
static bool rate_range(attr_ctx *a, const tr_node *n, const tr_value *v) {
    static const tr_bounds share = {0, 1, false, false};
    const tr_bounds *b = a->spec->bounds ? a->spec->bounds : &share;
    bool grows = b->lo < 0;   /* growth: a share that adds up, not one of the people */
    unsigned tu = tr_units_den(v->units);
    double period = tr_time_unit_months(tu, TR_TU_YEAR);
    double lo = tr_rate_yearly(v->lo, v->units, grows), hi = tr_rate_yearly(v->hi, v->units, grows);
    bool low = b->lo_open ? lo <= b->lo + 1e-12 : lo < b->lo - 1e-12;
    bool high = b->hi_open ? hi >= b->hi - 1e-12 : hi > b->hi + 1e-12;
    double written = (low ? v->lo : v->hi) * period;
    bool more_than_all = !grows && v->hi * period > 1 + 1e-12;   /* compounding would hide it */
    if (!low && !high && !more_than_all) return true;
    if (period == 12 && !b->lo_open && !b->hi_open) return share_range(a, n, lo, hi, b->lo, b->hi);
    const char *per = tr_time_unit_word(tu);
    tr_buf want = {0};
    bounds_words(b, &want);
    tr_diag *d;
    if (period == 12) {
        d = tr_diag_add(a->c->diags, "E410", src_of(a->c), n->begin, n->end, "'%s' must be %s per year, found %g%%",
                        a->spec->name, want.data, written * 100);
        tr_diag_help(d, "a rate is a share of the people per year: 8%% per year");
    } else if (more_than_all || low) {
        d = tr_diag_add(a->c->diags, "E410", src_of(a->c), n->begin, n->end, "'%s' must be %s per %s, found %g%% per %s",
                        a->spec->name, want.data, per, (more_than_all ? v->hi : v->lo) * period * 100, per);
        tr_diag_help(d, "a rate per %s is the share of the people who go each %s", per, per);
    } else {
        d = tr_diag_add(a->c->diags, "E410", src_of(a->c), n->begin, n->end,
                        "'%s' of %g%% per %s compounds to %g%% a year; it must be %s a year",
                        a->spec->name, written * 100, per, hi * 100, want.data);
        tr_diag_help(d, grows ? "r per %s is (1 + r)^(%ss in a year) - 1 a year" : "r per %s is 1 - (1 - r)^(%ss in a year) a year", per, per);
    }
    tr_buf_free(&want);
    return false;
}

static tr_value t_date(attr_ctx *a, const tr_node *n) {
    tr_value v = tr_eval(a->c, n);
    if (v.kind == TR_V_NONE || v.kind == TR_V_DATE) return v;
    wrong_type(a->c, n, a->spec->name, "a date", &v);
    return (tr_value){0};
}

static tr_value t_duration(attr_ctx *a, const tr_node *n) {
    const tr_dim d[] = {TR_DIM_TIME};
    tr_value v = quantity(a, n, d, 1, "a duration");
    if (v.kind == TR_V_NUMBER && v.lo < 0) {
        tr_diag *dg = tr_diag_add(a->c->diags, "E410", src_of(a->c), n->begin, n->end, "'%s' cannot be negative", a->spec->name);
        tr_diag_help(dg, "a duration is zero or more: %s 3 months", a->spec->name);
        return (tr_value){0};
    }
    return v;
}

/* A plain number is read as people: `headcount 80`. */
static tr_value t_people(attr_ctx *a, const tr_node *n) {
    const tr_dim d[] = {TR_DIM_PEOPLE, TR_DIM_NONE};
    tr_value v = quantity(a, n, d, 2, "people");
    if (v.kind != TR_V_NUMBER) return v;
    v.dim = TR_DIM_PEOPLE;
    if (v.lo < 0) {
        tr_diag *dg = tr_diag_add(a->c->diags, "E411", src_of(a->c), n->begin, n->end, "'%s' cannot be negative", a->spec->name);
        tr_diag_help(dg, "a role with nobody in it yet has headcount 0");
        return (tr_value){0};
    }
    return v;
}

static tr_value t_salary(attr_ctx *a, const tr_node *n) {
    const tr_dim d[] = {tr_dim_make(1, -1, 0)};
    return quantity(a, n, d, 1, tr_schema_expected(TR_T_SALARY));
}

/* `8% per year`; a bare `8%` is read as per year too. Stored per month. */
static tr_value t_rate(attr_ctx *a, const tr_node *n) {
    const tr_dim d[] = {tr_dim_make(0, -1, 0), TR_DIM_NONE};
    tr_value v = quantity(a, n, d, 2, tr_schema_expected(TR_T_RATE));
    if (v.kind != TR_V_NUMBER) return v;
    if (tr_dim_eq(v.dim, TR_DIM_NONE)) {
        v.lo /= 12, v.mid /= 12, v.hi /= 12;
        v.dim = tr_dim_make(0, -1, 0);
    }
    return rate_range(a, n, &v) ? v : (tr_value){0};
}

static tr_value t_share(attr_ctx *a, const tr_node *n) {
    const tr_dim d[] = {TR_DIM_NONE};
    tr_value v = quantity(a, n, d, 1, "a percentage");
    if (v.kind == TR_V_NUMBER && !share_range(a, n, v.lo, v.hi, 0, 1)) return (tr_value){0};
    return v;
}

static tr_value t_number(attr_ctx *a, const tr_node *n) {
    const tr_dim d[] = {TR_DIM_NONE};
    tr_value v = quantity(a, n, d, 1, "a number");
    if (v.kind == TR_V_NUMBER && v.lo < 0) {
        tr_diag *dg = tr_diag_add(a->c->diags, "E410", src_of(a->c), n->begin, n->end, "'%s' cannot be negative", a->spec->name);
        tr_diag_help(dg, "a percentage may be above 100%% here (%s 213%%), but not below 0", a->spec->name);
        return (tr_value){0};
    }
    return v;
}

static tr_value t_amount(attr_ctx *a, const tr_node *n) {
    const tr_dim d[] = {TR_DIM_MONEY, tr_dim_make(1, -1, 0)};
    return quantity(a, n, d, 2, tr_schema_expected(TR_T_AMOUNT));
}

/* Checked with the program as a whole (it depends on `hours`): see tr_check_cost. */
static tr_value t_cost(attr_ctx *a, const tr_node *n) {
    tr_value v = tr_eval(a->c, n);
    if (v.kind == TR_V_NONE) return v;
    if (v.kind == TR_V_NUMBER) return sign_ok(a, n, &v) ? v : (tr_value){0};
    wrong_type(a->c, n, a->spec->name, tr_schema_expected(TR_T_COST), &v);
    return (tr_value){0};
}

static tr_value t_effort(attr_ctx *a, const tr_node *n) {
    const tr_dim d[] = {tr_dim_make(0, 0, -1), tr_dim_make(0, 1, -1)};
    return quantity(a, n, d, 2, tr_schema_expected(TR_T_EFFORT));
}

static tr_value t_coaching(attr_ctx *a, const tr_node *n) {
    const tr_dim d[] = {tr_dim_make(0, 1, -1)};
    return quantity(a, n, d, 1, tr_schema_expected(TR_T_COACHING));
}

static tr_value t_string(attr_ctx *a, const tr_node *n) {
    tr_value v = tr_eval(a->c, n);
    if (v.kind == TR_V_NONE || v.kind == TR_V_STRING) return v;
    wrong_type(a->c, n, a->spec->name, "a string", &v);
    return (tr_value){0};
}

static tr_value ref_value(ck *c, const tr_node *n, unsigned ns, uint32_t idx) {
    tr_value v = {0};
    if (idx == UINT32_MAX) return v;
    v.kind = TR_V_REF;
    v.ref_kind = (uint8_t)ns;
    v.index = idx;
    v.node = n;
    v.src = src_of(c);
    return v;
}

/* A reference written as something other than a name: what it is, and how to name one. */
static void not_a_name(attr_ctx *a, const tr_node *n, const char *expected) {
    tr_value found = tr_eval(a->c, n);
    if (found.kind == TR_V_NONE) return;   /* its own error was reported */
    const char *kind = tr_entity_kind_name(a->spec->ref);
    tr_buf f = {0};
    tr_eval_describe(&found, &f);
    tr_diag *d = tr_diag_add(a->c->diags, "E303", src_of(a->c), n->begin, n->end, "'%s' expects %s, found %s", a->spec->name, expected, f.data);
    if (n->kind == TR_N_STRING) tr_diag_help(d, "write the %s's name without quotes: %s %.*s", kind, a->spec->name, (int)n->u.str.len, n->u.str.s);
    else if (a->spec->type == TR_T_OWNER) tr_diag_help(d, "name a role, or write a string: owner executive, owner \"People & Culture\"");
    else tr_diag_help(d, "name a declared %s: %s NAME", kind, a->spec->name);
    tr_buf_free(&f);
}

static tr_value ref_named(attr_ctx *a, const tr_node *n, const char *expected) {
    a->c->ref_attr = a->spec->name, a->c->ref_expected = expected;
    uint32_t i = tr_resolver_ref(a->c, a->spec->ref, n);
    a->c->ref_attr = a->c->ref_expected = NULL;
    return ref_value(a->c, n, a->spec->ref, i);
}

static tr_value t_ref(attr_ctx *a, const tr_node *n) {
    char want[48];
    snprintf(want, sizeof want, "a %s", tr_entity_kind_name(a->spec->ref));
    if (n->kind != TR_N_NAME) { not_a_name(a, n, want); return (tr_value){0}; }
    return ref_named(a, n, NULL);
}

static tr_value t_owner(attr_ctx *a, const tr_node *n) {
    const char *expected = tr_schema_expected(TR_T_OWNER);
    if (n->kind == TR_N_STRING) return t_string(a, n);
    if (n->kind != TR_N_NAME) { not_a_name(a, n, expected); return (tr_value){0}; }
    return ref_named(a, n, expected);
}

/* `enabled flase`: a word where a boolean goes is a misspelt true or false, not an unknown
 * constant (unless a constant has that name). */
static bool bool_word(attr_ctx *a, const tr_node *n) {
    if (n->kind != TR_N_NAME || tr_resolver_find(a->c, TR_NS_LET, n->u.str.s, n->u.str.len) != UINT32_MAX) return false;
    tr_diag *d = tr_diag_add(a->c->diags, "E303", src_of(a->c), n->begin, n->end, "'%s' expects a boolean (true or false), found '%.*s'",
                             a->spec->name, (int)n->u.str.len, n->u.str.s);
    static const char *const bools[] = {"true", "false"};
    char w[TR_WORD_MAX];
    const char *best = tr_suggest(tr_node_word(n, w), bools, 2);
    if (best) tr_diag_help(d, "did you mean '%s'?", best);
    else tr_diag_help(d, "write %s true or %s false", a->spec->name, a->spec->name);
    return true;
}

static tr_value t_bool(attr_ctx *a, const tr_node *n) {
    if (bool_word(a, n)) return (tr_value){0};
    tr_value v = tr_eval(a->c, n);
    if (v.kind == TR_V_NONE || v.kind == TR_V_BOOL) return v;
    wrong_type(a->c, n, a->spec->name, "true or false", &v);
    return (tr_value){0};
}

/* No word is close: what to write, with the path as written (`hiring`, `r.hiring` in a
 * scenario): "write `hiring replace` or `hiring none`". A list takes several. */
static void help_words(attr_ctx *a, tr_diag *d, const char *const *words, size_t nw) {
    const tr_node *path = a->attr->u.attr.path, *last = path;
    while (last->next) last = last->next;
    int plen = (int)(last->end - path->begin);
    const char *ptext = src_of(a->c)->text + path->begin;
    tr_buf b = {0};
    if (a->spec->flags & TR_A_LIST) {
        for (size_t i = 0; i < nw; i++) tr_buf_printf(&b, "%s%s", i ? (i + 1 == nw ? " and " : ", ") : "", words[i]);
        tr_diag_help(d, "write any of %s, as in `%.*s %s%s%s`", b.data, plen, ptext, words[0], nw > 1 ? ", " : "", nw > 1 ? words[nw - 1] : "");
    } else {
        for (size_t i = 0; i < nw; i++) tr_buf_printf(&b, "%s`%.*s %s`", i ? (i + 1 == nw ? " or " : ", ") : "", plen, ptext, words[i]);
        tr_diag_help(d, "write %s", b.data);
    }
    tr_buf_free(&b);
}

static tr_value t_word(attr_ctx *a, const tr_node *n) {
    const char *const *words = a->spec->words;
    size_t nw = 0;
    while (words[nw]) nw++;
    if (n->kind == TR_N_NAME)
        for (size_t i = 0; i < nw; i++)
            if (tr_node_is(n, words[i])) {
                tr_value v = {0};
                v.kind = TR_V_WORD, v.index = (uint32_t)i, v.str = words[i], v.len = (uint32_t)strlen(words[i]);
                v.node = n, v.src = src_of(a->c);
                return v;
            }
    tr_buf list = {0};
    for (size_t i = 0; i < nw; i++) tr_buf_printf(&list, "%s%s", i ? (i + 1 == nw ? " or " : ", ") : "", words[i]);
    tr_diag *d = tr_diag_add(a->c->diags, "E309", src_of(a->c), n->begin, n->end, "'%s' is one of %s, found '%.*s'",
                             a->spec->name, list.data, tr_utf8_cut(src_of(a->c)->text + n->begin, n->end - n->begin, 40), src_of(a->c)->text + n->begin);
    if (n->kind == TR_N_NAME && n->u.str.len < 60) {
        char w[TR_WORD_MAX];
        const char *best = tr_suggest(tr_node_word(n, w), (const char *const *)words, nw);
        if (best) { tr_diag_help(d, "did you mean '%s'?", best); tr_buf_free(&list); return (tr_value){0}; }
    }
    help_words(a, d, words, nw);
    tr_buf_free(&list);
    return (tr_value){0};
}

static tr_value t_bound(attr_ctx *a, const tr_node *n) {
    if (n->kind != TR_N_BOUND) {
        tr_value found = tr_eval(a->c, n);
        if (found.kind == TR_V_NONE) return found;   /* its own error was reported */
        tr_buf f = {0};
        tr_eval_describe(&found, &f);
        tr_diag *d = tr_diag_add(a->c->diags, "E303", src_of(a->c), n->begin, n->end, "'%s' expects a bound such as >= 88%%, found %s",
                                 a->spec->name, f.data);
        tr_buf_free(&f);
        if (found.kind == TR_V_NUMBER)
            tr_diag_help(d, "write the comparison before the value: >= %.*s (or <, <=, >, ==, !=)", (int)(n->end - n->begin), src_of(a->c)->text + n->begin);
        else
            tr_diag_help(d, "write the comparison: >= 88%%, < 1.2M USD");
        return (tr_value){0};
    }
    tr_value inner = tr_eval(a->c, n->u.bin.a);
    if (inner.kind == TR_V_NONE) return inner;
    if (inner.kind != TR_V_NUMBER) {
        wrong_type(a->c, n->u.bin.a, a->spec->name, "a number or quantity", &inner);
        return (tr_value){0};
    }
    tr_value v = {0};
    v.kind = TR_V_BOUND, v.op = n->op, v.count = 1, v.node = n, v.src = src_of(a->c), v.dim = inner.dim;
    v.items = TR_NEW(a->c->arena, tr_value);
    if (!v.items) abort();
    v.items[0] = inner;
    return v;
}

/* Lint names are kebab-case, which the grammar reads as subtraction: take the text. */
static tr_value t_lints(attr_ctx *a, const tr_node *n) {
    const char *s = src_of(a->c)->text + n->begin;
    uint32_t len = n->end - n->begin;
    if (n->kind == TR_N_STRING) s = n->u.str.s, len = n->u.str.len;
    bool ok = len > 0;
    for (uint32_t i = 0; i < len && n->kind != TR_N_STRING; i++)
        ok = ok && (s[i] == '-' || s[i] == '_' || (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9'));
    if (!ok) {
        tr_diag_add(a->c->diags, "E303", src_of(a->c), n->begin, n->end, "'%s' expects lint names or codes, such as no-manager-involvement", a->spec->name);
        return (tr_value){0};
    }
    tr_value v = {0};
    v.kind = TR_V_WORD, v.str = s, v.len = len, v.node = n, v.src = src_of(a->c), v.index = UINT32_MAX;
    return v;
}

static tr_value t_unit(attr_ctx *a, const tr_node *n) {
    if (n->kind == TR_N_NAME) {
        tr_value v = {0};
        v.kind = TR_V_STRING, v.str = n->u.str.s, v.len = n->u.str.len, v.node = n, v.src = src_of(a->c);
        return v;
    }
    return t_string(a, n);
}

typedef tr_value (*type_fn)(attr_ctx *, const tr_node *);
static const type_fn type_fns[TR_T_COUNT] = {
    [TR_T_DATE] = t_date,         [TR_T_DURATION] = t_duration, [TR_T_PEOPLE] = t_people,
    [TR_T_SALARY] = t_salary,     [TR_T_RATE] = t_rate,         [TR_T_SHARE] = t_share,
    [TR_T_NUMBER] = t_number,     [TR_T_AMOUNT] = t_amount,     [TR_T_COST] = t_cost,
    [TR_T_EFFORT] = t_effort,     [TR_T_COACHING] = t_coaching, [TR_T_STRING] = t_string,
    [TR_T_OWNER] = t_owner,       [TR_T_BOOL] = t_bool,         [TR_T_REF] = t_ref,
    [TR_T_WORD] = t_word,         [TR_T_BOUND] = t_bound,       [TR_T_LINTS] = t_lints,
    [TR_T_UNIT] = t_unit,
};

/* An attribute's values: one, or a list (`for a, b` or `for [a, b]`). */
tr_value tr_check_attr_value(ck *c, const tr_attr_spec *spec, const tr_node *attr, const char *block) {
    attr_ctx a = {c, spec, attr, block};
    const tr_node *vals = attr->u.attr.values;
    type_fn fn = type_fns[spec->type];
    if (!(spec->flags & TR_A_LIST)) {
        if (vals->next) {
            tr_diag *d = tr_diag_add(c->diags, "E311", src_of(c), vals->next->begin, attr->end, "'%s' takes one value", spec->name);
            tr_diag_help(d, "only list attributes (for, after, requires, manager_involvement, allow) take several values");
            return (tr_value){0};
        }
        return fn(&a, vals);
    }
    if (!vals->next && vals->kind == TR_N_LIST) vals = vals->u.bin.a;
    tr_value v = {0};
    v.kind = TR_V_LIST, v.node = attr, v.src = src_of(c), v.count = tr_node_count(vals);
    v.items = tr_arena_alloc(c->arena, (v.count ? v.count : 1) * sizeof *v.items);
    if (!v.items) abort();
    bool ok = true;
    uint32_t i = 0;
    for (const tr_node *n = vals; n; n = n->next) {
        v.items[i] = fn(&a, n);
        ok = ok && v.items[i].kind != TR_V_NONE;
        for (uint32_t j = 0; j < i && ok && v.items[i].kind != TR_V_STRING; j++)
            if (v.items[j].kind == v.items[i].kind && v.items[j].index == v.items[i].index && v.items[j].len == v.items[i].len &&
                (v.items[i].kind != TR_V_WORD || memcmp(v.items[j].str, v.items[i].str, v.items[i].len) == 0)) {
                tr_diag *d = tr_diag_add(c->diags, "E210", src_of(c), n->begin, n->end, "'%.*s' is listed twice", (int)(n->end - n->begin),
                                         src_of(c)->text + n->begin);
                tr_diag_note(d, src_of(c), v.items[j].node ? v.items[j].node->begin : n->begin, v.items[j].node ? v.items[j].node->end : n->end,
                             "first listed here");
                tr_diag_help(d, "a list names each thing once: remove one");
                ok = false;
            }
        i++;
    }
    return ok ? v : (tr_value){0};
}

/* A title (or another string attribute) whose value is kept apart from the schema's offsets. */
tr_value tr_check_string(ck *c, const tr_attr_spec *s, const tr_node *attr) {
    attr_ctx a = {c, s, attr, "title"};
    return t_string(&a, attr->u.attr.values);
}

