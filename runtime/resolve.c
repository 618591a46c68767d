/* resolve.c — one hash table over every declared name, keyed by (kind, name). */
#include "resolve.h"

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

uint32_t tr_resolver_ref(tr_resolver *r, unsigned ns, const tr_node *name) {
    uint32_t i = tr_resolver_find(r, ns, name->u.str.s, name->u.str.len);
    if (i != UINT32_MAX) return i;
    if (tr_resolver_find(r, TR_NS_UNKNOWN, name->u.str.s, name->u.str.len) != UINT32_MAX) return UINT32_MAX;
    tr_diag *d = tr_diag_add(r->diags, "E201", r->file->src, name->begin, name->end, "unknown %s '%.*s'",
                             tr_ns_name(ns), (int)name->u.str.len, name->u.str.s);
    const char *best = tr_resolver_suggest(r, ns, name->u.str.s, name->u.str.len);
    if (best) { tr_diag_help(d, "did you mean '%s'?", best); return UINT32_MAX; }
    for (unsigned other = 0; other < TR_NS_COUNT; other++)
        if (other != ns && tr_resolver_find(r, other, name->u.str.s, name->u.str.len) != UINT32_MAX) {
            tr_diag_help(d, "'%.*s' is a %s, not a %s", (int)name->u.str.len, name->u.str.s, tr_ns_name(other), tr_ns_name(ns));
            break;
        }
    return UINT32_MAX;
}
