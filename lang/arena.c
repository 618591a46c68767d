/* arena.c — chunks that grow geometrically; large requests get a chunk of their own. */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { ARENA_FIRST_CHUNK = 64 * 1024, ARENA_MAX_CHUNK = 8 * 1024 * 1024 };

typedef struct chunk {
    struct chunk *prev;
    size_t size, used;
    max_align_t data[];
} chunk;

struct tr_arena {
    chunk *top;
    size_t next_size, total;
};

tr_arena *tr_arena_new(void) {
    tr_arena *a = calloc(1, sizeof *a);
    if (a) a->next_size = ARENA_FIRST_CHUNK;
    return a;
}

void tr_arena_free(tr_arena *a) {
    if (!a) return;
    for (chunk *c = a->top, *prev; c; c = prev) {
        prev = c->prev;
        free(c);
    }
    free(a);
}

static chunk *arena_grow(tr_arena *a, size_t need) {
    size_t size = a->next_size;
    if (size < need) size = need;
    chunk *c = malloc(sizeof(chunk) + size);
    if (!c) return NULL;
    c->size = size;
    c->used = 0;
    c->prev = a->top;
    a->top = c;
    a->total += size;
    if (a->next_size < ARENA_MAX_CHUNK) a->next_size *= 2;
    return c;
}

void *tr_arena_alloc(tr_arena *a, size_t size) {
    const size_t align = sizeof(void *);   /* nodes hold pointers and doubles at most */
    size = (size + align - 1) & ~(align - 1);
    if (size == 0) size = align;
    chunk *c = a->top;
    if (!c || c->size - c->used < size) {
        c = arena_grow(a, size);
        if (!c) return NULL;
    }
    void *p = (char *)c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *tr_arena_strndup(tr_arena *a, const char *s, size_t len) {
    char *p = tr_arena_alloc(a, len + 1);
    if (!p) return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

size_t tr_arena_bytes(const tr_arena *a) { return a->total; }
