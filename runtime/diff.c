/* diff.c — entity by entity, attribute path by attribute path: what two checked plans
 * disagree on. Values are compared as checked (canonical units), so `12 months` and
 * `1 year` are the same; they are shown as written. */
#include "diff.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "load.h"
#include "resolve.h"
#include "scenario.h"
#include "schema.h"

static const char *const kind_words[TR_E_COUNT] = {"role", "skill", "program", "budget", "milestone", "measure", "goal", "scenario"};

/* ---- values -------------------------------------------------------------------------------- */

static bool close_to(double a, double b) { return fabs(a - b) <= 1e-12 * fmax(1.0, fmax(fabs(a), fabs(b))); }

static const char *ref_name(const tr_plan *p, const tr_value *v) {
    if (v->ref_kind >= TR_E_COUNT || v->index >= tr_plan_count(p, (tr_entity_kind)v->ref_kind)) return "";
    return tr_plan_entity(p, (tr_entity_kind)v->ref_kind, v->index)->name;
}

static bool same(const tr_plan *pa, const tr_value *a, const tr_plan *pb, const tr_value *b) {
    if (a->kind != b->kind) return false;
    switch ((tr_vkind)a->kind) {
    case TR_V_NONE: return true;
    case TR_V_NUMBER:
        return tr_dim_eq(a->dim, b->dim) && a->is_range == b->is_range && close_to(a->lo, b->lo) && close_to(a->mid, b->mid) &&
               close_to(a->hi, b->hi);
    case TR_V_BOOL: return (a->mid != 0) == (b->mid != 0);
    case TR_V_DATE: return a->date == b->date;
    case TR_V_STRING:
    case TR_V_WORD: return a->len == b->len && (a->len == 0 || memcmp(a->str, b->str, a->len) == 0);
    case TR_V_REF: return a->ref_kind == b->ref_kind && strcmp(ref_name(pa, a), ref_name(pb, b)) == 0;
    case TR_V_BOUND:
    case TR_V_LIST:
        if (a->op != b->op || a->count != b->count) return false;
        for (uint32_t i = 0; i < a->count; i++)
            if (!same(pa, &a->items[i], pb, &b->items[i])) return false;
        return true;
    }
    return false;
}

/* A value's source text on one line (runs of white space become one space). */
static void source_text(tr_buf *out, const tr_source *src, uint32_t begin, uint32_t end) {
    bool space = false;
    for (uint32_t i = begin; i < end && i < src->len; i++) {
        char c = src->text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { space = true; continue; }
        if (space && out->len) tr_buf_putc(out, ' ');
        space = false;
        tr_buf_putc(out, c);
    }
}

void tr_whatif_value_text(tr_buf *out, const tr_plan *p, const tr_value *v) {
    if (v->kind == TR_V_LIST) {
        for (uint32_t i = 0; i < v->count; i++) {
            if (i) tr_buf_puts(out, ", ");
            tr_whatif_value_text(out, p, &v->items[i]);
        }
        return;
    }
    if (v->node && v->src) {
        source_text(out, v->src, v->node->begin, v->node->end);
        return;
    }
    switch ((tr_vkind)v->kind) {
    case TR_V_NONE: tr_buf_puts(out, "(none)"); break;
    case TR_V_NUMBER: {
        tr_buf_printf(out, "%.6g", v->mid);
        static const char *const words[] = {"", " month", " person"};
        int exps[3] = {v->dim.money, v->dim.time, v->dim.people};
        for (int k = 0; k < 3; k++)
            for (int e = 0; e < abs(exps[k]); e++) {
                if (exps[k] < 0) tr_buf_puts(out, " per");
                tr_buf_puts(out, k == 0 ? " " : "");
                tr_buf_puts(out, k == 0 ? p->currency : words[k]);
            }
        break;
    }
    case TR_V_BOOL: tr_buf_puts(out, v->mid != 0 ? "true" : "false"); break;
    case TR_V_DATE: tr_date_format(v->date, out); break;
    case TR_V_STRING: tr_buf_printf(out, "\"%.*s\"", (int)v->len, v->str); break;
    case TR_V_WORD: tr_buf_printf(out, "%.*s", (int)v->len, v->str); break;
    case TR_V_REF: tr_buf_puts(out, ref_name(p, v)); break;
    case TR_V_BOUND:
        tr_buf_printf(out, "%s ", tr_op_name(v->op));
        tr_whatif_value_text(out, p, &v->items[0]);
        break;
    case TR_V_LIST: break;
    }
}

