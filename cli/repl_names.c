/* repl_names.c — the REPL's completion candidates, built after each successful check. */
#include "repl_names.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "schema.h"

static const char *const kind_words[TR_E_COUNT] = {"role", "skill", "program", "budget", "milestone", "measure", "goal", "scenario"};
static const char *const phases[] = {"pre", "core", "post"};

static void add(tr_repl_names *names, const char *s) {
    names->v = realloc(names->v, (names->n + 1) * sizeof *names->v);
    char *copy = strdup(s);
    if (!names->v || !copy) abort();
    names->v[names->n++] = copy;
}

static void addf(tr_repl_names *names, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void addf(tr_repl_names *names, const char *fmt, ...) {
    char b[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b, sizeof b, fmt, ap);
    va_end(ap);
    add(names, b);
}

static bool from_stdlib(const tr_entity *e) { return e->src && strncmp(e->src->path, "std/", 4) == 0; }

/* The paths into an entity's nested blocks, as :set and expressions take them. */
static void nested(tr_repl_names *names, const tr_plan *p, tr_entity_kind k, uint32_t i) {
    const char *name = tr_plan_entity(p, k, i)->name;
    if (k == TR_E_ROLE) {
        const tr_role *x = &p->roles[i];
        for (uint32_t j = 0; j < p->nskills; j++)
            if (!from_stdlib(&p->skills[j].e)) addf(names, "%s.baseline.%s", name, p->skills[j].e.name);
        for (uint32_t j = 0; j < x->npromotions; j++)
            if (x->promotions[j].into.kind == TR_V_REF) {
                addf(names, "%s.promotion.%s.rate", name, p->roles[x->promotions[j].into.index].e.name);
                addf(names, "%s.promotion.%s.into", name, p->roles[x->promotions[j].into.index].e.name);
            }
    } else if (k == TR_E_PROGRAM) {
        const tr_program *g = &p->programs[i];
        for (uint32_t j = 0; j < p->nskills; j++)
            if (!from_stdlib(&p->skills[j].e)) addf(names, "%s.gains.%s", name, p->skills[j].e.name);
        for (int ph = 0; ph < 3; ph++) {
            addf(names, "%s.phase.%s.duration", name, phases[ph]);
            addf(names, "%s.phase.%s.coaching", name, phases[ph]);
        }
        for (uint32_t j = 0; j < g->nproducts; j++) {
            addf(names, "%s.product.%s.guardian", name, g->products[j].name);
            addf(names, "%s.product.%s.review", name, g->products[j].name);
        }
    }
}

void tr_repl_names_build(tr_repl_names *names, const tr_plan *p, const tr_source *check, const char *stdlib, const char *hidden) {
    tr_repl_names_free(names);
    const char *attrs[64];
    for (int k = 0; k < TR_E_COUNT; k++)
        for (uint32_t i = 0; i < tr_plan_count(p, (tr_entity_kind)k); i++) {
            const tr_entity *e = tr_plan_entity(p, (tr_entity_kind)k, i);
            if (from_stdlib(e) || strcmp(e->name, hidden) == 0) continue;
            add(names, e->name);
            size_t n = tr_schema_attr_names(kind_words[k], attrs, 64);
            for (size_t a = 0; a < n; a++) {
                const tr_attr_spec *s = tr_schema_attr(kind_words[k], attrs[a], strlen(attrs[a]));
                if (s && (s->offset != (size_t)-1 || strcmp(s->name, "title") == 0)) addf(names, "%s.%s", e->name, attrs[a]);
            }
            nested(names, p, (tr_entity_kind)k, i);
        }
    tr_plan_lets lets;
    tr_plan_lets_read(&lets, p, check, stdlib);
    for (size_t i = 0; i < lets.n; i++) add(names, lets.v[i].name);
    tr_plan_lets_free(&lets);
    add(names, "model");
    size_t n = tr_schema_attr_names("model", attrs, 64);
    for (size_t a = 0; a < n; a++) addf(names, "model.%s", attrs[a]);
    add(names, "plan");
    static const char *const plan_attrs[] = {"start", "horizon", "currency", "title"};
    for (size_t a = 0; a < sizeof plan_attrs / sizeof plan_attrs[0]; a++) addf(names, "plan.%s", plan_attrs[a]);
}

void tr_repl_names_free(tr_repl_names *names) {
    for (size_t i = 0; i < names->n; i++) free(names->v[i]);
    free(names->v);
    names->v = NULL, names->n = 0;
}

/* ---- completing -------------------------------------------------------------------------- */

typedef struct matches { char **v; size_t n; } matches;

/* Add s[0..len) once. */
static void once(matches *m, const char *s, size_t len) {
    for (size_t i = 0; i < m->n; i++)
        if (strlen(m->v[i]) == len && strncmp(m->v[i], s, len) == 0) return;
    m->v = realloc(m->v, (m->n + 2) * sizeof *m->v);
    char *c = strndup(s, len);
    if (!m->v || !c) abort();
    m->v[m->n++] = c;
    m->v[m->n] = NULL;
}

static matches start(void) {
    matches m = {calloc(1, sizeof(char *)), 0};
    if (!m.v) abort();
    return m;
}

static size_t dots(const char *s) {
    size_t k = 0;
    for (; *s; s++) k += *s == '.';
    return k;
}

char **tr_repl_names_complete(const tr_repl_names *names, const char *word) {
    matches m = start();
    size_t wl = strlen(word), depth = dots(word);
    for (size_t i = 0; i < names->n; i++) {
        const char *name = names->v[i];
        if (strncmp(name, word, wl) != 0) continue;
        size_t len = strlen(name);
        if (dots(name) > depth) {   /* only up to the next part */
            const char *at = name;
            for (size_t k = 0; k <= depth; k++) at = strchr(at, '.') + 1;
            len = (size_t)(at - 1 - name);
        }
        once(&m, name, len);
    }
    return m.v;
}

char **tr_repl_complete(const char *const *candidates, size_t n, const char *word) {
    matches m = start();
    size_t wl = strlen(word);
    for (size_t i = 0; i < n; i++)
        if (strncmp(candidates[i], word, wl) == 0) once(&m, candidates[i], strlen(candidates[i]));
    return m.v;
}
