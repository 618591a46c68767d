/* buf.c — out of memory aborts: every caller would have to, and a half-built message
 * is worse than none. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void buf_reserve(tr_buf *b, size_t extra) {
    if (b->len + extra + 1 <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) abort();
    b->data = p;
    b->cap = cap;
}

void tr_buf_free(tr_buf *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void tr_buf_putn(tr_buf *b, const char *s, size_t n) {
    buf_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void tr_buf_puts(tr_buf *b, const char *s) { tr_buf_putn(b, s, strlen(s)); }

void tr_buf_putc(tr_buf *b, char c) { tr_buf_putn(b, &c, 1); }

/* Most messages are short: format into the stack once, and again into the buffer only when
 * the text is longer (gcc's -O1 with UBSan also warns about vsnprintf(NULL, 0, ...)). */
void tr_buf_vprintf(tr_buf *b, const char *fmt, va_list ap) {
    char small[256];
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n > 0 && (size_t)n < sizeof small) {
        tr_buf_putn(b, small, (size_t)n);
    } else if (n > 0) {
        buf_reserve(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
        b->len += (size_t)n;
    }
    va_end(again);
}

void tr_buf_printf(tr_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    tr_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *tr_buf_take(tr_buf *b) {
    char *p = b->data;
    if (!p) {
        p = malloc(1);
        if (!p) abort();
        p[0] = '\0';
    }
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}