static char *value_string(const tr_plan *p, const tr_value *v) {
    if (!v || v->kind == TR_V_NONE) return NULL;
    tr_buf b = {0};
    tr_whatif_value_text(&b, p, v);
    if (!b.len) tr_buf_puts(&b, "");
    char *s = tr_buf_take(&b);
    return s ? s : strdup("");
}

/* ---- building -------------------------------------------------------------------------------- */

static char *xstrdup(const char *s) {
    char *d = strdup(s ? s : "");
    if (!d) abort();
    return d;
}

static tr_entity_change *add_change(tr_plan_diff *d, tr_change_kind kind, const char *what, const char *name) {
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->v = realloc(d->v, d->cap * sizeof *d->v);
        if (!d->v) abort();
    }
    tr_entity_change *c = &d->v[d->n++];
    *c = (tr_entity_change){kind, what, name ? xstrdup(name) : NULL, NULL, 0};
    return c;
}

/* Drop the change just added when it found nothing. */
static void keep_if_any(tr_plan_diff *d, tr_entity_change *c) {
    if (c->nattrs || c != &d->v[d->n - 1]) return;
    free(c->name);
    free(c->attrs);
    d->n--;
}

static void add_attr(tr_entity_change *c, const char *attr, char *old_text, char *new_text) {
    c->attrs = realloc(c->attrs, (c->nattrs + 1) * sizeof *c->attrs);
    if (!c->attrs) abort();
    c->attrs[c->nattrs++] = (tr_attr_change){xstrdup(attr), old_text, new_text, NULL};
}

static void compare_value(tr_entity_change *c, const char *attr, const tr_plan *po, const tr_value *a, const tr_plan *pn, const tr_value *b) {
    static const tr_value none;
    if (!a) a = &none;
    if (!b) b = &none;
    if (same(po, a, pn, b)) return;
    add_attr(c, attr, value_string(po, a), value_string(pn, b));
}

/* The value at `offset` in struct x, or in its common part when `common` (x is an entity). */
static const tr_value *field(const void *x, bool common, size_t offset) {
    if (!x) return NULL;
    if (common) return tr_entity_common_value(x, offset);
    return (const tr_value *)(const void *)((const char *)x + offset);
}

/* Compare the tr_value fields of a struct that the schema lists for block kind `block`
 * (common attributes too when `common`), under `prefix`. */
static void compare_fields(tr_entity_change *c, const char *block, bool common, const char *prefix, const tr_plan *po, const void *a,
                           const tr_plan *pn, const void *b) {
    char attr[200];
    for (const tr_attr_spec *s = tr_schema_attrs(); s->block; s++) {
        bool star = strcmp(s->block, "*") == 0;
        if (!(strcmp(s->block, block) == 0 || (common && star)) || s->offset == (size_t)-1) continue;
        snprintf(attr, sizeof attr, "%s%s", prefix, s->name);
        compare_value(c, attr, po, field(a, star, s->offset), pn, field(b, star, s->offset));
    }
}

static void compare_title(tr_entity_change *c, const char *attr, const char *a, const char *b) {
    if ((a == NULL) == (b == NULL) && (!a || strcmp(a, b) == 0)) return;
    tr_buf x = {0}, y = {0};
    if (a) tr_buf_printf(&x, "\"%s\"", a);
    if (b) tr_buf_printf(&y, "\"%s\"", b);
    add_attr(c, attr, a ? tr_buf_take(&x) : NULL, b ? tr_buf_take(&y) : NULL);
}

static const tr_value *skill_share(const tr_plan *p, const tr_skill_level *v, uint32_t n, const char *skill) {
    for (uint32_t i = 0; i < n; i++)
        if (v[i].skill < p->nskills && strcmp(p->skills[v[i].skill].e.name, skill) == 0) return &v[i].share;
    return NULL;
}

