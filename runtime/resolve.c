/* resolve.c — one hash table over every declared name, keyed by (kind, name). */
#include "resolve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t hash_name(unsigned ns, const char *s, uint32_t len) {
    uint32_t h = 2166136261u ^ ns;
    for (uint32_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* The table is kept at most 60% full, at any size rather than a power of two (a large plan's
 * table is a tenth of what `check` holds at its peak): a name's first slot is its hash
 * scaled to the table (Lemire's multiply-shift), the next ones follow, wrapping. */
static bool too_full(size_t n, size_t cap) { return n * 5 > cap * 3; }
static size_t home(size_t cap, uint32_t h) { return (size_t)(((uint64_t)h * cap) >> 32); }
static size_t next_slot(size_t cap, size_t j) { return j + 1 < cap ? j + 1 : 0; }

void tr_resolver_init(tr_resolver *r, tr_plan *plan, tr_arena *arena, tr_diags *diags, size_t expected) {
    memset(r, 0, sizeof *r);
    r->plan = plan;
    r->arena = arena;
    r->diags = diags;
    size_t cap = expected * 5 / 3 + 1;
    if (cap < 64) cap = 64;
    r->cap = cap;
    r->entries = calloc(cap, sizeof *r->entries);
    r->schema = tr_schema_index_new();
    if (!r->entries || !r->schema) abort();
}

void tr_resolver_free(tr_resolver *r) {
    free(r->entries);
    tr_schema_index_free(r->schema);
    free(r->lets);
    free(r->let_stack);
    free(r->stamps);
    free(r->dups);
    free(r->dup_files);
    free(r->dup_kinds);
    free(r->syntax);
    free(r->lint_lists);
    for (int k = 0; k < TR_E_COUNT; k++) free(r->entity_file[k]);
}

static void grow(tr_resolver *r) {
    tr_name_entry *old = r->entries;
    size_t oldcap = r->cap;
    r->cap *= 2;
    r->entries = calloc(r->cap, sizeof *r->entries);
    if (!r->entries) abort();
    for (size_t i = 0; i < oldcap; i++) {
        if (!old[i].name) continue;
        size_t j = home(r->cap, old[i].hash);
        while (r->entries[j].name) j = next_slot(r->cap, j);
        r->entries[j] = old[i];
    }
    free(old);
}

static size_t slot(const tr_resolver *r, unsigned ns, const char *name, uint32_t len, uint32_t h) {
    size_t j = home(r->cap, h);
    while (r->entries[j].name) {
        const tr_name_entry *e = &r->entries[j];
        if (e->hash == h && e->ns == ns && e->len == len && memcmp(e->name, name, len) == 0) return j;
        j = next_slot(r->cap, j);
    }
    return j;
}

uint32_t tr_resolver_declare(tr_resolver *r, unsigned ns, const char *name, uint32_t len, uint32_t index) {
    if (too_full(r->nentries + 1, r->cap)) grow(r);
    uint32_t h = hash_name(ns, name, len);
    size_t j = slot(r, ns, name, len, h);
    if (r->entries[j].name) return r->entries[j].index;
    r->entries[j] = (tr_name_entry){name, len, h, (uint8_t)ns, index};
    r->nentries++;
    return UINT32_MAX;
}

uint32_t tr_resolver_find(const tr_resolver *r, unsigned ns, const char *name, uint32_t len) {
    size_t j = slot(r, ns, name, len, hash_name(ns, name, len));
    return r->entries[j].name ? r->entries[j].index : UINT32_MAX;
}

/* Suggestions look at a bounded number of names: a typo in a generated plan of a million
 * roles must not cost a million edit distances per mistake. */
enum { SUGGEST_MAX = 4096 };

const char *tr_resolver_suggest(const tr_resolver *r, unsigned ns, const char *name, uint32_t len) {
    if (len > 60) return NULL;
    const char *cands[SUGGEST_MAX];
    char word[64];
    memcpy(word, name, len);
    word[len] = '\0';
    size_t n = 0;
    for (size_t j = 0; j < r->cap && n < SUGGEST_MAX; j++)
        if (r->entries[j].name && r->entries[j].ns == ns) cands[n++] = tr_resolver_name(r, ns, r->entries[j].index);
    return tr_suggest(word, cands, n);
}

const char *tr_ns_name(unsigned ns) { return ns == TR_NS_LET ? "constant" : tr_entity_kind_name((tr_entity_kind)ns); }

const char *tr_resolver_name(const tr_resolver *r, unsigned ns, uint32_t index) {
    if (ns == TR_NS_LET) return r->lets[index].name;
    return tr_plan_entity(r->plan, (tr_entity_kind)ns, index)->name;
}

/* How to declare a thing of each kind, for an unknown name with nothing close to suggest. */
static const char *const declare_as[TR_NS_COUNT] = {
    [TR_E_ROLE] = "role %.*s { headcount 10 }",
    [TR_E_SKILL] = "skill %.*s { half_life 12 months }",
    [TR_E_PROGRAM] = "program %.*s { kind training; for ROLE; cost 1k USD per person }",
    [TR_E_BUDGET] = "budget %.*s { amount 100k USD per year }",
    [TR_E_MILESTONE] = "milestone %.*s { due 2026-06 }",
    [TR_E_MEASURE] = "measure %.*s { value retention(ROLE) }",
    [TR_E_GOAL] = "goal %.*s { metric retention(ROLE); target >= 90%% }",
    [TR_E_SCENARIO] = "scenario %.*s { ROLE.headcount 12 }",
    [TR_NS_LET] = "let %.*s = 12",
};

void tr_resolver_declared(const tr_resolver *r, unsigned ns, tr_buf *out) {
    enum { SHOWN = 4 };
    const char *names[SHOWN];
    size_t n = 0, more = 0;
    uint32_t count = ns == TR_NS_LET ? r->nlets : tr_plan_count(r->plan, (tr_entity_kind)ns);
    for (uint32_t i = 0; i < count; i++) {   /* in the order they are declared */
        const char *nm = tr_resolver_name(r, ns, i);
        if (nm && strncmp(nm, "__", 2) == 0) continue;   /* the standard library's own */
        if (n < SHOWN) names[n++] = nm;
        else more++;
    }
    if (!n) {
        tr_buf_printf(out, "the plan declares no %s yet", tr_ns_name(ns));
        return;
    }
    tr_buf_printf(out, "the plan's %ss: ", tr_ns_name(ns));
    for (size_t i = 0; i < n; i++) tr_buf_printf(out, "%s'%s'", i ? (i + 1 == n && !more ? " and " : ", ") : "", names[i]);
    if (more) tr_buf_printf(out, " and %zu more", more);
}

static void help_declared(const tr_resolver *r, tr_diag *d, unsigned ns) {
    tr_buf b = {0};
    tr_resolver_declared(r, ns, &b);
    tr_diag_help(d, "%s", b.data);
    tr_buf_free(&b);
}

/* The name is declared, as another kind: E303, what was expected and what was found. */
static bool wrong_kind(tr_resolver *r, unsigned ns, const tr_node *name) {
    unsigned other = 0;
    while (other < TR_NS_COUNT && (other == ns || tr_resolver_find(r, other, name->u.str.s, name->u.str.len) == UINT32_MAX)) other++;
    if (other == TR_NS_COUNT) return false;
    char want[64];
    snprintf(want, sizeof want, "a %s", tr_ns_name(ns));
    const char *expected = r->ref_expected ? r->ref_expected : want;
    int len = (int)name->u.str.len;
    tr_diag *d = r->ref_attr ? tr_diag_add(r->diags, "E303", r->file->src, name->begin, name->end, "'%s' expects %s, found the %s '%.*s'",
                                           r->ref_attr, expected, tr_ns_name(other), len, name->u.str.s)
                             : tr_diag_add(r->diags, "E303", r->file->src, name->begin, name->end, "expected %s here, found the %s '%.*s'",
                                           expected, tr_ns_name(other), len, name->u.str.s);
    const char *best = tr_resolver_suggest(r, ns, name->u.str.s, name->u.str.len);
    if (best) tr_diag_help(d, "did you mean the %s '%s'?", tr_ns_name(ns), best);
    else help_declared(r, d, ns);
    return true;
}

uint32_t tr_resolver_ref(tr_resolver *r, unsigned ns, const tr_node *name) {
    uint32_t i = tr_resolver_find(r, ns, name->u.str.s, name->u.str.len);
    if (i != UINT32_MAX) return i;
    if (tr_resolver_find(r, TR_NS_UNKNOWN, name->u.str.s, name->u.str.len) != UINT32_MAX) return UINT32_MAX;
    /* in an expression, a role's name is still an unknown constant: values are not names */
    if (ns != TR_NS_LET && wrong_kind(r, ns, name)) return UINT32_MAX;
    int len = (int)name->u.str.len;
    tr_diag *d = tr_diag_add(r->diags, "E201", r->file->src, name->begin, name->end, "unknown %s '%.*s'", tr_ns_name(ns), len, name->u.str.s);
    const char *best = tr_resolver_suggest(r, ns, name->u.str.s, name->u.str.len);
    if (best) { tr_diag_help(d, "did you mean '%s'?", best); return UINT32_MAX; }
    for (unsigned other = 0; other < TR_NS_COUNT; other++)
        if (other != ns && tr_resolver_find(r, other, name->u.str.s, name->u.str.len) != UINT32_MAX) {
            tr_diag_help(d, "'%.*s' is a %s, not a %s", len, name->u.str.s, tr_ns_name(other), tr_ns_name(ns));
            return UINT32_MAX;
        }
    char how[160];
    snprintf(how, sizeof how, declare_as[ns], len < 40 ? len : 40, name->u.str.s);
    tr_diag_help(d, "no %s of the plan or its imports is called that; declare one: %s", tr_ns_name(ns), how);
    return UINT32_MAX;
}
