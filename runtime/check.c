/* check.c — from parsed files to a tr_plan: declarations, every attribute against the
 * schema, then the whole-plan checks of runtime/structure.c. */
#include "check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "load.h"
#include "resolve.h"
#include "scenario.h"
#include "schema.h"
#include "structure.h"

struct tr_checked {
    tr_loader loader;
    tr_arena *arena;
    tr_plan **plans;
    bool *ok;
    size_t nplans;
};

typedef tr_resolver ck;

static const tr_source *src_of(const ck *c) { return c->file->src; }

static char *name_of(ck *c, const tr_node *n) { return tr_arena_strndup(c->arena, n->u.str.s, n->u.str.len); }

/* ---- syntax errors: the passes run on what parsed ------------------------------------------ */

static bool is_syntax_error(const tr_diag *d) { return d->code[0] == 'E' && d->code[1] == '1' && d->src; }

static int by_place(const void *a, const void *b) {
    const tr_diag *x = *(const tr_diag *const *)a, *y = *(const tr_diag *const *)b;
    if (x->src != y->src) return (uintptr_t)x->src < (uintptr_t)y->src ? -1 : 1;
    return x->begin < y->begin ? -1 : x->begin > y->begin;
}

/* The first syntax error in file `src` at or after offset `at` (index into c->syntax). */
static size_t syntax_from(const ck *c, const tr_source *src, uint32_t at) {
    size_t lo = 0, hi = c->nsyntax;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const tr_diag *d = c->syntax[mid];
        bool before = (uintptr_t)d->src < (uintptr_t)src || (d->src == src && d->begin < at);
        if (before) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* Does the block hold a syntax error? Then what is missing from it may only have failed
 * to parse: its required attributes are not asked for. */
static bool damaged(const ck *c, const tr_node *block) {
    if (!c->nsyntax) return false;
    size_t i = syntax_from(c, src_of(c), block->begin);
    return i < c->nsyntax && c->syntax[i]->src == src_of(c) && c->syntax[i]->begin < block->end;
}

/* The syntax errors of the plan's files, sorted; and whether one lies outside every
 * top-level item that parsed (a block whose header failed, a broken `let` or `import`):
 * then the names it declared are unknown, and "unknown name" is not reported. */
static void collect_syntax(ck *c, const tr_diags *ds, const tr_file *const *files, size_t nfiles) {
    size_t n = 0;
    for (size_t i = 0; i < ds->n; i++) n += is_syntax_error(ds->items[i]);
    if (!n) return;
    c->syntax = malloc(n * sizeof *c->syntax);
    if (!c->syntax) abort();
    for (size_t i = 0; i < ds->n; i++) {
        const tr_diag *d = ds->items[i];
        if (!is_syntax_error(d)) continue;
        for (size_t f = 0; f < nfiles; f++)
            if (files[f]->src == d->src) { c->syntax[c->nsyntax++] = d; break; }
    }
    qsort(c->syntax, c->nsyntax, sizeof *c->syntax, by_place);
    for (size_t f = 0; f < nfiles && !c->syntax_outside_blocks; f++) {
        const tr_source *src = files[f]->src;
        size_t i = syntax_from(c, src, 0);
        const tr_node *it = files[f]->ast->items;
        for (; i < c->nsyntax && c->syntax[i]->src == src; i++) {
            uint32_t at = c->syntax[i]->begin;
            while (it && it->end <= at) it = it->next;
            if (!it || it->begin > at || it->kind != TR_N_BLOCK) { c->syntax_outside_blocks = true; break; }
        }
    }
}

/* After a top-level item failed to parse: names it may have declared are not "unknown",
 * nor is the plan block "missing"; after the plan block was damaged, neither are the
 * currencies its `currency` or `exchange` may have declared. */
typedef struct cascade_ctx {
    bool names;      /* E201 */
    bool currency;   /* E301 of a currency code */
    bool plan;       /* E401: the plan block may be what failed */
} cascade_ctx;

static bool not_a_cascade(const tr_diags *ds, size_t from, size_t kept, const tr_diag *d, void *ctx) {
    const cascade_ctx *x = ctx;
    (void)ds, (void)from, (void)kept;
    if (x->names && strcmp(d->code, "E201") == 0) return false;
    if (x->plan && strcmp(d->code, "E401") == 0) return false;
    if (x->currency && strcmp(d->code, "E301") == 0 && d->src && d->end - d->begin == 3 &&
        tr_unit_is_currency_code(d->src->text + d->begin, 3))
        return false;
    return true;
}

/* One mistake reported once: after an import that failed, a name may be unknown only because
 * that file was not read (one note at the import says so); the name of a block of misspelt
 * kind is declared, of no kind; a unit word that a failed `currency` or `exchange` meant to
 * declare is not unknown again at every amount. */
typedef struct quiet_ctx {
    const ck *c;
    size_t dropped;               /* E201s dropped after a failed import */
    const tr_source *first_src;   /* the first of them */
    uint32_t first_begin, first_end;
} quiet_ctx;

static bool text_is(const tr_diag *d, const char *s, uint32_t len) {
    return d->src && d->end - d->begin == len && memcmp(d->src->text + d->begin, s, len) == 0;
}

static bool not_quiet(const tr_diags *ds, size_t from, size_t kept, const tr_diag *d, void *ctx) {
    quiet_ctx *x = ctx;
    (void)ds, (void)from, (void)kept;
    if (!d->src) return true;
    const char *text = d->src->text + d->begin;
    uint32_t len = d->end - d->begin;
    if (strcmp(d->code, "E301") == 0) {
        for (uint32_t i = 0; i < x->c->nfailed_units; i++)
            if (text_is(d, x->c->failed_units[i]->u.str.s, x->c->failed_units[i]->u.str.len)) return false;
        return true;
    }
    if (strcmp(d->code, "E201") != 0) return true;
    if (tr_resolver_find(x->c, TR_NS_UNKNOWN, text, len) != UINT32_MAX) return false;
    if (!x->c->failed_import) return true;
    if (!x->dropped++) x->first_src = d->src, x->first_begin = d->begin, x->first_end = d->end;
    return false;
}

static void drop_cascades(ck *c, size_t from) {
    quiet_ctx x = {c, 0, NULL, 0, 0};
    tr_diags_filter(c->diags, from, not_quiet, &x);
    if (!x.dropped) return;
    uint32_t len = x.first_end - x.first_begin;
    const char *name = x.first_src->text + x.first_begin;
    if (x.dropped == 1)
        tr_diag_note(c->failed_import, x.first_src, x.first_begin, x.first_end,
                     "'%.*s' is not declared: it may be declared in the file that was not imported", (int)len, name);
    else
        tr_diag_note(c->failed_import, x.first_src, x.first_begin, x.first_end,
                     "'%.*s' and %zu other names are not declared: they may be declared in the file that was not imported", (int)len, name,
                     x.dropped - 1);
}

/* A `currency` or `exchange` that failed: the unit word it meant to declare (a NAME). */
static void failed_unit(ck *c, const tr_node *word) {
    if (word->kind == TR_N_NAME && c->nfailed_units < sizeof c->failed_units / sizeof c->failed_units[0])
        c->failed_units[c->nfailed_units++] = word;
}

static void time_per_time_words(const tr_value *v, tr_buf *out);
static bool time_per_time(const tr_value *v);

static void wrong_type(ck *c, const tr_node *at, const char *attr, const char *expected, const tr_value *found) {
    tr_buf f = {0};
    if (time_per_time(found)) time_per_time_words(found, &f);
    else tr_eval_describe(found, &f);
    tr_diag *d = tr_diag_add(c->diags, "E303", src_of(c), at->begin, at->end, "'%s' expects %s, found %s", attr, expected, f.data);
    if (found->kind == TR_V_NUMBER && tr_dim_eq(found->dim, TR_DIM_NONE) && strstr(expected, "duration"))
        tr_diag_help(d, "add a unit: 18 months, 2 weeks, 3 days");
    else if (strcmp(expected, "true or false") == 0)
        tr_diag_help(d, "write %s true or %s false", attr, attr);
    else if (time_per_time(found) && strstr(expected, "per person"))
        tr_diag_help(d, "effort is counted per person: %s 3 hours per person per year", attr);
    else if (time_per_time(found))
        tr_diag_help(d, "a time over another time is only a ratio; write a percentage, as in %s 8%%", attr);
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

/* `3 hours per year`: time over another time unit, a plain number in dimension, but not a
 * share or a rate of people that anyone means. Refused only as written (a unit `per` a
 * unit, or a range of them): computed through a `let` or arithmetic, the units a value
 * remembers are its operands', and `20 hours per week / (40 hours per week)` is a ratio. */
static bool time_per_time(const tr_value *v) {
    unsigned num = tr_units_num(v->units), den = tr_units_den(v->units);
    return v->kind == TR_V_NUMBER && tr_dim_eq(v->dim, TR_DIM_NONE) && num && den && num != den;
}

static void time_per_time_words(const tr_value *v, tr_buf *out) {
    tr_buf_printf(out, "%ss per %s (a time per time)", tr_time_unit_word(tr_units_num(v->units)), tr_time_unit_word(tr_units_den(v->units)));
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

/* Checked with the program as a whole (it depends on `hours`): see check_cost. */
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
    char w[64];
    size_t l = n->u.str.len < 63 ? n->u.str.len : 63;
    memcpy(w, n->u.str.s, l);
    w[l] = '\0';
    const char *best = tr_suggest(w, bools, 2);
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
        char w[64];
        memcpy(w, n->u.str.s, n->u.str.len);
        w[n->u.str.len] = '\0';
        const char *best = tr_suggest(w, (const char *const *)words, nw);
        if (best) tr_diag_help(d, "did you mean '%s'?", best);
    }
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
static tr_value attr_value(ck *c, const tr_attr_spec *spec, const tr_node *attr, const char *block) {
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

/* ---- blocks -------------------------------------------------------------------------------- */

/* An allow or deny list, for the lints (tr_plan.lint_lists): every block's attributes pass
 * through here once, so the lints need not walk them all again. */
static void note_lint_list(ck *c, const tr_attr_spec *s, const tr_node *attr, const tr_node *in, const char *block) {
    if (s->type != TR_T_LINTS) return;
    if (c->nlint_lists == c->lint_lists_cap) {
        c->lint_lists_cap = c->lint_lists_cap ? c->lint_lists_cap * 2 : 16;
        c->lint_lists = realloc(c->lint_lists, c->lint_lists_cap * sizeof *c->lint_lists);
        if (!c->lint_lists) abort();
    }
    bool lint_block = strcmp(block, "lint") == 0;
    c->lint_lists[c->nlint_lists++] = (tr_lint_list){attr, in, src_of(c), lint_block, lint_block && strcmp(s->name, "deny") == 0, c->file->stdlib};
}

static const char *attr_name(const tr_node *attr, char *buf, size_t cap) {
    const tr_node *p = attr->u.attr.path;
    size_t l = p->u.str.len < cap - 1 ? p->u.str.len : cap - 1;
    memcpy(buf, p->u.str.s, l);
    buf[l] = '\0';
    return buf;
}

/* E210 at `again`, with the first place: an attribute that is not repeatable, given twice. */
static void given_twice(ck *c, const tr_attr_spec *s, const char *name, const tr_node *again, const tr_source *first_src,
                        const tr_node *first) {
    tr_diag *d = tr_diag_add(c->diags, "E210", src_of(c), again->begin, again->end, "'%s' is given twice", name);
    tr_diag_note(d, first_src, first->begin, first->end, "first given here");
    if (s->flags & TR_A_LIST) tr_diag_help(d, "write it once, with all its values: %s a, b", name);
    else tr_diag_help(d, "keep one: the second would silently replace the first");
}

/* E204 with "did you mean"; returns the suggestion (a schema name), or NULL. */
static const char *unknown_attr(ck *c, const char *block, const tr_node *path) {
    char w[64];
    size_t l = path->u.str.len < 63 ? path->u.str.len : 63;
    memcpy(w, path->u.str.s, l);
    w[l] = '\0';
    tr_diag *d = tr_diag_add(c->diags, "E204", src_of(c), path->begin, path->end, "unknown attribute '%s' in %s", w, block);
    const char *names[64];
    size_t n = tr_schema_attr_names(block, names, 64);
    const char *best = tr_suggest(w, names, n);
    if (best) tr_diag_help(d, "did you mean '%s'?", best);
    else if (n) {
        tr_buf list = {0};
        for (size_t i = 0; i < n; i++) tr_buf_printf(&list, "%s%s", i ? ", " : "", names[i]);
        tr_diag_help(d, "%s takes %s", block, list.data);
        tr_buf_free(&list);
    }
    return best;
}

static void unknown_block(ck *c, const tr_node *kind, bool top, const char *inside) {
    char w[64];
    size_t l = kind->u.str.len < 63 ? kind->u.str.len : 63;
    memcpy(w, kind->u.str.s, l);
    w[l] = '\0';
    tr_diag *d = inside ? tr_diag_add(c->diags, "E203", src_of(c), kind->begin, kind->end, "unknown block kind '%s' in %s", w, inside)
                        : tr_diag_add(c->diags, "E203", src_of(c), kind->begin, kind->end, "unknown block kind '%s'", w);
    const char *names[64];
    size_t n = 0;
    if (top) n = tr_schema_block_names(true, names, 64);
    else {
        const char *all[64];
        size_t na = tr_schema_attr_names(inside, all, 64);
        for (size_t i = 0; i < na; i++) {
            const tr_attr_spec *s = tr_schema_attr(inside, all[i], strlen(all[i]));
            if (s && (s->type == TR_T_BLOCK || s->type == TR_T_SKILLS)) names[n++] = all[i];
        }
    }
    const char *best = tr_suggest(w, names, n);
    if (best) tr_diag_help(d, "did you mean '%s'?", best);
}

/* "add: kind WORD, one of coaching, training...": the missing attribute and what it takes. */
static void help_add(tr_diag *d, const tr_attr_spec *s) {
    if (s->type == TR_T_WORD) {
        tr_buf list = {0};
        size_t nw = 0;
        while (s->words[nw]) nw++;
        for (size_t i = 0; i < nw; i++) tr_buf_printf(&list, "%s%s", i ? (i + 1 == nw ? " or " : ", ") : "", s->words[i]);
        tr_diag_help(d, "add: %s WORD, one of %s", s->name, list.data);
        tr_buf_free(&list);
    } else if (s->type == TR_T_REF) {
        tr_diag_help(d, "add: %s NAME, naming a %s%s", s->name, tr_entity_kind_name(s->ref), (s->flags & TR_A_LIST) ? " (or several, with commas)" : "");
    } else {
        tr_diag_help(d, "add: %s %s", s->name, tr_schema_expected(s->type));
    }
}

/* Where a checked value goes: base + offset, or for the attributes every block takes, the
 * common part of `entity` (made when the first is written; nowhere when entity is NULL). */
static void store_value(ck *c, const tr_attr_spec *s, void *base, tr_entity *entity, const tr_value *v) {
    char *dest = base;
    if (strcmp(s->block, "*") == 0) {
        if (!entity || (!entity->common && v->kind == TR_V_NONE)) return;
        if (!entity->common) entity->common = TR_NEW(c->arena, tr_entity_common);
        if (!entity->common) abort();
        dest = (char *)entity->common;
    }
    if (dest) *(tr_value *)(void *)(dest + s->offset) = *v;
}

/* The members of one block, checked against the schema and stored at base + offset (the
 * common attributes in `common`'s). Nested blocks go to `nested`, which knows their kinds. */
typedef void (*nested_fn)(ck *c, const tr_node *member, const tr_attr_spec *spec, void *owner);

enum { SEEN_MAX = 48 };

static void check_members(ck *c, const tr_node *block, const char *kind, void *base, tr_entity *common, nested_fn nested, void *owner) {
    const tr_attr_spec *seen[SEEN_MAX], *misspelt[8];
    const tr_node *seen_at[SEEN_MAX];
    size_t nseen = 0, nmisspelt = 0;
    char buf[64];
    /* a block holding a syntax error may have lost a brace: what it seems to nest is not judged */
    bool broken = damaged(c, block);
    for (const tr_node *m = block->u.block.members; m; m = m->next) {
        if (m->kind == TR_N_BLOCK) {
            const tr_node *k = m->u.block.kind;
            const tr_attr_spec *s = tr_schema_index_attr(c->schema, kind, k->u.str.s, k->u.str.len);
            if (!s || (s->type != TR_T_BLOCK && s->type != TR_T_SKILLS)) {
                if (!broken) unknown_block(c, k, false, kind);
                continue;
            }
            if (!(s->flags & TR_A_REPEAT)) {
                bool dup = false;
                for (size_t i = 0; i < nseen && !dup; i++)
                    if (seen[i] == s) {
                        given_twice(c, s, s->name, k, src_of(c), seen_at[i]);
                        dup = true;
                    }
                if (dup) continue;
                if (nseen < SEEN_MAX) seen[nseen] = s, seen_at[nseen++] = k;
            }
            if (nested) nested(c, m, s, owner);
            continue;
        }
        if (m->kind != TR_N_ATTR) continue;
        const tr_node *path = m->u.attr.path;
        if (path->next) {
            tr_diag *d = tr_diag_add(c->diags, "E204", src_of(c), path->begin, m->u.attr.values ? m->u.attr.values->begin : m->end,
                                     "a dotted path is an override, allowed only in a scenario");
            tr_diag_help(d, "write the attribute in its own block, or put the override in a scenario");
            continue;
        }
        const tr_attr_spec *s = tr_schema_index_attr(c->schema, kind, path->u.str.s, path->u.str.len);
        if (!s || s->type == TR_T_BLOCK || s->type == TR_T_SKILLS) {
            /* a misspelt required attribute is reported once, as the misspelling */
            const char *meant = unknown_attr(c, kind, path);
            const tr_attr_spec *ms = meant ? tr_schema_attr(kind, meant, strlen(meant)) : NULL;
            if (ms && nmisspelt < 8) misspelt[nmisspelt++] = ms;
            continue;
        }
        const tr_node *quoted = block->u.block.title;
        if (quoted && strcmp(s->name, "title") == 0) {
            tr_diag *d = tr_diag_add(c->diags, "E210", src_of(c), path->begin, path->end, "'title' is given twice");
            tr_diag_note(d, src_of(c), quoted->begin, quoted->end, "first given here, quoted after the name");
            tr_diag_help(d, "keep one: the quoted title or the `title` attribute");
            continue;
        }
        bool dup = false;
        for (size_t i = 0; i < nseen && !dup; i++)
            if (seen[i] == s && !(s->flags & TR_A_REPEAT)) {
                given_twice(c, s, attr_name(m, buf, sizeof buf), path, src_of(c), seen_at[i]);
                dup = true;
            }
        if (dup) continue;
        if (nseen < SEEN_MAX) seen[nseen] = s, seen_at[nseen++] = path;
        if (broken && damaged(c, m)) continue;   /* its value did not parse: already reported */
        note_lint_list(c, s, m, block, kind);
        if (s->type == TR_T_METRIC || s->type == TR_T_CURRENCY || s->type == TR_T_EXCHANGE || s->offset == (size_t)-1) {
            if (nested) nested(c, m, s, owner);   /* stored apart: the owner knows where */
            else if (s->type == TR_T_STRING) (void)attr_value(c, s, m, kind);   /* a nested block's title: checked, not kept */
            continue;
        }
        tr_value v = attr_value(c, s, m, kind);
        store_value(c, s, base, common, &v);
    }
    /* required attributes, unless one may have failed to parse */
    if (broken) return;
    size_t nrequired;
    const tr_attr_spec *const *required = tr_schema_index_required(c->schema, kind, &nrequired);
    for (size_t r = 0; r < nrequired; r++) {
        const tr_attr_spec *s = required[r];
        bool have = false;
        for (size_t i = 0; i < nseen && !have; i++) have = seen[i] == s;
        for (size_t i = 0; i < nmisspelt && !have; i++) have = misspelt[i] == s;
        if (have || nseen >= SEEN_MAX) continue;
        const tr_node *head = block->u.block.kind;
        const tr_node *nm = tr_block_name(block);
        tr_diag *d = tr_diag_add(c->diags, "E413", src_of(c), head->begin, nm ? nm->end : head->end, "%s%s%.*s has no '%s'", kind,
                                 nm ? " " : "", nm ? (int)nm->u.str.len : 0, nm ? nm->u.str.s : "", s->name);
        help_add(d, s);
    }
}

/* ---- nested blocks and attributes stored apart ----------------------------------------------- */

/* `baseline { leadership 55% }`, `gains { selling 20% }`: skills and shares. */
static void skill_levels(ck *c, const tr_node *blk, tr_skill_level **out, uint32_t *count) {
    uint32_t *stamps = c->stamps, stamp = ++c->stamp;
    uint32_t n = 0;
    for (const tr_node *m = blk->u.block.members; m; m = m->next) n += m->kind == TR_N_ATTR;
    tr_skill_level *levels = tr_arena_alloc(c->arena, (n ? n : 1) * sizeof *levels);
    if (!levels) abort();
    tr_attr_spec share = {blk->u.block.kind->u.str.s, "skill", TR_T_SHARE, 0, 0, 0, NULL, NULL, NULL};
    const char *kind = tr_node_is(blk->u.block.kind, "gains") ? "gains" : "baseline";
    const tr_attr_spec *common_seen[4];
    const tr_node *common_at[4];
    size_t ncommon = 0;
    uint32_t k = 0;
    for (const tr_node *m = blk->u.block.members; m; m = m->next) {
        if (m->kind == TR_N_BLOCK) { unknown_block(c, m->u.block.kind, false, kind); continue; }
        if (m->kind != TR_N_ATTR) continue;
        const tr_node *p = m->u.attr.path;
        /* title, description, owner and allow, which every block takes, before skill names */
        const tr_attr_spec *cs = p->next ? NULL : tr_schema_index_attr(c->schema, kind, p->u.str.s, p->u.str.len);
        if (cs) {
            if (tr_resolver_find(c, TR_E_SKILL, p->u.str.s, p->u.str.len) != UINT32_MAX) {
                tr_diag *d = tr_diag_add(c->diags, "E208", src_of(c), p->begin, p->end,
                                         "'%s' is both a skill and an attribute every block takes", cs->name);
                tr_diag_help(d, "rename the skill: in %s, '%s' is read as the attribute", kind, cs->name);
                continue;
            }
            bool twice = false;
            for (size_t i = 0; i < ncommon && !twice; i++)
                if (common_seen[i] == cs) {
                    given_twice(c, cs, cs->name, p, src_of(c), common_at[i]);
                    twice = true;
                }
            if (twice) continue;
            if (ncommon < 4) common_seen[ncommon] = cs, common_at[ncommon++] = p;
            note_lint_list(c, cs, m, blk, kind);
            (void)attr_value(c, cs, m, kind);
            continue;
        }
        uint32_t skill = tr_resolver_ref(c, TR_E_SKILL, p);
        if (skill == UINT32_MAX) continue;
        if (stamps[skill] == stamp) {
            tr_diag *d = tr_diag_add(c->diags, "E210", src_of(c), p->begin, p->end, "skill '%.*s' is given twice", (int)p->u.str.len, p->u.str.s);
            tr_diag_help(d, "give each skill once in %s", kind);
            continue;
        }
        stamps[skill] = stamp;
        char nm[64];
        share.name = attr_name(m, nm, sizeof nm);
        tr_value v = attr_value(c, &share, m, "skills");
        if (v.kind == TR_V_NONE) continue;
        levels[k++] = (tr_skill_level){skill, v};
    }
    *out = levels;
    *count = k;
}

typedef struct nest_state {
    void *entity;
    tr_entity_kind kind;
    uint32_t nprom, nphase, nprod;
    const tr_node *phase_at[3];   /* the name of each phase declared so far */
} nest_state;

static void role_nested(ck *c, const tr_node *m, const tr_attr_spec *s, void *owner) {
    nest_state *ns = owner;
    tr_role *role = ns->entity;
    if (strcmp(s->name, "baseline") == 0) {
        skill_levels(c, m, &role->baseline, &role->nbaseline);
    } else if (strcmp(s->name, "promotion") == 0) {
        tr_promotion *p = &role->promotions[ns->nprom++];
        check_members(c, m, "promotion", p, NULL, NULL, NULL);
        if (p->into.kind == TR_V_REF && p->into.index == (uint32_t)(role - c->plan->roles)) {
            tr_diag *d = tr_diag_add(c->diags, "E415", src_of(c), p->into.node->begin, p->into.node->end,
                                     "role '%s' is promoted into itself", role->e.name);
            tr_diag_help(d, "a promotion moves people into another role: name the role they move up to");
            p->into.kind = TR_V_NONE;
        }
    }
}

static void program_nested(ck *c, const tr_node *m, const tr_attr_spec *s, void *owner) {
    nest_state *ns = owner;
    tr_program *prog = ns->entity;
    if (strcmp(s->name, "gains") == 0) {
        skill_levels(c, m, &prog->gains, &prog->ngains);
    } else if (strcmp(s->name, "phase") == 0) {
        const tr_node *nm = tr_block_name(m);
        if (!nm) {
            tr_diag *d = tr_diag_add(c->diags, "E209", src_of(c), m->u.block.kind->begin, m->u.block.kind->end, "a phase needs a name: pre, core or post");
            tr_diag_help(d, "write phase pre { ... }, phase core { ... } or phase post { ... }");
            return;
        }
        static const char *const phases[] = {"pre", "core", "post"};
        int k = -1;
        for (int i = 0; i < 3; i++)
            if (tr_node_is(nm, phases[i])) k = i;
        if (k < 0) {
            tr_diag *d = tr_diag_add(c->diags, "E309", src_of(c), nm->begin, nm->end, "a phase is pre, core or post, found '%.*s'", (int)nm->u.str.len, nm->u.str.s);
            char w[64];
            size_t l = nm->u.str.len < 63 ? nm->u.str.len : 63;
            memcpy(w, nm->u.str.s, l);
            w[l] = '\0';
            const char *best = tr_suggest(w, phases, 3);
            if (best) tr_diag_help(d, "did you mean '%s'?", best);
            return;
        }
        if (ns->phase_at[k]) {
            tr_diag *d = tr_diag_add(c->diags, "E202", src_of(c), nm->begin, nm->end, "phase '%s' is declared twice in this program", phases[k]);
            tr_diag_note(d, src_of(c), ns->phase_at[k]->begin, ns->phase_at[k]->end, "first declared here");
            tr_diag_help(d, "a program has at most one phase %s: merge the two", phases[k]);
            tr_phase scratch = {0};   /* its body is still checked */
            check_members(c, m, "phase", &scratch, NULL, NULL, NULL);
            return;
        }
        ns->phase_at[k] = nm;
        tr_phase *ph = &prog->phases[prog->nphases++];
        ph->kind = (uint8_t)k;
        ph->node = m;
        check_members(c, m, "phase", ph, NULL, NULL, NULL);
    } else if (strcmp(s->name, "product") == 0) {
        const tr_node *nm = tr_block_name(m);
        if (!nm) {
            tr_diag *d = tr_diag_add(c->diags, "E209", src_of(c), m->u.block.kind->begin, m->u.block.kind->end, "a product needs a name");
            tr_diag_help(d, "write product NAME \"Title\" { guardian ROLE; review 6 months }");
            return;
        }
        for (uint32_t j = 0; j < prog->nproducts; j++) {
            const tr_node *first = tr_block_name(prog->products[j].node);
            if (first->u.str.len != nm->u.str.len || memcmp(first->u.str.s, nm->u.str.s, nm->u.str.len) != 0) continue;
            tr_diag *d = tr_diag_add(c->diags, "E202", src_of(c), nm->begin, nm->end, "product '%.*s' is declared twice in this program",
                                     (int)nm->u.str.len, nm->u.str.s);
            tr_diag_note(d, src_of(c), first->begin, first->end, "first declared here");
            tr_diag_help(d, "rename one of them, or merge the two");
            tr_product scratch = {0};   /* its body is still checked */
            check_members(c, m, "product", &scratch, NULL, NULL, NULL);
            return;
        }
        tr_product *pr = &prog->products[prog->nproducts++];
        pr->name = name_of(c, nm);
        pr->title = m->u.block.title ? name_of(c, m->u.block.title) : NULL;
        pr->node = m;
        check_members(c, m, "product", pr, NULL, NULL, NULL);
    }
}

/* `metric keep_people`, naming a goal (or a role...) where a measure goes; or a name nothing
 * declares, with nothing close to suggest: what a goal's metric may be. True when reported. */
static bool not_a_measure(ck *c, const tr_node *v) {
    if (v->kind != TR_N_NAME) return false;
    const char *s = v->u.str.s;
    uint32_t len = v->u.str.len;
    if (tr_resolver_find(c, TR_E_MEASURE, s, len) != UINT32_MAX || tr_resolver_find(c, TR_NS_LET, s, len) != UINT32_MAX ||
        tr_resolver_find(c, TR_NS_UNKNOWN, s, len) != UINT32_MAX)
        return false;
    unsigned other = 0;
    while (other < TR_E_COUNT && tr_resolver_find(c, other, s, len) == UINT32_MAX) other++;
    if (other == TR_E_COUNT) {
        if (tr_resolver_suggest(c, TR_E_MEASURE, s, len)) return false;   /* a typo: eval suggests it */
        tr_diag *d = tr_diag_add(c->diags, "E201", src_of(c), v->begin, v->end, "unknown measure '%.*s'", (int)len, s);
        tr_diag_help(d, "a goal's metric is a measure or a metric expression: declare measure %.*s { value retention(ROLE) }, "
                        "or write the expression here, as in metric retention(ROLE)", (int)len, s);
        return true;
    }
    tr_diag *d = tr_diag_add(c->diags, "E303", src_of(c), v->begin, v->end, "'metric' expects a measure or a metric expression, found the %s '%.*s'",
                             tr_entity_kind_name((tr_entity_kind)other), (int)len, s);
    if (other == TR_E_GOAL)
        tr_diag_help(d, "a goal cannot be another goal's metric: put the metric in a measure that both goals name, "
                        "as in measure m { value retention(ROLE) } and metric m");
    else if (other == TR_E_ROLE)
        tr_diag_help(d, "read the role with a metric function: metric retention(%.*s), headcount(%.*s)", (int)len, s, (int)len, s);
    else if (other == TR_E_BUDGET || other == TR_E_PROGRAM)
        tr_diag_help(d, "read the %s with a metric function: metric spend(%.*s)", tr_entity_kind_name((tr_entity_kind)other), (int)len, s);
    else
        tr_diag_help(d, "name a measure, or write a metric expression, as in metric retention(ROLE)");
    return true;
}

static void metric_attr(ck *c, const tr_node *m, const tr_attr_spec *s, void *owner) {
    nest_state *ns = owner;
    if (strcmp(s->name, "title") == 0) {
        attr_ctx a = {c, s, m, "title"};
        tr_value v = t_string(&a, m->u.attr.values);
        tr_entity *e = ns->entity;
        if (v.kind == TR_V_STRING && e) e->title = tr_arena_strndup(c->arena, v.str, v.len);
        return;
    }
    if (s->type != TR_T_METRIC) return;
    if (m->u.attr.values->next) {
        tr_diag_add(c->diags, "E311", src_of(c), m->u.attr.values->next->begin, m->end, "'%s' takes one value", s->name);
        return;
    }
    if (ns->kind == TR_E_GOAL && not_a_measure(c, m->u.attr.values)) return;
    tr_metric *x = tr_eval_metric(c, m->u.attr.values, ns->kind == TR_E_GOAL);
    if (ns->kind == TR_E_MEASURE) ((tr_measure *)ns->entity)->value = x;
    else ((tr_goal *)ns->entity)->metric = x;
}

static void any_nested(ck *c, const tr_node *m, const tr_attr_spec *s, void *owner) {
    nest_state *ns = owner;
    if (m->kind == TR_N_ATTR) { metric_attr(c, m, s, owner); return; }
    if (ns->kind == TR_E_ROLE) role_nested(c, m, s, owner);
    else if (ns->kind == TR_E_PROGRAM) program_nested(c, m, s, owner);
}

/* ---- declarations -------------------------------------------------------------------------- */

typedef struct plan_files {
    tr_file **files;
    size_t n;
    tr_diag *failed_import;   /* the loader's: the first import that could not be read */
} plan_files;

/* A top-level item of the plan's files and its block kind's schema (NULL for a let, an
 * import or a kind the schema does not know). The passes over the items read this array:
 * the items are far apart in a large file, and walking their list again costs a cache miss
 * per item each time. */
typedef struct top_item {
    const tr_node *node;
    tr_file *file;
    const tr_block_spec *spec;
    uint8_t kind;            /* the node's, so that a pass need not read the node to skip it */
} top_item;

typedef struct top_items {
    top_item *v;
    size_t n;
} top_items;

static void collect_items(const plan_files *pf, top_items *out) {
    size_t n = 0;
    for (size_t f = 0; f < pf->n; f++) n += pf->files[f]->ast->nitems;
    out->v = malloc((n ? n : 1) * sizeof *out->v);
    out->n = 0;
    if (!out->v) abort();
    for (size_t f = 0; f < pf->n; f++)
        for (uint32_t i = 0; i < pf->files[f]->ast->nitems; i++) {   /* the parser's array: no chain of loads */
            const tr_node *it = pf->files[f]->ast->item_at[i];
            const tr_node *k = it->kind == TR_N_BLOCK ? it->u.block.kind : NULL;
            out->v[out->n++] = (top_item){it, pf->files[f], k ? tr_schema_block(k->u.str.s, k->u.str.len) : NULL, it->kind};
        }
}

static void *entity_array(tr_plan *p, tr_entity_kind k) {
    void *arrays[TR_E_COUNT] = {p->roles, p->skills, p->programs, p->budgets, p->milestones, p->measures, p->goals, p->scenarios};
    return arrays[k];
}

static const size_t entity_size[TR_E_COUNT] = {
    sizeof(tr_role), sizeof(tr_skill), sizeof(tr_program), sizeof(tr_budget),
    sizeof(tr_milestone), sizeof(tr_measure), sizeof(tr_goal), sizeof(tr_scenario),
};

static uint32_t *entity_count(tr_plan *p, tr_entity_kind k) {
    uint32_t *counts[TR_E_COUNT] = {&p->nroles, &p->nskills, &p->nprograms, &p->nbudgets, &p->nmilestones, &p->nmeasures, &p->ngoals, &p->nscenarios};
    return counts[k];
}

static void allocate_entities(ck *c, const top_items *items) {
    size_t counts[TR_E_COUNT] = {0}, blocks = 0;
    for (size_t i = 0; i < items->n; i++) {
        const top_item *it = &items->v[i];
        if (it->kind == TR_N_LET) c->nlets++;
        if (it->kind != TR_N_BLOCK) continue;
        blocks++;
        const tr_block_spec *b = it->spec;
        if (b && b->top && b->entity < TR_E_COUNT) counts[b->entity]++;
    }
    tr_plan *p = c->plan;
    void **arrays[TR_E_COUNT] = {(void **)&p->roles, (void **)&p->skills, (void **)&p->programs, (void **)&p->budgets,
                                 (void **)&p->milestones, (void **)&p->measures, (void **)&p->goals, (void **)&p->scenarios};
    for (int k = 0; k < TR_E_COUNT; k++) {
        *arrays[k] = tr_arena_alloc(c->arena, (counts[k] ? counts[k] : 1) * entity_size[k]);
        c->entity_file[k] = calloc(counts[k] ? counts[k] : 1, sizeof(tr_file *));
        if (!*arrays[k] || !c->entity_file[k]) abort();
    }
    c->lets = calloc(c->nlets ? c->nlets : 1, sizeof *c->lets);
    c->let_stack = calloc(c->nlets + 1, sizeof *c->let_stack);
    c->stamps = calloc(counts[TR_E_SKILL] + 1, sizeof *c->stamps);
    c->dups = calloc(blocks + 1, sizeof *c->dups);
    c->dup_files = calloc(blocks + 1, sizeof *c->dup_files);
    c->dup_kinds = calloc(blocks + 1, 1);
    if (!c->lets || !c->let_stack || !c->stamps || !c->dups || !c->dup_files || !c->dup_kinds) abort();
    c->nlets = 0;
}

static void duplicate(ck *c, const tr_node *nm, const char *what, const tr_source *first_src, const tr_node *first) {
    tr_diag *d = tr_diag_add(c->diags, "E202", src_of(c), nm->begin, nm->end, "%s '%.*s' is declared twice", what, (int)nm->u.str.len, nm->u.str.s);
    tr_diag_note(d, first_src, first->begin, first->end, "first declared here");
    tr_diag_help(d, "rename one of them: names of one kind are unique across the plan and its imports");
}

static void declare_block(ck *c, const tr_node *it, const tr_block_spec *b, const tr_node **plan_block) {
    const tr_node *k = it->u.block.kind, *nm = tr_block_name(it);
    if (!b || !b->top) {
        unknown_block(c, k, true, NULL);
        /* its uses are not unknown too: the block exists, of a kind not yet known */
        if (nm) (void)tr_resolver_declare(c, TR_NS_UNKNOWN, nm->u.str.s, nm->u.str.len, 0);
        return;
    }
    bool is_plan = strcmp(b->kind, "plan") == 0;
    if (b->name == TR_NAME_NONE && nm) {
        tr_diag *d = tr_diag_add(c->diags, "E209", src_of(c), nm->begin, nm->end, "a %s block takes no name", b->kind);
        tr_diag_help(d, "give it a title in quotes instead: %s \"...\" { }", b->kind);
        if (!is_plan) return;   /* a named plan block is still the plan: no E401 after this */
    }
    if (is_plan) {
        if (*plan_block) {
            tr_diag *d = tr_diag_add(c->diags, "E402", src_of(c), k->begin, k->end, "more than one plan block");
            tr_diag_note(d, c->plan_file->src, (*plan_block)->u.block.kind->begin, (*plan_block)->u.block.kind->end, "first plan block here");
            tr_diag_help(d, "a plan and its imports hold exactly one `plan` block; imported files hold the rest");
            return;
        }
        *plan_block = it;
        c->plan_file = c->file;
        return;
    }
    if (b->entity >= TR_E_COUNT) return;
    if (!nm) {
        if (damaged(c, it)) return;   /* its name may be what did not parse: `skill 日本語 {}` */
        tr_diag *d = tr_diag_add(c->diags, "E209", src_of(c), k->begin, k->end, "a %s needs a name", b->kind);
        tr_diag_help(d, "write %s NAME { ... }", b->kind);
        return;
    }
    uint32_t *count = entity_count(c->plan, b->entity);
    uint32_t prev = tr_resolver_declare(c, b->entity, nm->u.str.s, nm->u.str.len, *count);
    if (prev != UINT32_MAX) {
        const tr_entity *e = tr_plan_entity(c->plan, b->entity, prev);
        duplicate(c, nm, b->kind, e->src, tr_block_name(e->node));
        c->dups[c->ndups] = it, c->dup_files[c->ndups] = c->file, c->dup_kinds[c->ndups++] = (uint8_t)b->entity;
        return;
    }
    tr_entity *e = (tr_entity *)((char *)entity_array(c->plan, b->entity) + *count * entity_size[b->entity]);
    e->name = name_of(c, nm);
    e->title = it->u.block.title ? name_of(c, it->u.block.title) : NULL;
    e->node = it;
    e->src = src_of(c);
    c->entity_file[b->entity][*count] = c->file;
    (*count)++;
}

static void declare_let(ck *c, const tr_node *it) {
    const tr_node *nm = it->u.let.name;
    uint32_t prev = tr_resolver_declare(c, TR_NS_LET, nm->u.str.s, nm->u.str.len, c->nlets);
    if (prev != UINT32_MAX) {
        duplicate(c, nm, "constant", c->lets[prev].file->src, c->lets[prev].node->u.let.name);
        return;
    }
    c->lets[c->nlets] = (tr_let){name_of(c, nm), it, c->file, 0, {0}};
    c->nlets++;
}

/* ---- the plan block: currency first, since every money unit depends on it ------------------- */

/* A second `exchange` of one code (or of the plan's own currency): E210 at it. */
static bool exchange_declared(ck *c, const tr_node *pb, const tr_node *attr, const tr_node *code) {
    if (memcmp(code->u.str.s, c->plan->currency, 3) == 0) {
        tr_diag *d = tr_diag_add(c->diags, "E310", src_of(c), code->begin, code->end, "%s is the plan's own currency", c->plan->currency);
        tr_diag_help(d, "`exchange` declares another currency; amounts in %s need none", c->plan->currency);
        return true;
    }
    for (const tr_node *m = pb->u.block.members; m && m != attr; m = m->next) {
        if (m->kind != TR_N_ATTR || m->u.attr.path->next || !tr_node_is(m->u.attr.path, "exchange")) continue;
        const tr_node *first = m->u.attr.values;
        if (first->kind != TR_N_NAME || first->u.str.len != 3 || memcmp(first->u.str.s, code->u.str.s, 3) != 0) continue;
        tr_diag *d = tr_diag_add(c->diags, "E210", src_of(c), code->begin, code->end, "'exchange %.3s' is given twice", code->u.str.s);
        tr_diag_note(d, src_of(c), first->begin, first->end, "first given here");
        tr_diag_help(d, "keep one rate for %.3s", code->u.str.s);
        return true;
    }
    return false;
}

static void plan_currency(ck *c, const tr_node *pb) {
    tr_plan *p = c->plan;
    memcpy(p->currency, "USD", 4);
    uint32_t nex = 0;
    for (const tr_node *m = pb->u.block.members; m; m = m->next)
        if (m->kind == TR_N_ATTR && !m->u.attr.path->next && tr_node_is(m->u.attr.path, "exchange")) nex++;
    p->exchange = tr_arena_alloc(c->arena, (nex ? nex : 1) * sizeof *p->exchange);
    if (!p->exchange) abort();
    for (const tr_node *m = pb->u.block.members; m; m = m->next) {
        if (m->kind != TR_N_ATTR || m->u.attr.path->next) continue;
        const tr_node *v = m->u.attr.values;
        if (tr_node_is(m->u.attr.path, "currency")) {
            if (v->kind != TR_N_NAME || !tr_unit_is_currency_code(v->u.str.s, v->u.str.len) || v->next) {
                tr_diag *d = tr_diag_add(c->diags, "E310", src_of(c), v->begin, m->end, "'currency' expects a currency code such as USD or EUR");
                tr_diag_help(d, "three capital letters (ISO 4217)");
                failed_unit(c, v);
            } else {
                memcpy(p->currency, v->u.str.s, 3);
            }
        }
    }
    for (const tr_node *m = pb->u.block.members; m; m = m->next) {
        if (m->kind != TR_N_ATTR || m->u.attr.path->next || !tr_node_is(m->u.attr.path, "exchange")) continue;
        const tr_node *code = m->u.attr.values, *rate = code->next;
        if (code->kind != TR_N_NAME || !tr_unit_is_currency_code(code->u.str.s, code->u.str.len) || !rate || rate->next) {
            tr_diag *d = tr_diag_add(c->diags, "E310", src_of(c), code->begin, m->end, "'exchange' expects a currency code and its rate");
            tr_diag_help(d, "write: exchange EUR, 1.08 %s", p->currency);
            failed_unit(c, code);
            continue;
        }
        tr_value v = tr_eval(c, rate);
        if (v.kind == TR_V_NONE) { failed_unit(c, code); continue; }
        /* a range is a rate known only roughly (LANGUAGE.md section 4): kept at its median */
        if (v.kind != TR_V_NUMBER || !tr_dim_eq(v.dim, TR_DIM_MONEY) || v.lo <= 0 || v.mid <= 0) {
            tr_diag *d = tr_diag_add(c->diags, "E310", src_of(c), rate->begin, rate->end, "an exchange rate is a positive amount of %s", p->currency);
            if (v.kind == TR_V_NUMBER && v.is_range && tr_dim_eq(v.dim, TR_DIM_MONEY) && v.hi > 0)
                tr_diag_help(d, "a range of rates starts above zero too: exchange %.*s, 1.05 to 1.12 %s", (int)code->u.str.len, code->u.str.s, p->currency);
            else
                tr_diag_help(d, "write: exchange %.*s, 1.08 %s", (int)code->u.str.len, code->u.str.s, p->currency);
            failed_unit(c, code);
            continue;
        }
        if (exchange_declared(c, pb, m, code)) continue;
        tr_exchange *x = &p->exchange[p->nexchange++];
        memcpy(x->code, code->u.str.s, 3);
        x->code[3] = '\0';
        x->rate = v.mid;
    }
}

static void plan_nested(ck *c, const tr_node *m, const tr_attr_spec *s, void *owner) {
    (void)owner;
    if (strcmp(s->name, "title") == 0) {
        attr_ctx a = {c, s, m, "plan"};
        tr_value v = t_string(&a, m->u.attr.values);
        if (v.kind == TR_V_STRING) c->plan->e.title = tr_arena_strndup(c->arena, v.str, v.len);
    }
}

static void check_plan_block(ck *c, const tr_node *pb) {
    tr_plan *p = c->plan;
    p->e.node = pb;
    p->e.src = src_of(c);
    p->e.title = pb->u.block.title ? name_of(c, pb->u.block.title) : NULL;
    check_members(c, pb, "plan", p, &p->e, plan_nested, NULL);
    if (p->start.kind == TR_V_DATE) p->start_days = p->start.date;
    if (p->horizon.kind == TR_V_NUMBER) {
        double h = p->horizon.mid;
        if (p->horizon.is_range || h < 1 - 1e-9 || h > 360 + 1e-9) {
            tr_diag *d = tr_diag_add(c->diags, "E403", src_of(c), p->horizon.node->begin, p->horizon.node->end,
                                     "the horizon must be between 1 month and 30 years%s", p->horizon.is_range ? " and not a range" : "");
            tr_diag_help(d, "the plan is simulated month by month over its horizon, as in: horizon 4 years");
            p->horizon.kind = TR_V_NONE;
        } else {
            p->horizon_months = (int32_t)lround(h);
            if (p->horizon_months < 1) p->horizon_months = 1;
        }
    }
}

/* ---- entities ------------------------------------------------------------------------------- */

static uint32_t count_nested(const tr_node *blk, const char *kind) {
    uint32_t n = 0;
    for (const tr_node *m = blk->u.block.members; m; m = m->next)
        if (m->kind == TR_N_BLOCK && tr_node_is(m->u.block.kind, kind)) n++;
    return n;
}

static void entity_nested(ck *c, const tr_node *m, const tr_attr_spec *s, void *owner) {
    nest_state *ns = owner;
    if (m->kind == TR_N_ATTR && strcmp(s->name, "title") == 0) {
        attr_ctx a = {c, s, m, "title"};
        tr_value v = t_string(&a, m->u.attr.values);
        if (v.kind == TR_V_STRING) ((tr_entity *)ns->entity)->title = tr_arena_strndup(c->arena, v.str, v.len);
        return;
    }
    any_nested(c, m, s, owner);
}

static void check_entity_body(ck *c, tr_entity_kind k, tr_entity *e);
static void check_cost(ck *c, tr_program *p);

static void check_entity(ck *c, tr_entity_kind k, uint32_t i) {
    tr_entity *e = (tr_entity *)((char *)entity_array(c->plan, k) + i * entity_size[k]);
    c->file = c->entity_file[k][i];
    check_entity_body(c, k, e);
}

/* A second declaration of a name: E202 already; its body is checked all the same, into a
 * scratch entity that nothing keeps, so its own mistakes are reported too. */
static void check_duplicate(ck *c, uint32_t d) {
    tr_entity_kind k = (tr_entity_kind)c->dup_kinds[d];
    tr_entity *e = tr_arena_alloc(c->arena, entity_size[k]);
    if (!e) abort();
    memset(e, 0, entity_size[k]);
    c->file = c->dup_files[d];
    e->node = c->dups[d];
    e->src = src_of(c);
    e->name = name_of(c, tr_block_name(e->node));
    check_entity_body(c, k, e);
    if (k == TR_E_PROGRAM) check_cost(c, (tr_program *)e);
}

/* Room for the nested blocks of `kind` that blk holds; NULL when it holds none, as most
 * roles hold no promotion and most programs no product. */
static void *nested_room(ck *c, const tr_node *blk, const char *kind, size_t elem) {
    uint32_t n = count_nested(blk, kind);
    if (!n) return NULL;
    void *room = tr_arena_alloc(c->arena, n * elem);
    if (!room) abort();
    return room;
}

static void check_entity_body(ck *c, tr_entity_kind k, tr_entity *e) {
    nest_state ns = {e, k, 0, 0, 0, {NULL, NULL, NULL}};
    if (k == TR_E_ROLE) {
        tr_role *r = (tr_role *)e;
        r->promotions = nested_room(c, e->node, "promotion", sizeof *r->promotions);
    } else if (k == TR_E_PROGRAM) {
        tr_program *p = (tr_program *)e;
        p->phases = nested_room(c, e->node, "phase", sizeof *p->phases);
        p->products = nested_room(c, e->node, "product", sizeof *p->products);
    }
    const tr_node *kn = e->node->u.block.kind;
    char kind[16];
    size_t l = kn->u.str.len < 15 ? kn->u.str.len : 15;
    memcpy(kind, kn->u.str.s, l);
    kind[l] = '\0';
    if (k == TR_E_SCENARIO) return;   /* overrides are checked once the rest is known */
    check_members(c, e->node, kind, e, e, entity_nested, &ns);
    if (k == TR_E_ROLE) ((tr_role *)e)->npromotions = ns.nprom;
}

/* ---- the model block(s): the prelude's, then the plan's ------------------------------------ */

/* The plan's parameters set so far by earlier model blocks (the prelude's do not count: a
 * plan overrides them): a second block setting one again is E210, as within one block. */
typedef struct model_seen {
    const tr_attr_spec *spec[32];
    const tr_node *at[32];
    const tr_source *src[32];
    size_t n;
} model_seen;

static void model_repeats(ck *c, const tr_node *block, model_seen *seen) {
    size_t before = seen->n;   /* repeats inside this block are check_members' */
    for (const tr_node *m = block->u.block.members; m; m = m->next) {
        if (m->kind != TR_N_ATTR || m->u.attr.path->next) continue;
        const tr_node *p = m->u.attr.path;
        const tr_attr_spec *s = tr_schema_index_attr(c->schema, "model", p->u.str.s, p->u.str.len);
        if (!s || strcmp(s->block, "model") != 0) continue;
        bool again = false;
        for (size_t i = 0; i < before && !again; i++)
            if (seen->spec[i] == s) {
                given_twice(c, s, s->name, p, seen->src[i], seen->at[i]);
                again = true;
            }
        if (!again && seen->n < 32) seen->spec[seen->n] = s, seen->at[seen->n] = p, seen->src[seen->n++] = src_of(c);
    }
}

static void check_model_blocks(ck *c, const top_items *items) {
    model_seen seen = {.n = 0};
    for (size_t i = 0; i < items->n; i++) {
        const top_item *it = &items->v[i];
        if (!it->spec || it->kind != TR_N_BLOCK) continue;
        c->file = it->file;
        if (strcmp(it->spec->kind, "model") == 0 && !it->file->stdlib) model_repeats(c, it->node, &seen);
        if (strcmp(it->spec->kind, "model") == 0) check_members(c, it->node, "model", &c->plan->model, NULL, NULL, NULL);
        else if (strcmp(it->spec->kind, "lint") == 0) {
            tr_entity lint_block = {0};   /* its `allow` is a common attribute: kept apart from the plan block's */
            check_members(c, it->node, "lint", c->plan, &lint_block, NULL, NULL);
            const tr_value *allow = tr_entity_common_value(&lint_block, offsetof(tr_entity_common, allow));
            if (allow->kind != TR_V_NONE) c->plan->lint_allow = *allow;
        }
    }
}

/* ---- scenarios: `PATH VALUE`, checked like the original (runtime/scenario.h has the paths) -- */

static bool same_target(const tr_override *a, const tr_override *b) {
    return a->kind == b->kind && a->index == b->index && a->part == b->part && a->key == b->key && a->offset == b->offset;
}

/* Where a path's last part ends. */
static uint32_t path_end(const tr_node *path) {
    while (path->next) path = path->next;
    return path->end;
}

static void scenario_override(ck *c, const tr_node *m, tr_override *out, uint32_t *n) {
    tr_path_target t;
    const tr_node *p = m->u.attr.path;
    if (!tr_scenario_resolve(c, p, false, &t)) return;
    for (uint32_t i = 0; i < *n; i++)
        if (same_target(&out[i], &t.o)) {
            tr_diag *d = tr_diag_add(c->diags, "E210", src_of(c), p->begin, path_end(p), "the scenario overrides this twice");
            tr_diag_note(d, src_of(c), out[i].path->begin, path_end(out[i].path), "first overridden here");
            tr_diag_help(d, "keep one override: the second would silently replace the first");
            return;
        }
    tr_value v = attr_value(c, &t.spec, m, t.block);
    if (v.kind == TR_V_NONE) return;
    t.o.value = v;
    out[(*n)++] = t.o;
}

/* A scenario's own attribute given before in the block (or its title, quoted after the name):
 * E210. Otherwise it is remembered in seen[]. */
static bool repeated(ck *c, const tr_node *block, const tr_attr_spec *s, const tr_node *path, const tr_attr_spec **seen,
                     const tr_node **seen_at, size_t *nseen) {
    const tr_node *quoted = block->u.block.title;
    if (quoted && strcmp(s->name, "title") == 0) {
        tr_diag *d = tr_diag_add(c->diags, "E210", src_of(c), path->begin, path->end, "'title' is given twice");
        tr_diag_note(d, src_of(c), quoted->begin, quoted->end, "first given here, quoted after the name");
        tr_diag_help(d, "keep one: the quoted title or the `title` attribute");
        return true;
    }
    for (size_t i = 0; i < *nseen; i++)
        if (seen[i] == s) {
            given_twice(c, s, s->name, path, src_of(c), seen_at[i]);
            return true;
        }
    if (*nseen < 8) seen[*nseen] = s, seen_at[(*nseen)++] = path;
    return false;
}

static void check_scenario(ck *c, uint32_t i) {
    tr_scenario *sc = &c->plan->scenarios[i];
    c->file = c->entity_file[TR_E_SCENARIO][i];
    const tr_node *nm = tr_block_name(sc->e.node);
    if (strcmp(sc->e.name, "baseline") == 0) {   /* compare and :run read it as the plan as written */
        tr_diag *d = tr_diag_add(c->diags, "E209", src_of(c), nm->begin, nm->end, "'baseline' is the plan as written; a scenario cannot take that name");
        tr_diag_help(d, "call it something else, such as current or as_planned");
    }
    uint32_t n = 0;
    for (const tr_node *m = sc->e.node->u.block.members; m; m = m->next) n += m->kind == TR_N_ATTR;
    sc->overrides = tr_arena_alloc(c->arena, (n ? n : 1) * sizeof *sc->overrides);
    if (!sc->overrides) abort();
    const tr_attr_spec *seen[8];   /* its own attributes (extends, title, owner...): once each */
    const tr_node *seen_at[8];
    size_t nseen = 0;
    for (const tr_node *m = sc->e.node->u.block.members; m; m = m->next) {
        if (m->kind == TR_N_BLOCK) { unknown_block(c, m->u.block.kind, false, "scenario"); continue; }
        if (m->kind != TR_N_ATTR) continue;
        const tr_node *path = m->u.attr.path;
        if (!path->next) {
            const tr_attr_spec *s = tr_schema_index_attr(c->schema, "scenario", path->u.str.s, path->u.str.len);
            if (!s) { unknown_attr(c, "scenario", path); continue; }
            if (repeated(c, sc->e.node, s, path, seen, seen_at, &nseen)) continue;
            if (strcmp(s->name, "title") == 0) continue;
            note_lint_list(c, s, m, sc->e.node, "scenario");
            tr_value v = attr_value(c, s, m, "scenario");
            if (s->offset != (size_t)-1) store_value(c, s, sc, &sc->e, &v);
            continue;
        }
        scenario_override(c, m, sc->overrides, &sc->noverrides);
    }
}

/* ---- programs: how the cost is spent -------------------------------------------------------- */

/* Does the block hold attribute `name` (whatever became of its value)? */
static bool written(const tr_node *block, const char *name) {
    for (const tr_node *m = block->u.block.members; m; m = m->next)
        if (m->kind == TR_N_ATTR && !m->u.attr.path->next && tr_node_is(m->u.attr.path, name)) return true;
    return false;
}

/* How the program's cost is spent (c->file is the program's file). */
static void check_cost(ck *c, tr_program *p) {
    if (p->cost.kind != TR_V_NUMBER) return;
    tr_spending spending;
    bool missing_hours;
    if (tr_plan_spending(&p->cost, &p->hours, &spending, &missing_hours)) { p->spending = (uint8_t)spending; return; }
    const tr_node *n = p->cost.node;
    p->cost.kind = TR_V_NONE;
    /* its own error was reported, or it may have failed to parse */
    if (missing_hours && (written(p->e.node, "hours") || damaged(c, p->e.node))) return;
    if (missing_hours) {
        tr_diag *dg = tr_diag_add(c->diags, "E304", p->cost.src ? p->cost.src : src_of(c), n->begin, n->end,
                                  "a cost per hour is spent times `hours`, and program '%s' has none", p->e.name);
        tr_diag_help(dg, "add the hours (hours 24 hours per person per year, or hours 40 hours per person), or write a fee "
                         "per month or year (every month), per person (once per participant) or a total (once)");
        return;
    }
    tr_dim d = p->cost.dim;
    tr_buf f = {0};
    tr_dim_describe(d, &f);
    tr_diag *dg = tr_diag_add(c->diags, "E304", p->cost.src ? p->cost.src : src_of(c), n->begin, n->end,
                              "a program's cost must be %s; found %s", tr_schema_expected(TR_T_COST), f.data);
    if (d.money == 1 && d.people >= 0 && d.time == 1)
        tr_diag_help(dg, "money times time: did you mean money per hour, as in 450 USD per hour (with hours)?");
    else if (d.money == 0)
        tr_diag_help(dg, "the cost has no currency: write it in %s, as in 1286 %s per person per year", c->plan->currency, c->plan->currency);
    else
        tr_diag_help(dg, "money: once at the start; per year: every month; per person: once per participant; per person per year: every month per participant; per hour: times hours");
    tr_buf_free(&f);
}

static void program_defaults(tr_program *p) {
    if (p->participants.kind == TR_V_NONE) {
        p->participants.kind = TR_V_NUMBER;
        p->participants.lo = p->participants.mid = p->participants.hi = 1;
    }
    if (p->enabled.kind == TR_V_NONE) {
        p->enabled.kind = TR_V_BOOL;
        p->enabled.lo = p->enabled.mid = p->enabled.hi = 1;
    }
    if (p->manager_involvement.kind == TR_V_LIST)
        for (uint32_t j = 0; j < p->manager_involvement.count; j++) p->involvement |= 1u << p->manager_involvement.items[j].index;
}

static void defaults(ck *c) {
    tr_plan *p = c->plan;
    for (uint32_t i = 0; i < p->nroles; i++) {
        tr_role *r = &p->roles[i];
        if (r->hiring.kind == TR_V_NONE) r->hiring = (tr_value){.kind = TR_V_WORD, .index = 0, .str = "replace", .len = 7};
        if (r->turnover_cost.kind == TR_V_NONE) r->turnover_cost = p->model.turnover_cost, r->turnover_cost.node = NULL;
    }
    for (uint32_t i = 0; i < p->nprograms; i++) program_defaults(&p->programs[i]);
    for (uint32_t i = 0; i < p->ngoals; i++)
        if (p->goals[i].by.kind == TR_V_NONE && p->start.kind == TR_V_DATE)
            p->goals[i].by = (tr_value){.kind = TR_V_DATE, .date = tr_date_add_months(p->start_days, p->horizon_months)};
    if (p->lint_allow.kind == TR_V_NONE) p->lint_allow = *tr_entity_common_value(&p->e, offsetof(tr_entity_common, allow));
}

static void check_goal_target(ck *c, uint32_t i) {
    tr_goal *g = &c->plan->goals[i];
    if (!g->metric || g->target.kind != TR_V_BOUND || tr_dim_eq(g->metric->dim, g->target.dim)) return;
    c->file = c->entity_file[TR_E_GOAL][i];
    tr_buf a = {0}, b = {0};
    tr_dim_describe(g->metric->dim, &a);
    tr_dim_describe(g->target.dim, &b);
    tr_diag *d = tr_diag_add(c->diags, "E302", g->target.src ? g->target.src : src_of(c), g->target.node->begin, g->target.node->end,
                             "the target is %s but the metric is %s", b.data, a.data);
    tr_diag_help(d, "compare like with like: a share with a percentage, spend with money");
    tr_buf_free(&a), tr_buf_free(&b);
}

static void check_goal_targets(ck *c) {
    for (uint32_t i = 0; i < c->plan->ngoals; i++) check_goal_target(c, i);
}

/* ---- scenarios as whole plans: each one's overrides written into the plan (and taken out
 * again), which then goes through the passes that look at the plan as a whole and that the
 * overrides can change (cost dimensions, goal targets, cycles, dates, milestone order,
 * budgets). What they find is reported at the override that made it. */

/* The attributes whose overrides can make each whole-plan error. */
static const struct { const char *code, *attrs; } culprit_attrs[] = {
    {"E304", " cost "}, {"E302", " target "}, {"E405", " reports_to "}, {"E406", " after "},
    {"E408", " parent "}, {"E409", " due after "}, {"E414", " start end "}, {"E404", " start end due by "},
    {"E501", " amount parent start end cost hours participants for enabled budget after duration due headcount "},
};

/* The scenarios whose overrides scenario s applies, the furthest first; 0 after a cycle. */
static size_t scenario_chain(const tr_plan *p, uint32_t s, uint32_t *chain, size_t max) {
    size_t n = 0;
    for (uint32_t at = s; n < max;) {
        for (size_t j = 0; j < n; j++)
            if (chain[j] == at) return 0;
        chain[n++] = at;
        const tr_value *x = &p->scenarios[at].extends;
        if (x->kind != TR_V_REF) break;
        at = x->index;
    }
    for (size_t i = 0; i < n / 2; i++) {
        uint32_t t = chain[i];
        chain[i] = chain[n - 1 - i], chain[n - 1 - i] = t;
    }
    return n;
}

static bool at_override(const tr_diag *d, const tr_override *o) {
    const tr_node *v = o->value.node;
    return d->src == o->value.src && o->path && v && d->begin >= o->path->begin && d->begin <= v->end;
}

/* Is `word` one of the space-separated words of `list`? */
static bool listed(const char *list, const char *word) {
    size_t n = strlen(word);
    for (const char *at = strstr(list, word); at; at = strstr(at + 1, word))
        if (at > list && at[-1] == ' ' && at[n] == ' ') return true;
    return false;
}

/* The override to blame for d: the first applied that could have made it. */
static const tr_override *culprit(const tr_plan *p, const uint32_t *chain, size_t n, const tr_diag *d) {
    const char *attrs = "";
    for (size_t i = 0; i < sizeof culprit_attrs / sizeof culprit_attrs[0]; i++)
        if (strcmp(culprit_attrs[i].code, d->code) == 0) attrs = culprit_attrs[i].attrs;
    const tr_override *first = NULL;
    for (size_t k = 0; k < n; k++)
        for (uint32_t i = 0; i < p->scenarios[chain[k]].noverrides; i++) {
            const tr_override *o = &p->scenarios[chain[k]].overrides[i];
            if (o->part == TR_PART_NONE && listed(attrs, o->attr)) return o;
            if (!first) first = o;
        }
    return first;
}

/* Once each: neither in the plan's list already nor twice among the finds. */
static bool not_reported(const tr_diags *ds, size_t from, size_t kept, const tr_diag *d, void *ctx) {
    const tr_diags *plan = ctx;
    for (size_t i = 0; i < plan->n; i++) {
        const tr_diag *e = plan->items[i];
        if (e->src == d->src && e->begin == d->begin && strcmp(e->code, d->code) == 0) return false;
    }
    for (size_t i = from; i < kept; i++) {
        const tr_diag *e = ds->items[i];
        if (e->src == d->src && e->begin == d->begin && strcmp(e->code, d->code) == 0) return false;
    }
    return true;
}

/* Put what the scenario's passes found at an override (when it was found in the plan's
 * text, it is an override that made it so), then move it to the plan's list. */
static void report_scenario_finds(ck *c, uint32_t s, const uint32_t *chain, size_t n, tr_diags *found) {
    const tr_plan *p = c->plan;
    for (size_t i = 0; i < found->n; i++) {
        tr_diag *d = found->items[i];
        bool inside = false;
        for (size_t k = 0; k < n && !inside; k++)
            for (uint32_t j = 0; j < p->scenarios[chain[k]].noverrides && !inside; j++) inside = at_override(d, &p->scenarios[chain[k]].overrides[j]);
        const tr_override *o = inside ? NULL : culprit(p, chain, n, d);
        if (!o) continue;
        tr_diag_note(d, d->src, d->begin, d->end, "where it shows in the plan");
        const tr_node *v = o->value.node;
        d->src = o->value.src, d->begin = o->path->begin, d->end = v ? v->end : path_end(o->path);
        tr_buf m = {0};
        tr_buf_printf(&m, "with scenario '%s', %s", p->scenarios[s].e.name, d->message);
        free(d->message);
        d->message = tr_buf_take(&m);
    }
    tr_diags_filter(found, 0, not_reported, c->diags);
    tr_diags_move(c->diags, found);
}

/* The whole-plan passes an override can change, run on the plan with the overrides in it:
 * the cost and target of what is overridden, the structure when a reference or a date is,
 * the budgets (over the budget trees the overrides reach) when spending may have moved. */
static void scenario_passes(ck *sub, const uint32_t *chain, size_t n, const tr_scenario_patch *pt, tr_budget_trees *trees_of) {
    tr_plan *p = sub->plan;
    bool structure = false, budgets = false;
    for (size_t k = 0; k < n; k++)
        for (uint32_t i = 0; i < p->scenarios[chain[k]].noverrides; i++) {
            const tr_override *o = &p->scenarios[chain[k]].overrides[i];
            if (o->kind >= TR_E_COUNT || o->part != TR_PART_NONE) continue;
            if (o->kind == TR_E_PROGRAM && listed(" cost hours ", o->attr)) {
                sub->file = sub->entity_file[TR_E_PROGRAM][o->index];
                check_cost(sub, &p->programs[o->index]);
            }
            if (o->kind == TR_E_GOAL && strcmp(o->attr, "target") == 0) check_goal_target(sub, o->index);
            structure = structure || listed(" reports_to after parent start end due by ", o->attr);
            budgets = budgets || listed(culprit_attrs[sizeof culprit_attrs / sizeof culprit_attrs[0] - 1].attrs, o->attr);
        }
    if (structure) tr_structure_check(sub);
    if (!budgets || tr_diags_count(sub->diags, TR_SEV_ERROR)) return;
    tr_plan trees;   /* only the budget trees the overrides reach */
    tr_scenario_budget_plan(pt, trees_of, &trees);
    ck on_trees = *sub;
    on_trees.plan = &trees;
    tr_structure_budgets(&on_trees);
    free(trees.budgets);
    free(trees.programs);
}

static void check_scenario_plan(ck *c, uint32_t s, tr_budget_trees *trees) {
    uint32_t chain[64];
    size_t n = scenario_chain(c->plan, s, chain, 64), overrides = 0;
    for (size_t k = 0; k < n; k++) overrides += c->plan->scenarios[chain[k]].noverrides;
    if (!overrides) return;
    if (!trees->root) tr_budget_trees_build(trees, c->plan);   /* of the plan as written: before any patch */
    tr_scenario_patch pt;
    tr_diags found = {0};
    if (tr_scenario_patch_apply(&pt, c->plan, (int)s) == 0) {
        ck sub = *c;
        sub.diags = &found;
        scenario_passes(&sub, chain, n, &pt, trees);
    }
    tr_scenario_patch_undo(&pt);
    report_scenario_finds(c, s, chain, n, &found);
    tr_diags_free(&found);
}

/* One plan: the files of its closure (the prelude first). False when it has errors. */
static tr_plan *check_plan(tr_arena *arena, const plan_files *pf, tr_diags *diags, size_t root_file) {
    tr_plan *p = TR_NEW(arena, tr_plan);
    if (!p) abort();
    top_items items;
    collect_items(pf, &items);
    p->files = tr_arena_alloc(arena, (pf->n ? pf->n : 1) * sizeof *p->files);
    if (!p->files) abort();
    for (size_t f = 0; f < pf->n; f++) {
        const tr_ast *ast = pf->files[f]->ast;
        p->files[p->nfiles++] = (tr_plan_file){pf->files[f]->src, ast->items, ast->item_at, ast->nitems, pf->files[f]->stdlib};
    }
    ck c;
    /* the names table holds the declarations (top-level blocks and lets): sized from the
     * file's length it was four times too large for a generated plan, 12 MB at 10 MB */
    tr_resolver_init(&c, p, arena, diags, items.n + 64);
    c.failed_import = pf->failed_import;
    collect_syntax(&c, diags, (const tr_file *const *)pf->files, pf->n);
    size_t from = diags->n;
    allocate_entities(&c, &items);
    const tr_node *plan_block = NULL;
    for (size_t i = 0; i < items.n; i++) {
        c.file = items.v[i].file;
        const tr_node *it = items.v[i].node;
        if (items.v[i].kind == TR_N_BLOCK) declare_block(&c, it, items.v[i].spec, &plan_block);
        else if (items.v[i].kind == TR_N_LET) declare_let(&c, it);
    }
    if (!plan_block) {
        c.file = pf->files[root_file];
        tr_diag *d = tr_diag_add(diags, "E401", c.file->src, 0, 0, "no plan block");
        tr_diag_help(d, "every plan has one: plan \"Title\" { start 2026-01; horizon 3 years }");
        memcpy(p->currency, "USD", 4);
    } else {
        c.file = c.plan_file;
        plan_currency(&c, plan_block);
        check_plan_block(&c, plan_block);
    }
    for (uint32_t i = 0; i < c.nlets; i++)
        if (!c.lets[i].file->stdlib) {
            c.file = c.lets[i].file;
            tr_eval_let(&c, i);
        }
    check_model_blocks(&c, &items);
    free(items.v);
    static const tr_entity_kind order[] = {TR_E_SKILL, TR_E_ROLE, TR_E_BUDGET, TR_E_MILESTONE, TR_E_PROGRAM, TR_E_MEASURE, TR_E_GOAL, TR_E_SCENARIO};
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
        for (uint32_t i = 0; i < *entity_count(p, order[k]); i++) check_entity(&c, order[k], i);
    for (uint32_t i = 0; i < p->nprograms; i++) {
        c.file = c.entity_file[TR_E_PROGRAM][i];
        check_cost(&c, &p->programs[i]);
    }
    for (uint32_t d = 0; d < c.ndups; d++)
        if (c.dup_kinds[d] != TR_E_SCENARIO) check_duplicate(&c, d);
    for (uint32_t i = 0; i < p->nscenarios; i++) check_scenario(&c, i);
    check_goal_targets(&c);
    defaults(&c);
    size_t before = tr_diags_count(diags, TR_SEV_ERROR);
    if (plan_block && p->start.kind == TR_V_DATE && p->horizon.kind == TR_V_NUMBER) {
        tr_structure_check(&c);
        /* spending is only worth adding up when every amount is known: not after another
         * error, nor when a line that failed to parse may have held one */
        if (tr_diags_count(diags, TR_SEV_ERROR) == before && !c.nsyntax) tr_structure_budgets(&c);
        if (!c.nsyntax) {
            tr_budget_trees trees = {0};
            for (uint32_t i = 0; i < p->nscenarios; i++) check_scenario_plan(&c, i, &trees);
            tr_budget_trees_free(&trees);
        }
    }
    drop_cascades(&c, from);
    if (c.nsyntax) {
        c.file = c.plan_file;
        cascade_ctx x = {c.syntax_outside_blocks, !plan_block || (c.plan_file && damaged(&c, plan_block)), true};
        tr_diags_filter(diags, from, not_a_cascade, &x);
    }
    p->lint_lists = tr_arena_alloc(arena, (c.nlint_lists ? c.nlint_lists : 1) * sizeof *p->lint_lists);
    if (!p->lint_lists) abort();
    if (c.nlint_lists) memcpy(p->lint_lists, c.lint_lists, c.nlint_lists * sizeof *p->lint_lists);
    p->nlint_lists = c.nlint_lists;
    tr_resolver_free(&c);
    return plan_block ? p : NULL;
}

/* ---- the public entry -------------------------------------------------------------------------- */

/* A file shared by two plans is checked twice; its diagnostics are kept once. */
/* A file shared by several plans on the command line is reported once. */
static bool not_a_repeat(const tr_diags *ds, size_t from, size_t kept, const tr_diag *d, void *ctx) {
    (void)ctx;
    for (size_t j = from; j < kept; j++) {
        const tr_diag *e = ds->items[j];
        if (e->src == d->src && e->begin == d->begin && e->end == d->end && strcmp(e->code, d->code) == 0 &&
            strcmp(e->message, d->message) == 0)
            return false;
    }
    return true;
}

tr_checked *tr_check_sources(const tr_source *const *roots, size_t n, const tr_check_options *o, tr_diags *diags) {
    tr_checked *c = calloc(1, sizeof *c);
    if (!c) abort();
    c->arena = tr_arena_new();
    if (c->arena) tr_arena_small_pages(c->arena);   /* it grows to the end of the check: the peak */
    c->plans = calloc(n ? n : 1, sizeof *c->plans);
    c->ok = calloc(n ? n : 1, sizeof *c->ok);
    size_t *index = calloc(n ? n : 1, sizeof *index);
    bool *imported = calloc(n ? n : 1, sizeof *imported);
    if (!c->arena || !c->plans || !c->ok || !index || !imported) abort();
    tr_loader_init(&c->loader, o->stdlib_dir, o->allow_outside_imports, diags);
    for (size_t i = 0; i < n; i++) index[i] = tr_loader_add(&c->loader, roots[i]);
    size_t found[256];
    for (size_t i = 0; i < n; i++) {
        size_t k = tr_loader_imports(&c->loader, index[i], found, 256);
        for (size_t j = 0; j < n; j++)
            for (size_t f = 0; f < k; f++)
                if (found[f] == index[j] && j != i) imported[j] = true;
    }
    size_t from = diags->n;
    for (size_t i = 0; i < n; i++) {
        if (imported[i]) continue;
        bool dup_root = false;
        for (size_t j = 0; j < i; j++) dup_root = dup_root || index[j] == index[i];
        if (dup_root) continue;
        size_t *order;
        size_t nf = tr_loader_closure(&c->loader, index[i], &order);
        plan_files pf = {calloc(nf ? nf : 1, sizeof(tr_file *)), nf, c->loader.failed};
        if (!pf.files) abort();
        bool syntax_ok = true;
        size_t root_pos = 0;
        for (size_t f = 0; f < nf; f++) {
            pf.files[f] = c->loader.files[order[f]];
            syntax_ok = syntax_ok && pf.files[f]->ast->errors == 0;
            if (order[f] == index[i]) root_pos = f;
        }
        size_t errors = tr_diags_count(diags, TR_SEV_ERROR);
        /* LANGUAGE.md section 6: later passes run on what parsed */
        c->plans[i] = check_plan(c->arena, &pf, diags, root_pos);
        c->ok[i] = syntax_ok && c->plans[i] && tr_diags_count(diags, TR_SEV_ERROR) == errors;
        free(pf.files);
        free(order);
    }
    tr_arena_trim(c->arena);   /* the plans are complete */
    size_t nroots = 0;
    for (size_t i = 0; i < n; i++) nroots += !imported[i];
    if (nroots > 1) tr_diags_filter(diags, from, not_a_repeat, NULL);
    c->nplans = n;
    free(index);
    free(imported);
    return c;
}

size_t tr_checked_count(const tr_checked *c) { return c->nplans; }

const tr_plan *tr_checked_plan(const tr_checked *c, size_t i, bool *ok) {
    if (ok) *ok = c->ok[i];
    return c->plans[i];
}

void tr_checked_free(tr_checked *c) {
    if (!c) return;
    tr_loader_free(&c->loader);
    tr_arena_free(c->arena);
    free(c->plans);
    free(c->ok);
    free(c);
}