/* `baseline { leadership 35% }`: one attribute per skill, `baseline.leadership`. */
static void compare_skills(tr_entity_change *c, const char *what, const tr_plan *po, const tr_skill_level *a, uint32_t na,
                           const tr_plan *pn, const tr_skill_level *b, uint32_t nb) {
    char attr[160];
    for (uint32_t i = 0; i < nb; i++) {
        const char *skill = pn->skills[b[i].skill].e.name;
        snprintf(attr, sizeof attr, "%s.%s", what, skill);
        compare_value(c, attr, po, skill_share(po, a, na, skill), pn, &b[i].share);
    }
    for (uint32_t i = 0; i < na; i++) {
        const char *skill = po->skills[a[i].skill].e.name;
        if (skill_share(pn, b, nb, skill)) continue;
        snprintf(attr, sizeof attr, "%s.%s", what, skill);
        compare_value(c, attr, po, &a[i].share, pn, NULL);
    }
}

static const char *promotion_into(const tr_plan *p, const tr_promotion *x) {
    return x->into.kind == TR_V_REF && x->into.index < p->nroles ? p->roles[x->into.index].e.name : "";
}

static const tr_promotion *find_promotion(const tr_plan *p, const tr_role *r, const char *into) {
    for (uint32_t i = 0; i < r->npromotions; i++)
        if (strcmp(promotion_into(p, &r->promotions[i]), into) == 0) return &r->promotions[i];
    return NULL;
}

/* Promotions are keyed by the role promoted into: `promotion.manager.rate`. */
static void compare_promotions(tr_entity_change *c, const tr_plan *po, const tr_role *a, const tr_plan *pn, const tr_role *b) {
    char attr[160];
    static const tr_value none;
    for (uint32_t i = 0; i < b->npromotions; i++) {
        const char *into = promotion_into(pn, &b->promotions[i]);
        const tr_promotion *old = find_promotion(po, a, into);
        snprintf(attr, sizeof attr, "promotion.%s.rate", into);
        compare_value(c, attr, po, old ? &old->rate : &none, pn, &b->promotions[i].rate);
    }
    for (uint32_t i = 0; i < a->npromotions; i++) {
        const char *into = promotion_into(po, &a->promotions[i]);
        if (find_promotion(pn, b, into)) continue;
        snprintf(attr, sizeof attr, "promotion.%s.rate", into);
        compare_value(c, attr, po, &a->promotions[i].rate, pn, &none);
    }
}

static const tr_product *find_product(const tr_program *g, const char *name) {
    for (uint32_t i = 0; i < g->nproducts; i++)
        if (g->products[i].name && strcmp(g->products[i].name, name) == 0) return &g->products[i];
    return NULL;
}

/* Products are keyed by name: `product.playbook.review`. */
static void compare_products(tr_entity_change *c, const tr_plan *po, const tr_program *a, const tr_plan *pn, const tr_program *b) {
    char prefix[160];
    for (uint32_t i = 0; i < b->nproducts; i++) {
        const tr_product *y = &b->products[i], *x = find_product(a, y->name);
        snprintf(prefix, sizeof prefix, "product.%s.", y->name);
        size_t before = c->nattrs;
        compare_fields(c, "product", false, prefix, po, x, pn, y);
        snprintf(prefix, sizeof prefix, "product.%s.title", y->name);
        compare_title(c, prefix, x ? x->title : NULL, y->title);
        if (!x && c->nattrs == before) {   /* a product with nothing written but its name */
            snprintf(prefix, sizeof prefix, "product.%s", y->name);
            add_attr(c, prefix, NULL, xstrdup("{ }"));
        }
    }
    for (uint32_t i = 0; i < a->nproducts; i++) {
        const tr_product *x = &a->products[i];
        if (find_product(b, x->name)) continue;
        snprintf(prefix, sizeof prefix, "product.%s", x->name);
        add_attr(c, prefix, xstrdup("{ ... }"), NULL);
    }
}

static const tr_phase *find_phase(const tr_program *g, int k) {
    for (uint32_t i = 0; i < g->nphases; i++)
        if (g->phases[i].kind == k) return &g->phases[i];
    return NULL;
}

/* `phase post { duration 12 weeks }`: `phase.post.duration`. */
static void compare_phases(tr_entity_change *c, const tr_plan *po, const tr_program *a, const tr_plan *pn, const tr_program *b) {
    static const char *const names[] = {"pre", "core", "post"};
    char prefix[64];
    for (int k = 0; k < 3; k++) {
        snprintf(prefix, sizeof prefix, "phase.%s.", names[k]);
        compare_fields(c, "phase", false, prefix, po, find_phase(a, k), pn, find_phase(b, k));
    }
}

