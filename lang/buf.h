/* buf.h — a growable byte buffer for building text (diagnostics, dumps, reports).
 * Ownership: the buffer owns its bytes until tr_buf_free or tr_buf_take. */
#ifndef TR_BUF_H
#define TR_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct tr_buf {
    char *data;   /* always NUL-terminated when len > 0 */
    size_t len, cap;
} tr_buf;

void tr_buf_free(tr_buf *b);
void tr_buf_putn(tr_buf *b, const char *s, size_t n);
void tr_buf_puts(tr_buf *b, const char *s);
void tr_buf_putc(tr_buf *b, char c);
void tr_buf_printf(tr_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tr_buf_vprintf(tr_buf *b, const char *fmt, va_list ap);
/* Hand the bytes to the caller (free() them); the buffer is left empty. */
char *tr_buf_take(tr_buf *b);

#endif
