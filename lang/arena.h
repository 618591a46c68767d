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
/* Give back the pages faulted in ahead of use (a large arena faults its chunk in ahead, by
 * huge pages where it can): once an arena is filled, what it holds and no more stays
 * resident. Later allocations still work. */
void tr_arena_trim(tr_arena *a);
/* Large chunks ask for huge pages, which fault in faster; but a chunk's last huge page is
 * resident whole however little of it is used. An arena that grows until the process peaks
 * (the checked plans) takes small pages, so that the peak holds what is used. */
void tr_arena_small_pages(tr_arena *a);
/* Give back the pages faulted in ahead of use (a large arena faults its chunk in ahead, by
 * huge pages where it can): once an arena is filled, what it holds and no more stays
 * resident. Later allocations still work. */
void tr_arena_trim(tr_arena *a);
/* Bytes the arena holds from the system, for the benchmarks. */
size_t tr_arena_bytes(const tr_arena *a);

#define TR_NEW(a, type) ((type *)tr_arena_alloc((a), sizeof(type)))

#endif