/* A measure's value or a goal's metric, compared as written. */
static void compare_metric(tr_entity_change *c, const char *attr, const tr_entity *ea, const tr_metric *a, const tr_entity *eb, const tr_metric *b) {
    tr_buf x = {0}, y = {0};
    if (a && a->node) source_text(&x, ea->src, a->node->begin, a->node->end);
    if (b && b->node) source_text(&y, eb->src, b->node->begin, b->node->end);
    if (x.len != y.len || (x.len && memcmp(x.data, y.data, x.len) != 0)) add_attr(c, attr, x.len ? tr_buf_take(&x) : NULL, y.len ? tr_buf_take(&y) : NULL);
    tr_buf_free(&x);
    tr_buf_free(&y);
}

/* A scenario's overrides, keyed by their canonical path. */
static char *override_path(const tr_plan *p, const tr_override *o) {
    tr_buf b = {0};
    tr_scenario_path_text(&b, p, o);
    return tr_buf_take(&b);
}

static const tr_override *find_override(const tr_plan *p, const tr_scenario *sc, const char *path) {
    for (uint32_t i = 0; i < sc->noverrides; i++) {
        char *q = override_path(p, &sc->overrides[i]);
        bool hit = strcmp(q, path) == 0;
        free(q);
        if (hit) return &sc->overrides[i];
    }
    return NULL;
}

static void compare_overrides(tr_entity_change *c, const tr_plan *po, const tr_scenario *a, const tr_plan *pn, const tr_scenario *b) {
    for (uint32_t i = 0; i < b->noverrides; i++) {
        char *path = override_path(pn, &b->overrides[i]);
        const tr_override *old = find_override(po, a, path);
        compare_value(c, path, po, old ? &old->value : NULL, pn, &b->overrides[i].value);
        free(path);
    }
    for (uint32_t i = 0; i < a->noverrides; i++) {
        char *path = override_path(po, &a->overrides[i]);
        if (!find_override(pn, b, path)) compare_value(c, path, po, &a->overrides[i].value, pn, NULL);
        free(path);
    }
}

/* The attributes of entity kind k that the schema stores in the struct, then the parts
 * stored apart (skill maps, promotions, phases, products, metrics, scenario overrides). */
static void compare_entity(tr_entity_change *c, tr_entity_kind k, const tr_plan *po, const tr_entity *ea, const tr_plan *pn, const tr_entity *eb) {
    /* common attributes ("*") live in tr_entity's common part; tr_entity starts every entity's struct */
    compare_fields(c, kind_words[k], true, "", po, ea, pn, eb);
    compare_title(c, "title", ea->title, eb->title);
    switch (k) {
    case TR_E_ROLE: {
        const tr_role *a = (const tr_role *)ea, *b = (const tr_role *)eb;
        compare_skills(c, "baseline", po, a->baseline, a->nbaseline, pn, b->baseline, b->nbaseline);
        compare_promotions(c, po, a, pn, b);
        break;
    }
    case TR_E_PROGRAM: {
        const tr_program *a = (const tr_program *)ea, *b = (const tr_program *)eb;
        compare_skills(c, "gains", po, a->gains, a->ngains, pn, b->gains, b->ngains);
        compare_phases(c, po, a, pn, b);
        compare_products(c, po, a, pn, b);
        break;
    }
    case TR_E_MEASURE:
        compare_metric(c, "value", ea, ((const tr_measure *)ea)->value, eb, ((const tr_measure *)eb)->value);
        break;
    case TR_E_GOAL:
        compare_metric(c, "metric", ea, ((const tr_goal *)ea)->metric, eb, ((const tr_goal *)eb)->metric);
        break;
    case TR_E_SCENARIO:
        compare_overrides(c, po, (const tr_scenario *)ea, pn, (const tr_scenario *)eb);
        break;
    default: break;
    }
}

static bool from_stdlib(const tr_entity *e) { return e->src && strncmp(e->src->path, "std/", 4) == 0; }

