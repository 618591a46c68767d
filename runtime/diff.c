/* diff.c — entity by entity, attribute by attribute: what two checked plans disagree on.
 * Values are compared as checked (canonical units), so `12 months` and `1 year` are the
 * same; they are shown as written. */
#include "diff.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static tr_entity_change *add_change(tr_plan_diff *d, tr_change_kind kind, tr_entity_kind entity, const char *name) {
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->v = realloc(d->v, d->cap * sizeof *d->v);
        if (!d->v) abort();
    }
    tr_entity_change *c = &d->v[d->n++];
    *c = (tr_entity_change){kind, entity, strdup(name ? name : ""), NULL, 0};
    if (!c->name) abort();
    return c;
}

static void add_attr(tr_entity_change *c, const char *attr, char *old_text, char *new_text) {
    c->attrs = realloc(c->attrs, (c->nattrs + 1) * sizeof *c->attrs);
    char *a = strdup(attr);
    if (!c->attrs || !a) abort();
    c->attrs[c->nattrs++] = (tr_attr_change){a, old_text, new_text};
}

static void compare_value(tr_entity_change *c, const char *attr, const tr_plan *po, const tr_value *a, const tr_plan *pn, const tr_value *b) {
    if (same(po, a, pn, b)) return;
    add_attr(c, attr, value_string(po, a), value_string(pn, b));
}

static const tr_value *skill_share(const tr_plan *p, const tr_skill_level *v, uint32_t n, const char *skill) {
    for (uint32_t i = 0; i < n; i++)
        if (v[i].skill < p->nskills && strcmp(p->skills[v[i].skill].e.name, skill) == 0) return &v[i].share;
    return NULL;
}

/* `baseline { leadership 35% }`: one attribute per skill, `baseline.leadership`. */
static void compare_skills(tr_entity_change *c, const char *what, const tr_plan *po, const tr_skill_level *a, uint32_t na,
                           const tr_plan *pn, const tr_skill_level *b, uint32_t nb) {
    static const tr_value none;
    char attr[160];
    for (uint32_t i = 0; i < nb; i++) {
        const char *skill = pn->skills[b[i].skill].e.name;
        const tr_value *old = skill_share(po, a, na, skill);
        snprintf(attr, sizeof attr, "%s.%s", what, skill);
        compare_value(c, attr, po, old ? old : &none, pn, &b[i].share);
    }
    for (uint32_t i = 0; i < na; i++) {
        const char *skill = po->skills[a[i].skill].e.name;
        if (skill_share(pn, b, nb, skill)) continue;
        snprintf(attr, sizeof attr, "%s.%s", what, skill);
        compare_value(c, attr, po, &a[i].share, pn, &none);
    }
}

/* A measure's value or a goal's metric, compared as written. */
static void compare_metric(tr_entity_change *c, const char *attr, const tr_entity *ea, const tr_metric *a, const tr_entity *eb, const tr_metric *b) {
    tr_buf x = {0}, y = {0};
    if (a && a->node) source_text(&x, ea->src, a->node->begin, a->node->end);
    if (b && b->node) source_text(&y, eb->src, b->node->begin, b->node->end);
    if (x.len != y.len || (x.len && memcmp(x.data, y.data, x.len) != 0)) {
        add_attr(c, attr, x.len ? tr_buf_take(&x) : NULL, y.len ? tr_buf_take(&y) : NULL);
    }
    tr_buf_free(&x);
    tr_buf_free(&y);
}

static void compare_phases(tr_entity_change *c, const tr_plan *po, const tr_program *a, const tr_plan *pn, const tr_program *b) {
    static const char *const names[] = {"pre", "core", "post"};
    static const tr_value none;
    for (int k = 0; k < 3; k++) {
        const tr_phase *x = NULL, *y = NULL;
        for (uint32_t i = 0; i < a->nphases; i++) if (a->phases[i].kind == k) x = &a->phases[i];
        for (uint32_t i = 0; i < b->nphases; i++) if (b->phases[i].kind == k) y = &b->phases[i];
        char attr[64];
        snprintf(attr, sizeof attr, "phase %s.duration", names[k]);
        compare_value(c, attr, po, x ? &x->duration : &none, pn, y ? &y->duration : &none);
        snprintf(attr, sizeof attr, "phase %s.coaching", names[k]);
        compare_value(c, attr, po, x ? &x->coaching : &none, pn, y ? &y->coaching : &none);
    }
}

/* The attributes of entity kind k that the schema stores in the struct, then the parts
 * stored apart (skill maps, metrics, phases, scenario overrides). */
