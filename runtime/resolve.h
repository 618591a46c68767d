/* resolve.h — names: the declarations of one plan (its files and their imports) in hash
 * tables per kind of thing, lookups with "did you mean", and the state every checking pass
 * shares (runtime/eval.c, runtime/check*.c).
 * Ownership: a tr_resolver owns its tables (tr_resolver_free); entities, values and strings
 * it creates live in `arena`, which belongs to the caller (the tr_checked). */
#ifndef TR_RESOLVE_H
#define TR_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "load.h"
#include "plan.h"
#include "schema.h"

/* Name spaces: the entity kinds, then lets. */
#define TR_NS_LET TR_E_COUNT
#define TR_NS_COUNT (TR_E_COUNT + 1)
/* The names of top-level blocks whose kind is misspelt (`progam p { }`): declared, of no
 * kind, so that their uses are not "unknown" too (the E203 says what is wrong). Outside the
 * name spaces that lookups and suggestions walk. */
#define TR_NS_UNKNOWN (TR_E_COUNT + 1)

typedef struct tr_let {
    const char *name;         /* NUL-terminated */
    const tr_node *node;      /* the `let` item */
    const tr_file *file;
    uint8_t state;            /* 0 not evaluated, 1 being evaluated, 2 done */
    tr_value value;
} tr_let;

typedef struct tr_name_entry {
    const char *name;
    uint32_t len, hash;
    uint8_t ns;
    uint32_t index;
} tr_name_entry;

typedef struct tr_resolver {
    tr_plan *plan;
    tr_arena *arena;
    tr_diags *diags;
    tr_schema_index *schema;  /* the attribute table, hashed for the checker's look-ups */
    tr_name_entry *entries;   /* open addressing */
    size_t nentries, cap;
    tr_let *lets;
    uint32_t nlets;
    uint32_t *let_stack;      /* lets being evaluated, innermost last: for cycles */
    uint32_t let_depth;
    const tr_file **entity_file[TR_E_COUNT];   /* the file each entity was declared in */
    const tr_file *plan_file;
    bool metric_ok;           /* inside `measure value` or `goal metric` */
    /* The attribute a reference is the value of ("for"), and what it accepts when more than
     * one kind ("a role or a string"), for tr_resolver_ref's messages; NULL elsewhere. */
    const char *ref_attr, *ref_expected;
    const tr_file *file;      /* the file being checked, for positions */
    uint32_t *stamps;         /* per skill: the last skill map that named it (duplicates) */
    uint32_t stamp;
    /* Second declarations of a name (E202): their bodies are still checked, into scratch. */
    const tr_node **dups;
    const tr_file **dup_files;
    uint8_t *dup_kinds;
    uint32_t ndups;
    /* The syntax errors (E1xx) of the plan's files, by file and position: the semantic
     * passes run on what parsed, and skip what a broken statement would make them report
     * (runtime/check.c, "syntax errors" in docs/language-notes.md). */
    const tr_diag **syntax;
    size_t nsyntax;
    bool syntax_outside_blocks;   /* a top-level item did not parse: names may be missing */
    /* One mistake that would otherwise make many (runtime/check.c; docs/language-notes.md,
     * "One mistake, one diagnostic"): the first import of the plan that failed (E205, E207), after
     * which a name may be unknown only because that file was not read; and the unit words a
     * `currency` or `exchange` that failed meant to declare (their E301s are dropped). */
    tr_diag *failed_import;
    const tr_node *failed_units[8];
    uint32_t nfailed_units;
    /* every allow and deny list met, for the plan's lint_lists (malloc'd while checking) */
    tr_lint_list *lint_lists;
    uint32_t nlint_lists, lint_lists_cap;
} tr_resolver;

void tr_resolver_init(tr_resolver *r, tr_plan *plan, tr_arena *arena, tr_diags *diags, size_t expected);
void tr_resolver_free(tr_resolver *r);
/* Insert; returns UINT32_MAX when new, else the index already bound to the name. */
uint32_t tr_resolver_declare(tr_resolver *r, unsigned ns, const char *name, uint32_t len, uint32_t index);
/* The index bound to name in ns, or UINT32_MAX. */
uint32_t tr_resolver_find(const tr_resolver *r, unsigned ns, const char *name, uint32_t len);
/* The closest declared name in ns, for "did you mean" (NULL when none is close). */
const char *tr_resolver_suggest(const tr_resolver *r, unsigned ns, const char *name, uint32_t len);
/* Resolve a NAME node as a reference to kind ns; returns UINT32_MAX when it is not one.
 * A name of another kind is E303 (expected and found: "'for' expects a role, found the
 * budget 'b'"); a name of no kind E201, with a suggestion or how to declare one. */
uint32_t tr_resolver_ref(tr_resolver *r, unsigned ns, const tr_node *name);
/* What may be named of kind ns, for help lines: "the plan's roles: 'emp', 'manager' and 3
 * more" (the first four, in the order declared), or "the plan declares no role yet". */
void tr_resolver_declared(const tr_resolver *r, unsigned ns, tr_buf *out);
/* The name of entity (ns, index), NUL-terminated. */
const char *tr_resolver_name(const tr_resolver *r, unsigned ns, uint32_t index);
const char *tr_ns_name(unsigned ns);

#endif