static const tr_entity *find_entity(const tr_plan *p, tr_entity_kind k, const char *name) {
    for (uint32_t i = 0; i < tr_plan_count(p, k); i++) {
        const tr_entity *e = tr_plan_entity(p, k, i);
        if (strcmp(e->name, name) == 0) return e;
    }
    return NULL;
}

static char *exchange_text(const tr_plan *p, const char *code) {
    for (uint32_t i = 0; i < p->nexchange; i++)
        if (strcmp(p->exchange[i].code, code) == 0) {
            tr_buf b = {0};
            tr_buf_printf(&b, "%.10g %s", p->exchange[i].rate, p->currency);
            return tr_buf_take(&b);
        }
    return NULL;
}

static void compare_exchange(tr_entity_change *c, const tr_plan *po, const tr_plan *pn) {
    char attr[32];
    for (int side = 0; side < 2; side++) {
        const tr_plan *p = side ? po : pn;
        for (uint32_t i = 0; i < p->nexchange; i++) {
            const char *code = p->exchange[i].code;
            if (side && exchange_text(pn, code)) continue;   /* seen from the new side */
            char *x = exchange_text(po, code), *y = exchange_text(pn, code);
            snprintf(attr, sizeof attr, "exchange.%s", code);
            if (x && y && strcmp(x, y) == 0) free(x), free(y);
            else add_attr(c, attr, x, y);
        }
    }
}

static void compare_plan_block(tr_plan_diff *d, const tr_plan *po, const tr_plan *pn) {
    tr_entity_change *plan = add_change(d, TR_CHANGE_CHANGED, "plan", NULL);
    compare_fields(plan, "plan", false, "", po, po, pn, pn);
    if (strcmp(po->currency, pn->currency) != 0) add_attr(plan, "currency", xstrdup(po->currency), xstrdup(pn->currency));
    compare_exchange(plan, po, pn);
    size_t owner = offsetof(tr_entity_common, owner);
    compare_value(plan, "owner", po, tr_entity_common_value(&po->e, owner), pn, tr_entity_common_value(&pn->e, owner));
    compare_title(plan, "title", po->e.title, pn->e.title);
    keep_if_any(d, plan);
    tr_entity_change *model = add_change(d, TR_CHANGE_CHANGED, "model", NULL);
    compare_fields(model, "model", false, "", po, &po->model, pn, &pn->model);
    keep_if_any(d, model);
}

/* ---- constants ------------------------------------------------------------------------------- */

void tr_plan_lets_read(tr_plan_lets *out, const tr_plan *p, const tr_source *root, const char *stdlib) {
    memset(out, 0, sizeof *out);
    out->arena = tr_arena_new();
    if (!out->arena) abort();
    tr_diags quiet = {0};   /* the plan's problems were reported when it was checked */
    tr_loader l;
    tr_loader_init(&l, stdlib, true, &quiet);
    size_t *order = NULL, nf = tr_loader_closure(&l, tr_loader_add(&l, root), &order);
    tr_plan copy = *p;      /* for the currency and exchange rates of money units */
    tr_resolver r;
    tr_resolver_init(&r, &copy, out->arena, &quiet, 64);
    for (size_t f = 0; f < nf; f++) {
        const tr_file *file = l.files[order[f]];
        for (const tr_node *it = file->ast->items; it; it = it->next) {
            if (it->kind != TR_N_LET) continue;
            const tr_node *nm = it->u.let.name;
            if (tr_resolver_declare(&r, TR_NS_LET, nm->u.str.s, nm->u.str.len, r.nlets) != UINT32_MAX) continue;
            r.lets = realloc(r.lets, (r.nlets + 1) * sizeof *r.lets);
            char *s = tr_arena_strndup(out->arena, nm->u.str.s, nm->u.str.len);
            if (!r.lets || !s) abort();
            r.lets[r.nlets++] = (tr_let){s, it, file, 0, {0}};
        }
    }
    r.let_stack = calloc(r.nlets + 1, sizeof *r.let_stack);
    out->v = calloc(r.nlets + 1, sizeof *out->v);
    if (!r.let_stack || !out->v) abort();
    for (uint32_t i = 0; i < r.nlets; i++) {
        if (r.lets[i].file->stdlib) continue;
        r.file = r.lets[i].file;
        tr_plan_let *x = &out->v[out->n++];
        x->name = xstrdup(r.lets[i].name);
        tr_buf t = {0};
        const tr_node *v = r.lets[i].node->u.let.value;
        source_text(&t, r.file->src, v->begin, v->end);
        x->text = t.data ? tr_buf_take(&t) : xstrdup("");
        x->value = tr_eval_let(&r, i);
        x->value.node = NULL, x->value.src = NULL;
        for (uint32_t k = 0; (x->value.kind == TR_V_LIST || x->value.kind == TR_V_BOUND) && k < x->value.count; k++)
            x->value.items[k].node = NULL, x->value.items[k].src = NULL;
    }
    tr_resolver_free(&r);
    free(order);
    tr_loader_free(&l);
    tr_diags_free(&quiet);
}

