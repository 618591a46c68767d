/* arena.c — chunks that grow geometrically; large requests get a chunk of their own.
 * Chunks come zeroed from calloc, so an allocation costs a pointer bump and nothing more:
 * large chunks are fresh pages the kernel has zeroed already, and zeroing every node again
 * was a sixth of the time of parsing a large plan. Large chunks also ask for transparent
 * huge pages: on a 50 MB plan, faulting in 4 KiB pages one by one took a fifth of the time. */
#include "arena.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Under AddressSanitizer every allocation is followed by a poisoned red zone, so that a
 * read past the end of a node shorter than the largest kind (lang/ast.c) is caught. */
#if defined(__SANITIZE_ADDRESS__)
#define ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN 1
#endif
#endif
#ifdef ARENA_ASAN
#include <sanitizer/asan_interface.h>
enum { ARENA_REDZONE = 16 };
#else
enum { ARENA_REDZONE = 0 };
#define ASAN_POISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#define ASAN_UNPOISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#endif

/* Small first chunks: a REPL line or the prelude needs a few KiB, and every page touched
 * costs a fault. Prefaulting pays only for chunks that a large plan will fill. */
enum {
    ARENA_FIRST_CHUNK = 8 * 1024, ARENA_MAX_CHUNK = 8 * 1024 * 1024,
    PREFAULT_MIN_CHUNK = 1024 * 1024, PREFAULT_WINDOW = 256 * 1024
};

typedef struct chunk {
    struct chunk *prev;
    size_t size, used;
    size_t ready;       /* data[0, ready) has been faulted in */
    max_align_t data[];
} chunk;

struct tr_arena {
    chunk *top;
    size_t next_size, total;
    bool small_pages;   /* no huge pages: see tr_arena_small_pages */
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
        ASAN_UNPOISON_MEMORY_REGION(c->data, c->size);
        free(c);
    }
    free(a);
}

/* Only a hint: where the kernel has no huge pages, or the range holds none, nothing changes. */
static void arena_advise_huge(void *p, size_t size) {
#ifdef MADV_HUGEPAGE
    if (size < ARENA_MAX_CHUNK) return;   /* small parses: 2 MiB pages would only add RSS */
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t begin = ((uintptr_t)p + page - 1) & ~(page - 1), end = ((uintptr_t)p + size) & ~(page - 1);
    if (end > begin) madvise((void *)begin, end - begin, MADV_HUGEPAGE);
#else
    (void)p;
    (void)size;
#endif
}

/* Fault the next window of the chunk in with one system call rather than one page fault per
 * 4 KiB page, which costs more than all the parsing on machines where faults are slow. */
static void arena_prefault(chunk *c, size_t need) {
    size_t upto = c->used + need + PREFAULT_WINDOW;
    if (upto > c->size) upto = c->size;
#ifdef MADV_POPULATE_WRITE
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t begin = ((uintptr_t)c->data + c->ready) & ~(page - 1);
    uintptr_t end = ((uintptr_t)c->data + upto + page - 1) & ~(page - 1);
    madvise((void *)begin, end - begin, MADV_POPULATE_WRITE);
#endif
    c->ready = upto;
}

static chunk *arena_grow(tr_arena *a, size_t need) {
    size_t size = a->next_size;
    if (size < need) size = need;
    chunk *c = calloc(1, sizeof(chunk) + size);
    if (!c) return NULL;
    if (!a->small_pages) arena_advise_huge(c, sizeof(chunk) + size);
    c->size = size;
    c->used = 0;
    a->total += size;
    /* A request larger than the next chunk (an array of entities) gets a chunk of its own
     * behind the current one, which goes on filling: made the top, it would leave the rest
     * of the current chunk unused, and its own filled chunk would be left at once too. */
    if (size > a->next_size && a->top) {
        c->prev = a->top->prev;
        a->top->prev = c;
        return c;
    }
    c->prev = a->top;
    a->top = c;
    if (a->next_size < ARENA_MAX_CHUNK) a->next_size *= 2;
    return c;
}

void *tr_arena_alloc(tr_arena *a, size_t size) {
    const size_t align = sizeof(void *);   /* nodes hold pointers and doubles at most */
    size = (size + align - 1) & ~(align - 1);
    if (size == 0) size = align;
    size_t take = size + ARENA_REDZONE;
    chunk *c = a->top;
    if (!c || c->size - c->used < take) {
        c = arena_grow(a, take);
        if (!c) return NULL;
    }
    if (c->used + take > c->ready && c->size >= PREFAULT_MIN_CHUNK) arena_prefault(c, take);
    void *p = (char *)c->data + c->used;
    ASAN_POISON_MEMORY_REGION((char *)p + size, ARENA_REDZONE);
    c->used += take;
    return p;
}

void tr_arena_small_pages(tr_arena *a) { a->small_pages = true; }

void tr_arena_trim(tr_arena *a) {
    chunk *c = a ? a->top : NULL;
    if (!c || c->ready <= c->used) return;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t begin = ((uintptr_t)c->data + c->used + page - 1) & ~(page - 1);
    /* to the chunk's end: a huge page holds more than was asked to be faulted in */
    uintptr_t end = ((uintptr_t)c->data + c->size) & ~(page - 1);
    /* pages past `used` hold nothing yet: dropped, they read back as zeros, as calloc gave them */
    if (end > begin) madvise((void *)begin, end - begin, MADV_DONTNEED);
    c->ready = begin > (uintptr_t)c->data + c->used ? (size_t)(begin - (uintptr_t)c->data) : c->used;
}

char *tr_arena_strndup(tr_arena *a, const char *s, size_t len) {
    char *p = tr_arena_alloc(a, len + 1);
    if (!p) return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

size_t tr_arena_bytes(const tr_arena *a) { return a->total; }
