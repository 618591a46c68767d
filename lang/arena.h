/* arena.h — bump allocation for everything a parse creates.
 * Ownership: an arena owns every block it hands out; tr_arena_free releases them all at
 * once, so AST nodes and their strings are never freed one by one. */
#ifndef TR_ARENA_H
#define TR_ARENA_H

#include <stddef.h>

typedef struct tr_arena tr_arena;

tr_arena *tr_arena_new(void);
void tr_arena_free(tr_arena *a);
/* Zeroed, aligned memory that lives as long as the arena; NULL only when out of memory. */
void *tr_arena_alloc(tr_arena *a, size_t size);
/* A NUL-terminated copy of s[0..len). */
char *tr_arena_strndup(tr_arena *a, const char *s, size_t len);
/* Bytes the arena holds from the system, for the benchmarks. */
size_t tr_arena_bytes(const tr_arena *a);

#define TR_NEW(a, type) ((type *)tr_arena_alloc((a), sizeof(type)))

#endif