void tr_plan_lets_free(tr_plan_lets *l) {
    for (size_t i = 0; i < l->n; i++) free(l->v[i].name), free(l->v[i].text);
    free(l->v);
    tr_arena_free(l->arena);
    memset(l, 0, sizeof *l);
}

static const tr_plan_let *find_let(const tr_plan_lets *l, const char *name) {
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].name, name) == 0) return &l->v[i];
    return NULL;
}

static void compare_lets(tr_plan_diff *d, const tr_plan *po, const tr_plan_lets *lo, const tr_plan *pn, const tr_plan_lets *ln) {
    for (size_t i = 0; i < ln->n; i++) {
        const tr_plan_let *y = &ln->v[i], *x = find_let(lo, y->name);
        if (!x) { add_change(d, TR_CHANGE_ADDED, "let", y->name); continue; }
        if (same(po, &x->value, pn, &y->value)) continue;
        add_attr(add_change(d, TR_CHANGE_CHANGED, "let", y->name), "value", xstrdup(x->text), xstrdup(y->text));
    }
    for (size_t i = 0; i < lo->n; i++)
        if (!find_let(ln, lo->v[i].name)) add_change(d, TR_CHANGE_REMOVED, "let", lo->v[i].name);
}

/* Does `text` name the identifier `name` (not as part of a longer one)? */
static bool names(const char *text, const char *name) {
    size_t n = strlen(name);
    for (const char *at = strstr(text, name); at; at = strstr(at + 1, name)) {
        bool before = at > text && (at[-1] == '_' || (at[-1] >= '0' && at[-1] <= '9') || ((at[-1] | 32) >= 'a' && (at[-1] | 32) <= 'z'));
        char c = at[n];
        bool after = c == '_' || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
        if (!before && !after) return true;
    }
    return false;
}

/* An attribute written the same on both sides changed through the constants it reads. */
static void explain_same_text(tr_plan_diff *d) {
    for (size_t i = 0; i < d->n; i++)
        for (size_t j = 0; j < d->v[i].nattrs; j++) {
            tr_attr_change *a = &d->v[i].attrs[j];
            if (!a->old_text || !a->new_text || strcmp(a->old_text, a->new_text) != 0) continue;
            tr_buf via = {0};
            for (size_t k = 0; k < d->n; k++)
                if (strcmp(d->v[k].what, "let") == 0 && names(a->new_text, d->v[k].name))
                    tr_buf_printf(&via, "%slet %s", via.len ? ", " : "", d->v[k].name);
            a->via = via.len ? tr_buf_take(&via) : xstrdup("");
        }
}

void tr_plan_diff_build(tr_plan_diff *d, const tr_plan *po, const tr_plan *pn, const tr_plan_lets *lo, const tr_plan_lets *ln) {
    memset(d, 0, sizeof *d);
    compare_plan_block(d, po, pn);
    if (lo && ln) compare_lets(d, po, lo, pn, ln);
    for (int k = 0; k < TR_E_COUNT; k++) {
        for (uint32_t i = 0; i < tr_plan_count(pn, (tr_entity_kind)k); i++) {
            const tr_entity *eb = tr_plan_entity(pn, (tr_entity_kind)k, i);
            if (from_stdlib(eb)) continue;
            const tr_entity *ea = find_entity(po, (tr_entity_kind)k, eb->name);
            if (!ea) { add_change(d, TR_CHANGE_ADDED, kind_words[k], eb->name); continue; }
            tr_entity_change *c = add_change(d, TR_CHANGE_CHANGED, kind_words[k], eb->name);
            compare_entity(c, (tr_entity_kind)k, po, ea, pn, eb);
            keep_if_any(d, c);
        }
    }
    for (int k = 0; k < TR_E_COUNT; k++)
        for (uint32_t i = 0; i < tr_plan_count(po, (tr_entity_kind)k); i++) {
            const tr_entity *ea = tr_plan_entity(po, (tr_entity_kind)k, i);
            if (!from_stdlib(ea) && !find_entity(pn, (tr_entity_kind)k, ea->name)) add_change(d, TR_CHANGE_REMOVED, kind_words[k], ea->name);
        }
    explain_same_text(d);
}