static void compare_entity(tr_entity_change *c, tr_entity_kind k, const tr_plan *po, const tr_entity *ea, const tr_plan *pn, const tr_entity *eb) {
    for (const tr_attr_spec *s = tr_schema_attrs(); s->block; s++) {
        /* common attributes ("*") live in tr_entity, which starts every entity's struct */
        if (strcmp(s->block, "*") != 0 && strcmp(s->block, kind_words[k]) != 0) continue;
        if (s->offset == (size_t)-1) continue;
        const tr_value *a = (const tr_value *)((const char *)(const void *)ea + s->offset);
        const tr_value *b = (const tr_value *)((const char *)(const void *)eb + s->offset);
        compare_value(c, s->name, po, a, pn, b);
    }
    if ((ea->title == NULL) != (eb->title == NULL) || (ea->title && strcmp(ea->title, eb->title) != 0)) {
        tr_buf x = {0}, y = {0};
        if (ea->title) tr_buf_printf(&x, "\"%s\"", ea->title);
        if (eb->title) tr_buf_printf(&y, "\"%s\"", eb->title);
        add_attr(c, "title", ea->title ? tr_buf_take(&x) : NULL, eb->title ? tr_buf_take(&y) : NULL);
    }
    switch (k) {
    case TR_E_ROLE: {
        const tr_role *a = (const tr_role *)ea, *b = (const tr_role *)eb;
        compare_skills(c, "baseline", po, a->baseline, a->nbaseline, pn, b->baseline, b->nbaseline);
        break;
    }
    case TR_E_PROGRAM: {
        const tr_program *a = (const tr_program *)ea, *b = (const tr_program *)eb;
        compare_skills(c, "gains", po, a->gains, a->ngains, pn, b->gains, b->ngains);
        compare_phases(c, po, a, pn, b);
        break;
    }
    case TR_E_MEASURE:
        compare_metric(c, "value", ea, ((const tr_measure *)ea)->value, eb, ((const tr_measure *)eb)->value);
        break;
    case TR_E_GOAL:
        compare_metric(c, "metric", ea, ((const tr_goal *)ea)->metric, eb, ((const tr_goal *)eb)->metric);
        break;
    case TR_E_SCENARIO: {
        const tr_scenario *a = (const tr_scenario *)ea, *b = (const tr_scenario *)eb;
        tr_buf x = {0}, y = {0};
        for (uint32_t i = 0; i < a->noverrides; i++) source_text(&x, ea->src, a->overrides[i].value.node ? a->overrides[i].value.node->begin : 0, a->overrides[i].value.node ? a->overrides[i].value.node->end : 0);
        for (uint32_t i = 0; i < b->noverrides; i++) source_text(&y, eb->src, b->overrides[i].value.node ? b->overrides[i].value.node->begin : 0, b->overrides[i].value.node ? b->overrides[i].value.node->end : 0);
        if (x.len != y.len || (x.len && memcmp(x.data, y.data, x.len) != 0) || a->noverrides != b->noverrides)
            add_attr(c, "overrides", x.len ? tr_buf_take(&x) : NULL, y.len ? tr_buf_take(&y) : NULL);
        tr_buf_free(&x);
        tr_buf_free(&y);
        break;
    }
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

void tr_plan_diff_build(tr_plan_diff *d, const tr_plan *po, const tr_plan *pn) {
    memset(d, 0, sizeof *d);
    tr_entity_change *plan = add_change(d, TR_CHANGE_CHANGED, TR_E_COUNT, "plan");
    compare_value(plan, "start", po, &po->start, pn, &pn->start);
    compare_value(plan, "horizon", po, &po->horizon, pn, &pn->horizon);
    if (strcmp(po->currency, pn->currency) != 0) {
        char *a = strdup(po->currency), *b = strdup(pn->currency);
        if (!a || !b) abort();
        add_attr(plan, "currency", a, b);
    }
    if ((po->e.title == NULL) != (pn->e.title == NULL) || (po->e.title && strcmp(po->e.title, pn->e.title) != 0)) {
        tr_buf x = {0}, y = {0};
        tr_buf_printf(&x, "\"%s\"", po->e.title ? po->e.title : "");
        tr_buf_printf(&y, "\"%s\"", pn->e.title ? pn->e.title : "");
        add_attr(plan, "title", tr_buf_take(&x), tr_buf_take(&y));
    }
    if (!plan->nattrs) {
        free(plan->name);
        d->n--;
    }
    for (int k = 0; k < TR_E_COUNT; k++) {
        for (uint32_t i = 0; i < tr_plan_count(pn, (tr_entity_kind)k); i++) {
            const tr_entity *eb = tr_plan_entity(pn, (tr_entity_kind)k, i);
            if (from_stdlib(eb)) continue;
            const tr_entity *ea = find_entity(po, (tr_entity_kind)k, eb->name);
            if (!ea) { add_change(d, TR_CHANGE_ADDED, (tr_entity_kind)k, eb->name); continue; }
            tr_entity_change *c = add_change(d, TR_CHANGE_CHANGED, (tr_entity_kind)k, eb->name);
            compare_entity(c, (tr_entity_kind)k, po, ea, pn, eb);
            if (!c->nattrs) {
                free(c->name);
                d->n--;
            }
        }
    }
    for (int k = 0; k < TR_E_COUNT; k++)
        for (uint32_t i = 0; i < tr_plan_count(po, (tr_entity_kind)k); i++) {
            const tr_entity *ea = tr_plan_entity(po, (tr_entity_kind)k, i);
            if (!from_stdlib(ea) && !find_entity(pn, (tr_entity_kind)k, ea->name)) add_change(d, TR_CHANGE_REMOVED, (tr_entity_kind)k, ea->name);
        }
}

void tr_plan_diff_free(tr_plan_diff *d) {
    for (size_t i = 0; i < d->n; i++) {
        for (size_t j = 0; j < d->v[i].nattrs; j++) {
            free(d->v[i].attrs[j].attr);
            free(d->v[i].attrs[j].old_text);
            free(d->v[i].attrs[j].new_text);
        }
        free(d->v[i].attrs);
        free(d->v[i].name);
    }
    free(d->v);
    memset(d, 0, sizeof *d);
}

/* ---- rendering ------------------------------------------------------------------------------- */

static const char *entity_word(tr_entity_kind k) { return k < TR_E_COUNT ? kind_words[k] : "plan"; }

static void json_str(tr_buf *out, const char *s) {
    if (!s) { tr_buf_puts(out, "null"); return; }
    tr_buf_putc(out, '"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') tr_buf_printf(out, "\\%c", ch);
        else if (ch < 0x20) tr_buf_printf(out, "\\u%04x", ch);
        else tr_buf_putc(out, (char)ch);
    }
    tr_buf_putc(out, '"');
}

static void render_json(tr_buf *out, const tr_plan_diff *d) {
    tr_buf_putc(out, '[');
    static const char *const kinds[] = {"added", "removed", "changed"};
    for (size_t i = 0; i < d->n; i++) {
        const tr_entity_change *c = &d->v[i];
        tr_buf_printf(out, "%s{\"change\": \"%s\", \"kind\": \"%s\", \"name\": ", i ? ",\n  " : "\n  ", kinds[c->kind], entity_word(c->entity));
        json_str(out, c->entity == TR_E_COUNT ? NULL : c->name);
        tr_buf_puts(out, ", \"attributes\": [");
        for (size_t j = 0; j < c->nattrs; j++) {
            tr_buf_puts(out, j ? ", {\"name\": " : "{\"name\": ");
            json_str(out, c->attrs[j].attr);
            tr_buf_puts(out, ", \"old\": ");
            json_str(out, c->attrs[j].old_text);
            tr_buf_puts(out, ", \"new\": ");
            json_str(out, c->attrs[j].new_text);
            tr_buf_putc(out, '}');
        }
        tr_buf_puts(out, "]}");
    }
    tr_buf_puts(out, d->n ? "\n]" : "]");
}

void tr_plan_diff_render(tr_buf *out, const tr_plan_diff *d, tr_whatif_format f) {
    if (f == TR_WHATIF_JSON) { render_json(out, d); return; }
    bool md = f == TR_WHATIF_MARKDOWN;
    static const char *const signs[] = {"+", "-", "~"};
    static const char *const words[] = {"added", "removed", "changed"};
    for (size_t i = 0; i < d->n; i++) {
        const tr_entity_change *c = &d->v[i];
        if (md) {
            tr_buf_printf(out, "- **%s** %s", words[c->kind], entity_word(c->entity));
            if (c->entity != TR_E_COUNT) tr_buf_printf(out, " `%s`", c->name);
        } else {
            tr_buf_printf(out, "  %s %s", signs[c->kind], entity_word(c->entity));
            if (c->entity != TR_E_COUNT) tr_buf_printf(out, " %s", c->name);
        }
        tr_buf_putc(out, '\n');
        for (size_t j = 0; j < c->nattrs; j++) {
            const tr_attr_change *a = &c->attrs[j];
            if (md) tr_buf_printf(out, "  - `%s`: ", a->attr);
            else tr_buf_printf(out, "      %s: ", a->attr);
            const char *q = md ? "`" : "";
            if (!a->old_text) tr_buf_printf(out, "added %s%s%s\n", q, a->new_text, q);
            else if (!a->new_text) tr_buf_printf(out, "removed (was %s%s%s)\n", q, a->old_text, q);
            else tr_buf_printf(out, "%s%s%s -> %s%s%s\n", q, a->old_text, q, q, a->new_text, q);
        }
    }
}
