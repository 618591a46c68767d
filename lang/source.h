/* source.h — a plan file's bytes and the map from byte offsets to lines and columns.
 * Ownership: a tr_source owns its path, text and line table; positions everywhere else are
 * byte offsets into it, turned into line:column only when a message is printed. */
#ifndef TR_SOURCE_H
#define TR_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct tr_source {
    char *path;          /* as named by the user, or "<stdin>", "<repl>" */
    char *text;          /* len bytes plus a NUL the scanner may rely on */
    size_t len;
    uint32_t *lines;     /* byte offset at which each line starts */
    size_t nlines;
    /* Only when some line is longer than TR_SOURCE_BLOCK bytes: the number of characters
     * before each multiple of TR_SOURCE_BLOCK, so that a column is found by scanning at
     * most two blocks however long the line (a 1 MB line with many diagnostics). */
    uint32_t *blocks;
    unsigned first_line; /* number of the first line: 1, or later for REPL input */
    uint32_t bom;        /* 3 when the text starts with a UTF-8 byte order mark, else 0: the
                          * scanner skips it and columns do not count it */
} tr_source;

typedef struct tr_pos {
    unsigned line, column;   /* 1-based; column counts characters (code points) */
} tr_pos;

enum { TR_SOURCE_BLOCK = 256 };

/* Largest file we read: offsets are 32-bit. */
#define TR_SOURCE_MAX ((size_t)1 << 31)

/* NULL with errno set when the file cannot be read (ENOENT, EISDIR, EFBIG...). */
tr_source *tr_source_read(const char *path);
tr_source *tr_source_from_text(const char *path, const char *text, size_t len);
void tr_source_free(tr_source *s);

/* O(log lines) for the line, O(TR_SOURCE_BLOCK) for the column. */
tr_pos tr_source_pos(const tr_source *s, uint32_t offset);
/* The line holding offset, without its newline. */
const char *tr_source_line(const tr_source *s, unsigned line, size_t *len);

/* Length of the valid UTF-8 sequence at p (at most n bytes), or 0 when it is not one. */
size_t tr_utf8_length(const unsigned char *p, size_t n);
/* How many of the n bytes at s to quote so that at most max are shown and no character is
 * cut in two: messages quote source text by whole characters ("%.*s" with this). */
int tr_utf8_cut(const char *s, size_t n, size_t max);
/* Append s[0..n) as valid UTF-8: each byte that does not belong to a valid sequence (or is
 * NUL) as the four characters \xHH, so that a message or a file name is never lost. */
struct tr_buf;
void tr_utf8_sanitize(struct tr_buf *out, const char *s, size_t n);
/* Is s[0..n) valid UTF-8 without NUL? */
bool tr_utf8_valid(const char *s, size_t n);

struct tr_diags;
/* UTF-8 validity and no NUL byte: false, with diagnostics (a few, not one per byte of a
 * binary file), when the text must not be scanned. */
bool tr_source_check_encoding(const tr_source *s, struct tr_diags *diags);

#endif