void tr_plan_diff_free(tr_plan_diff *d) {
    for (size_t i = 0; i < d->n; i++) {
        for (size_t j = 0; j < d->v[i].nattrs; j++) {
            tr_attr_change *a = &d->v[i].attrs[j];
            free(a->attr), free(a->old_text), free(a->new_text), free(a->via);
        }
        free(d->v[i].attrs);
        free(d->v[i].name);
    }
    free(d->v);
    memset(d, 0, sizeof *d);
}

/* ---- rendering ------------------------------------------------------------------------------- */

static json_t *json_text(const char *s) { return s ? json_string(s) : json_null(); }

json_t *tr_plan_diff_json(const tr_plan_diff *d) {
    static const char *const kinds[] = {"added", "removed", "changed"};
    json_t *all = json_array();
    for (size_t i = 0; i < d->n; i++) {
        const tr_entity_change *c = &d->v[i];
        json_t *attrs = json_array();
        for (size_t j = 0; j < c->nattrs; j++) {
            const tr_attr_change *a = &c->attrs[j];
            json_t *o = json_pack("{s:s, s:o, s:o}", "name", a->attr, "old", json_text(a->old_text), "new", json_text(a->new_text));
            if (a->via) json_object_set_new(o, "via", json_string(a->via));
            json_array_append_new(attrs, o);
        }
        json_array_append_new(all, json_pack("{s:s, s:s, s:o, s:o}", "change", kinds[c->kind], "kind", c->what, "name",
                                             json_text(c->name), "attributes", attrs));
    }
    return all;
}

static void render_attr(tr_buf *out, const tr_attr_change *a, bool md) {
    const char *q = md ? "`" : "";
    if (md) tr_buf_printf(out, "  - `%s`: ", a->attr);
    else tr_buf_printf(out, "      %s: ", a->attr);
    if (!a->old_text) tr_buf_printf(out, "added %s%s%s\n", q, a->new_text, q);
    else if (!a->new_text) tr_buf_printf(out, "removed (was %s%s%s)\n", q, a->old_text, q);
    else if (a->via && a->via[0]) tr_buf_printf(out, "%s%s%s (changed through %s)\n", q, a->new_text, q, a->via);
    else if (a->via) tr_buf_printf(out, "%s%s%s (its value changed)\n", q, a->new_text, q);
    else tr_buf_printf(out, "%s%s%s -> %s%s%s\n", q, a->old_text, q, q, a->new_text, q);
}

void tr_plan_diff_render(tr_buf *out, const tr_plan_diff *d, tr_whatif_format f) {
    bool md = f == TR_WHATIF_MARKDOWN;
    static const char *const signs[] = {"+", "-", "~"};
    static const char *const words[] = {"added", "removed", "changed"};
    for (size_t i = 0; i < d->n; i++) {
        const tr_entity_change *c = &d->v[i];
        /* a constant's one change fits on its line */
        bool one_line = strcmp(c->what, "let") == 0 && c->nattrs == 1;
        if (md) tr_buf_printf(out, "- **%s** %s", words[c->kind], c->what);
        else tr_buf_printf(out, "  %s %s", signs[c->kind], c->what);
        if (c->name) tr_buf_printf(out, md ? " `%s`" : " %s", c->name);
        if (one_line) {
            const tr_attr_change *a = &c->attrs[0];
            if (md) tr_buf_printf(out, ": `%s` -> `%s`\n", a->old_text, a->new_text);
            else tr_buf_printf(out, ": %s -> %s\n", a->old_text, a->new_text);
            continue;
        }
        tr_buf_putc(out, '\n');
        for (size_t j = 0; j < c->nattrs; j++) render_attr(out, &c->attrs[j], md);
    }
}
